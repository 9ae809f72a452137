"""The words that say something about a name, read once per process from
``pipeline/resources/person_evidence.json`` (roles, jobs, months, weekdays, bylines,
scales ...), the token access :mod:`pipeline.nlp.person_evidence` and
:mod:`pipeline.nlp.person_signs` read them with, and a financial table's row label
(:func:`table_row_label`, also read by :mod:`pipeline.nlp.shouted`).

>>> cue("months", "october"), cue("months", "Octopus")
(True, False)
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc

from pipeline.nlp.names import is_name_word, is_word
from pipeline.nlp.sentences import next_solid, starts_line
from pipeline.resources import load_json

# A table row is read this far at most (a long line is no row of figures anyway).
_ROW_TOKENS = 40
# An amount's figure: a thousands comma or a decimal point ("1,250", "15.6").
_AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+\.\d+$")


@cache
def _cues() -> dict[str, frozenset[str]]:
    data = load_json("person_evidence.json")
    return {key: frozenset(value) for key, value in data.items() if not key.startswith("_")}


def cue(kind: str, word: str) -> bool:
    """Whether ``word`` (as given: lower case for most lists) is a cue of ``kind``."""
    return word in _cues()[kind]


def sentence_opener(word: str) -> bool:
    """Whether ``word`` opens a sentence before a comma, as no name does: an adverb of time,
    sequence or stance, a discourse marker (``Yesterday``, ``However``, ``Thanks``), or a
    word in -ly (``Interestingly``).

    >>> [sentence_opener(w) for w in ("Yesterday", "Interestingly", "Derby", "Kelly")]
    [True, True, False, False]
    """
    lower = word.lower()
    if cue("sentence_openers", lower):
        return True
    return lower.endswith("ly") and word[:1].isupper() and word[1:].islower() and _adverb(lower)


def _adverb(lower: str) -> bool:
    """A word in -ly that is an adverb, not a name (``Kelly``, ``Reilly``): its stem is a
    dictionary word ("interesting" + ly, "probable" as "probably")."""
    stem = lower[:-2]
    able = lower.endswith("bly") and is_word(stem + "le")  # "probably", "possibly" (round 20)
    return len(stem) > 3 and (is_word(stem) or is_word(stem[:-1] + "y") or able)


def cues(kind: str) -> frozenset[str]:
    """Every cue word of ``kind``."""
    return _cues()[kind]


def word_at(doc: Doc, i: int) -> str:
    """The lower-case text of ``doc[i]``, or "" outside the doc."""
    return doc[i].lower_ if 0 <= i < len(doc) else ""


def table_row_label(doc: Doc, index: int) -> bool:
    r"""Whether ``doc[index]`` labels a financial table's row: it starts its line, and the
    rest of the line is figures compared or scaled (``Avg shrs 51.7 mln vs 43.4 mln``,
    ``Net 807,000 vs 2,858,000``): two numbers or more, ``vs`` or a scale word, and no
    more other words than numbers. A name in a table of people ("Obama 332 51.1") labels
    no such row.

    >>> import spacy
    >>> doc = spacy.blank("en")("Shr 34 cts vs 1.19 dlrs\nObama 332 51.1\nNet loss 807,000 vs 9")
    >>> [t.text for t in doc if table_row_label(doc, t.i)]
    ['Shr', 'Net']
    """
    if not starts_line(doc, index):
        return False
    numbers = words = figure_words = 0
    for token in doc[index + 1 : index + 1 + _ROW_TOKENS]:
        if "\n" in token.text:
            break
        if token.like_num or token.text.replace(",", "").replace(".", "").isdigit():
            numbers += 1
        elif token.lower_ in ("vs", "vs.") or cue("scales", token.lower_):
            figure_words += 1
        elif token.is_alpha:
            words += 1
        if "\n" in token.text_with_ws:
            break
    return numbers >= 2 and figure_words > 0 and words <= numbers


def after_amount(doc: Doc, start: int) -> bool:
    """Whether ``doc[start]`` is a unit after an amount (``6.28 billion U.S. Dlrs``, ``15.6
    N.Z. Dlrs``): a scale word or a number with a decimal point or a thousands comma just
    before (not a rank or a year: "3 Tom Brady", "in 1987 Reagan"; not over a line break:
    "$29.95\n Herbert Schildt", a book's author under its price).

    >>> import spacy
    >>> doc = spacy.blank("en")("rose to 50 mln Dlrs in 1987 Reagan")
    >>> [t.text for t in doc if after_amount(doc, t.i) and t.text[:1].isupper()]
    ['Dlrs']
    """
    if start == 0:
        return False
    before = doc[start - 1].text
    if cue("scales", before.lower()):
        return True
    return bool(_AMOUNT.match(before))


# What ends the words before an inverted "Said X": a quotation's end or a sentence's.
_BEFORE_INVERSION = frozenset(".!?\"”’'")


def inverted_speech(doc: Doc, start: int, end: int) -> bool:
    r"""Whether ``doc[start]`` is a speech verb said before its speaker, after a quotation on
    the same line (``“... this is not the time.” Said Romney:``): no part of the name. A name
    at a line's start ("Said Jalili: We will ...", a transcript's speaker) stays whole.

    >>> import spacy
    >>> doc = spacy.blank("en")("the law.” Said Romney: “Not now.”\nSaid Jalili: No.")
    >>> inverted_speech(doc, 4, 6), inverted_speech(doc, 13, 15)
    (True, False)
    """
    if end - start < 2 or not doc[start].is_title or not cue("speech", doc[start].lower_):
        return False
    before = start - 1
    return before >= 0 and doc[before].text in _BEFORE_INVERSION and not starts_line(doc, start)


def kind_before(doc: Doc, start: int) -> str | None:
    """The label a "<kind> like X" / "<kind> such as X" before ``doc[start]`` gives X:
    PRODUCT after ``apps``, ``tools``; ORG after ``sites``, ``brands``; else None."""
    i = start - 2
    if word_at(doc, start - 1) == "as" and word_at(doc, i) == "such":
        i -= 1
    if word_at(doc, i) == ",":
        i -= 1
    word = word_at(doc, i)
    if cue("kinds_product", word):
        return "PRODUCT"
    return "ORG" if cue("kinds_org", word) else None


# Words that end an apposition's noun phrase before its head: a preposition, a relative,
# a verb of speech ("Smith, a former executive of the firm": the firm is another's).
_PHRASE_ENDS = frozenset(
    {"of", "at", "for", "in", "with", "from", "to", "on", "by", "who", "which", "that", "said"}
)
# How far an apposition's head may stand from its article: "a New York-based real estate
# investment firm", "a design, engineering and construction firm" (round 23).
_PHRASE_TOKENS = 10
# What may follow the head of such a phrase: its end, or what qualifies it ("a consulting
# firm in Boston", "a firm that makes chips"); not another noun ("the capital city").
_AFTER_HEAD = frozenset({",", ".", ";", ")", "that", "which", "based", "in", "of", "with"})


def legal_end(word: str) -> bool:
    """Whether ``word``, a span's last, is a company's legal term written as one (its first
    letter a capital) that is no name's word (``Co``, ``Inc.``, ``Plc``; not ``Sa``, a
    surname too).

    >>> [legal_end(w) for w in ("Co", "Inc.", "co", "Smith")]
    [True, True, False, False]
    """
    return word[:1].isupper() and cue("legal", word.lower()) and not is_name_word(word)


def company_noun_phrase(doc: Doc, start: int) -> bool:
    """Whether an apposition from ``doc[start]`` is a noun phrase headed by a company's word
    that opens with "a" or "an", the head standing before any preposition, relative or
    speech verb.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("Austin, a design, engineering and construction firm, said")
    >>> company_noun_phrase(doc, 2)
    True
    >>> company_noun_phrase(nlp("Smith, a former executive of the firm, said"), 2)
    False
    >>> company_noun_phrase(nlp("McNair, an Army base nestled inside the capital city"), 2)
    False
    """
    if word_at(doc, start) not in ("a", "an"):
        return False
    for i in range(start + 1, min(start + _PHRASE_TOKENS, len(doc))):
        word = word_at(doc, i)
        if word in _PHRASE_ENDS or word == ".":
            return False
        if cue("company", word) and word_at(doc, next_solid(doc, i + 1)) in _AFTER_HEAD:
            return True
    return False


# How many lower-case words may stand between a firm's part and its determiner or its noun:
# "its lower growth Elizabeth Arden cosmetics business".
_DIVISION_GAP = 3
# The determiners a company's part is named after: "its Germain Monteil unit".
_OWNERS = ("its", "their", "the")


def named_division(doc: Doc, start: int, end: int) -> bool:
    """Whether the name ``doc[start:end]`` names a part a company owns or sells: a possessive
    or definite determiner before it and a division's noun after it, only lower-case words
    between (``its Germain Monteil unit``, ``the Arden business``; round 26). A family's
    business is a person's (``the Kennedy family business``).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> named_division(nlp("sell off its lower growth Elizabeth Arden cosmetics business"), 5, 7)
    True
    >>> named_division(nlp("the Kennedy family business"), 1, 2)
    False
    >>> named_division(nlp("Smith said its business was good"), 0, 1)
    False
    """
    back = start - 1
    while back >= max(0, start - 1 - _DIVISION_GAP) and doc[back].is_lower and doc[back].is_alpha:
        if word_at(doc, back) in _OWNERS:
            break
        back -= 1
    if word_at(doc, back) not in _OWNERS:
        return False
    for i in range(next_solid(doc, end), min(len(doc), end + _DIVISION_GAP)):
        word = word_at(doc, i)
        if cue("divisions", word):
            return True
        if not doc[i].is_lower or cue("family", word):
            return False
    return False


# How many words a bracketed part of a firm's name holds, at most: "(Far East)".
_BRACKET_WORDS = 4


def past_brackets(doc: Doc, i: int) -> int:
    """Where the text goes on after a bracketed part of a name at ``doc[i]`` (capitalised
    words between brackets: ``Hoare Govett (Far East) Ltd``, ``Jardine Fleming (Securities)
    Ltd``; round 27); ``i`` when none stands there.

    >>> import spacy
    >>> doc = spacy.blank("en")("Hoare Govett (Far East) Ltd and Bache")
    >>> doc[past_brackets(doc, 2)].text, past_brackets(doc, 6)
    ('Ltd', 6)
    """
    if i >= len(doc) or doc[i].text != "(":
        return i
    for j in range(i + 1, min(len(doc), i + 2 + _BRACKET_WORDS)):
        if doc[j].text == ")":
            return j + 1 if j > i + 1 else i
        if not doc[j].is_title:
            return i
    return i
