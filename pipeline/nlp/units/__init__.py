"""MILITARY_UNIT entities and the state each unit belongs to.

Two spaCy components; every name and word list is in ``pipeline/resources/military_units.json``.

``military_units`` finds candidates — known formations (the gazetteer), names ending in a
unit noun ("47th Mechanized Brigade", "Corps of Royal Engineers", "Queen's Lancashire
Regiment"), distinctive names before a generic noun in any case ("the Azov brigade"), and
formations named in French, Italian, Spanish or German ("1er Régiment de Chasseurs
Parachutistes", "Gebirgsjägerbrigade 23") — and keeps one only with military evidence: an
ordinal or number, a gazetteer entry, a military word in the name or in the sentence. A
non-military context (courts, leagues, companies, bands, games, unions) rules a candidate
out. It reads tokens only, never the statistical entities, so its spans do not depend on
what runs before it; the token patterns run only on docs that contain a unit noun.

``unit_affiliation`` (after ``country_resolver``) sets ``span._.country_code`` of each unit to
the state whose forces it belongs to when the sentence says so ("Ukraine's 47th ...", "the
Israeli army's Golani Brigade", "British troops from 16 Air Assault Brigade", "North Korean
special forces known as the Storm Corps", "the 45th Brigade of the Ukrainian army");
otherwise the gazetteer's country, if any, stays.

The modules: ``lexicon`` (the word lists, the raw-text pre-filter), ``candidate`` (what the
finders share), the finders ``known`` (gazetteer and name words), ``english`` and
``foreign`` (French, Italian, Spanish, German), ``evidence`` (whether a candidate is a
unit), ``recognizer`` (the ``military_units`` component), ``states`` (country lookups) and
``affiliation`` (the ``unit_affiliation`` component).
"""

from pipeline.nlp.units.affiliation import UnitAffiliation, make_unit_affiliation
from pipeline.nlp.units.candidate import LABEL, Candidate
from pipeline.nlp.units.lexicon import (
    Lexicon,
    is_german_compound,
    lexicon,
    might_mention_units,
    numeric_ordinal,
)
from pipeline.nlp.units.recognizer import MilitaryUnitRecognizer, make_military_units

__all__ = [
    "LABEL",
    "Candidate",
    "Lexicon",
    "MilitaryUnitRecognizer",
    "UnitAffiliation",
    "is_german_compound",
    "lexicon",
    "make_military_units",
    "make_unit_affiliation",
    "might_mention_units",
    "numeric_ordinal",
]
