"""MILITARY_UNIT entities: named formations ("Storm Corps", "47th Mechanized Brigade").

Two sources, both in ``pipeline/resources/military_units.json`` so users can extend
them without code: a gazetteer of known formations (phrase matches), and token
patterns — an ordinal, or capitalised name words, before a unit noun (Corps,
Brigade, Division, Fleet, ...). Generic phrases ("special forces", "the division
of labour", "Peace Corps") are not units.
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.spans import replace_entities
from pipeline.resources import load_json

LABEL = "MILITARY_UNIT"
_ORDINAL = r"^\d+(?:st|nd|rd|th)$"
_NUMBERED_HEADS = ["Brigade", "Division", "Regiment", "Battalion", "Unit"]
_ORDINAL_WORDS = [
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
]


def _patterns(spec: dict) -> list[tuple[str, list[dict]]]:
    drop = set(spec["leading_words_to_drop"])
    nouns = spec["unit_nouns"]
    named_nouns = [n for n in nouns if n not in spec["nouns_needing_ordinal"]]
    name_word = {"IS_TITLE": True, "LOWER": {"NOT_IN": sorted(drop)}}
    connector = {"LOWER": {"IN": ["of", "de", "al", "-"]}}
    ordinal = {"TEXT": {"REGEX": _ORDINAL}}
    return [
        # "47th Mechanized Brigade", "1st Guards Tank Army", "11th Corps", "3rd brigade"
        (
            "ordinal",
            [ordinal, {"IS_TITLE": True, "OP": "*"}, {"LOWER": {"IN": [n.lower() for n in nouns]}}],
        ),
        (
            "ordinal",
            [
                {"TEXT": {"IN": _ORDINAL_WORDS}},
                {"IS_TITLE": True, "OP": "*"},
                {"TEXT": {"IN": nouns}},
            ],
        ),
        # "Storm Corps", "Golani Brigade", "Black Sea Fleet"
        ("named", [name_word, {"IS_TITLE": True, "OP": "*"}, {"TEXT": {"IN": named_nouns}}]),
        # "Freedom of Russia Legion"
        (
            "named",
            [name_word, connector, {"IS_TITLE": True, "OP": "+"}, {"TEXT": {"IN": named_nouns}}],
        ),
        # "Task Force 62", "Brigade 155"
        (
            "numbered",
            [
                {"TEXT": {"IN": _NUMBERED_HEADS}},
                {"LIKE_NUM": True},
            ],
        ),
    ]


@Language.factory("military_units", default_config={"overwrite_ents": True})
def make_military_units(nlp: Language, name: str, overwrite_ents: bool) -> MilitaryUnitRecognizer:
    return MilitaryUnitRecognizer(nlp, overwrite_ents=overwrite_ents)


class MilitaryUnitRecognizer:
    """Adds MILITARY_UNIT spans to ``doc.ents``, replacing overlapping model entities."""

    def __init__(self, nlp: Language, overwrite_ents: bool = True):
        spec = load_json("military_units.json")
        self.overwrite_ents = overwrite_ents
        self.not_units = {phrase.lower() for phrase in spec["not_units"]}
        self.demonyms = set(load_json("places.json")["demonyms"])
        self.gazetteer = PhraseMatcher(nlp.vocab)
        self.gazetteer.add(LABEL, list(nlp.tokenizer.pipe(spec["gazetteer"])))
        self.matcher = Matcher(nlp.vocab)
        for key, pattern in _patterns(spec):
            self.matcher.add(key, [pattern])
        # Every token pattern needs a unit noun; most news text has none, and looking for
        # one (a count in C) is far cheaper than running the patterns on every doc.
        self.unit_noun_ids = {
            nlp.vocab.strings.add(noun.lower()) for noun in [*spec["unit_nouns"], *_NUMBERED_HEADS]
        }

    def __call__(self, doc: Doc) -> Doc:
        found = [Span(doc, s, e, label=LABEL) for _, s, e in self.gazetteer(doc)]
        has_unit_noun = not self.unit_noun_ids.isdisjoint(doc.count_by(LOWER))
        for _, start, end in self.matcher(doc) if has_unit_noun else ():
            span = self._clean(Span(doc, start, end, label=LABEL))
            if span is not None:
                found.append(span)
        if not found:
            return doc
        found = filter_spans(found)
        existing = list(doc.ents)
        if self.overwrite_ents:
            existing = [e for e in existing if not any(_overlaps(e, u) for u in found)]
        else:
            found = [u for u in found if not any(_overlaps(e, u) for e in existing)]
        for span in found:
            span._.canonical = span.text
        replace_entities(doc, [*existing, *found])
        return doc

    def _clean(self, span: Span) -> Span | None:
        start = span.start
        # "Russian Storm Corps": a leading demonym says whose unit it is, it is not its name.
        while start < span.end - 1 and span.doc[start].text in self.demonyms:
            start += 1
        span = Span(span.doc, start, span.end, label=LABEL) if start != span.start else span
        if span.text.lower() in self.not_units or len(span) < 2:
            return None
        sentence_initial = span.start == 0 or span.doc[span.start - 1].text in (".", "!", "?", "\n")
        # Sentence-initial capitals prove nothing: "Army units moved" is not a unit name.
        if (
            sentence_initial
            and len(span) == 2
            and span[0].lower_ in ("army", "navy", "air", "police")
        ):
            return None
        return span


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end
