"""The sites: every ``â??`` of a document and what surrounds it.

A site is seen through its neighbours' classes (:class:`SiteClass`), the words on
either side, the kind of line it stands in, its paragraph and what an opener or a
closer can expect later in that paragraph (:func:`sites_of`); the quotation marks
open so far are a stack (:func:`quote_state_after`). The classes' one-letter values
name the contexts of the learned counts (``resources/lossy_counts.json``), so they
never change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pipeline.ingest.lossy.forms import QUOTE_DASH_FORM

__all__ = [
    "BODY",
    "DOUBLE",
    "HEADING",
    "HEADLINE",
    "NO_QUOTE",
    "SINGLE",
    "Site",
    "SiteClass",
    "quote_state_after",
    "site_class",
    "sites_of",
    "spaced",
]


class SiteClass(StrEnum):
    """What stands beside a damaged site; the value is the letter the counts' contexts use."""

    EDGE = "N"  # a line break or the text's edge
    SPACE = "S"
    LOWER = "l"  # a lowercase letter
    UPPER = "U"  # an uppercase letter
    DIGIT = "D"
    OPENING = "O"  # an opening bracket ( [ { <
    CLOSING = "C"  # a closing bracket ) ] } >
    STOP = "P"  # . ! ? …
    PAUSE = "K"  # , ; :
    STRAIGHT_QUOTE = "Q"  # " '
    DASH = "H"  # a hyphen or a dash
    OPENED = "o"  # an opening curly quote (a neighbouring site already restored)
    CLOSED = "c"  # a closing curly quote (a neighbouring site already restored)
    PENDING = "Z"  # a neighbouring site not yet restored
    OTHER = "X"


EDGE, SPACE = SiteClass.EDGE, SiteClass.SPACE
LOWER, UPPER, DIGIT = SiteClass.LOWER, SiteClass.UPPER, SiteClass.DIGIT
OPENING, CLOSING = SiteClass.OPENING, SiteClass.CLOSING
STOP, PAUSE = SiteClass.STOP, SiteClass.PAUSE
STRAIGHT_QUOTE, DASH = SiteClass.STRAIGHT_QUOTE, SiteClass.DASH
OPENED, CLOSED = SiteClass.OPENED, SiteClass.CLOSED
PENDING, OTHER = SiteClass.PENDING, SiteClass.OTHER

# Sets of classes the rules ask about.
LETTERS = frozenset({LOWER, UPPER})
WORD = frozenset({LOWER, UPPER, DIGIT})  # a word's character
BLANK = frozenset({EDGE, SPACE})  # a space or a line's edge
BEFORE_WORD = frozenset({EDGE, SPACE, OPENING})  # what a word can follow: a quote there opens
WORD_END = WORD | {STOP, PAUSE}  # what a word can end with: a quote there closes
PHRASE_END = WORD_END | {CLOSING}
AFTER_WORD = frozenset({EDGE, SPACE, STOP, PAUSE})  # what can follow a word's end
AFTER_CLOSER = AFTER_WORD | {CLOSING, STRAIGHT_QUOTE}  # what can follow a closing quote
LINE_OR_DASH = frozenset({EDGE, DASH})  # a rule's ends: a line edge or a dash

# The paragraph's open quotes (a stack), and the kinds of line a site stands in.
DOUBLE, SINGLE, NO_QUOTE = "d", "s", "-"
HEADLINE, HEADING, BODY = "T", "h", "b"  # the first line when a headline, another heading

_OPENING_BRACKETS = "([{<"
_CLOSING_BRACKETS = ")]}>"


def site_class(ch: str | None) -> SiteClass:
    """The class of a neighbour of a damaged site (``None``: a neighbouring site).

    >>> "".join(site_class(c) for c in ["", " ", "a", "A", "7", "(", ")", ".", ",", '"', "-"])
    'NSlUDOCPKQH'
    >>> site_class(None), site_class("“"), site_class("”"), site_class("#")
    ... # doctest: +NORMALIZE_WHITESPACE
    (<SiteClass.PENDING: 'Z'>, <SiteClass.OPENED: 'o'>, <SiteClass.CLOSED: 'c'>,
     <SiteClass.OTHER: 'X'>)
    """
    if ch is None:
        return PENDING
    if ch in ("", "\n"):
        return EDGE
    if ch.isspace():
        return SPACE
    if ch.isdigit():
        return DIGIT
    if ch.isalpha():
        return UPPER if ch.isupper() else LOWER
    if ch in _OPENING_BRACKETS:
        return OPENING
    if ch in _CLOSING_BRACKETS:
        return CLOSING
    if ch in ".!?…":
        return STOP
    if ch in ",;:":
        return PAUSE
    if ch in "\"'":
        return STRAIGHT_QUOTE
    if ch in "-–—‐‑‒―":
        return DASH
    if ch in "“‘„‚":
        return OPENED
    if ch in "’”":
        return CLOSED
    return OTHER


_WORD_BEFORE_RE = re.compile(r"[^\W_]{1,24}\Z")
# A word ends where the next damaged sequence starts: "nâ??" is "n" and a quote.
_WORD_AFTER_RE = re.compile(r"(?:(?![\u00c2-\u00f4]\?)[^\W_]){1,24}")


@dataclass(slots=True)
class Site:
    """One ``â??`` of a document and what surrounds it (``None``: an adjacent site)."""

    start: int
    end: int
    left: str | None
    right: str | None
    left_word: str
    right_word: str
    line: str  # HEADLINE the first line when it is a headline, HEADING another, BODY
    paragraph: int
    look: str  # opener-shaped: words to the next closer; closer-shaped: closers left


def spaced(site: Site, left_class: str) -> bool:
    """Whether a site stands between spaces (or line edges): a dash there is the house style's.

    >>> spaced(sites_of("a â?? b", [(2, 5)])[0], SPACE)
    True
    >>> spaced(sites_of("aâ??b", [(1, 4)])[0], LOWER)
    False
    """
    return left_class in BLANK and site_class(site.right) in BLANK


def _is_heading(line: str) -> bool:
    """A short line without final punctuation (a headline or crosshead).

    >>> _is_heading("Kim wins â??dealâ??"), _is_heading("Kim wins."), _is_heading("")
    (True, False, False)
    """
    line = line.rstrip()
    while line.endswith(QUOTE_DASH_FORM):  # a closing quote at the end of the line
        line = line[: -len(QUOTE_DASH_FORM)].rstrip()
    return 0 < len(line) < 100 and line[-1:] not in ".!?:;,…" and not line.endswith("â?¦")


def sites_of(text: str, spans: list[tuple[int, int]]) -> list[Site]:
    """The context of every ``â??`` span of ``text`` (in order), in one linear pass.

    >>> [(s.left, s.right, s.left_word, s.right_word, s.line) for s in
    ...  sites_of("Kimâ??s â??deal", [(3, 6), (8, 11)])]
    [('m', 's', 'Kim', 's', 'T'), (' ', 'd', 's', 'deal', 'T')]
    """
    sites: list[Site] = []
    first_break = text.find("\n")
    first_line_end = len(text) if first_break < 0 else first_break
    headline = _is_heading(text[:first_line_end])
    paragraph = 0
    line_start, line_end, line_kind = 0, -1, BODY
    previous_end = 0
    for index, (start, end) in enumerate(spans):
        if text.find("\n", previous_end, start) >= 0:
            paragraph += 1
        if start > line_end:
            line_start = text.rfind("\n", previous_end, start) + 1 or line_start
            found = text.find("\n", start)
            line_end = len(text) if found < 0 else found
            if line_start == 0:
                line_kind = HEADLINE if headline else BODY
            else:
                line_kind = HEADING if _is_heading(text[line_start:line_end]) else BODY
        previous_end = end
        adjacent_before = index > 0 and spans[index - 1][1] == start
        adjacent_after = index + 1 < len(spans) and spans[index + 1][0] == end
        # The words either side, across one space: "Kim" in "Kimâ??s" and in "Kim â?? 2012".
        word_end = start - 1 if start > 1 and text[start - 1] == " " else start
        before = _WORD_BEFORE_RE.search(text, max(0, word_end - 24), word_end)
        after = _WORD_AFTER_RE.match(text, end + 1 if text[end : end + 1] == " " else end)
        sites.append(
            Site(
                start,
                end,
                None if adjacent_before else (text[start - 1] if start else ""),
                None if adjacent_after else (text[end] if end < len(text) else ""),
                before.group() if before and not adjacent_before else "",
                after.group() if after and not adjacent_after else "",
                line_kind,
                paragraph,
                "",
            )
        )
    _add_lookahead(text, sites)
    return sites


# The shapes the lookahead tells apart: where an opening or a closing quote could stand.
_OPENER_LEFT = BEFORE_WORD | {STRAIGHT_QUOTE, DASH, PENDING, OTHER}
_OPENER_RIGHT = WORD | {PENDING}
_CLOSER_LEFT = PHRASE_END | {PENDING}
_CLOSER_RIGHT = AFTER_CLOSER | {DASH, OTHER}


def _opener_shaped(site: Site) -> bool:
    return site_class(site.left) in _OPENER_LEFT and site_class(site.right) in _OPENER_RIGHT


def _closer_shaped(site: Site) -> bool:
    return site_class(site.left) in _CLOSER_LEFT and site_class(site.right) in _CLOSER_RIGHT


def _add_lookahead(text: str, sites: list[Site]) -> None:
    """What an opener or closer can expect later in its paragraph (right to left, linear).

    An opener: ``o`` and the words to the next closer (1 to 4, ``4`` also past 60
    characters, ``-`` when none follows); a closer: ``c`` and the closers after it (0 to 2).

    >>> text = "Title.\\nHe said, â??Yes,â?? and then, â??no.â??"
    >>> [s.look for s in sites_of(text, [(16, 19), (23, 26), (37, 40), (43, 46)])]
    ['o1', 'c1', 'o1', 'c0']
    """
    next_closer: Site | None = None
    closers_after = 0
    paragraph = -1
    for site in reversed(sites):
        if site.paragraph != paragraph:
            paragraph, next_closer, closers_after = site.paragraph, None, 0
        if _opener_shaped(site):
            if next_closer is None:
                site.look = "o-"
            elif next_closer.start - site.end > 60:
                site.look = "o4"
            else:
                words = len(text[site.end : next_closer.start].split())
                site.look = f"o{min(max(words, 1), 4)}"
        elif _closer_shaped(site):
            site.look = f"c{min(closers_after, 2)}"
        if _closer_shaped(site):
            next_closer = site
            closers_after += 1


# A closing single quote ends a quotation only where a closer can stand (not ``it’s``).
_ENDS_A_SINGLE_QUOTE = AFTER_CLOSER | {DASH, OTHER, PENDING}


def quote_state_after(stack: list[str], chosen: str, site: Site | None) -> None:
    """Update the paragraph's stack of open quotes (``DOUBLE``, ``SINGLE``) after a choice.

    >>> stack = []
    >>> quote_state_after(stack, "“", None); quote_state_after(stack, "‘", None); stack
    ['d', 's']
    >>> quote_state_after(stack, "”", None); stack
    []
    """
    if chosen == "“":
        stack.append(DOUBLE)
    elif chosen == "‘":
        stack.append(SINGLE)
    elif chosen == "”":
        while stack:
            if stack.pop() == DOUBLE:
                break
    elif (
        chosen == "’"
        and stack
        and stack[-1] == SINGLE
        and site_class(site.right) in _ENDS_A_SINGLE_QUOTE  # type: ignore[union-attr]
    ):
        stack.pop()
