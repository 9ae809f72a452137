"""The ``compound_places`` component: a town whose name joins two names with a connecting
word (``Kingston upon Thames``, ``Stoke-on-Trent``, ``Frankfurt am Main``,
``Bourg-en-Bresse``) is one place, wherever the model cut it.

The model tends to keep the first part (``Kingston``, which alone is Jamaica's capital),
to split the name into a place and a person (``Rostov`` + ``Don``), or to take the whole
for a person (``Stratford-upon-Avon``). A span of the text that is exactly such a name in
the place gazetteer becomes one GPE entity, replacing the entities inside it; an entity
reaching beyond it (``Stoke-on-Trent City Council``) is a longer name and stays.

Two more cuts of a place's name, read on KPCrowd news (issue 21, round 22):

- a two-word town the model splits into two entities (``Yorba`` GPE + ``Linda`` PERSON):
  adjacent entities, one a place, that join into a name of the gazetteer become one GPE
  (:func:`joined_places`);
- a US state's postal code after a town and a comma, which the model tags ORG or nothing
  (``Austin, TX``, ``Yorba Linda, CA``): it becomes a GPE, and so a place of the US
  (:func:`state_codes_after_towns`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from itertools import pairwise

from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from pipeline.nlp.countries.table import gazetteer
from pipeline.nlp.countries.words import state_abbreviations, state_after
from pipeline.nlp.doc_text import doc_text

# The words that join a town's name to its river, region or sea, in the languages of the
# gazetteer's names: "upon", "on", "in"; French "sur", "sous", "en", "le/la/les"; German
# "am", "an der", "im", "in der".
_CONNECTOR = re.compile(r"[ -](?:upon|on|on-the|in|in der|le|la|les|sur|sous|en|am|an der|im)[ -]")


@Language.factory("compound_places")
def make_compound_places(nlp: Language, name: str) -> CompoundPlaces:
    return CompoundPlaces()


@cache
def compound_names() -> dict[str, tuple[str, ...]]:
    """The gazetteer's names with a connecting word, by their first word (longest first)."""
    names: dict[str, list[str]] = defaultdict(list)
    for key in gazetteer().table:
        if key[:1].isupper() and _CONNECTOR.search(key):
            names[re.split(r"[ -]", key, maxsplit=1)[0]].append(key)
    return {first: tuple(sorted(keys, key=len, reverse=True)) for first, keys in names.items()}


class CompoundPlaces:
    """Sets a GPE entity over each compound town name the text writes.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("compound_places")
    >>> doc = nlp("Flooding hit Burton upon Trent and Stoke-on-Trent City Council.")
    >>> doc.ents = [Span(doc, 2, 3, "GPE"), Span(doc, 6, 13, "ORG")]
    >>> [(e.text, e.label_) for e in nlp(doc).ents]
    [('Burton upon Trent', 'GPE'), ('Stoke-on-Trent City Council', 'ORG')]
    """

    def __init__(self) -> None:
        self.names = compound_names()
        # A string's id is its hash, the same in every vocabulary.
        self.first_ids = frozenset(get_string_id(w) for w in self.names)

    def __call__(self, doc: Doc) -> Doc:
        # The tokens that may start a name, found in the doc's array of word ids: far
        # cheaper than making a Token object of every token.
        ids = doc.to_array(ORTH).tolist()
        starts = [i for i, word in enumerate(ids) if word in self.first_ids]
        found = [span for i in starts if (span := self._name_at(doc, i)) is not None]
        found += joined_places(doc)
        found += state_codes_after_towns(doc, found)
        if not found:
            return doc
        ents = list(doc.ents)
        for span in found:
            inside = [e for e in ents if e.start < span.end and span.start < e.end]
            if any(e.start < span.start or e.end > span.end for e in inside):
                continue  # a longer name holds it
            ents = [e for e in ents if e not in inside] + [span]
        doc.ents = sorted(ents, key=lambda e: e.start)
        return doc

    def _name_at(self, doc: Doc, i: int) -> Span | None:
        """The longest compound name starting at token ``i``, as a GPE span."""
        token = doc[i]
        text = doc_text(doc)
        for name in self.names.get(token.text, ()):
            end = token.idx + len(name)
            if text.startswith(name, token.idx) and (end == len(text) or not text[end].isalnum()):
                span = doc.char_span(token.idx, end, label="GPE")
                if span is not None:
                    return span
        return None


# Labels the model gives the pieces of a place's name it cut.
_PIECES = ("GPE", "LOC", "PERSON")


def joined_places(doc: Doc) -> list[Span]:
    """Adjacent entities, one of them a place, one space apart, whose text together is a
    place of the gazetteer, as one GPE span (``Yorba`` + ``Linda``; not ``Barack`` +
    ``Obama``, no place).

    >>> import spacy
    >>> doc = spacy.blank("en")("A store in Yorba Linda opens.")
    >>> doc.ents = [Span(doc, 3, 4, "GPE"), Span(doc, 4, 5, "PERSON")]
    >>> [(s.text, s.label_) for s in joined_places(doc)]
    [('Yorba Linda', 'GPE')]
    """
    ents, found = doc.ents, []
    for left, right in pairwise(ents):
        if right.start != left.end or left[-1].whitespace_ != " ":
            continue
        if left.label_ not in _PIECES or right.label_ not in _PIECES:
            continue
        if "GPE" not in (left.label_, right.label_) and "LOC" not in (left.label_, right.label_):
            continue
        name = f"{left.text} {right.text}"
        if name.istitle() and name in gazetteer().table:
            found.append(Span(doc, left.start, right.end, label="GPE"))
    return found


def state_codes_after_towns(doc: Doc, places: list[Span]) -> list[Span]:
    """A US state's abbreviation after a place (an entity of the doc labelled GPE or one of
    ``places``) and a comma (:func:`pipeline.nlp.countries.words.state_after`), which the
    model tagged ORG or nothing, as a GPE span (``Austin, TX``).

    >>> import spacy
    >>> doc = spacy.blank("en")("Stores in Austin, TX and Paris, OK. Or, ME too.")
    >>> doc.ents = [Span(doc, 2, 3, "GPE"), Span(doc, 4, 5, "ORG"), Span(doc, 6, 7, "GPE")]
    >>> [(s.text, s.label_) for s in state_codes_after_towns(doc, [])]
    [('TX', 'GPE'), ('OK', 'GPE')]
    """
    ends = {e.end for e in doc.ents if e.label_ == "GPE"} | {p.end for p in places}
    return [
        Span(doc, end + 1, end + 2, label="GPE")
        for end in sorted(ends)
        if state_after(doc, end)
        and doc[end + 1].text in state_abbreviations()  # the token whole, not "N.J.-based"
        and doc[end + 1].ent_type_ in ("", "ORG", "GPE")
    ]
