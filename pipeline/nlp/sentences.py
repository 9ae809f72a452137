"""Where sentences and lines end, without a parser: punctuation and line breaks.

The unit recognizer and the country resolver read a sentence around a word. They differ
on one point, kept explicit as ``line_breaks``: for units a single line break is a wrap
inside a paragraph (hard-wrapped text, names may run across it) and only a blank line ends
a sentence; for the headline check of places every line break ends one (a title line, a
list item).
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.attrs import ORTH
from spacy.tokens import Doc, Token

SENTENCE_END = frozenset({".", "!", "?"})


def breaks_line(token: Token) -> bool:
    """Whether a line ends in ``token`` or right after it (a line break in its text or in
    the space after it): the next token starts a line. Line breaks are tokens of their own.

    >>> import spacy
    >>> [breaks_line(t) for t in spacy.blank("en")("Rain\\nfell\\n\\nthen.")]
    [False, True, False, True, False, False]
    """
    return "\n" in token.text_with_ws


def line_around(doc: Doc, index: int, reach: int) -> tuple[int, int]:
    """The token bounds of the line of ``doc[index]``, at most ``reach`` tokens either side.

    >>> import spacy
    >>> line_around(spacy.blank("en")("Title here\\nbody one two"), 4, 10)
    (3, 6)
    """
    lo = index
    while lo > 0 and index - lo < reach and not breaks_line(doc[lo - 1]):
        lo -= 1
    hi = index + 1
    while hi < len(doc) and hi - index < reach and not breaks_line(doc[hi - 1]):
        hi += 1
    return lo, hi


def starts_line(doc: Doc, index: int) -> bool:
    """Whether ``doc[index]`` starts a line (the doc's first token does)."""
    return index == 0 or breaks_line(doc[index - 1])


def ends_sentence(token: Token, line_breaks: bool) -> bool:
    """Whether ``token`` ends a sentence: a full stop, ``!``, ``?``, or a line break.

    With ``line_breaks`` any token holding a line break ends one; without, only a blank
    line (two line breaks or more in a space token) does.

    >>> import spacy
    >>> doc = spacy.blank("en")("Rain\\nfell\\n\\nthen.")
    >>> [ends_sentence(t, line_breaks=False) for t in doc]
    [False, False, False, True, False, True]
    >>> [ends_sentence(t, line_breaks=True) for t in doc]
    [False, True, False, True, False, True]
    """
    return _ends(token.text, line_breaks)


def _ends(text: str, line_breaks: bool) -> bool:
    """:func:`ends_sentence` of a token's text."""
    if text in SENTENCE_END:
        return True
    if line_breaks:
        return "\n" in text
    return text.isspace() and text.count("\n") >= 2


def sentence_ends(doc: Doc, line_breaks: bool = True) -> list[bool]:
    """:func:`ends_sentence` of every token of ``doc``, read at once from the tokens' texts
    as numbers (a text's many mentions then cost no token objects).

    >>> import spacy
    >>> sentence_ends(spacy.blank("en")("Rain\\nfell\\n\\nthen."))
    [False, True, False, True, False, True]
    """
    orths = doc.to_array(ORTH).tolist()
    strings = doc.vocab.strings
    ending = {o for o in set(orths) if _ends(strings[o], line_breaks)}
    return [o in ending for o in orths]


def starts_sentence(doc: Doc, index: int, line_breaks: bool) -> bool:
    """The first word of the text, or of a sentence (see :func:`ends_sentence`)."""
    return index == 0 or ends_sentence(doc[index - 1], line_breaks)


def sentence_bounds(
    doc: Doc,
    start: int,
    end: int,
    reach: int,
    line_breaks: bool = False,
    with_stop: bool = False,
    ends: Sequence[bool] | None = None,
) -> tuple[int, int]:
    """Token bounds of the sentence around ``doc[start:end]``, at most ``reach`` tokens on
    each side; a single line break ends it only with ``line_breaks`` (else hard-wrapped
    text keeps its sentences whole); ``with_stop``: the full stop that ends it included.
    ``ends``: :func:`sentence_ends` of ``doc`` when ``line_breaks`` (else worked out here).

    >>> import spacy
    >>> doc = spacy.blank("en")("He left. The Black Watch moved north. Then rain.")
    >>> doc[slice(*sentence_bounds(doc, 4, 6, reach=60))].text
    'The Black Watch moved north'
    """
    if ends is None:
        ends = _Ends(doc, line_breaks)
    lo = start
    while lo > 0 and start - lo < reach and not ends[lo - 1]:
        lo -= 1
    hi = end
    while hi < len(doc) and hi - end < reach and not ends[hi]:
        hi += 1
    if with_stop and hi < len(doc) and not doc[hi].is_space:
        hi += 1
    return lo, hi


class _Ends:
    """:func:`ends_sentence` of a doc's tokens, each worked out when asked."""

    def __init__(self, doc: Doc, line_breaks: bool):
        self.doc, self.line_breaks = doc, line_breaks

    def __getitem__(self, index: int) -> bool:
        return ends_sentence(self.doc[index], self.line_breaks)


def is_wrap(token: Token) -> bool:
    """A line break inside a paragraph (hard-wrapped text): names may run across it."""
    return token.is_space and token.text.count("\n") < 2


def skip_wraps(doc: Doc, i: int) -> int:
    """The first token from ``i`` on that is not a wrap."""
    while i < len(doc) and is_wrap(doc[i]):
        i += 1
    return i


def word_hyphen(token: Token) -> bool:
    """Whether ``token`` is a hyphen joining two parts of one word, no space either side
    (``Hall-Jones``, ``Ina-Naftaplin``; not the dash of "1986 - 87" nor a line's end).

    >>> import spacy
    >>> [word_hyphen(t) for t in spacy.blank("en")("Hall-Jones won - again")]
    [False, True, False, False, False, False]
    """
    return (
        token.text in ("-", "‐")
        and token.i > 0
        and not token.whitespace_
        and not token.nbor(-1).whitespace_
    )


def previous_solid(doc: Doc, i: int) -> int:
    """The last token before ``i`` that is no space (-1 if none)."""
    i -= 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    return i


def next_solid(doc: Doc, i: int) -> int:
    """The first token from ``i`` on that is no space (``len(doc)`` if none)."""
    while i < len(doc) and doc[i].is_space:
        i += 1
    return i
