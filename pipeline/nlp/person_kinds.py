"""What a PERSON span is when it is written exactly as a known thing: a listed company or a
place of the gazetteer (issue 21, round 6).

spaCy's small model tags ``Pfizer``, ``Guinea Bissau`` and ``Palmerston North`` PERSON on web
text where no cue around them says what they are. :func:`pipeline.nlp.person_evidence.weigh`
asks here whether an entity with no support as a person (no title, speech verb, pronoun,
role ...) is written as

- a listed company (``pipeline/resources/companies.json``: the constituents of twenty stock
  indices, compiled by ``bench/build_name_lists.py --companies``): then it is an ORG, even
  when its first word is a first name (``Morgan Stanley``, ``Charles Schwab``);
- a place a reader takes for a place: a country, or a city, region or admin area of the
  gazetteer that is the whole span of several words (``Palmerston North``; ``Guinea
  Bissau`` as ``Guinea-Bissau``), or one word that is no name the lists know and is a
  capital, a world city or a city of a million people (``Borneo``; not ``Austin``, a
  surname, nor ``Sydney``, a first name): then it is a GPE.

>>> listed_company("Pfizer"), listed_company("Goldman Sachs"), listed_company("Mitt Romney")
(True, True, False)
>>> place_name("Palmerston North"), place_name("Guinea Bissau"), place_name("Austin")
(True, True, False)
"""

from __future__ import annotations

from functools import cache

from pipeline.nlp.countries import gazetteer
from pipeline.nlp.names import is_name_word
from pipeline.nlp.places import PlaceMention, prominent
from pipeline.resources import load_json

# A city of several words is a place at this population (Palmerston North, 90,500).
MULTI_WORD_CITY = 50_000
# A one-word city that is no capital or world city, at this population.
ONE_WORD_CITY = 1_000_000
_AREAS = frozenset({"country", "admin", "region", "capital"})


@cache
def _companies() -> frozenset[str]:
    return frozenset(load_json("companies.json")["companies"])


def listed_company(text: str) -> bool:
    """Whether ``text`` is written as a listed company's name."""
    return text in _companies()


def gazetteer_place(text: str) -> bool:
    """Whether the gazetteer knows ``text`` as a place's name at all (``Austin``, ``Linda``
    of Yorba Linda; not ``Buzz``)."""
    return _candidates(text) is not None


def _candidates(text: str) -> tuple[str, tuple] | None:
    places = gazetteer()
    for form in dict.fromkeys((text, text.replace(" ", "-"))):
        found = places.lookup(form, "GPE")
        if found:
            return found
    return None


def place_name(text: str) -> bool:
    """Whether a reader takes ``text``, alone, for a place (see the module's doc)."""
    found = _candidates(text)
    if found is None:
        return False
    form, candidates = found
    kinds = {kind for c in candidates for kind in c.kinds.split("+")}
    largest = max(c.population for c in candidates)
    if len(text.split()) > 1:
        return bool(kinds & _AREAS) or largest >= MULTI_WORD_CITY
    if is_name_word(text):
        return False
    if kinds & {"country", "region"} or largest >= ONE_WORD_CITY:
        return True
    return prominent(PlaceMention(form, candidates)) is not None
