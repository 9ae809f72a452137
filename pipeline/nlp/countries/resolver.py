"""The ``country_resolver`` component: which entities are places, and their countries.

A name several places share is settled by its context (:mod:`pipeline.nlp.places`): this
component reads what the text beside a name says (:mod:`.context`) and makes a best guess
from its own document; :func:`pipeline.nlp.extract.mentions_of` settles it again with the
whole article (title and body) and the publisher's home country, from ``span._.place``.
"""

from __future__ import annotations

import calendar
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.countries.context import PlaceContext, dateline_start, person_words
from pipeline.nlp.countries.finding import PlaceFinder
from pipeline.nlp.countries.table import PLACE_LABELS, gazetteer, us_state_codes
from pipeline.nlp.countries.words import countries_of, named_otherwise, only_small_town, unproven
from pipeline.nlp.places import Candidate, PlaceMention, ranker, settle
from pipeline.resources import load_json, load_lines

# Capitalised words after a place that are no family name: months, weekdays, "I".
NOT_FAMILY_NAMES = frozenset(
    [*calendar.month_name[1:], *calendar.month_abbr[1:], *calendar.day_name, "I"]
)

if not Span.has_extension("place"):
    # What settling needs beyond the doc: the form, candidates, qualifier, nearby, dateline.
    Span.set_extension("place", default=None)


def _proven_in_the_article(
    spans: list[Span],
    places: list[tuple[int, PlaceMention]],
    doubtful: set[int],
    leans: set[str],
) -> list[tuple[int, PlaceMention]]:
    """The article's places less the names without place evidence in their document,
    but for those the other document proves: the same name with evidence (``Aurora`` in a
    title, ``in Aurora`` in the body), or for a small town, another place of its countries
    or the ``leans`` (the publisher's and the dump's country)."""
    proven = {place.form for index, place in places if index not in doubtful}
    support = leans | countries_of(place for index, place in places if index not in doubtful)
    return [
        (index, place)
        for index, place in places
        if index not in doubtful
        or place.form in proven
        or (spans[index]._.place.get("small_town") and place.codes & support)
    ]


def _unproven(span: Span) -> bool:
    """Whether ``span`` is a town named by a common word with no place evidence in its
    document (:mod:`.words`)."""
    data: dict[str, Any] | None = span._.place
    return data is not None and data.get("unproven", False)


def place_mention(span: Span) -> PlaceMention | None:
    """The :class:`PlaceMention` the resolver left on ``span`` (None if it names no place)."""
    data: dict[str, Any] | None = span._.place
    if data is None:
        return None
    return PlaceMention(
        data["form"],
        tuple(Candidate(*c) for c in data["candidates"]),
        frozenset(data["qualifier"]),
        frozenset(data["nearby"]),
        data["dateline"],
    )


def place_mentions(spans: list[Span]) -> list[tuple[int, PlaceMention]]:
    """Every span the resolver read as a place name, by position, with or without place
    evidence (:func:`article_places` keeps those that name a place)."""
    return [
        (index, place)
        for index, span in enumerate(spans)
        if (place := place_mention(span)) is not None
    ]


def article_places(
    spans: list[Span],
    home_country: str | None = None,
    dump_country: str | None = None,
    found: list[tuple[int, PlaceMention]] | None = None,
) -> list[tuple[int, PlaceMention]]:
    """The place names among an article's entity spans (title and body), by position.

    A name that is part of a person's full name elsewhere in the article (``Jordan``
    beside ``Jordan Henderson``) is left out: it names no place. So is a town named by a
    common word with no place evidence in its document (:mod:`.words`), unless the same
    name has some in the article's other document (``Aurora`` in a title, ``in Aurora`` in
    the body), or, for a small town, when the article names another place of its
    countries, or one of them is the publisher's (``home_country``) or the dump's.
    ``found``: the spans' :func:`place_mentions`, when the caller has them already.
    """
    places = place_mentions(spans) if found is None else found
    doubtful = {index for index, span in enumerate(spans) if _unproven(span)}
    if doubtful:
        leans = {code for code in (home_country, dump_country) if code}
        places = _proven_in_the_article(spans, places, doubtful, leans)
    names = gazetteer().person_names
    if not any(place.form in names for _, place in places):
        return places  # no name a person may bear: no need to read the people's names
    excluded = names & person_words(spans)
    return [(index, place) for index, place in places if place.form not in excluded]


@Language.factory(
    "country_resolver",
    default_config={"add_missed": True},
)
def make_country_resolver(nlp: Language, name: str, add_missed: bool) -> CountryResolver:
    return CountryResolver(nlp, add_missed=add_missed)


class CountryResolver:
    """Sets ``span._.country_code`` and ``span._.canonical`` on place, demonym and metonym entities.

    With ``add_missed``, country names, capitals, demonyms and metonyms the
    statistical model did not tag are added as entities (where no entity overlaps).
    Each place entity also keeps ``span._.place`` (its candidates and what its context
    says) for :func:`pipeline.nlp.extract.mentions_of` to settle with the whole article.
    """

    def __init__(self, nlp: Language, add_missed: bool = True):
        self.gazetteer = gazetteer()
        self.ranker = ranker()
        self.add_missed = add_missed
        self.finder = PlaceFinder(nlp, self.gazetteer)
        self.context = PlaceContext(self.gazetteer)
        self.titles = frozenset(load_lines("person_titles.txt"))
        self.authorities = tuple(
            tuple(s.split()) for s in load_json("places.json")["authority_suffixes"]
        )

    def __call__(self, doc: Doc) -> Doc:
        if self.add_missed:
            self.finder.add_missed(doc)
            self.finder.add_located(doc)
        self.finder.relabel_mislabelled_places(doc)
        self.finder.relabel_known_things(doc)
        ents = list(doc.ents)
        people = person_words(ents)
        found: list[tuple[Span, PlaceMention]] = []
        for ent in ents:
            mention = self._mention(ent, people)
            if mention is not None:
                found.append((ent, mention))
        if not found:
            return doc
        dateline = dateline_start(doc, ents)
        self.context.add_context(doc, found, dateline)
        others = named_otherwise(ents, people, found)
        doubtful = unproven(found, others)
        if doubtful:
            # Common words without place evidence name no place here: they neither get
            # a country nor count as nearby places for the others (context read again).
            placed = [pair for i, pair in enumerate(found) if i not in doubtful]
            self.context.add_context(doc, placed, dateline)
        chosen = iter(
            settle([m for i, (_, m) in enumerate(found) if i not in doubtful], model=self.ranker)
        )
        for index, (ent, mention) in enumerate(found):
            ent._.place = {
                "form": mention.form,
                "candidates": [list(c) for c in mention.candidates],
                "qualifier": sorted(mention.qualifier),
                "nearby": sorted(mention.nearby),
                "dateline": mention.dateline,
                "unproven": index in doubtful,
                "small_town": index in doubtful and only_small_town(mention, others),
            }
            candidate = None if index in doubtful else next(chosen)
            if candidate is not None:
                ent._.country_code = candidate.code
                ent._.canonical = candidate.canonical
        return doc

    # -- which entities name places ---------------------------------------------------

    def _mention(self, ent: Span, people: frozenset[str]) -> PlaceMention | None:
        label = ent.label_
        found = self.gazetteer.lookup(ent.text, label)
        doc = ent.doc
        if label in PLACE_LABELS and ent.end + 1 < len(doc) and doc[ent.end].text == "-":
            # "Stratford-upon-Avon", cut by the tokenizer: the whole name is the place.
            for end in (ent.end + 4, ent.end + 2):
                whole = doc[ent.start : min(end, len(doc))]
                if whole.text in self.gazetteer.table:
                    found = (whole.text, self.gazetteer.candidates(whole.text))
                    break
        if found is None and label == "ORG":
            found = self._authority(ent)
        if found is None and label == "GPE":
            found = self._state_code(ent)
        if found is None or self._not_a_place(ent, found[0], people):
            return None
        return PlaceMention(*found)

    def _state_code(self, ent: Span) -> tuple[str, tuple[Candidate, ...]] | None:
        """A US state's postal code after a place and a comma (``Rockville, MD``,
        ``Louisville, KY``): the state. Alone, the letters are often something else
        (``Stephen Calderwood, MD``, ``an SD card``)."""
        state = us_state_codes().get(ent.text)
        doc = ent.doc
        if state is None or ent.start < 2 or doc[ent.start - 1].text != ",":
            return None
        if doc[ent.start - 2].ent_type_ != "GPE":
            return None
        return ent.text, (Candidate("US", state, "admin", 0),)

    def _authority(self, ent: Span) -> tuple[str, tuple[Candidate, ...]] | None:
        """``Kent County Council`` -> Kent's candidates: a local authority is in its place."""
        words = [t.text for t in ent]
        for suffix in self.authorities:
            if len(words) > len(suffix) and tuple(words[-len(suffix) :]) == suffix:
                head = ent.doc[ent.start : ent.end - len(suffix)]
                found = self.gazetteer.lookup(head.text, "GPE")
                if not found or any(c.kinds == "country" for c in found[1]):
                    continue
                counties = tuple(c for c in found[1] if "admin" in c.kinds)
                if "County" in suffix and counties:
                    # "Durham County Council" is the county's, not Durham, North Carolina's.
                    return found[0], counties
                return found
        return None

    def _not_a_place(self, ent: Span, form: str, people: frozenset[str]) -> bool:
        """A club, airline or arena named after a place, or a person's name."""
        doc = ent.doc
        following = doc[ent.end].text if ent.end < len(doc) else ""
        preceding = doc[ent.start - 1].text if ent.start > 0 else ""
        before = self.gazetteer.not_places
        if following in before.get("*", ()) or following in before.get(form, ()):
            return True
        if preceding in before.get("after", ()):
            return True
        if form not in self.gazetteer.person_names:
            return False
        return form in people or self._given_name(ent)

    def _given_name(self, ent: Span) -> bool:
        """``Israel Adesanya``, ``Paris Hilton``: a given name followed by a family name.

        The family name is a capitalised word that is no place and no title.
        """
        doc = ent.doc
        if ent.end >= len(doc) or len(ent) != 1:
            return False
        word = doc[ent.end]
        if word.ent_type_ == "PERSON":
            return True
        return (
            word.is_title
            and word.is_alpha
            and word.text not in NOT_FAMILY_NAMES  # "in London November 7", "from London I"
            and word.lower_ not in self.titles
            and self.gazetteer.lookup(word.text, "GPE") is None
            and word.text not in self.gazetteer.demonyms
        )
