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
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from functools import cache, lru_cache

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.nlp.countries import gazetteer as places
from pipeline.nlp.spans import replace_entities
from pipeline.resources import load_json

LABEL = "MILITARY_UNIT"
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
SENTENCE_END = frozenset({".", "!", "?"})
MAX_NAME_TOKENS = 6
SENTENCE_REACH = 60  # tokens looked at on each side for the sentence's words
_NUMERIC_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")
SERVICE_PREFIXES = frozenset({"Air", "Force", "Army", "Navy", "Fleet", "Marine", "Forces"})
# Capitalised only in headlines ("Role Of Military Forces"): never part of a name here.
HEADLINE_WORDS = frozenset({"of", "and", "for", "in", "on", "at", "to", "with", "by"})
ARABIC_ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "at", "az", "an", "ash", "adh"})


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``military_units.json``, as sets for fast membership tests."""

    gazetteer: dict[str, str | None]
    needs_evidence: frozenset[str]
    services: frozenset[str]
    armies: frozenset[str]
    army_branch_heads: frozenset[str]
    country_services: tuple[tuple[str, ...], ...]
    name_words: dict[str, str]
    generic_heads: frozenset[str]
    lowercase_named_heads: frozenset[str]
    name_word_modifiers: frozenset[str]
    head_class: dict[str, str]
    numbered_heads: frozenset[str]
    cardinal_heads: frozenset[str]
    bare_cardinal_heads: frozenset[str]
    lowercase_after_ordinal: frozenset[str]
    ordinal_words: frozenset[str]
    ordinal_word_heads: frozenset[str]
    french_ordinal: re.Pattern[str]
    french_heads: frozenset[str]
    french_connectors: frozenset[str]
    french_words: frozenset[str]
    romance_heads: frozenset[str]
    romance_words: frozenset[str]
    german_suffixes: tuple[str, ...]
    german_stems: tuple[str, ...]
    military_name_words: frozenset[str]
    royal_words: frozenset[str]
    military_context_words: frozenset[str]
    non_military_name_words: frozenset[str]
    negative_context: dict[str, str]
    hard_negative: frozenset[str]
    lowercase_only: frozenset[str]
    following_org_words: frozenset[str]
    royal_titles: frozenset[str]
    possessor_names: frozenset[str]
    paramilitary_owners: frozenset[str]
    sentence_initial_generic: frozenset[str]
    not_units: tuple[str, ...]
    leading_drop: frozenset[str]
    affiliation: dict[str, frozenset[str]] = field(default_factory=dict)


@cache
def lexicon() -> Lexicon:
    """The unit word lists, read once per process.

    >>> lexicon().gazetteer["Storm Corps"]
    'KP'
    >>> lexicon().head_class["Division"]
    'strict'
    """
    spec = load_json("military_units.json")
    source = {**spec, **spec["foreign"]}
    # Most lists are read as they are, each under its field's name; the rest are shaped.
    plain = {
        f.name: frozenset(source[f.name])
        for f in fields(Lexicon)
        if f.type == "frozenset[str]" and f.name not in ("paramilitary_owners",)
    }
    return Lexicon(
        **plain,
        gazetteer=dict(spec["gazetteer"]),
        name_words=dict(spec["name_words"]),
        country_services=tuple(
            tuple(re.findall(r"\w+|[^\w\s]", name)) for name in spec["country_services"]
        ),
        head_class={head: kind for kind, heads in spec["heads"].items() for head in heads},
        french_ordinal=re.compile(source["french_ordinal"]),
        german_suffixes=tuple(source["german_suffixes"]),
        german_stems=tuple(source["german_stems"]),
        negative_context={
            word: category
            for category, words in spec["non_military_context_words"].items()
            for word in words
        },
        paramilitary_owners=frozenset(o.lower() for o in spec["paramilitary_owners"]),
        not_units=tuple(spec["not_units"]),
        affiliation={
            key: frozenset(words)
            for key, words in spec["affiliation"].items()
            if not key.startswith("_")
        },
    )


def is_german_compound(word: str, lex: Lexicon | None = None) -> bool:
    """A German formation compound: a military stem, then a formation word (any case).

    >>> is_german_compound("Gebirgsjägerbrigade"), is_german_compound("Brigade")
    (True, False)
    >>> is_german_compound("subdivision")  # ends in a formation word, but no military stem
    False
    """
    lex = lex or lexicon()
    lowered = word.lower()
    return (
        lowered.startswith(lex.german_stems)
        and lowered.isalpha()
        and any(lowered.endswith(s) and len(lowered) >= len(s) + 3 for s in lex.german_suffixes)
    )


_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Prefilter:
    anchors: frozenset[str]  # unit nouns, lowercase
    names: dict[str, tuple[str, ...]]  # first word -> gazetteer names and name words, unspaced


@cache
def _prefilter() -> _Prefilter:
    lex = lexicon()
    anchors = {
        w.lower()
        for w in [
            *lex.head_class,
            *lex.generic_heads,
            *lex.french_heads,
            *lex.romance_heads,
            *lex.lowercase_after_ordinal,
            *(service[-1] for service in lex.country_services),
        ]
    }
    names: dict[str, list[str]] = {}
    for name in {*lex.gazetteer, *lex.name_words}:
        for form in {name, name.replace("'", "’")}:
            names.setdefault(_WORD.findall(form)[0], []).append("".join(form.split()))
    return _Prefilter(
        frozenset(anchors),
        {word: tuple(forms) for word, forms in names.items()},
    )


def might_mention_units(text: str) -> bool:
    """False only when ``military_units`` cannot find a unit in ``text`` (a cheap pre-filter).

    Every unit the component finds contains a unit noun, a German formation compound, a
    gazetteer name or a name word; this looks for any of them in the raw text.

    >>> might_mention_units("Shares of the bank fell 3 pct.")
    False
    >>> might_mention_units("the Azov brigade"), might_mention_units("Gebirgsjägerbrigade 23")
    (True, True)
    """
    words = set(_WORD.findall(text))
    lowered = {w.lower() for w in words}
    check = _prefilter()
    if not check.anchors.isdisjoint(lowered):
        return True
    if any(is_german_compound(w) for w in lowered):
        return True
    found = [check.names[w] for w in words if w in check.names]
    if not found:
        return False
    compact = "".join(text.split())
    return any(form in compact for forms in found for form in forms)


@dataclass
class Candidate:
    """A span that may be a unit, with what the evidence rules need to judge it."""

    start: int
    end: int
    kind: str  # gazetteer, ordinal, word_ordinal, cardinal, numbered, named, name_word, foreign
    head: int  # the unit noun (the last token for gazetteer and foreign names)
    country: str | None = None
    entry: str = ""  # the gazetteer entry
    royal: bool = False  # a royal possessive or "Royal" in the name
    demonym_only: bool = False  # the name is a demonym or country and nothing else
    owner: str = ""  # the possessive owner cut off the name ("IRA" in "the IRA's ...")


def sentence_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds of the sentence around ``doc[start:end]`` (no parser: punctuation, blank lines).

    >>> import spacy
    >>> doc = spacy.blank("en")("He left. The Black Watch moved north. Then rain.")
    >>> doc[slice(*sentence_bounds(doc, 4, 6))].text
    'The Black Watch moved north'
    """
    lo = start
    while lo > 0 and start - lo < SENTENCE_REACH and not _ends_sentence(doc[lo - 1]):
        lo -= 1
    hi = end
    while hi < len(doc) and hi - end < SENTENCE_REACH and not _ends_sentence(doc[hi]):
        hi += 1
    return lo, hi


def _ends_sentence(token: Token) -> bool:
    return token.text in SENTENCE_END or (token.is_space and token.text.count("\n") >= 2)


def is_wrap(token: Token) -> bool:
    """A line break inside a paragraph (hard-wrapped text): names may run across it."""
    return token.is_space and token.text.count("\n") < 2


def _skip_wraps(doc: Doc, i: int) -> int:
    while i < len(doc) and is_wrap(doc[i]):
        i += 1
    return i


def _name_like(token: Token, lex: Lexicon) -> bool:
    text = token.text
    return (
        token.is_title
        or numeric_ordinal(text)
        or text in lex.ordinal_words
        or (text.isdigit() and len(text) <= 3)
    )


def numeric_ordinal(text: str) -> bool:
    """``47th``, ``1st``, ``3rd``.

    >>> numeric_ordinal("47th"), numeric_ordinal("47")
    (True, False)
    """
    return bool(_NUMERIC_ORDINAL.match(text))


@Language.factory("military_units", default_config={"overwrite_ents": True})
def make_military_units(nlp: Language, name: str, overwrite_ents: bool) -> MilitaryUnitRecognizer:
    return MilitaryUnitRecognizer(nlp, overwrite_ents=overwrite_ents)


class MilitaryUnitRecognizer:
    """Adds MILITARY_UNIT spans to ``doc.ents``, replacing overlapping model entities.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("military_units")
    >>> doc = nlp("Ukraine's 47th Mechanized Brigade and the Azov brigade held the plant.")
    >>> [(e.text, e._.country_code) for e in doc.ents]
    [('47th Mechanized Brigade', None), ('Azov brigade', 'UA')]
    >>> [e.text for e in nlp("The case went to the Chancery Division of the High Court.").ents]
    []
    """

    def __init__(self, nlp: Language, overwrite_ents: bool = True):
        self.lex = lex = lexicon()
        self.vocab = nlp.vocab
        self.overwrite_ents = overwrite_ents
        self.gazetteer = _phrase_matcher(nlp, lex.gazetteer)
        self.name_matcher = _phrase_matcher(nlp, lex.name_words)
        self.not_units = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.not_units.add("NOT_UNIT", list(nlp.tokenizer.pipe(lex.not_units)))
        self.not_unit_texts = frozenset(phrase.lower() for phrase in lex.not_units)
        # Every pattern ends in (or starts with) a unit noun. Most news text has none, and
        # looking for one (a count in C) is far cheaper than running the patterns.
        self.anchor_ids = frozenset(nlp.vocab.strings.add(a) for a in _prefilter().anchors)
        self._compound: dict[int, bool] = {}
        self._strings = nlp.vocab.strings

    def __call__(self, doc: Doc) -> Doc:
        candidates = self._gazetteer_candidates(doc)
        counts = doc.count_by(LOWER)
        compounds = self._compound_ids(counts)
        if compounds or not self.anchor_ids.isdisjoint(counts):
            candidates += self._pattern_candidates(doc, compounds)
            candidates += self._name_word_candidates(doc)
        if not candidates:
            return doc
        blocked = self._not_unit_tokens(doc)
        accepted = [c for c in candidates if self._accept(doc, c, blocked)]
        if not accepted:
            return doc
        found = _merge_adjacent(doc, accepted)
        existing = list(doc.ents)
        if self.overwrite_ents:
            existing = [e for e in existing if not any(_overlaps(e, u) for u in found)]
        else:
            found = [u for u in found if not any(_overlaps(e, u) for e in existing)]
        replace_entities(doc, [*existing, *found])
        return doc

    # -- candidates -----------------------------------------------------------------------

    def _compound_ids(self, counts: dict[int, int]) -> set[int]:
        cache_, strings, lex = self._compound, self._strings, self.lex
        found = set()
        for key in counts:
            flag = cache_.get(key)
            if flag is None:
                flag = cache_[key] = is_german_compound(strings[key], lex)
            if flag:
                found.add(key)
        return found

    def _gazetteer_candidates(self, doc: Doc) -> list[Candidate]:
        lex, found = self.lex, []
        for match_id, start, end in self.gazetteer(doc):
            entry = self._strings[match_id]
            cand = Candidate(start, end, "gazetteer", end - 1, lex.gazetteer[entry], entry)
            if entry in lex.services:
                self._extend_service(doc, cand)
            if entry in lex.armies:
                self._extend_army(doc, cand)
            found.append(cand)
        return found

    def _extend_service(self, doc: Doc, cand: Candidate) -> None:
        """``Republic of Korea`` + ``Marine Corps``: a service named with its country.

        A command may also carry its service first (``Air Force Cyber Command``).
        """
        while cand.start > 0 and doc[cand.start - 1].text in SERVICE_PREFIXES:
            cand.start -= 1
        for size in (4, 3, 2, 1):
            start = cand.start - size
            if start < 0 or any(
                (t.is_punct and t.text != ".") or (t.is_space and not is_wrap(t))
                for t in doc[start : cand.start]
            ):
                continue
            if doc[start].lower_ in self.lex.leading_drop or not doc[start].text[:1].isupper():
                continue
            text = doc[start : cand.start].text
            place = places().resolve(text, "GPE")
            abbreviated = text.replace(".", "").isupper()
            if place and place.code and ("country" in place.kind or abbreviated):
                cand.start, cand.country = start, place.code
                return

    def _extend_army(self, doc: Doc, cand: Candidate) -> None:
        """``PLA`` + ``Eastern Theater Command``: a command nested in an army's name."""
        end = cand.end
        for i in range(cand.end, min(len(doc), cand.end + 4)):
            token = doc[i]
            if not (token.is_title or token.is_upper) or token.is_punct:
                break
            if token.text in self.lex.army_branch_heads:
                end = i + 1
        if end > cand.end:
            cand.end, cand.head, cand.kind = end, end - 1, "army_branch"

    def _name_word_candidates(self, doc: Doc) -> list[Candidate]:
        """``the Azov brigade``, ``the Wagner assault detachment``, ``the Sever group of forces``.

        Distinctive names (``name_words``) before a generic noun in any case.
        """
        lex, found = self.lex, []
        for match_id, start, end in self.name_matcher(doc):
            i = end
            while i < len(doc) and i - end < 2 and doc[i].lower_ in lex.name_word_modifiers:
                i += 1
            if i >= len(doc) or doc[i].lower_ not in lex.generic_heads:
                continue
            stop = i + 1
            if doc[i].lower_ == "group" and [t.lower_ for t in doc[stop : stop + 2]] == [
                "of",
                "forces",
            ]:
                stop += 2
            country = lex.name_words[self._strings[match_id]]
            found.append(Candidate(start, stop, "name_word", i, country))
        return found

    def _pattern_candidates(self, doc: Doc, compounds: set[int]) -> list[Candidate]:
        """Candidates around each unit noun (the anchors), by the patterns that fit it."""
        lex, found = self.lex, []
        anchors = self.anchor_ids
        for i, token in enumerate(doc):
            key = token.lower
            if key in compounds:
                found.append(self._german(doc, i))
                continue
            if key not in anchors:
                continue
            text = token.text
            if text in lex.romance_heads:
                found.append(self._romance(doc, i))
                continue
            french = self._french(doc, i) if text in lex.french_heads else None
            if french is not None:
                found.append(french)
                continue
            found.append(self._country_service(doc, i))
            if text in lex.head_class:
                found.append(self._english(doc, i))
            elif i > 0 and numeric_ordinal(doc[i - 1].text):
                if token.lower_ in lex.lowercase_after_ordinal:
                    found.append(Candidate(i - 1, i + 1, "ordinal", i))
            elif token.lower_ in lex.lowercase_named_heads and token.is_lower:
                found.append(self._lowercase_named(doc, i))
        return [c for c in found if c is not None]

    def _country_service(self, doc: Doc, end: int) -> Candidate | None:
        """``Republic of Korea Army``, ``Royal Australian Navy``: a country's full name (or
        Royal and its demonym) before the name of one of its services."""
        for service in self.lex.country_services:
            start = end - len(service) + 1
            if start < 1 or tuple(t.text for t in doc[start : end + 1]) != service:
                continue
            for size in (2, 1):  # Royal + demonym or country
                first = start - size - 1
                if first >= 0 and doc[first].text == "Royal":
                    text = doc[first + 1 : start].text
                    code = _demonym_code(text) or _country_code(text)
                    if code:
                        return Candidate(first, end + 1, "service", end, code)
            for size in (5, 4, 3, 2, 1):
                first = start - size
                if first < 0 or doc[first].lower_ in self.lex.leading_drop:
                    continue
                text = doc[first:start].text
                if text.replace(".", "").isupper() or doc[first].is_space:
                    continue  # "US Army", "UK": abbreviations are not the service's name
                code = _country_code(text)
                if code:
                    return Candidate(first, end + 1, "service", end, code)
        return None

    def _lowercase_named(self, doc: Doc, head: int) -> Candidate | None:
        """``the Sheikh Mansur battalion``: capitalised words before a lowercase formation noun."""
        lex = self.lex
        i = head
        while i > 0 and head - i < 2 and doc[i - 1].lower_ in lex.name_word_modifiers:
            i -= 1
        end_of_name = i
        while i > 0 and end_of_name - i < 3 and doc[i - 1].is_title:
            if doc[i - 1].lower_ in lex.leading_drop:
                break
            i -= 1
        if i == end_of_name:
            return None
        lo, _ = sentence_bounds(doc, i, head)
        cand = Candidate(i, head + 1, "lowercase_named", head)
        self._drop_generic_first_word(doc, cand, lo)
        name = doc[cand.start : end_of_name]
        if not len(name) or _country_prefix(doc, cand.start, end_of_name) == len(name):
            return None  # "the British battalion": whose, not which
        if all(t.lower_ in lex.military_name_words for t in name):
            return None  # "a Marine battalion"
        if name.text.replace("’", "'") in lex.gazetteer:
            return None  # "the Black Watch regiment": the name is known without the noun
        return cand

    def _german(self, doc: Doc, i: int) -> Candidate | None:
        """``Gebirgsjägerbrigade 23``, ``Panzerdivision``: a German military stem, then a
        formation word, with or without a number."""
        if not doc[i].is_title:
            return None  # a word in the middle of a sentence, not a unit's name
        nxt = doc[i + 1] if i + 1 < len(doc) else None
        if nxt is not None and nxt.text.isdigit():
            return Candidate(i, i + 2, "foreign", i)
        return Candidate(i, i + 1, "foreign", i)

    def _french(self, doc: Doc, head: int) -> Candidate | None:
        """``1er Régiment de Chasseurs Parachutistes``, ``13e Demi-Brigade de Légion Étrangère``."""
        lex = self.lex
        start = head - 1
        if start >= 2 and doc[start].text == "-" and doc[start - 1].lower_ == "demi":
            start -= 2
        if start < 0 or not lex.french_ordinal.match(doc[start].text):
            return None
        end = head + 1
        i = end
        while i < len(doc) and i - head <= 8:
            token = doc[i]
            lowered = token.lower_
            if lowered in lex.french_connectors or lowered.startswith(("d'", "d’", "l'", "l’")):
                i += 1
                if lowered not in lex.french_connectors:
                    end = i
                continue
            if token.is_title or lowered in lex.french_words:
                i += 1
                end = i
                continue
            break
        return Candidate(start, end, "foreign", head)

    def _romance(self, doc: Doc, head: int) -> Candidate | None:
        """``Brigata Folgore``, ``Brigada Paracaidista``: the head, then the name's words."""
        lex = self.lex
        end = head + 1
        i = end
        while i < len(doc) and i - head <= 5:
            token = doc[i]
            if token.is_title or token.lower_ in lex.romance_words:
                i += 1
                if token.is_title or token.lower_ not in ("de", "di", "del", "della", "dei", "la"):
                    end = i
                continue
            break
        return Candidate(head, end, "foreign", head) if end > head + 1 else None

    def _english(self, doc: Doc, head: int) -> Candidate | None:
        """A name ending in a unit noun: the name words, an ordinal or number, an of-phrase."""
        lex = self.lex
        lo, _ = sentence_bounds(doc, head, head + 1)
        start, kind = self._name_start(doc, head, lo)
        if kind == "cardinal" and doc[head].text not in lex.cardinal_heads:
            start, kind = start + 1, "named"  # "200 Royal Marines": a head count, not a name
        cand = Candidate(start, head + 1, kind, head)
        if kind == "named":
            self._check_possessives(doc, cand)
            self._drop_generic_first_word(doc, cand, lo)
            self._strip_demonyms(doc, cand)
        if cand.start > 0 and doc[cand.start - 1].text in POSSESSIVES and not cand.owner:
            cand.owner = _owner_text(doc, cand.start - 1)
        nxt = _skip_wraps(doc, head + 1)
        after = doc[nxt] if nxt < len(doc) else None
        if kind == "named" and after is not None:
            if after.text.isdigit() and self._numbered(doc, cand):
                cand.end, cand.kind = nxt + 1, "numbered"
                return cand
            if after.lower_ == "of":
                self._of_tail(doc, cand, nxt + 1)
        if cand.start == head and cand.end == head + 1:
            return None  # a unit noun alone
        cand.royal = any(t.lower_ in lex.royal_words for t in doc[cand.start : head])
        return cand

    def _numbered(self, doc: Doc, cand: Candidate) -> bool:
        """``Brigade 155``, ``Unit 731``, ``Task Force 121``: the noun, then its number."""
        head = doc[cand.head].text
        if head not in self.lex.numbered_heads:
            return False
        if head == "Force":
            return doc[cand.start : cand.head].text == "Task"
        if cand.demonym_only:  # "Iraqi Brigade 604"
            cand.start, cand.demonym_only = cand.head, False
        return cand.start == cand.head

    def _name_start(self, doc: Doc, head: int, lo: int) -> tuple[int, str]:
        """Walk left from the unit noun over the name: title-case words, a royal ``of`` or
        possessive, hyphens; an ordinal or a number ends the walk."""
        lex = self.lex
        i = head
        while i > lo and head - i < MAX_NAME_TOKENS:
            token = doc[i - 1]
            text = token.text
            if is_wrap(token):
                if i - 1 > lo and _name_like(doc[i - 2], lex):
                    i -= 1
                    continue
                break
            if numeric_ordinal(text):
                return i - 1, "ordinal"
            if text in lex.ordinal_words:
                return i - 1, "word_ordinal"
            if text.isdigit() and len(text) <= 3:
                return i - 1, "cardinal"
            if token.is_title and token.lower_ not in lex.leading_drop | HEADLINE_WORDS:
                i -= 1
                continue
            previous = doc[i - 2] if i - 2 >= lo else None
            if previous is None:
                break
            if text == "-" and previous.lower_ in ARABIC_ARTICLES and doc[i].is_title:
                i -= 2  # al-Ghadeer Brigade
                continue
            if not previous.is_title:
                break
            if text in POSSESSIVES or (text == "-" and doc[i].is_title):
                i -= 1
                continue
            if token.lower_ == "of" and previous.text in lex.royal_titles:
                i -= 1
                continue
            break
        while i < head and doc[i].is_space:
            i += 1
        return i, "named"

    def _check_possessives(self, doc: Doc, cand: Candidate) -> None:
        """Keep ``Queen's`` and ``People's`` in a name; cut ``Britain's`` off it."""
        lex = self.lex
        royal_chain = doc[cand.start].text in lex.royal_titles
        for p in range(cand.head - 1, cand.start, -1):
            if doc[p].text not in POSSESSIVES:
                continue
            if royal_chain or doc[p - 1].text in lex.possessor_names:
                continue
            cand.owner = _owner_text(doc, p)
            cand.start = p + 1
            return
        while cand.start < cand.head and doc[cand.start].text in ("-", *POSSESSIVES):
            cand.start += 1

    def _drop_generic_first_word(self, doc: Doc, cand: Candidate, lo: int) -> None:
        """``Army Corps`` at the start of a sentence: the capital proves nothing."""
        if cand.start == lo and doc[cand.start].lower_ in self.lex.sentence_initial_generic:
            cand.start += 1

    def _strip_demonyms(self, doc: Doc, cand: Candidate) -> None:
        """``Russian Storm Corps`` -> ``Storm Corps`` (whose unit, not its name).

        When nothing but the demonym is left (``British Army``), the name stays whole and is
        marked: it says whose forces, not which formation.
        """
        while cand.start < cand.head:
            size = _country_prefix(doc, cand.start, cand.head)
            if not size:
                return
            cand.country = _place_code(doc[cand.start : cand.start + size].text)
            if cand.start + size >= cand.head:
                cand.demonym_only = True
                return
            cand.start += size

    def _of_tail(self, doc: Doc, cand: Candidate, i: int) -> None:
        """``Corps of Royal Engineers``, ``Royal Regiment of Scotland``, ``Brigade of Gurkhas``."""
        end = None
        used_and = False
        while i < len(doc) and i - cand.head <= 8:
            token = doc[i]
            if is_wrap(token):
                i += 1
                continue
            if token.is_title and not token.is_punct:
                i += 1
                end = i
                continue
            if token.lower_ == "and" and end is not None and not used_and:
                used_and = True
                i += 1
                continue
            break
        if end is not None:
            cand.end = end

    # -- evidence -------------------------------------------------------------------------

    def _not_unit_tokens(self, doc: Doc) -> set[int]:
        return {i for _, start, end in self.not_units(doc) for i in range(start, end)}

    def _accept(self, doc: Doc, cand: Candidate, blocked: set[int]) -> bool:
        lex = self.lex
        lo, hi = sentence_bounds(doc, cand.start, cand.end)
        context = [t for t in doc[lo:hi] if not cand.start <= t.i < cand.end]
        military = any(t.lower_ in lex.military_context_words for t in context)
        negative = self._negative_contexts(context)
        after = _skip_wraps(doc, cand.end)
        follows = doc[after] if after < len(doc) else None
        if follows is not None and follows.text in lex.following_org_words:
            return False
        if cand.kind == "named" and follows is not None and self._name_goes_on(follows):
            return False  # "Texas Rangers Stealth Patrol Car": the name is longer than this
        if follows is not None and follows.lower_ in lex.military_context_words:
            military, negative = True, set()  # "SAS soldier", "Golani troops": decisive
        if cand.kind == "gazetteer":
            if cand.entry in lex.needs_evidence:
                return military and not negative
            return military or not (negative & lex.hard_negative)
        if cand.kind in ("name_word", "foreign", "army_branch", "service"):
            return not (negative & lex.hard_negative)
        if cand.head in blocked or cand.owner.lower() in lex.paramilitary_owners:
            return False
        if " ".join(doc[cand.start : cand.end].text.split()).lower() in self.not_unit_texts:
            return False
        name = [t.lower_ for t in doc[cand.start : cand.end] if t.i != cand.head]
        if any(word in lex.non_military_name_words for word in name):
            return False
        in_name = any(word in lex.military_name_words for word in name)
        return self._enough(doc, cand, military, bool(negative), in_name)

    def _name_goes_on(self, token: Token) -> bool:
        """A capitalised word right after the unit noun, not another unit's start."""
        return (
            token.is_title
            and token.text not in self.lex.head_class
            and token.text not in self.lex.ordinal_words
        )

    def _enough(
        self, doc: Doc, cand: Candidate, military: bool, negative: bool, in_name: bool
    ) -> bool:
        """Whether the evidence suffices for this kind of candidate and unit noun."""
        lex = self.lex
        head = doc[cand.head].text
        head_class = lex.head_class.get(head, "formation")
        plain_name = cand.head - cand.start > 1 and not in_name
        if cand.kind == "ordinal":
            if head_class != "formation" and plain_name:  # "1st Appearance H.A.R.D. Corps"
                return military and not negative
            return not (negative and head_class == "strict" and not (in_name or military))
        if cand.kind == "cardinal":
            if cand.head - cand.start == 1 and head not in lex.bare_cardinal_heads:
                return False  # "46 Division I teams": a count, unless "42 Commando"
            return military or not negative
        if cand.kind == "numbered":
            number = int(doc[cand.end - 1].text)
            if head == "Unit":
                return military and not negative and number >= 100
            return military or not negative
        if cand.kind == "word_ordinal":
            if head in lex.ordinal_word_heads or in_name:
                return military or not negative
            return military and not negative
        if cand.kind == "lowercase_named":
            return military and not negative
        if head == "District":  # "Leningrad Military District", not a court's or a school's
            return doc[cand.head - 1].text == "Military" and not negative
        if cand.demonym_only:
            return False
        if head_class == "formation":
            return military or in_name or cand.royal or not negative
        if head_class == "weak":
            return (military or in_name or cand.royal) and not negative
        return in_name and not negative

    def _negative_contexts(self, tokens: Iterable[Token]) -> set[str]:
        lex, found = self.lex, set()
        tokens = list(tokens)
        for k, token in enumerate(tokens):
            lowered = token.lower_
            category = lex.negative_context.get(lowered)
            if category is None:
                continue
            if lowered in lex.lowercase_only and token.text != lowered:
                continue
            if lowered == "court" and k + 1 < len(tokens) and "martial" in tokens[k + 1].lower_:
                continue
            found.add(category)
        return found


def _phrase_matcher(nlp: Language, names: Iterable[str]) -> PhraseMatcher:
    """One key per name (so a match says which), straight and curly apostrophes alike."""
    matcher = PhraseMatcher(nlp.vocab)
    for name in names:
        forms = {name, name.replace("'", "’")}
        matcher.add(name, list(nlp.tokenizer.pipe(sorted(forms))))
    return matcher


def _owner_text(doc: Doc, possessive: int) -> str:
    """The words before a possessive: ``the Provisional IRA's`` -> ``Provisional IRA``."""
    start = possessive
    while start > 0 and possessive - start < 3 and not doc[start - 1].is_punct:
        if doc[start - 1].lower_ in ("the", "a", "an"):
            break
        start -= 1
    return doc[start:possessive].text


def _country_prefix(doc: Doc, start: int, stop: int) -> int:
    """How many tokens from ``start`` name a country or its people (``North Korean``), or 0."""
    for size in (3, 2, 1):
        if start + size > stop:
            continue
        if _place_code(doc[start : start + size].text, strict=True):
            return size
    return 0


@lru_cache(maxsize=16384)
def _place_code(text: str, strict: bool = False) -> str | None:
    """The ISO code of a country, its people, or (unless ``strict``) its capital or metonym.

    Looked up with the country gazetteer (``resolve``), out of context; cached.

    >>> _place_code("North Korean"), _place_code("Moscow"), _place_code("Moscow", strict=True)
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


def _demonym_code(text: str) -> str | None:
    place = places().resolve(text, "NORP") if text[:1].isupper() else None
    return place.code if place is not None and "demonym" in place.kind else None


@lru_cache(maxsize=4096)
def _country_code(text: str) -> str | None:
    """The code of a country named in full (``Republic of Korea``), not by its people."""
    place = places().resolve(text, "GPE") if text[:1].isupper() else None
    return place.code if place is not None and "country" in place.kind else None


def _merge_adjacent(doc: Doc, candidates: list[Candidate]) -> list[Span]:
    """Longest spans win; spans that touch become one (``1st Battalion 9th Marines``).

    A span's country is the one its candidates found (a gazetteer entry, a name word, a
    demonym cut off its front), else the gazetteer's for its text.
    """
    countries: dict[tuple[int, int], str] = {}
    for cand in candidates:
        if cand.country:
            countries.setdefault((cand.start, cand.end), cand.country)
    bounds = [
        (s.start, s.end) for s in filter_spans([Span(doc, c.start, c.end) for c in candidates])
    ]
    merged: list[tuple[int, int, str | None]] = []
    for start, end in sorted(bounds):
        country = countries.get((start, end)) or _gazetteer_country(doc[start:end].text)
        if merged and merged[-1][1] == start:
            first_start, _, first_country = merged.pop()
            start, country = first_start, first_country or country
        merged.append((start, end, country))
    return [_labelled(doc, start, end, country) for start, end, country in merged]


def _gazetteer_country(text: str) -> str | None:
    return lexicon().gazetteer.get(text.replace("’", "'"))


def _labelled(doc: Doc, start: int, end: int, country: str | None) -> Span:
    span = Span(doc, start, end, label=LABEL)
    span._.canonical = span.text
    span._.country_code = country
    return span


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


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
    [('Golani Brigade', 'IL'), ('150th Motorized Rifle Division', 'RU')]
    """

    def __init__(self) -> None:
        self.words = lexicon().affiliation

    def __call__(self, doc: Doc) -> Doc:
        units = [e for e in doc.ents if e.label_ == LABEL]
        if not units:
            return doc
        for unit in units:
            code = self.stated_country(doc, unit, units)
            if code:
                unit._.country_code = code
        # The same unit elsewhere in the text has the same state.
        known: dict[str, str] = {}
        for unit in units:
            if unit._.country_code:
                known.setdefault(unit.text, unit._.country_code)
        for unit in units:
            if not unit._.country_code and unit.text in known:
                unit._.country_code = known[unit.text]
        return doc

    def stated_country(self, doc: Doc, unit: Span, units: list[Span]) -> str | None:
        """The state the sentence gives the unit: to its left, or ``of <country>`` after it."""
        lo, hi = sentence_bounds(doc, unit.start, unit.end)
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
        direct = _country_ending_at(doc, i, lo, strict=True)
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
        return _country_ending_at(doc, j, lo, strict=False)

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
            return _country_ending_at(doc, j - 1, lo, strict=False)
        return _country_ending_at(doc, j, lo, strict=True)

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
            code = _place_code(doc[i : i + size].text, strict=True)
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


def _country_ending_at(doc: Doc, end: int, lo: int, strict: bool) -> str | None:
    """The country named by the 1-3 tokens just before ``end``, or None."""
    for size in (3, 2, 1):
        start = end - size
        if start < lo:
            continue
        code = _place_code(doc[start:end].text, strict=strict)
        if code:
            return code
    return None
