"""Hard-wrapped text: where a line break is only a space.

Wire news is hard-wrapped at a fixed width (~65-70 characters): a line ends mid-sentence
wherever the next word would not fit, so a name often breaks over a line
(``economist Alan\\nGreenspan``). Web text breaks lines between paragraphs, headlines and
list items, and a name never runs on over such a break (``Julian Assange\\nTimeline``: a
headline and the body's first word). The text tells them apart: in a hard-wrapped text,
most lines followed by another line of their paragraph end without final punctuation and
are about as long as its longest line. A *soft break* is one line break of such a text
(not a blank line, the next line not indented deeper: a wire's new paragraph is) after a
line so full that the next line's first word would not have fit on it.

>>> import spacy
>>> text = ("Other potential candidates include economist Alan\\nGreenspan, frequently an "
...         "informal presidential\\neconomic adviser, and others said to be under\\n"
...         "consideration by the White House, said the officials\\nwho asked not to be named.")
>>> wrap_width(text)
52
>>> doc = spacy.blank("en")(text)
>>> [doc[i].text for i in range(len(doc)) if soft_break(doc, i)][:1]
['\\n']
>>> wrap_width("Julian Assange\\nTimeline\\nWikileaks founder Julian Assange was arrested.")
"""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.tokens import Doc

from pipeline.nlp.doc_text import doc_text
from pipeline.nlp.names import PARTICLES, is_common, is_given_name, is_initial, is_surname

# Lines (followed by another line of their paragraph) a text needs to be judged hard-wrapped.
MIN_LINES = 3
# The width a hard-wrapped text has at least (wire news: 60-80 characters).
MIN_WIDTH = 50
# The share of those lines that must look wrapped: no final punctuation, near the width.
WRAPPED_SHARE = 0.6
# The share of those lines whose next line goes on in lower case (mid-sentence).
RUNNING_SHARE = 0.3
# How far short of the text's width a wrapped line may end (a long word went to the next).
SLACK = 16
_FINAL = tuple('.!?:;"”)»')
_KEY = "line_wrap.width"


def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped ``text`` is wrapped at (its longest inner line), or None
    when the text is not hard-wrapped (see the module's doc)."""
    lines = text.split("\n")
    inner = [
        (line.rstrip(), after.lstrip()[:1])
        for line, after in pairwise(lines)
        if line.strip() and after.strip() and _indent(after) <= _indent(line)
    ]
    if len(inner) < MIN_LINES:
        return None
    width = max(len(line) for line, _ in inner)
    if width < MIN_WIDTH:  # short lines: a list, a recipe, a poem, a byline block
        return None
    wrapped = [
        following
        for line, following in inner
        if len(line) >= width - SLACK and not line.endswith(_FINAL)
    ]
    # A list of headlines or a byline block has full lines too, but its next lines start
    # with capitals: a wrapped text's sentences run on in lower case.
    running = sum(following.islower() or following.isdigit() for following in wrapped)
    if len(wrapped) < WRAPPED_SHARE * len(inner) or running < max(2, RUNNING_SHARE * len(inner)):
        return None
    return width


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def doc_width(doc: Doc) -> int | None:
    """:func:`wrap_width` of ``doc``'s text, worked out once per doc."""
    return _wrapped(doc)[1]


def _wrapped(doc: Doc) -> tuple[str, int | None]:
    """``doc``'s text and :func:`wrap_width`, worked out once per doc."""
    found = doc.user_data.get(_KEY)
    if found is None:
        text = doc_text(doc)
        found = doc.user_data[_KEY] = (text, wrap_width(text))
    return found


_NEXT_WORD = re.compile(r"[ \t]*(\S*)")
# A line ending in a name's initial, whose dot ends no sentence.
_INITIAL_END = re.compile(r"(?:^|\s)[A-Z]\.$")
# Words a line holds at least to be prose a name may run on from (not a byline, a heading).
PROSE_WORDS = 6


# Words enough on a text's first line, whose dateline a wire took off.
FIRST_LINE_WORDS = 4


def _prose_before(doc: Doc, at: int) -> bool:
    """Whether the line that ends at character ``at`` of the text is prose: no final
    punctuation (an initial's dot is none: "William C.\nSmith"), and :data:`PROSE_WORDS`
    words, or :data:`FIRST_LINE_WORDS` on the text's first line, whose dateline a wire took
    off ("Coca-Cola Enterprises Inc said Don\nUlrich will", round 24); not a heading's or
    a greeting's ("Thanks, Robert\nKim said")."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, at) + 1
    line = text[line_start:at].rstrip()
    if line.endswith(_FINAL) and not _INITIAL_END.search(line):
        return False
    return len(line.split()) >= (PROSE_WORDS if line_start > 0 else FIRST_LINE_WORDS)


def name_runs_on(doc: Doc, gap: int) -> bool:
    r"""Whether a name may run on over the line break at ``doc[gap]`` (a space token, or a
    token whose trailing whitespace holds it), also in a text too short to tell its wrap
    width (a wire item of five lines): the break is a soft one (:func:`soft_break`), or it
    is one line break after a given name, an initial or a particle, the line before it is
    prose (at least :data:`PROSE_WORDS` words, no final punctuation), and the line after it
    starts with a capitalised word that is no common word and goes on in lower case after
    it and a comma, a bracket or none (``named ... its Chairman and Robert\nKim its
    president``; not a heading's ``John D. Cook\nAncient ...``).

    >>> import spacy
    >>> text = "It said it has named Arthur Axelrod its Chairman and Robert\nKim its president."
    >>> doc = spacy.blank("en")(text)
    >>> name_runs_on(doc, 11)
    True
    >>> name_runs_on(spacy.blank("en")("Thanks, Robert\nKim said"), 3)
    False
    """
    if soft_break(doc, gap):
        return True
    token = doc[gap]
    if token.is_space:
        breaks, at, first = token.text_with_ws, token.idx, gap + 1
    else:  # the break in the token's trailing whitespace
        breaks, at, first = token.whitespace_, token.idx + len(token.text), gap + 1
    if breaks.count("\n") != 1 or first + 1 >= len(doc):
        return False
    last = doc[gap - 1] if token.is_space else token
    if not (is_given_name(last.text) or is_initial(last.text) or last.lower_ in PARTICLES):
        return False  # a heading's last word: "The blog of John D. Cook\nAncient ..."
    if not doc[first].text[:1].isupper() or is_common(doc[first].text):
        return False  # "TC Mark\nYou"
    if not _prose_before(doc, at):
        return False
    following = first + 1 + (doc[first + 1].text in (",", ")"))  # "Alfredo\nGriffin, just"
    return following < len(doc) and doc[following].is_lower and doc[following].is_alpha


def soft_break(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` is (a space token) or ends in (its trailing whitespace) a soft
    line break of a hard-wrapped text: one that stands for a space."""
    text, width = _wrapped(doc)
    if width is None:
        return False
    token = doc[i]
    if token.is_space:
        gap, at = token.text_with_ws, token.idx
    else:
        gap, at = token.whitespace_, token.idx + len(token.text)
    if gap.count("\n") != 1 or i + 1 >= len(doc):
        return False
    newline = at + gap.index("\n")
    line_start = text.rfind("\n", 0, newline) + 1
    line = text[line_start:newline].rstrip()
    indent = len(gap) - gap.index("\n") - 1  # the next line's indentation
    if indent > _indent(line):
        return False  # a new paragraph, indented
    if line_start == 0:
        return True  # the first line: a wire's dateline, taken off, stood before it
    word = _NEXT_WORD.match(text, newline + 1).group(1)
    return len(line) + 1 + len(word) > width - SLACK // 2


def hyphen_wrap(doc: Doc, end: int) -> int:
    r"""Where a name ending at ``doc[end]`` ends when its last word was hyphenated over a line
    break (``Denis Sassou-`` + ``\nNguesso``, round 29): after the rest of the word.

    >>> import spacy
    >>> doc = spacy.blank("en")("and Denis Sassou-\nNguesso of Congo")
    >>> doc[1:hyphen_wrap(doc, 3)].text
    'Denis Sassou-\nNguesso'
    >>> hyphen_wrap(spacy.blank("en")("Sassou- and"), 1)
    1
    """
    if (
        0 < end < len(doc) - 1
        and len(doc[end - 1].text) > 1
        and doc[end - 1].text.endswith("-")
        and doc[end].is_space
        and doc[end].text.count("\n") == 1
        and doc[end + 1].is_title
        and doc[end + 1].is_alpha
        and len(doc[end + 1]) > 1
        and not is_common(doc[end + 1].text)  # "Malte-\n    I wrote"
    ):
        return end + 2
    return end


def wrapped_surname(doc: Doc, before: int, after: int, start: int, end: int) -> bool:
    r"""Whether the model's PERSON span ``doc[start:end]`` is a given name (or an initial and
    a name) up to ``doc[before]``, one line break, and a surname of the lists at
    ``doc[after]``, its last word, the line before the break prose (:func:`_prose_before`):
    a wrapped line of a post or a wire, where no heading nor greeting ends (round 31).

    >>> import spacy
    >>> doc = spacy.blank("en")("the one with Geo. Washington and Abe\nLincoln (and others)")
    >>> wrapped_surname(doc, 7, 9, 7, 10)
    True
    >>> doc = spacy.blank("en")("Julian Assange\nTimeline of events")
    >>> wrapped_surname(doc, 1, 3, 0, 4)
    False
    """
    head = [t for t in doc[start : before + 1] if not t.is_space]
    given = len(head) == 1 and is_given_name(head[0].text)
    initialled = len(head) == 2 and is_initial(head[0].text) and head[1].is_title
    gap = doc[before + 1 : after]
    breaks = doc[before].whitespace_.count("\n") + sum(t.text.count("\n") for t in gap)
    return (
        (given or initialled)
        and breaks == 1
        and after == end - 1
        and is_surname(doc[after].text)
        and _prose_before(doc, doc[before].idx + len(doc[before].text))
    )
