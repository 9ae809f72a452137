"""Marks that say a PERSON span is no name at all (issue 21, round 18), read on the first
round-17 samples of 20 Newsgroups posts, where the small model tags them PERSON:

- a part of an e-mail address (``Thomas`` of ``Thomas.Tornblom@Nexus.Comm.SE``):
  :func:`in_email`;
- a book of the Bible before its chapter and verse (``Luke 10:11``, ``Matt 28:1ff``):
  :func:`scripture_reference`, the books in ``resources/person_evidence.json``'s
  ``scripture_books``;
- sports teams' codes joined by hyphens in a player's row of a statistics table
  (``Chi-Tor-Wpg-NYR``, ``Buf-Tor``): :func:`team_codes`, the codes in
  ``resources/not_people.json``'s ``team_codes``.

:func:`no_name` gives the kind; :func:`pipeline.nlp.person_filter.person_filter` drops
such a mention, whatever the article says of the same name elsewhere (``Thomas Tornblom``
signs the post whose address holds ``Thomas``; ``John 3:16`` is no John).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span

from pipeline.nlp.doc_text import doc_text
from pipeline.nlp.person_cues import cue
from pipeline.resources import load_json

# A chapter and verse: "10:11", "28:1ff", "22:43-44".
_VERSE = re.compile(r"\d{1,3}:\d{1,3}")
_SPACE = re.compile(r"\s")
_SPACES = (" ", "\n", "\t", "\r", "\xa0")


def in_email(doc: Doc, span: Span) -> bool:
    """Whether ``span`` is part of an e-mail address: the run of text without spaces
    around it holds an ``@`` outside the span.

    >>> import spacy
    >>> doc = spacy.blank("en")("Email: Thomas.Tornblom@Nexus.SE or Thomas Tornblom")
    >>> in_email(doc, doc.char_span(7, 13)), in_email(doc, doc.char_span(35, 41))
    (True, False)
    """
    text = doc_text(doc)
    start, end = span.start_char, span.end_char
    left = max(text.rfind(space, 0, start) for space in _SPACES) + 1  # the nearest only
    right = _SPACE.search(text, end)
    chunk = text[left : right.start() if right else len(text)]
    return "@" in chunk and "@" not in span.text


def scripture_reference(doc: Doc, span: Span) -> bool:
    """Whether ``span`` holds a book of the Bible written before a chapter and verse, the
    model's span holding these or not (``Luke 10:11``, ``Mark 12:36``; not "Mark said at
    10:30").

    >>> import spacy
    >>> doc = spacy.blank("en")("as in Luke 10:11 and Mark said")
    >>> [scripture_reference(doc, doc[s:e]) for s, e in ((2, 3), (2, 4), (5, 6))]
    [True, True, False]
    """
    return any(
        cue("scripture_books", doc[i].text) and _VERSE.match(doc[i + 1].text)
        for i in range(span.start, min(span.end, len(doc) - 1))
    )


@cache
def _team_codes() -> frozenset[str]:
    return frozenset(load_json("not_people.json")["team_codes"])


def team_codes(span: Span) -> bool:
    """Whether ``span`` is two or more sports teams' codes joined by hyphens, as a
    statistics table lists a player's teams (``Chi-Tor-Wpg-NYR``; not ``Al-Ali``, nor
    ``Chi-Chi``, one code twice).

    >>> import spacy
    >>> doc = spacy.blank("en")("Ed Olczyk Chi-Tor-Wpg-NYR 260")
    >>> team_codes(doc[2:-1]), team_codes(doc[0:2])
    (True, False)
    """
    parts = [p for p in span.text.split("-") if p]
    # two teams or more ("Chi-Chi" Rodriguez is a golfer), or one before a line's rest
    joined = len(set(parts)) > 1 or span.text.endswith("-")  # "Edm-" + "\nLA-Det"
    return joined and bool(parts) and all(p in _team_codes() for p in parts)


def no_name(doc: Doc, span: Span) -> str | None:
    """The kind of mark that says ``span`` is no name, or None."""
    if in_email(doc, span):
        return "e-mail address"
    if scripture_reference(doc, span):
        return "scripture reference"
    return "team codes" if team_codes(span) else None
