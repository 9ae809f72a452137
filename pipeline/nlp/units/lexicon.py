"""The word lists of ``pipeline/resources/military_units.json``, and the cheap pre-filter.

:class:`Lexicon` holds every list the unit components read, shaped for fast lookups;
:func:`might_mention_units` says from the raw text alone when no unit can be found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.resources import load_json

_NUMERIC_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")


@dataclass(frozen=True)
class Lexicon:
    """The word lists of ``military_units.json``, as sets for fast membership tests."""

    gazetteer: dict[str, str | None]
    needs_evidence: frozenset[str]
    services: frozenset[str]
    armies: frozenset[str]
    army_branch_heads: frozenset[str]
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
    armed: ServiceWords | None = None  # armed_services.json


@dataclass(frozen=True)
class ServiceWords:
    """The armed-service lists of ``armed_services.json``, shaped for the services finder."""

    # last word, lowercase -> (the service's words lowercased, any case?), longest first
    forms: dict[str, tuple[tuple[tuple[str, ...], bool], ...]]
    state_services: frozenset[tuple[str, ...]]
    subformations: tuple[tuple[str, ...], ...]  # as written, longest first
    prefixes: dict[str, str]
    entries: frozenset[str]
    not_followed_by: frozenset[str]
    before_state: frozenset[str]
    context_words: frozenset[str]
    sport_word_exceptions: dict[str, frozenset[str]]


# The lists read as they are, each under its field's name (from the top level of the
# JSON or its "foreign" part), as frozensets; every other field is shaped in _shaped().
SET_FIELDS = (
    "needs_evidence",
    "services",
    "armies",
    "army_branch_heads",
    "generic_heads",
    "lowercase_named_heads",
    "name_word_modifiers",
    "numbered_heads",
    "cardinal_heads",
    "bare_cardinal_heads",
    "lowercase_after_ordinal",
    "ordinal_words",
    "ordinal_word_heads",
    "french_heads",
    "french_connectors",
    "french_words",
    "romance_heads",
    "romance_words",
    "military_name_words",
    "royal_words",
    "military_context_words",
    "non_military_name_words",
    "hard_negative",
    "lowercase_only",
    "following_org_words",
    "royal_titles",
    "possessor_names",
    "sentence_initial_generic",
    "leading_drop",
)


@cache
def lexicon() -> Lexicon:
    """The unit word lists, read once per process.

    >>> lexicon().gazetteer["Storm Corps"]
    'KP'
    >>> lexicon().head_class["Division"]
    'strict'
    """
    spec = load_json("military_units.json")
    armed = load_json("armed_services.json")
    source = {**spec, **spec["foreign"]}
    plain = {name: frozenset(source[name]) for name in SET_FIELDS}
    shaped = _shaped(spec, source)
    shaped["gazetteer"].update(armed["gazetteer"])
    return Lexicon(**plain, **shaped, armed=_service_words(armed))


# spaCy's English tokens: "People's" -> People 's, "Self-Defense" -> Self - Defense.
_TOKENS = re.compile(r"'s\b|\w+|[^\w\s]")


def words_of(name: str) -> tuple[str, ...]:
    """The tokens of a name as spaCy's English tokenizer splits it.

    >>> words_of("People's Self-Defense Force")
    ('People', "'s", 'Self', '-', 'Defense', 'Force')
    """
    return tuple(_TOKENS.findall(name))


def _service_words(armed: dict[str, Any]) -> ServiceWords:
    forms: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    for any_case, names in ((True, armed["any_case"]), (False, armed["capitalised"])):
        for name in names:
            words = tuple(w.lower() for w in words_of(name))
            forms.setdefault(words[-1], []).append((words, any_case))
    return ServiceWords(
        forms={
            last: tuple(sorted(found, key=lambda f: -len(f[0]))) for last, found in forms.items()
        },
        state_services=frozenset(tuple(n.split()) for n in armed["state_services"]),
        subformations=tuple(sorted(map(words_of, armed["subformations"]), key=lambda w: -len(w))),
        prefixes=dict(armed["prefixes"]),
        entries=frozenset(armed["service_entries"]),
        not_followed_by=frozenset(armed["not_followed_by"]),
        before_state=frozenset(armed["before_state"]),
        context_words=frozenset(armed["service_context_words"]),
        sport_word_exceptions={
            word: frozenset(after) for word, after in armed["sport_word_exceptions"].items()
        },
    )


def _shaped(spec: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """The fields that are not a plain set of the JSON's words."""
    return dict(
        gazetteer=dict(spec["gazetteer"]),
        name_words=dict(spec["name_words"]),
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
def prefilter() -> _Prefilter:
    lex = lexicon()
    anchors = {
        w.lower()
        for w in [
            *lex.head_class,
            *lex.generic_heads,
            *lex.french_heads,
            *lex.romance_heads,
            *lex.lowercase_after_ordinal,
            *(lex.armed.forms if lex.armed else ()),
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
    check = prefilter()
    if not check.anchors.isdisjoint(lowered):
        return True
    if any(is_german_compound(w) for w in lowered):
        return True
    found = [check.names[w] for w in words if w in check.names]
    if not found:
        return False
    compact = "".join(text.split())
    return any(form in compact for forms in found for form in forms)


def numeric_ordinal(text: str) -> bool:
    """``47th``, ``1st``, ``3rd``.

    >>> numeric_ordinal("47th"), numeric_ordinal("47")
    (True, False)
    """
    return bool(_NUMERIC_ORDINAL.match(text))
