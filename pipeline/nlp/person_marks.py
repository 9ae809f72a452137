"""Marks that say a PERSON span is no name at all (issue 21, round 18), read on the first
round-17 samples of 20 Newsgroups posts, where the small model tags them PERSON:

- a part of an e-mail address (``Thomas`` of ``Thomas.Tornblom@Nexus.Comm.SE``):
  :func:`in_email`;
- a book of the Bible before its chapter and verse (``Luke 10:11``, ``Matt 28:1ff``):
  :func:`scripture_reference`, the books in ``resources/person_evidence.json``'s
  ``scripture_books``;
- sports teams' codes joined by hyphens in a player's row of a statistics table
  (``Chi-Tor-Wpg-NYR``, ``Buf-Tor``): :func:`team_codes`, the codes in
  ``resources/not_people.json``'s ``team_codes``;
- a one-word name after a determiner that counts or picks things (``each Pokémon``, ``some
  Chozo``, ``more Hajj tourists``; round 22, read on a fresh sample of KPCrowd news and the
  typographic TEST part's errors): :func:`quantified`, the determiners in
  ``resources/person_evidence.json``'s ``quantifiers``.

:func:`no_name` gives the kind; :func:`pipeline.nlp.person_filter.person_filter` drops
such a mention, whatever the article says of the same name elsewhere (``Thomas Tornblom``
signs the post whose address holds ``Thomas``; ``John 3:16`` is no John).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span

from pipeline.nlp.doc_text import doc_text
from pipeline.nlp.names import POSSESSIVE_S, is_name_word
from pipeline.nlp.person_cues import cue, word_at
from pipeline.nlp.sentences import next_solid, previous_solid
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


def quantified(doc: Doc, span: Span) -> bool:
    """Whether ``span`` is one word after a determiner that counts or picks things, as a
    common noun is and a person's name written alone is not (``each Pokémon can learn``,
    ``some Chozo possessed``). Not a known name word (``those Mary statues``), nor a word a
    possessive or a company's word follows (``all Rexnord's common``, ``another Wallenberg
    company``: a firm or a family named attributively), nor a word the model names a person
    of two words or more with in the same text (``Barack Obama`` ... ``other Obama aides``).

    >>> import spacy
    >>> from spacy.tokens import Span
    >>> doc = spacy.blank("en")("Each Pokémon learns. Barack Obama met other Obama aides.")
    >>> doc.ents = [Span(doc, 1, 2, "PERSON"), Span(doc, 4, 6, "PERSON")]
    >>> quantified(doc, doc[1:2]), quantified(doc, doc[8:9])
    (True, False)
    """
    if len(span) != 1 or not cue("quantifiers", word_at(doc, previous_solid(doc, span.start))):
        return False
    word, following = span[0].text, word_at(doc, next_solid(doc, span.end))
    if is_name_word(word) or following in POSSESSIVE_S or cue("company", following):
        return False
    return not any(
        len(ent) > 1 and ent.label_ == "PERSON" and word in (t.text for t in ent)
        for ent in doc.ents
    )


def no_name(doc: Doc, span: Span) -> str | None:
    """The kind of mark that says ``span`` is no name, or None."""
    if in_email(doc, span):
        return "e-mail address"
    if scripture_reference(doc, span):
        return "scripture reference"
    if quantified(doc, span):
        return "after a quantifier"
    return "team codes" if team_codes(span) else None
