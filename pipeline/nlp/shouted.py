"""Words a headline in capitals shouts, told from names by the article's own body.

A wire writes its headlines in capitals (``GM 1ST QTR NET``, ``FED RAISES DISCOUNT RATE
TO 6 PCT``), where the model cannot tell a word from an acronym: on 2,000 Reuters
articles it called ``NET`` an organisation in 167 titles, ``PCT`` in 38, ``DIVIDEND`` in
21, ``QTR`` a product in 26. The body says which it is: it writes the word in lower case
("net income", "6.5 pct") where it is a word, and capitalised inside a sentence where it
is a name ("Ford Motor Co", "the Treasury", "Congress"); a table's row label (``Net
807,000 vs 2,858,000``) is a word too. A one-word name in a title in capitals that the
body writes as a word and never as a name is no entity.

Places, people and units are left alone: places have their own resolver, people the
person filter and the run pass (``SHULTZ`` -> ``George Shultz``), and a unit's name is no
common word.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from pipeline.core.records import Mention
from pipeline.nlp.person_cues import table_row_label
from pipeline.nlp.sentences import sentence_ends

# Labels a shouted common word is taken for; the others are judged elsewhere (above).
JUDGED = frozenset({"ORG", "PRODUCT", "FAC", "EVENT", "WORK_OF_ART", "LAW"})
# A title is written in capitals when this share of its cased letters is upper case.
CAPITALS = 0.8


def in_capitals(text: str) -> bool:
    """Whether a title is written in capitals.

    >>> in_capitals("GM 1ST QTR NET"), in_capitals("Ford Posts Record Net")
    (True, False)
    """
    cased = [char for char in text if char.isalpha() and char.lower() != char.upper()]
    return bool(cased) and sum(char.isupper() for char in cased) >= CAPITALS * len(cased)


def word_uses(body: Doc) -> tuple[Counter[str], Counter[str]]:
    r"""How often the body writes each word as a word (in lower case, or as a table's row
    label: ``Net 1,234 vs 987``), and as only a name would be: capitalised inside a
    sentence.

    >>> import spacy
    >>> text = "Shr 34 cts vs 1.19 dlrs\nNet 807,000 vs 2,858,000\nFord said net fell."
    >>> body = spacy.blank("en")(text)
    >>> words, names = word_uses(body)
    >>> words["net"], words["shr"], names["ford"], names["net"]
    (2, 1, 0, 0)
    """
    words: Counter[str] = Counter()
    named: Counter[str] = Counter()
    ends = sentence_ends(body)
    for token in body:
        if not token.is_alpha:
            continue
        if token.is_lower or table_row_label(body, token.i):
            words[token.lower_] += 1
        elif token.i > 0 and not ends[token.i - 1]:
            named[token.lower_] += 1
    return words, named


def shouted_words(mentions: list[Mention], docs: dict[str, Doc]) -> list[Mention]:
    """``mentions`` without the title's one-word names that its capitals shout and its
    body writes as a word.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> docs = {"title": nlp("GM 1ST QTR NET"),
    ...         "body": nlp("General Motors said net income rose. GM shares rose.")}
    >>> found = [Mention("a", "title", 0, 2, "GM", "ORG", "GM", None),
    ...          Mention("a", "title", 11, 14, "NET", "ORG", "NET", None)]
    >>> [m.text for m in shouted_words(found, docs)]
    ['GM']
    """
    title, body = docs.get("title"), docs.get("body")
    candidates = [
        m
        for m in mentions
        if m.field == "title" and m.label in JUDGED and m.text.isalpha() and m.text.isupper()
    ]
    if not candidates or title is None or body is None or not in_capitals(title.text):
        return mentions
    words, named = word_uses(body)
    shouted = {id(m) for m in candidates if words[m.text.lower()] and not named[m.text.lower()]}
    return [m for m in mentions if id(m) not in shouted]
