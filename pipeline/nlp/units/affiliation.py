"""The ``unit_affiliation`` component (after ``country_resolver``): the state each unit belongs to.

It sets ``span._.country_code`` of each unit to the state whose forces it belongs to when
the sentence says so ("Ukraine's 47th ...", "the Israeli army's Golani Brigade", "British
troops from 16 Air Assault Brigade", "North Korean special forces known as the Storm
Corps", "the 45th Brigade of the Ukrainian army"); otherwise the gazetteer's country, if
any, stays.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.units.candidate import LABEL, POSSESSIVES, unit_sentence
from pipeline.nlp.units.lexicon import lexicon
from pipeline.nlp.units.states import country_ending_at, country_prefix, place_code


@Language.factory("unit_affiliation")
def make_unit_affiliation(nlp: Language, name: str) -> UnitAffiliation:
    return UnitAffiliation()


class UnitAffiliation:
    """Sets each unit's ``country_code`` from its sentence; the gazetteer's country otherwise.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> for name in ("military_units", "unit_affiliation"):
    ...     _ = nlp.add_pipe(name)
    >>> doc = nlp("The Israeli army's Golani Brigade and Russia's 150th Motorized Rifle Division.")
    >>> [(e.text, e._.country_code) for e in doc.ents]
    [('Israeli army', 'IL'), ('Golani Brigade', 'IL'), ('150th Motorized Rifle Division', 'RU')]
    """

    def __init__(self) -> None:
        self.lex = lexicon()
        self.words = self.lex.affiliation

    def __call__(self, doc: Doc) -> Doc:
        units = [e for e in doc.ents if e.label_ == LABEL]
        if not units:
            return doc
        for unit in units:
            if unit._.country_code and self._names_its_state(doc, unit):
                continue  # "American soldiers from the British Army": the name says GB
            code = self.stated_country(doc, unit, units)
            if code:
                unit._.country_code = code
        for unit in units:
            if not unit._.country_code:
                unit._.country_code = named_in_full(unit.text, units)
        return doc

    def _names_its_state(self, doc: Doc, unit: Span) -> bool:
        """``British Army``, ``Royal New Zealand Navy``, ``RAF``: a name that says whose unit."""
        start = unit.start + (doc[unit.start].text == "Royal" and len(unit) > 2)
        if country_prefix(doc, start, unit.end - 1):
            return True
        text, armed = unit.text.replace("’", "'"), self.lex.armed
        return (
            armed is not None
            and text in armed.entries
            and text not in self.lex.services
            and self.lex.gazetteer.get(text) is not None
        )

    def stated_country(self, doc: Doc, unit: Span, units: list[Span]) -> str | None:
        """The state the sentence gives the unit: to its left, or ``of <country>`` after it."""
        lo, hi = unit_sentence(doc, unit.start, unit.end)
        return self._left(doc, unit.start, lo, units) or self._right(doc, unit.end, hi)

    def _skip_left(self, doc: Doc, i: int, lo: int, limit: int = 3) -> int:
        """Back over ``the``, ``elite``, quotes; not over a possessive (``the Marines' ...``)."""
        skipped = 0
        while i > lo and skipped < limit and doc[i - 1].lower_ in self.words["skip_words"]:
            if _plural_possessive(doc, i - 1):
                break
            i -= 1
            skipped += 1
        return i

    def _left(self, doc: Doc, start: int, lo: int, units: list[Span]) -> str | None:
        words = self.words
        i = self._skip_left(doc, start, lo)
        if i <= lo:
            return None
        before = doc[i - 1]
        if before.text in POSSESSIVES:
            return self._owner_country(doc, i - 1, lo, units)
        direct = country_ending_at(doc, i, lo, strict=True)
        if direct:
            return direct
        if before.lower_ in words["prepositions"] and i - 1 > lo:
            return self._people_country(doc, i - 1, lo)
        if before.lower_ == "as" and i - 2 >= lo and doc[i - 2].lower_ in words["alias_words"]:
            return self._people_country(doc, self._skip_left(doc, i - 2, lo), lo)
        if before.lower_ in words["alias_words"]:
            return self._people_country(doc, self._skip_left(doc, i - 1, lo), lo)
        return None

    def _owner_country(self, doc: Doc, possessive: int, lo: int, units: list[Span]) -> str | None:
        """``Ukraine's``, ``the Israeli army's``, ``the Royal Navy's`` (a unit with a country)."""
        for unit in units:
            if unit.end == possessive and unit._.country_code:
                return unit._.country_code
        j = possessive
        while j > lo and doc[j - 1].lower_ in self.words["service_words"]:
            j -= 1
        return country_ending_at(doc, j, lo, strict=False)

    def _people_country(self, doc: Doc, i: int, lo: int) -> str | None:
        """``British troops from``, ``North Korean elite special forces, known as``."""
        words = self.words
        j = i
        while j > lo and doc[j - 1].text in (",", "'", "’"):
            j -= 1
        if j <= lo or doc[j - 1].lower_ not in words["personnel_words"]:
            return None
        while j > lo and i - j < 5 and doc[j - 1].is_lower and not doc[j - 1].is_punct:
            j -= 1
        if j > lo and doc[j - 1].text in POSSESSIVES:
            return country_ending_at(doc, j - 1, lo, strict=False)
        return country_ending_at(doc, j, lo, strict=True)

    def _right(self, doc: Doc, end: int, hi: int) -> str | None:
        """``the 45th Artillery Brigade of the Ukrainian army``, ``... of the US Army``."""
        if end >= hi or doc[end].lower_ != "of":
            return None
        i = end + 1
        if i < hi and doc[i].lower_ == "the":
            i += 1
        for size in (3, 2, 1):
            if i + size > hi:
                continue
            code = place_code(doc[i : i + size].text, strict=True)
            if code is None:
                continue
            after = doc[i + size] if i + size < hi else None
            if after is None or after.lower_ in self.words["service_words"] or after.is_punct:
                return code
            if after.text in POSSESSIVES:
                return code
        return None


def _plural_possessive(doc: Doc, i: int) -> bool:
    """An apostrophe straight after a word in -s: ``Marines'``, not a closing quote."""
    token = doc[i]
    if token.text not in ("'", "’") or i == 0:
        return False
    before = doc[i - 1]
    return not before.whitespace_ and before.text.endswith("s")


def named_in_full(text: str, units: list[Span]) -> str | None:
    """The state of the unit ``text`` names, from the text's other units: the same name
    with a state, or a longer name ending in it (``the Philippine Coast Guard`` ... ``Coast
    Guard divers``: the article's second mention is the first's service), when all such
    names agree on one state (``the Canadian and US coast guards`` leave it unknown).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> for name in ("military_units", "unit_affiliation"):
    ...     _ = nlp.add_pipe(name)
    >>> doc = nlp("The Philippine Coast Guard saved 40 people. Coast Guard divers searched.")
    >>> [(e.text, e._.country_code) for e in doc.ents]
    [('Philippine Coast Guard', 'PH'), ('Coast Guard', 'PH')]
    """
    ending = " " + text.casefold()
    states = {
        unit._.country_code
        for unit in units
        if unit._.country_code and (unit.text == text or unit.text.casefold().endswith(ending))
    }
    return states.pop() if len(states) == 1 else None
