"""Which state a name in front of or around a unit means: a country, its people, a capital.

Lookups in the country gazetteer (:mod:`pipeline.nlp.countries`), out of context; cached.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from pipeline.nlp.countries.table import gazetteer as places


def country_prefix(doc: Doc, start: int, stop: int) -> int:
    """How many tokens from ``start`` name a country or its people (``North Korean``), or 0."""
    for size in (3, 2, 1):
        if start + size > stop:
            continue
        if place_code(doc[start : start + size].text, strict=True):
            return size
    return 0


@lru_cache(maxsize=16384)
def place_code(text: str, strict: bool = False) -> str | None:
    """The ISO code of a country, its people, or (unless ``strict``) its capital or metonym.

    Looked up with the country gazetteer (``resolve``), out of context; cached.

    >>> place_code("North Korean"), place_code("Moscow"), place_code("Moscow", strict=True)
    ('KP', 'RU', None)
    """
    if not text[:1].isupper():
        return None
    gazetteer = places()
    for label in ("NORP", "GPE", "ORG"):
        place = gazetteer.resolve(text, label)
        if place is None or not place.code:
            continue
        if "country" in place.kind or "demonym" in place.kind:
            return place.code
        if not strict and ("metonym" in place.kind or "capital" in place.kind):
            return place.code
    return None


def demonym_code(text: str) -> str | None:
    place = places().resolve(text, "NORP") if text[:1].isupper() else None
    return place.code if place is not None and "demonym" in place.kind else None


@lru_cache(maxsize=4096)
def full_country_code(text: str) -> str | None:
    """The code of a country named in full (``Republic of Korea``), not by its people."""
    place = places().resolve(text, "GPE") if text[:1].isupper() else None
    return place.code if place is not None and "country" in place.kind else None


def country_ending_at(doc: Doc, end: int, lo: int, strict: bool) -> str | None:
    """The country named by the 1-3 tokens just before ``end``, or None."""
    for size in (3, 2, 1):
        start = end - size
        if start < lo:
            continue
        code = place_code(doc[start:end].text, strict=strict)
        if code:
            return code
    return None


@lru_cache(maxsize=4096)
def admin_country_code(text: str) -> str | None:
    """The country of a state or province (``Texas`` -> US), for ``Texas National Guard``."""
    place = places().resolve(text, "GPE") if text[:1].isupper() else None
    return place.code if place is not None and "admin" in place.kind else None
