"""What a person's name looks like: word lists and token tests, no spaCy pipeline.

The lists are curated data (``pipeline/resources``): ``person_names.json`` (first names,
surnames, common English words; compiled by ``bench/build_name_lists.py``),
``not_people.json`` (products, companies, teams, works and words spaCy takes for names)
and ``person_titles.txt``.

>>> name_token("O’Brien"), name_token("Clark-Lynn"), name_token("al-Assad"), name_token("6-4")
(True, True, True, False)
>>> name_token("W."), name_token("van"), name_token("devs"), name_token("AdWords")
(True, True, False, True)
>>> camel_case("AdWords"), camel_case("McCain"), camel_case("DeShawn"), camel_case("iPhone")
(True, False, False, True)
>>> is_common("record"), is_common("cook"), is_common("obama")
(True, False, False)
"""

from __future__ import annotations

import re
from functools import cache
from hashlib import blake2b

from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc

from pipeline.resources import load_json, load_lines

# Lower-case words a name holds between its parts ("Barry van Wyk", "Amir bin al-As").
PARTICLES = frozenset(
    [
        "de",
        "da",
        "di",
        "del",
        "della",
        "der",
        "den",
        "van",
        "von",
        "la",
        "le",
        "du",
        "dos",
        "das",
        "bin",
        "ibn",
        "al",
        "el",
        "ben",
        "y",
        "arap",
        "zu",
        "ter",
        "ten",
        "st.",
        "st",
    ]
)
SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# A possessive's ending as the tokenizer splits it off: "Sam's", "Sam’s".
POSSESSIVE_S = frozenset({"'s", "’s"})
POSSESSIVES = POSSESSIVE_S | {"'", "’"}
CONTRACTIONS = frozenset({"n't", "n’t"})
_INITIALS = re.compile(r"(?:[A-Z]\.)+(?:[A-Z])?|[A-Z]")
_PARTICLE_PREFIX = re.compile(r"(?:al|el|bin|ibn|ben|abu|ul|ud|ad|as|ash|at)[-‐]\w")
# Inner capitals a name may have: McCain, MacArthur, O'Brien, DeShawn, LeBron, DiCaprio.
_NAME_INNER_CAPS = re.compile(r"^(?:Mc|Mac|O['’]|D['’]|De|Di|Da|Du|La|Le|Van|Von|Fitz)[A-Z]")


@cache
def _lists() -> dict[str, frozenset[str]]:
    names = load_json("person_names.json")
    curated = load_json("not_people.json")
    return {
        "first": frozenset(names["first_names"]),
        "surnames": frozenset(names["surnames"]),
        "common": frozenset(names["common_words"]),
        "common_names": frozenset(names.get("common_names", ())),
        "drop": frozenset(curated["drop"]),
        "prefixes": frozenset(curated["prefixes"]),
        "trailing": frozenset(curated["trailing"]),
        "function": frozenset(curated["function_words"]),
        "imperatives": frozenset(curated.get("imperatives", ())),
        "compound_heads": frozenset(curated.get("compound_heads", ())),
        "titles": frozenset(load_lines("person_titles.txt")),
    }


@cache
def relabels() -> dict[str, str]:
    """Exact text -> label for names that are products, companies, teams or works."""
    return dict(load_json("not_people.json")["relabel"])


def known_label(text: str) -> str | None:
    """The label ``text`` gets when it is a known product, company, team or work, else None.

    >>> known_label("Twitter"), known_label("MacBook Pro"), known_label("Browns")
    ('ORG', 'PRODUCT', 'ORG')
    >>> known_label("JavaScript"), known_label("Javascript"), known_label("Mitt Romney")
    ('PRODUCT', 'PRODUCT', None)

    A name with a capital inside it matches in any case too (``Youtube`` for ``YouTube``,
    ``GOLDMAN SACHS`` in a headline), as a lower-case key does.

    >>> known_label("Youtube"), known_label("YOUTUBE")
    ('ORG', 'ORG')
    """
    table = relabels()
    lower = text.lower()
    return table.get(text) or table.get(lower) or _camel_keys().get(lower)


@cache
def _camel_keys() -> dict[str, str]:
    """The relabel table's names with a capital inside (``YouTube``, ``Goldman Sachs``), by
    their lower case."""
    return {name.lower(): label for name, label in relabels().items() if camel_case(name)}


def institution_label(word: str) -> str | None:
    """The label of a span ending in ``word`` when it names an organisation or a facility
    (``Hospital`` -> ORG, ``Airport`` -> FAC), else None."""
    return load_json("not_people.json")["institution_words"].get(word)


def institution_head(word: str) -> bool:
    """Whether ``word`` opens an institution's name in another language than English
    (``Universitaet Bielefeld``, ``Banco do Brasil``; round 26): no one's name starts so.

    >>> institution_head("Banco"), institution_head("Bank"), institution_head("Robert")
    (True, False, False)
    """
    return word in _institution_heads()


@cache
def _institution_heads() -> frozenset[str]:
    return frozenset(load_json("not_people.json")["institution_heads"])


def in_list(kind: str, word: str) -> bool:
    return word in _lists()[kind]


def is_first_name(word: str) -> bool:
    return word in _lists()["first"] or word.title() in _lists()["first"]


@cache
def _given() -> frozenset[str]:
    return frozenset(load_json("given_names.json")["names"])


def is_given_name(word: str) -> bool:
    """A given name of the lists or of the census lists Faker's miss (``given_names.json``:
    ``Rob``, ``Chuck``, ``Miles``, ``Dudley``; round 10).

    >>> is_given_name("Rob"), is_given_name("Robert"), is_first_name("Rob"), is_given_name("Rope")
    (True, True, False, False)
    """
    return is_first_name(word) or word in _given() or word.title() in _given()


def is_surname(word: str) -> bool:
    return word in _lists()["surnames"] or word.title() in _lists()["surnames"]


def is_name_word(word: str) -> bool:
    """A first name or surname the lists know."""
    return is_first_name(word) or is_surname(word)


def is_common(word: str) -> bool:
    """A common English word that is no name the lists know (``record``, not ``cook``)."""
    return word.lower() in _lists()["common"] and not is_name_word(word)


def compound_head(word: str) -> bool:
    """A lower-case word that makes a modifier of the name before its hyphen (``-who``,
    ``-led``, ``-era``, ``-owned``, ``-winning``), not a part of a hyphenated name
    (``Suk-yeol``, ``Jong-un``)."""
    if not word.islower():
        return False
    if word in _lists()["compound_heads"]:
        return True
    return len(word) >= 5 and word.endswith(("ed", "ing")) and is_word(word)


def is_word(word: str) -> bool:
    """A common English word, a name's or not (``record``, ``cook``; not ``obama``)."""
    lower = word.lower()
    return lower in _lists()["common"] or lower in _lists()["common_names"]


@cache
def _well_known() -> frozenset[str]:
    return frozenset(load_json("well_known_words.json")["words"])


def is_well_known(word: str) -> bool:
    """A frequent word no dictionary or name list holds (``Obama``, ``Putin``): a reader
    knows who or what it is (``well_known_words.json``)."""
    return word.lower() in _well_known()


def is_title(word: str) -> bool:
    """A title or office said before a name (``President``, ``Dr.``)."""
    return word.lower().rstrip(".") in _lists()["titles"]


# An office not yet (or no longer) held, written after its title with a hyphen, which the
# tokenizer splits off: "President-elect Trump", "Prime Minister-designate".
_TITLE_SUFFIXES = ("elect", "designate")


def title_before(doc: Doc, start: int) -> bool:
    """Whether a title ends right before token ``start`` (``President``, ``Dr.``,
    ``President-elect``).

    >>> import spacy
    >>> doc = spacy.blank("en")("President-elect Trump met Dr. Lee.")
    >>> title_before(doc, 3), title_before(doc, 6), title_before(doc, 4)
    (True, True, False)
    """
    if start > 0 and is_title(doc[start - 1].text):
        return True
    return (
        start > 2
        and doc[start - 1].lower_ in _TITLE_SUFFIXES
        and doc[start - 2].text in ("-", "‐")
        and is_title(doc[start - 3].text)
    )


def is_prefix(word: str) -> bool:
    """A job abbreviation before a name (``DL Myles Garrett``), in capitals as written."""
    return word in _lists()["prefixes"]


def camel_case(word: str) -> bool:
    """A capital inside a word, as products write it (``AdWords``, ``iPhone``), not a name's."""
    inner = any(c.isupper() for c in word[1:]) and not word.isupper()
    return inner and not _NAME_INNER_CAPS.match(word) and "-" not in word


def is_initial(word: str) -> bool:
    """A given name's initial: one letter and its full stop (``W.``).

    >>> is_initial("W."), is_initial("W"), is_initial("Wm.")
    (True, False, False)
    """
    return word.endswith(".") and len(word.rstrip(".")) == 1


def name_token(text: str) -> bool:
    """Whether a token may be part of a person's name: a capitalised word (``O’Brien``,
    ``Clark-Lynn``), an initial (``W.``), a particle (``van``) or a suffix (``Jr.``)."""
    lower = text.lower()
    if lower in PARTICLES or lower in SUFFIXES or _INITIALS.fullmatch(text):
        return True
    if _PARTICLE_PREFIX.match(text):
        return True
    if not text[:1].isupper() or not text[:1].isalpha():
        return False
    return all(c.isalpha() or c in "'’-‐." for c in text)


def one_line(text: str) -> str:
    r"""A name as one line: a hard-wrapped text's line break inside it made a space
    (``Securities and Exchange\nCommission`` groups with the name written on one line).

    >>> one_line("Securities and Exchange\nCommission"), one_line("Alan Greenspan")
    ('Securities and Exchange Commission', 'Alan Greenspan')
    """
    return " ".join(text.split()) if "\n" in text or "  " in text else text


def name_parts(name: str) -> list[str]:
    """A name's words, apostrophes made straight."""
    return name.replace("’", "'").split()


def entity_id(label: str, canonical: str) -> str:
    """A stable id of the entity ``canonical`` with ``label``: the same in every chunk and
    every run (the label in lower case, ``-`` and 12 hex digits of a hash).

    >>> entity_id("PERSON", "Barack Obama") == entity_id("PERSON", "Barack Obama")
    True
    >>> entity_id("PERSON", "Barack Obama") != entity_id("ORG", "Barack Obama")
    True
    >>> entity_id("PERSON", "Barack Obama")
    'person-...'
    """
    digest = blake2b(f"{label}\x1f{canonical}".encode(), digest_size=6).hexdigest()
    return f"{label.lower()}-{digest}"


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter changed, added or left out (rapidfuzz's
    Levenshtein distance, stopped at 2).

    >>> one_edit("Schantz", "Schanz"), one_edit("Schanz", "Schantz"), one_edit("Lau", "Law")
    (True, True, True)
    >>> one_edit("Schantz", "Schantz"), one_edit("Schantz", "Scharitz")
    (False, False)
    """
    return Levenshtein.distance(a, b, score_cutoff=1) == 1


def plural_of_common(word: str) -> bool:
    """Whether ``word`` is the plural of a common word and no name: a menu's ``Tools``, a
    section's ``Dramas`` (read on the typographic corpus: 13 such one-word "people", none a
    person). Surnames such as ``Woods`` or ``Brooks`` are name words, so not common.

    >>> plural_of_common("Tools"), plural_of_common("Templates"), plural_of_common("Brooks")
    (True, True, False)
    """
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith("ss")
        and is_common(word)
        and is_common(word[:-1])
    )
