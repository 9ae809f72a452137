"""The ``military_units`` component: candidates from every finder, judged, merged, labelled.

It reads tokens only, never the statistical entities, so its spans do not depend on what
runs before it; the token patterns run only on docs that contain a unit noun.
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.spans import replace_entities
from pipeline.nlp.units import foreign
from pipeline.nlp.units.candidate import LABEL, Candidate
from pipeline.nlp.units.english import EnglishNames
from pipeline.nlp.units.evidence import UnitEvidence
from pipeline.nlp.units.known import KnownNames
from pipeline.nlp.units.lexicon import is_german_compound, lexicon, numeric_ordinal, prefilter
from pipeline.nlp.units.services import ArmedServices


@Language.factory("military_units", default_config={"overwrite_ents": True})
def make_military_units(nlp: Language, name: str, overwrite_ents: bool) -> MilitaryUnitRecognizer:
    return MilitaryUnitRecognizer(nlp, overwrite_ents=overwrite_ents)


class MilitaryUnitRecognizer:
    """Adds MILITARY_UNIT spans to ``doc.ents``, replacing overlapping model entities.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("military_units")
    >>> doc = nlp("Ukraine's 47th Mechanized Brigade and the Azov brigade held the plant.")
    >>> [(e.text, e._.country_code) for e in doc.ents]
    [('47th Mechanized Brigade', None), ('Azov brigade', 'UA')]
    >>> [e.text for e in nlp("The case went to the Chancery Division of the High Court.").ents]
    []
    """

    def __init__(self, nlp: Language, overwrite_ents: bool = True):
        self.lex = lex = lexicon()
        self.vocab = nlp.vocab
        self.overwrite_ents = overwrite_ents
        self.known = KnownNames(nlp, lex)
        self.english = EnglishNames(lex)
        self.services = ArmedServices(lex)
        self.evidence = UnitEvidence(nlp, lex)
        # Every pattern ends in (or starts with) a unit noun. Most news text has none, and
        # looking for one (a count in C) is far cheaper than running the patterns.
        self.anchor_ids = frozenset(nlp.vocab.strings.add(a) for a in prefilter().anchors)
        self._compound: dict[int, bool] = {}
        self._strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        candidates = self.known.gazetteer_candidates(doc)
        counts = doc.count_by(LOWER)
        compounds = self._compound_ids(counts)
        if compounds or not self.anchor_ids.isdisjoint(counts):
            candidates += self._pattern_candidates(doc, compounds)
            candidates += self.known.name_word_candidates(doc)
        if not candidates:
            return doc
        blocked = self.evidence.not_unit_tokens(doc)
        accepted = [c for c in candidates if self.evidence.accept(doc, c, blocked)]
        if not accepted:
            return doc
        found = _merge_adjacent(doc, accepted)
        existing = list(doc.ents)
        if self.overwrite_ents:
            existing = [e for e in existing if not any(_overlaps(e, u) for u in found)]
        else:
            found = [u for u in found if not any(_overlaps(e, u) for e in existing)]
        replace_entities(doc, [*existing, *found])
        return doc

    def _compound_ids(self, counts: dict[int, int]) -> set[int]:
        cache_, strings, lex = self._compound, self._strings, self.lex
        found = set()
        for key in counts:
            flag = cache_.get(key)
            if flag is None:
                flag = cache_[key] = is_german_compound(strings[key], lex)
            if flag:
                found.add(key)
        return found

    def _pattern_candidates(self, doc: Doc, compounds: set[int]) -> list[Candidate]:
        """Candidates around each unit noun (the anchors), by the patterns that fit it."""
        lex, english, found = self.lex, self.english, []
        anchors = self.anchor_ids
        for i, token in enumerate(doc):
            key = token.lower
            if key in compounds:
                found.append(foreign.german(doc, i))
                continue
            if key not in anchors:
                continue
            text = token.text
            if text in lex.romance_heads:
                found.append(foreign.romance(doc, i, lex))
                continue
            french = foreign.french(doc, i, lex) if text in lex.french_heads else None
            if french is not None:
                found.append(french)
                continue
            found.append(self.services.at(doc, i))
            if text in lex.head_class:
                found.append(english.english(doc, i))
            elif i > 0 and numeric_ordinal(doc[i - 1].text):
                if token.lower_ in lex.lowercase_after_ordinal:
                    found.append(Candidate(i - 1, i + 1, "ordinal", i))
            elif token.lower_ in lex.lowercase_named_heads and token.is_lower:
                found.append(english.lowercase_named(doc, i))
        return [c for c in found if c is not None]


def _merge_adjacent(doc: Doc, candidates: list[Candidate]) -> list[Span]:
    """Longest spans win; spans that touch become one (``1st Battalion 9th Marines``).

    A span's country is the one its candidates found (a gazetteer entry, a name word, a
    demonym cut off its front), else the gazetteer's for its text.
    """
    countries: dict[tuple[int, int], str] = {}
    for cand in candidates:
        if cand.country:
            countries.setdefault((cand.start, cand.end), cand.country)
    bounds = [
        (s.start, s.end) for s in filter_spans([Span(doc, c.start, c.end) for c in candidates])
    ]
    merged: list[tuple[int, int, str | None]] = []
    for start, end in sorted(bounds):
        country = countries.get((start, end)) or _gazetteer_country(doc[start:end].text)
        if merged and merged[-1][1] == start:
            first_start, _, first_country = merged.pop()
            start, country = first_start, first_country or country
        merged.append((start, end, country))
    return [_labelled(doc, start, end, country) for start, end, country in merged]


def _gazetteer_country(text: str) -> str | None:
    return lexicon().gazetteer.get(text.replace("’", "'"))


def _labelled(doc: Doc, start: int, end: int, country: str | None) -> Span:
    span = Span(doc, start, end, label=LABEL)
    # One name however the text wraps it ("U.S.\nNavy" in a wire's fixed-width lines).
    span._.canonical = " ".join(span.text.split())
    span._.country_code = country
    return span


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
