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
    source = {**spec, **spec["foreign"]}
    plain = {name: frozenset(source[name]) for name in SET_FIELDS}
    return Lexicon(**plain, **_shaped(spec, source))


def _shaped(spec: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """The fields that are not a plain set of the JSON's words."""
    return dict(
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
