"""Authors of a reference list, written surname first ("^ Archer, Michael; Musser, Anne M.
(2008)"): the model tags each half apart (``Archer`` and ``Michael``); the person filter
grows them to the whole name (:func:`citations`), and the people table writes it in the
usual order (:func:`uninverted`)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from pipeline.nlp.line_wrap import soft_break
from pipeline.nlp.names import is_common, name_token
from pipeline.nlp.person_cues import sentence_opener, word_at
from pipeline.nlp.sentences import breaks_line

# Around an author of a reference list ("^ Archer, Michael; Musser, Anne M. (2008)").
_CITATION_BEFORE = frozenset({"^", ";", "&", "(", "and"})
_CITATION_AFTER = frozenset({";", "(", "&", ",", ".", "and", "[", ")"})


def in_citation(doc: Doc, end: int) -> bool:
    """``In McLintock, Alexander (ed.).``: an editor in a reference, no place."""
    return any(word_at(doc, i) in ("ed", "ed.", "eds", "eds.") for i in range(end, end + 16))


def _citation_start(doc: Doc, i: int) -> bool:
    """Whether a reference list's author may start at ``doc[i]``: a line's start, ``^``, a
    ``;`` or ``&`` before it."""
    if i == 0 or doc[i - 1].text in _CITATION_BEFORE:
        return True
    # a hard-wrapped line's start is a sentence's middle ("They are Paul\nHermann, John")
    return breaks_line(doc[i - 1]) and not soft_break(doc, i - 1)


def _given(doc: Doc, start: int, end: int) -> bool:
    return end > start and all(
        name_token(t.text) and not is_common(t.text) and t.text[:1].isupper()
        for t in doc[start:end]
    )


def inverted_name(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The bounds of a name written surname first in a reference list ("Archer, Michael",
    "Wilmshurst, J. M.") when the PERSON span ``doc[start:end]`` is one of its halves."""
    followed = end >= len(doc) or doc[end].text in _CITATION_AFTER
    # The given half: "Archer, " + "Michael;".
    if followed and start >= 2 and doc[start - 1].text == "," and _given(doc, start, end):
        surname = start - 2
        word = doc[surname].text
        # a surname, no sentence's opener: "Yesterday, Boyd Jefferies" (round 16)
        if (
            name_token(word)
            and word[:1].isupper()
            and not sentence_opener(word)
            and _citation_start(doc, surname)
        ):
            return surname, end
    # The surname half: "Wilson" + ", John (March 2009)".
    if end - start != 1 or end + 1 >= len(doc) or doc[end].text != ",":
        return None
    if not _citation_start(doc, start):
        return None
    stop = end + 1
    while stop < len(doc) and stop - end < 5 and name_token(doc[stop].text):
        stop += 1
    if stop == end + 1 or not _given(doc, end + 1, stop):
        return None
    if stop < len(doc) and doc[stop].text not in _CITATION_AFTER:
        return None
    return start, stop


def uninverted(text: str) -> str:
    """A name written surname first, in the usual order: "Archer, Michael" -> "Michael
    Archer"; any other name as it is."""
    if "," not in text:
        return text
    surname, _, given = text.partition(",")
    return f"{given.strip()} {surname.strip()}"


def citations(doc: Doc, spans: list[Span]) -> list[Span]:
    """PERSON spans grown to the whole name of a reference list's author; the spans they
    cover dropped (``McLintock`` and ``Alexander`` tagged apart)."""
    grown = []
    for span in spans:
        if span.label_ == "PERSON" and (bounds := inverted_name(doc, span.start, span.end)):
            grown.append(Span(doc, *bounds, label="PERSON"))
    if not grown:
        return spans
    covered = {i for g in grown for i in range(g.start, g.end)}
    kept = [s for s in spans if not any(i in covered for i in range(s.start, s.end))]
    return sorted(kept + grown, key=lambda s: s.start)
