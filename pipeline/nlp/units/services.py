"""Armed services named with their state: ``US Air Force``, ``the Chinese navy``, ``Royal New
Zealand Navy``, ``Republic of Korea Army``, ``U.S. Army Special Forces``, ``Ukraine's air
force``, ``Armed Forces of the Philippines``, ``Texas National Guard``.

A service is a unit only when the text says whose it is: a country, its people or its
abbreviation in front (then part of the name), a place's possessive (then not: ``Ukraine's``
stays a place), or ``of <country>`` after it. Bare ``Army`` or ``Navy`` are not found here
("Navy beat Army 17-11", "an Army contract"); distinctive bare names (``Coast Guard``, ``RAF``)
are gazetteer entries. Every list is in ``pipeline/resources/armed_services.json``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.sentences import skip_wraps
from pipeline.nlp.units.candidate import POSSESSIVES, Candidate, unit_sentence
from pipeline.nlp.units.lexicon import Lexicon, ServiceWords
from pipeline.nlp.units.states import admin_country_code, full_country_code, place_code

KIND = "armed_service"
SMALL_WORDS = frozenset({"of", "and", "'s", "’s", "-"})


class ArmedServices:
    """The finder of armed services, from the last word of a service's name."""

    def __init__(self, lex: Lexicon):
        assert lex.armed is not None
        self.lex = lex
        self.words: ServiceWords = lex.armed

    def at(self, doc: Doc, end: int) -> Candidate | None:
        """The service whose name ends at token ``end``, with its state, if the text gives one."""
        for form, any_case in self.words.forms.get(doc[end].lower_, ()):
            start = end - len(form) + 1
            if start < 0 or tuple(t.lower_ for t in doc[start : end + 1]) != form:
                continue
            name = doc[start : end + 1]
            capitalised = _capitalised(name)
            if not capitalised and not (any_case and all(t.is_lower or t.is_punct for t in name)):
                continue
            cand = self._owned(doc, start, end, form, capitalised)
            if cand is None:
                continue
            if capitalised:
                cand.end = self._subformations(doc, cand.end)
            return cand
        return None

    def _owned(
        self, doc: Doc, start: int, end: int, form: tuple[str, ...], capitalised: bool
    ) -> Candidate | None:
        lo, hi = unit_sentence(doc, start, end + 1)
        after = doc[end + 1] if end + 1 < hi else None
        if after is not None and after.lower_ == "of" and not capitalised:
            return None  # "an army of volunteers", "China's army of commentators"
        if capitalised and after is not None and after.lower_ == "of":
            return self._of_country(doc, start, end, hi, self._front(doc, start, lo, form))
        front = self._front(doc, start, lo, form)
        if front is not None:
            first, code = front
            return Candidate(first, end + 1, KIND, end, code)
        if start > lo and doc[start - 1].text in POSSESSIVES:
            code = self._owner(doc, start - 1, lo)
            return Candidate(start, end + 1, KIND, end, code) if code else None
        return None

    def _front(
        self, doc: Doc, start: int, lo: int, form: tuple[str, ...]
    ) -> tuple[int, str] | None:
        """``Royal`` and a demonym, a country, a demonym or abbreviation right before the name."""
        for size in (3, 2, 1):
            first = start - size
            if first < lo:
                continue
            text = doc[first:start].text
            if doc[first].lower_ in self.lex.leading_drop or any(
                t.is_punct and t.text != "." for t in doc[first:start]
            ):
                continue
            code = self.words.prefixes.get(text) or place_code(text, strict=True)
            if code is None and form in self.words.state_services:
                code = admin_country_code(text)
            if code is None:
                continue
            if first > lo and doc[first - 1].text == "Royal":
                return first - 1, code
            if first - 1 > lo and _runs_on(doc[first - 1], self.lex, self.words):
                return None  # "the Free Syrian Army": a longer name, not the state's army
            return first, code
        return None

    def _owner(self, doc: Doc, possessive: int, lo: int) -> str | None:
        """``Ukraine's``, ``Britain's``, ``Beijing's``: a place that owns the service."""
        for size in (3, 2, 1):
            first = possessive - size
            if first < lo:
                continue
            if doc[first].lower_ in self.lex.leading_drop:
                continue
            if first - 1 > lo and _runs_on(doc[first - 1], self.lex, self.words):
                continue
            code = place_code(doc[first:possessive].text)
            if code:
                return code
        return None

    def _of_country(
        self, doc: Doc, start: int, end: int, hi: int, front: tuple[int, str] | None
    ) -> Candidate | None:
        """``Armed Forces of the Philippines``, ``Armed Forces of Ukraine``; not ``British Army
        of the Rhine`` or ``Army of the Potomac`` (a longer name), but ``Pakistan Army of 1971``.
        """
        i = skip_wraps(doc, end + 2)
        if i < hi and doc[i].lower_ == "the":
            i = skip_wraps(doc, i + 1)
        for size in (3, 2, 1):
            if i + size > hi:
                continue
            code = full_country_code(doc[i : i + size].text)
            if code:
                return Candidate(front[0] if front else start, i + size, KIND, end, code)
        if front is None or (i < hi and doc[i].is_title):
            return None
        return Candidate(front[0], end + 1, KIND, end, front[1])

    def _subformations(self, doc: Doc, end: int) -> int:
        """``U.S. Army`` + ``Special Forces``: a formation named with its service."""
        for words in self.words.subformations:
            stop = end + len(words)
            if stop <= len(doc) and tuple(t.text for t in doc[end:stop]) == words:
                return stop
        return end


def _capitalised(name: Span) -> bool:
    return all(t.text[:1].isupper() for t in name if t.lower_ not in SMALL_WORDS)


def _runs_on(token: Token, lex: Lexicon, words: ServiceWords) -> bool:
    """A capitalised word before a country that makes it part of another name."""
    return (
        token.is_title
        and token.is_alpha
        and token.lower_ not in lex.leading_drop
        and token.text not in words.before_state
    )
