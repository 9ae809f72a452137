"""What the text beside a place says: a qualifier (``Paris, Texas``), nearby places, the
dateline (``TRIPOLI, Lebanon, March 3 -``), people's names that are not places."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

from spacy.tokens import Doc, Span

from pipeline.nlp.countries.table import CountryGazetteer, lookup_keys
from pipeline.nlp.places import Candidate, PlaceMention, plausible, prominent
from pipeline.resources import load_json

NEARBY_TOKENS = 15
# A qualifier is a country, region, state or county ("Paris, Texas"), or a capital
# ("Richmond, London") when the name has a namesake there.
QUALIFIER_KINDS = frozenset({"country", "region", "admin", "capital"})
WIDE_QUALIFIER_KINDS = frozenset({"country", "region", "admin"})
# Words before a qualifier: "Tripoli, in northern Lebanon".
QUALIFIER_LEAD = frozenset(
    {"in", "northern", "southern", "eastern", "western", "central", "north", "south", "east"}
    | {"west", "northeastern", "northwestern", "southeastern", "southwestern", "the", "state"}
)
# Prepositions after which a name is a place, whatever else the text calls it.
LOCATIVES = frozenset({"in", "across", "throughout", "within", "outside", "near"})
DATELINE = re.compile(r"\s*[A-Z][A-Z.'\- ]{1,40}(?:,[^,\n]{2,40}){0,2}\s*[-–—(]")


def _place_noun_after(doc: Doc, end: int) -> bool:
    """Whether a place's noun follows ``doc[end - 1]`` within two words (``the Illinois
    capital``, ``the Georgia college town``): after "the", a place is a qualifier only so."""
    nouns = _qualifier_nouns()
    return any(doc[i].lower_ in nouns for i in range(end, min(end + 2, len(doc))))


@cache
def _qualifier_nouns() -> frozenset[str]:
    return frozenset(load_json("places.json")["qualifier_nouns"])


def person_words(spans: list[Span]) -> frozenset[str]:
    """Words of people's names of several words: ``Jordan Henderson`` -> Jordan, Henderson;
    not a name the text also writes as a place (:func:`located_names`): one span the
    model took for a person (``Virginia Tech``) must not unplace a state named twenty
    times in the same article."""
    words: set[str] = set()
    for span in spans:
        if span.label_ == "PERSON" and len(span) > 1:  # one token has no space: no name
            parts = span.text.split()
            if len(parts) > 1:
                words.update(parts)
    return frozenset(words) - located_names(spans)


def located_names(spans: list[Span]) -> frozenset[str]:
    """Place names the text writes after a preposition of place at least once (``in
    Virginia``, ``across Jordan``), not a possessive (``in Jordan's absence``).

    >>> import spacy
    >>> doc = spacy.blank("en")("Jordan Henderson lives in Virginia, not in Jordan's house.")
    >>> spans = [(0, 16, "PERSON"), (26, 34, "GPE"), (43, 49, "GPE")]
    >>> doc.ents = [doc.char_span(*span) for span in spans]
    >>> sorted(located_names(list(doc.ents)))
    ['Virginia']
    """
    found = set()
    for span in spans:
        doc = span.doc
        if span.label_ not in ("GPE", "LOC") or span.start == 0:
            continue
        after = doc[span.end].text if span.end < len(doc) else ""
        if doc[span.start - 1].lower_ in LOCATIVES and after not in ("'s", "’s"):
            found.add(span.text)
    return frozenset(found)


def dateline_start(doc: Doc, ents: list[Span] | None = None) -> int | None:
    """The first token of the dateline's place (``TRIPOLI, Lebanon, March 3 -``), if any."""
    if not DATELINE.match(doc[: min(len(doc), 30)].text):  # not doc.text: the whole text
        return None
    for ent in doc.ents if ents is None else ents:
        if ent.start_char > 40:
            return None
        if ent.text.isupper() or ent.start_char < 3:
            return ent.start
    return None


def kinds_of(candidate: Candidate) -> set[str]:
    return set(candidate.kinds.split("+"))


class PlaceContext:
    """Reads the context of a document's places into their :class:`PlaceMention`."""

    def __init__(self, gazetteer: CountryGazetteer):
        self.gazetteer = gazetteer

    def add_context(
        self, doc: Doc, found: list[tuple[Span, PlaceMention]], dateline_start: int | None
    ) -> None:
        by_start = {ent.start: mention for ent, mention in found}
        # A name counts as nearby when it means one country to a reader: "Lebanon" (not
        # the small towns of that name in the US), "London" as well as "Lebanese".
        codes = [plausible(mention).codes for _, mention in found]
        # Only the places within NEARBY_TOKENS count: look at those alone (found in text
        # order), so a long text costs linear time, not the square of its places.
        starts = [ent.start for ent, _ in found]
        for index, (ent, mention) in enumerate(found):
            mention.dateline = ent.start == dateline_start
            low = bisect_left(starts, ent.start - NEARBY_TOKENS)
            high = bisect_right(starts, ent.start + NEARBY_TOKENS)
            mention.nearby = frozenset(
                code
                for other_index in range(low, high)
                if other_index != index
                and found[other_index][1].form != mention.form
                and len(codes[other_index]) == 1
                for code in codes[other_index]
            )
        for ent, mention in found:
            if mention.qualifier:
                continue
            qualifier = self._qualifier(ent, mention)
            if qualifier is None:
                continue
            codes, start = qualifier
            mention.qualifier = codes
            # The qualifier is read in the light of its place: "Athens, Georgia" -> US.
            other = by_start.get(start)
            if other is not None and not other.settled and codes & other.codes & mention.codes:
                other.qualifier = codes & other.codes

    def _qualifier(self, ent: Span, mention: PlaceMention) -> tuple[frozenset[str], int] | None:
        """Countries a qualifier beside ``ent`` names, and where it starts.

        ``Paris, Texas``; ``Tripoli, in northern Lebanon``; ``Pakistan's Hyderabad``. The
        countries the name shares with its qualifier; else, when the qualifier is a country,
        state or region (not a city: ``Paris, London and Berlin`` is a list), the
        qualifier's own (``Ripon, North Yorkshire``).
        """
        country = any("country" in c.kinds for c in mention.candidates)
        doc = ent.doc
        found = None
        if ent.end < len(doc) and doc[ent.end].text == ",":
            start = ent.end + 1
            while start < len(doc) and start < ent.end + 4 and doc[start].lower_ in QUALIFIER_LEAD:
                start += 1
            found = self._qualifier_at(doc, start, forward=True)
            if found and doc[start - 1].lower_ == "the" and not _place_noun_after(doc, found[2]):
                found = None  # "Rome, the U.S. embassy said": no "the Illinois capital"
        if found is None and ent.start >= 2 and doc[ent.start - 1].lower_ in ("'s", "’s"):
            found = self._qualifier_at(doc, ent.start - 1, forward=False)
        if found is None:
            return None
        candidates, start, end = found
        if prominent(mention) is not None:
            # A capital is no qualifier of a world city: "Washington, London and Paris".
            candidates = [c for c in candidates if kinds_of(c) & WIDE_QUALIFIER_KINDS]
        if country:
            # "Georgia, Armenia and Azerbaijan" is a list, not a qualifier; "Lebanon,
            # Tennessee, police said" names a town: a state or county of a country the
            # name has a namesake in, closed by a comma or the sentence's end.
            candidates = [c for c in candidates if c.code in mention.codes and "admin" in c.kinds]
            closed = end >= len(doc) or doc[end].text in (",", ".", ";", ")")
            if not candidates or not closed or start <= ent.start:
                return None
        shared = {c.code for c in candidates if c.code in mention.codes}
        if shared:
            return frozenset(shared), start
        wide = {c.code for c in candidates if c.code and kinds_of(c) & WIDE_QUALIFIER_KINDS}
        return (frozenset(wide), start) if wide else None

    def _qualifier_at(
        self, doc: Doc, edge: int, forward: bool
    ) -> tuple[list[Candidate], int, int] | None:
        """The longest place form (up to four tokens) at ``edge``: candidates, start, end."""
        for length in (4, 3, 2, 1):
            start, end = (edge, edge + length) if forward else (edge - length, edge)
            if start < 0 or end > len(doc):
                continue
            text = doc[start:end].text
            for key in lookup_keys(text):
                candidates = [
                    c
                    for c in self.gazetteer.candidates(key)
                    if c.code and kinds_of(c) & QUALIFIER_KINDS
                ]
                if candidates:
                    return candidates, start, end
        return None
