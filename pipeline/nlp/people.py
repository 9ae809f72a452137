"""People: repair names the model cuts, strip titles, resolve short references to full names.

Within one document, "Kim" -> "Kim Hong-kyun" and "Peskov" -> "Dmitry Peskov": a
one-word reference takes the full name it is the first or last part of, the
nearest preceding one first. A one-word ORG or PRODUCT that is the surname of a person the
document names in full ("Romney" next to "Mitt Romney") is that person; so is an ORG or
PRODUCT span written exactly as a PERSON of the document, and one a work is credited to
("Post written by Leo Babauta", "images by Tanveer Badal": :func:`credited`).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.names import compound_head, is_common, is_first_name, known_label, name_parts
from pipeline.nlp.person_citations import uninverted
from pipeline.nlp.person_cues import cue
from pipeline.nlp.person_marks import no_name
from pipeline.nlp.resolve_run import MISTAKEN_FOR_PERSON
from pipeline.nlp.spans import replace_entities
from pipeline.resources import load_lines


def person_names(
    people: list[str] | tuple[frozenset[str], frozenset[str]], text: str, label: str
) -> bool:
    """Whether a span labelled ``label`` with ``text`` is one of ``people`` (full names of
    the same text): written as one of them, or one word that is a surname of one.

    >>> romney = ["Mitt Romney"]
    >>> person_names(romney, "Romney", "ORG"), person_names(romney, "Romney", "GPE")
    (True, False)
    >>> person_names(["Jack Dorsey"], "Twitter", "ORG"), person_names(romney, "Mitt", "ORG")
    (False, False)
    """
    if label not in MISTAKEN_FOR_PERSON or known_label(text):
        return False
    names, surnames = people if isinstance(people, tuple) else people_index(people)
    return text in names or (len(text.split()) == 1 and text in surnames)


def credited(ent: Span) -> bool:
    """Whether a span the model did not call a person names the person a work is credited
    to: after ``by`` and a word of making (``credits`` in ``resources/person_evidence.json``:
    "Post written by", "images by", "a book by"), a given name and one or two capitalised
    words no dictionary has (not "designed by Sydney Opera House", "piloted by EVE Online").

    >>> import spacy
    >>> doc = spacy.blank("en")("Post written by Leo Babauta. A deal approved by Leo Burnett.")
    >>> credited(doc[3:5]), credited(doc[9:11])
    (True, False)
    """
    doc, start = ent.doc, ent.start
    if start < 2 or doc[start - 1].lower_ != "by" or not cue("credits", doc[start - 2].lower_):
        return False
    words = [token.text for token in ent]
    return (
        2 <= len(words) <= 3
        and is_first_name(words[0])
        and not words[0].isupper()
        and all(w[:1].isupper() and w.isalpha() and not is_common(w) for w in words[1:])
    )


def people_index(people: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The full names and their surnames, for :func:`person_names` over many spans: built
    once per text, so a long text's spans are checked in linear time, not quadratic."""
    names = frozenset(people)
    surnames = frozenset(parts[-1] for full in names if len(parts := name_parts(full)) > 1)
    return names, surnames


def resolve_short_names(names: list[str]) -> dict[str, str]:
    """Map each one-word name to the full name it refers to, given names in text order.

    A one-word name takes the one full name before it whose first or last part it is
    ("Peskov" after "Dmitry Peskov"). It stays as written, for the run to settle
    (:mod:`pipeline.nlp.resolve_run`), when two full names before it could be meant
    ("Obama" after "Barack Obama" and "Michelle Obama"), or when it comes before any full
    name as a surname: an article that writes "President Obama and First Lady Michelle
    Obama" takes its reader to know who "Obama" is. A given name before the one full name
    that starts with it takes it ("Tim ... Tim Ferriss").

    >>> resolve_short_names(["Kim Hong-kyun", "Dmitry Peskov", "Kim", "Peskov", "Lee"])
    {'Kim': 'Kim Hong-kyun', 'Peskov': 'Dmitry Peskov'}
    >>> resolve_short_names(["Obama", "Michelle Obama", "Obama", "Tim", "Tim Ferriss"])
    {'Tim': 'Tim Ferriss'}
    >>> resolve_short_names(["Barack Obama", "Michelle Obama", "Obama"])
    {}
    """
    resolved: dict[str, str] = {}
    seen: set[str] = set()
    parts = {name: name_parts(name) for name in set(names)}
    full_names: list[str] = []
    for name in names:
        if len(parts[name]) > 1:
            full_names.append(name)
            continue
        if name in seen:
            continue
        seen.add(name)
        before = {full for full in full_names if name in (parts[full][0], parts[full][-1])}
        if len(before) == 1:
            resolved[name] = before.pop()
        elif not before:  # only later full names: a given name takes the one that starts so
            later = {n for n in names if len(parts[n]) > 1 and name in (parts[n][0], parts[n][-1])}
            if len(later) == 1 and parts[(only := next(iter(later)))][0] == name:
                resolved[name] = only
    return resolved


@Language.factory("person_resolver", default_config={})
def make_person_resolver(nlp: Language, name: str) -> PersonResolver:
    return PersonResolver()


class PersonResolver:
    """Sets ``span._.canonical`` on PERSON entities, after repairing and trimming them."""

    def __init__(self) -> None:
        self.titles = set(load_lines("person_titles.txt"))

    def __call__(self, doc: Doc) -> Doc:
        ents = [self._repair(ent) if ent.label_ == "PERSON" else ent for ent in doc.ents]
        names = people_index(ent.text for ent in ents if ent is not None and ent.label_ == "PERSON")
        ents = [
            Span(doc, ent.start, ent.end, label="PERSON")
            if ent is not None
            and (
                person_names(names, ent.text, ent.label_)
                or (ent.label_ in MISTAKEN_FOR_PERSON and credited(ent))
            )
            else ent
            for ent in ents
        ]
        # no name, once grown over hyphens: "Det" + "-LA-NYR", teams' codes (round 18)
        ents = [e for e in ents if e is not None and not (e.label_ == "PERSON" and no_name(doc, e))]
        replace_entities(doc, ents)
        people = [ent for ent in doc.ents if ent.label_ == "PERSON"]
        # "Archer, Michael" -> "Michael Archer"; a wrapped line's "Alan\nGreenspan" ->
        # "Alan Greenspan"
        names = [" ".join(uninverted(ent.text).split()) for ent in people]
        full = resolve_short_names(names)
        for ent, name in zip(people, names, strict=True):
            ent._.canonical = full.get(name, name)
        return doc

    def _repair(self, ent: Span) -> Span | None:
        doc = ent.doc
        start, end = ent.start, ent.end
        while start < end and doc[start].lower_.rstrip(".") in self.titles:
            start += 1
        # "Yoon Suk" + "-yeol": a hyphenated part the model left outside the name.
        while (
            end + 1 < len(doc)
            and doc[end].text in ("-", "‐")
            and not doc[end - 1].whitespace_
            and not doc[end].whitespace_
            and doc[end + 1].is_alpha
            and not compound_head(doc[end + 1].text)  # "Jan Brewer-who"
        ):
            end += 2
        if start >= end:
            return None
        return (
            ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label="PERSON")
        )
