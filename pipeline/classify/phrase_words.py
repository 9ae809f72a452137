"""Words of a text with their offsets, and what the background of ordinary news says of
each: how common it is (document frequency), how often it is a noun or an adjective, its
singular. Learned by ``scripts/learn_phrase_background.py`` from Reuters-21578 into
``pipeline/resources/phrase_background.json`` (counts only, no text).

>>> [(w.text, w.start) for w in words("North Korea's troops, the Storm-Corps.")]
... # doctest: +NORMALIZE_WHITESPACE
[('North', 0), ('Korea', 6), ("'s", 11), ('troops', 14), (',', 20), ('the', 22),
 ('Storm-Corps', 26), ('.', 37)]
>>> background().singular("troops"), background().singular("news")
('troop', 'news')
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache

from pipeline.resources import load_json

# A word (letters or digits, inner hyphens and apostrophes) without a possessive 's, or one
# punctuation mark that ends a phrase.
_TOKEN = re.compile(
    r"[^\W_](?:[^\W_]|[-'’.&](?=[^\W_]))*(?=['’][sS]\b)|[^\W_](?:[^\W_]|[-'’.&](?=[^\W_]))*"
    r"|['’][sS]\b|[^\w\s]"
)
BACKGROUND_FILE = "phrase_background.json"


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def words(text: str) -> list[Word]:
    """The words and punctuation marks of ``text`` with their character offsets."""
    return [Word(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def plausible_singular(plural: str, lemma: str) -> bool:
    """Whether the tagger's lemma of a plural noun is its singular by an English rule (it
    lemmatises ``taxes`` as ``taxis``).

    >>> plausible_singular("troops", "troop"), plausible_singular("taxes", "taxis")
    (True, False)
    >>> plausible_singular("boxes", "box"), plausible_singular("uses", "us")
    (True, False)
    """
    if len(lemma) < 3 or lemma == plural:
        return False
    if lemma == plural[:-1]:
        return True
    if plural.endswith("ies"):
        return lemma == plural[:-3] + "y"
    return plural.endswith("es") and lemma == plural[:-2] and lemma.endswith(_SIBILANTS)


_SIBILANTS = ("s", "x", "z", "ch", "sh", "o")


class Background:
    """Document frequencies and parts of speech of words in ordinary news."""

    def __init__(self, data: dict):
        self.documents: int = data["documents"]
        self.table: dict[str, list[int]] = data["words"]  # word -> [df, noun %, adj %]
        self.plurals: dict[str, str] = data["plurals"]
        self.max_idf = math.log(self.documents)

    def idf(self, word: str) -> float:
        """log(N / df): 0 for a word in every document, highest for one never seen."""
        entry = self.table.get(word.lower())
        return math.log(self.documents / entry[0]) if entry else self.max_idf

    def seen(self, word: str) -> bool:
        return word.lower() in self.table

    def noun_share(self, word: str) -> float | None:
        entry = self.table.get(word.lower())
        return entry[1] / 100 if entry else None

    def adjective_share(self, word: str) -> float | None:
        entry = self.table.get(word.lower())
        return entry[2] / 100 if entry else None

    def singular(self, word: str) -> str:
        """The singular of a plural noun (``troops`` -> ``troop``); else the word."""
        lower = word.lower()
        if lower in self.plurals:
            return self.plurals[lower]
        if lower in self.table or len(lower) < 3 or not lower.endswith("s"):
            return lower
        if lower.endswith("ies"):
            return lower[:-3] + "y"
        if lower.endswith(("sses", "shes", "ches", "xes")):
            return lower[:-2]
        if lower.endswith(("ss", "us", "is")):
            return lower
        return lower[:-1]


@cache
def background() -> Background:
    return Background(load_json(BACKGROUND_FILE))
