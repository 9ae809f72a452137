"""Words of a text with their offsets, and what the background of ordinary news says of
each: how common it is (document frequency), how often it is a noun or an adjective, its
singular; and so the class a key phrase reads for each word (:func:`word_classes`).
Learned by ``scripts/learn_phrase_background.py`` from Reuters-21578 into
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
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import NamedTuple

from pipeline.resources import load_json, load_lines

# A word (letters or digits, inner hyphens and apostrophes) without a possessive 's, or one
# punctuation mark that ends a phrase.
_WORD = r"[^\W_](?:[^\W_]|[-'’.&](?=[^\W_]))*"
_TOKEN = re.compile(rf"{_WORD}(?=['’][sS]\b)|{_WORD}|['’][sS]\b|[^\w\s]")
# The same but for the possessive: a word is matched once, not again after backtracking
# through it in search of an 's; :func:`words` asks _TOKEN only about words with an apostrophe.
# Its word is _WORD written as runs of letters and digits joined by one mark each: the same
# matches, found faster (a run of one character class is one step of the regex engine, not
# one alternative a character).
_PLAIN = re.compile(r"[^\W_]+(?:[-'’.&][^\W_]+)*|['’][sS]\b|[^\w\s]")
BACKGROUND_FILE = "phrase_background.json"

# An adjective in fewer than e**RARE stories of ordinary news (about 20) is a rare one.
RARE = 3.0
# A phrase of words each in this share of ordinary news stories or more is no tag ("mln",
# "dlrs", "company", "year", "mln dlrs": each in a fifth to a half of Reuters' stories),
# though such a word may end a longer one ("oil company").
COMMON = 0.2


def lowered(text: str) -> str:
    """A word as the word lists hold it: lower case, a curly apostrophe straight.

    >>> lowered("Don’t")
    "don't"
    """
    return text.lower().replace("’", "'")


class Word(NamedTuple):
    """A word or punctuation mark and its offsets (a tuple: an article has thousands)."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return lowered(self.text)

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()


def words(text: str) -> list[Word]:
    """The words and punctuation marks of ``text`` with their character offsets (the
    tokens of ``_TOKEN.finditer(text)``, found faster)."""
    new = tuple.__new__  # Word(...) without NamedTuple's keyword-handling constructor
    found: list[Word] = []
    position = 0
    while True:
        for match in _PLAIN.finditer(text, position):
            token = match.group()
            if "'" in token or "’" in token:
                possessive = _TOKEN.match(text, match.start())
                if possessive is not None and possessive.end() != match.end():
                    found.append(new(Word, (possessive.group(), *possessive.span())))
                    position = possessive.end()  # the 's and the rest, tokenized afresh
                    break
            found.append(new(Word, (token, *match.span())))
        else:
            return found


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

    def share(self, word: str) -> float:
        """The share of ordinary news stories that use the word (0 for one never seen)."""
        entry = self.table.get(word.lower())
        return entry[0] / self.documents if entry else 0.0

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


@cache
def stopwords() -> frozenset[str]:
    return frozenset(w for line in load_lines("phrase_stopwords.txt") for w in line.split())


_CONTRACTED = frozenset({"ve", "d", "ll", "re", "m", "t"})


@lru_cache(maxsize=1 << 17)
def _text_classes(text: str, bg: Background) -> tuple[bool, str, bool, bool, bool]:
    """What a word's text alone says (cached: news repeats its words): whether it is never
    part of a phrase, its class when its capital says nothing; whether it begins with a
    capital, ends a sentence, begins with a letter or digit (for :func:`word_classes`)."""
    return (
        *_plain_class(text, bg),
        text[0].isupper(),
        text in '.!?:"“”',
        text[0].isalnum(),
    )


def _plain_class(text: str, bg: Background) -> tuple[bool, str]:
    """Whether a word is never part of a phrase, and its class when its capital says
    nothing."""
    lower = lowered(text)
    if not text[0].isalnum() or lower in stopwords() or not any(c.isalpha() for c in lower):
        return True, "X"
    if lower[0].isdigit() or ("." in text and text.rpartition(".")[2].islower()):
        return True, "X"  # amounts (40bn), web addresses (bloomberg.net); U.S. stays
    if lower.rpartition("'")[2] in _CONTRACTED:
        return True, "X"  # I've, he'd, don't, we're
    noun, adjective = bg.noun_share(lower), bg.adjective_share(lower)
    if noun is None or adjective is None:
        if text[0].isupper():
            return False, "N"
        return False, "X" if lower.endswith(("ly", "ed")) else "N"
    if noun >= 0.5:
        return False, "N"
    if adjective >= 0.5:
        return False, "A"
    return False, "X"


# Numbers as a wire writes the small ones in its tables ("Oper shr loss two cts").
_NUMBER_WORDS = frozenset(("nil", "two", "three", "four", "five", "six", "seven", "eight", "nine"))


def line_facts(text: str, field_words: list[Word]) -> tuple[list[bool], list[bool]]:
    """For each word: whether a line ends before it, and whether its line is a table's
    row: two numbers or more (in digits or words) and no stopword (``Shr 20 cts vs 15
    cts``, ``Oper shr loss two cts vs profit seven cts``: prose, even hard-wrapped, has
    its "the", "of", "to"); and a word of ordinary news as a label opening a line
    (``NOTE:``, ``Author:``; an interviewer's ``Zillow:`` is a name).

    >>> text = "Acme said profits rose.\\nShr 20 cts vs 15 cts\\nNOTE: a gain of 5 cts"
    >>> breaks, figures = line_facts(text, words(text))
    >>> [w.text for w, f in zip(words(text), figures) if f]
    ['Shr', '20', 'cts', 'vs', '15', 'cts', 'NOTE']
    >>> [w.text for w, b in zip(words(text), breaks) if b]
    ['Shr', 'NOTE']
    """
    if not field_words:
        return [], []
    starts = [0]  # each line's first word
    newline = text.find("\n")
    for i, word in enumerate(field_words):
        if newline < 0:
            break
        if newline < word.start:
            if i:
                starts.append(i)
            newline = text.find("\n", word.start)
    breaks = [False] * len(field_words)
    figures = [False] * len(field_words)
    for first, end in zip(starts, [*starts[1:], len(field_words)], strict=True):
        breaks[first] = first > 0
        line = field_words[first:end]
        # Prose says a stopword within its first words: the rest of its line is not read.
        prose = any(_row_word(text)[0] for text, _, _ in line)
        if not prose and sum(_row_word(text)[1] for text, _, _ in line) >= 2:
            figures[first:end] = [True] * (end - first)
        elif len(line) > 1 and line[1].text == ":" and background().seen(line[0].text):
            figures[first] = True  # the label only: "NOTE:", "Author:"; not "Zillow:"
    return breaks, figures


@lru_cache(maxsize=1 << 17)
def _row_word(text: str) -> tuple[bool, bool]:
    """Whether a word is a stopword, and whether it is a number in digits or words
    (cached: news repeats its words)."""
    lower = lowered(text)
    return lower in stopwords(), text[0].isdigit() or lower in _NUMBER_WORDS


def word_classes(field_words: list[Word], title_case: bool, bg: Background) -> list[str]:
    """Each word's class: ``N`` (noun or name), ``A`` (adjective) or ``X`` (anything else:
    a phrase ends). A capital says "name" except at a sentence's start and in a title-case
    field (``title_case``); else the word's text decides (:func:`_text_classes`).

    >>> [c for c in word_classes(words("Storm Corps troops were sent."), False, background())]
    ['N', 'N', 'N', 'X', 'X', 'X']
    """
    classes = []
    sentence_start = True
    informative = not title_case
    for text, _, _ in field_words:
        never, plain, capitalised, ends_sentence, alphanumeric = _text_classes(text, bg)
        if never:
            classes.append("X")
        elif informative and not sentence_start and capitalised:
            classes.append("N")
        else:
            classes.append(plain)
        sentence_start = ends_sentence or (sentence_start and not alphanumeric)
    return classes


# What :mod:`pipeline.classify.phrases` asks of each word and key, cached (news repeats
# its words): a phrase's key, whether it is common or generic, how specific it is.


@cache
def generic_words() -> frozenset[str]:
    return frozenset(w for line in load_lines("phrase_generic.txt") for w in line.split())


def key_words(
    field_words: list[Word], classes: list[str]
) -> tuple[Sequence[str], Sequence[bool], Sequence[bool]]:
    """For each word: its part of a phrase's key (its lower-cased singular; "" for a word
    no phrase holds), whether that is a common word of ordinary news (:data:`COMMON`), and
    whether the word alone is no phrase (a generic word, a letter: "w" of "w/")."""
    facts = [
        _key_word(word.text) if c != "X" else _NO_KEY
        for word, c in zip(field_words, classes, strict=True)
    ]
    if not facts:
        return (), (), ()
    singulars, common, no_phrase_alone = zip(*facts, strict=True)
    return singulars, common, no_phrase_alone


_NO_KEY = ("", False, True)  # an "X" word's: background().share("") is 0


@lru_cache(maxsize=1 << 17)
def _key_word(text: str) -> tuple[str, bool, bool]:
    """A word's lower-cased singular, whether it is common, whether it alone is no phrase
    (cached: news repeats its words; from :attr:`Word.lower`)."""
    bg = background()
    lower = lowered(text)
    singular = bg.singular(lower)
    return singular, bg.share(singular) >= COMMON, lower in generic_words() or len(lower) < 2


@lru_cache(maxsize=1 << 16)
def key_specificity(
    key: str, phrase: bool, least_idf: float, rare_adjective: float
) -> tuple[float, int]:
    """How specific a key is (``least_idf`` of :class:`pipeline.classify.phrases.Scoring`;
    a phrase's rare adjectives scaled by ``rare_adjective``) and its number of words
    (cached: news repeats its keys)."""
    facts = [_word_specificity(w) for w in key.split()]
    idfs = [idf for idf, _ in facts]
    specific = (sum(idfs) / len(idfs)) ** (1 - least_idf) * min(idfs) ** least_idf
    if phrase:
        rare_words = sum(rare for _, rare in facts)
        specific *= rare_adjective**rare_words
    return specific, len(facts)


@lru_cache(maxsize=1 << 17)
def _word_specificity(word: str) -> tuple[float, bool]:
    """A key word's idf relative to a word never seen in ordinary news, and whether it is
    an adjective rare there (cached: news repeats its words)."""
    bg = background()
    idf = bg.idf(word)
    rare = (bg.adjective_share(word) or 0.0) >= 0.5 and idf >= bg.max_idf - RARE
    return idf / bg.max_idf, rare
