"""Short display names of countries, for entity canonicals and analysts' tables alike.

pycountry's common name (``KR`` -> South Korea) unless ``resources/places.json`` sets a
shorter one (``RU`` -> Russia, ``CD`` -> DR Congo). Light: no spaCy, for notebooks.
"""

from __future__ import annotations

from functools import cache

import pycountry

from pipeline.resources import load_json


@cache
def country_name(code: str) -> str:
    """A short English name for an ISO 3166-1 alpha-2 code (the code itself if unknown).

    >>> country_name("KR"), country_name("RU"), country_name("CD"), country_name("XX")
    ('South Korea', 'Russia', 'DR Congo', 'XX')
    """
    overrides = load_json("places.json")["display_names"]
    if code in overrides:
        return overrides[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name
