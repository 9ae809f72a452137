"""Cues for what a PERSON span of a news story is when it is no person (issue 21, round 12).

Read on half A of the KPCrowd news stories (web news of 2011: sport, fashion, business,
politics; ``bench/people_kpcrowd.py``), kinds the typographic corpus had few of:

- :func:`team_cue`: a club written as a team, not a person: a score between it and another
  name (``Everton 2-2 Aston Villa``, ``put Villa 2-1 up``), or a verb in the plural after it
  alone, as British sport writes a club (``Villa were only able``, ``Everton found
  themselves``); not after "and", "or", a comma (``Pearl and Daisy are``), "the" (a family:
  ``the Wallenbergs were``), nor in an "if X were" clause, nor a plural noun (``Greeks``);
- :func:`price_listed`: a product in a shop's list, ``Hunter Sand Turks Rubber Ballerina
  Flats, $95, www.bloomingdales.com``: the name and more words of its line in title case
  before ``, $95`` (or the name alone when it ends in a common word no name list knows:
  ``Buttercup Daisy Dress, $44``);
- :func:`quoted_title`: a name of several words that fills a quotation alone, ``in
  ""Vicky Christina Barcelona.""``, at each of its mentions: a work's title (not after
  "the name", "called"; not a place: ``“Guinea Bissau?”``);
- :func:`drawn_out`: a word with a letter three times in a row (``Aaaah``, ``Hmmm``): an
  interjection, no name;
- for :mod:`pipeline.nlp.person_filter`: a role's noun the name lists' old dictionary lacks
  before a first name is cut off (:func:`role_noun`: ``Demographer Cassandra Dorius``); an
  institution's word ends a name of three words or more even after a first name
  (:func:`institution_name`: ``Miguel Castro Castro Prison``); "X's Day" names a day.

:func:`pipeline.nlp.person_evidence.weigh` counts them against the entity like its other
cues (the text may still say it is a person: a title, a speech verb ...).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span

from pipeline.nlp.names import is_common, is_name_word
from pipeline.nlp.person_kinds import place_name
from pipeline.resources import load_json

_SCORE = re.compile(r"^\d{1,2}[-–]\d{1,2}$")
_PLURAL_VERBS = frozenset({"were", "are"})
_LIST_BEFORE = frozenset({"and", "or", "&", ",", "/", "nor", "both"})
_DETERMINERS = frozenset({"the", "these", "those", "both", "all"})
_CLAUSE = frozenset({"if", "though", "wish", "wished"})
_QUOTES = frozenset({'"', '""', "“", "”", "''", "``", "„"})
_NAMED = frozenset({"name", "named", "called", "dubbed", "nicknamed", "alias", "signed"})
_CURRENCY = frozenset({"$", "£", "€", "US$"})
# How many title-case words of a product's name may follow the brand before its price.
_PRODUCT_WORDS = 8
_DRAWN_OUT = re.compile(r"(\w)\1\1", re.IGNORECASE)


def _word(doc: Doc, i: int) -> str:
    return doc[i].text if 0 <= i < len(doc) else ""


def score_at(doc: Doc, i: int) -> bool:
    """Whether a score (``2-2``, or ``2 - 2`` in three tokens) starts at ``doc[i]``."""
    if _SCORE.match(_word(doc, i)):
        return True
    return (
        _word(doc, i).isdigit()
        and _word(doc, i + 1) in ("-", "–")
        and _word(doc, i + 2).isdigit()
        and len(_word(doc, i)) <= 2
        and len(_word(doc, i + 2)) <= 2
    )


def _score_len(doc: Doc, i: int) -> int:
    return 1 if _SCORE.match(_word(doc, i)) else 3


def _score_before(doc: Doc, start: int) -> bool:
    """A score ending right before ``doc[start]`` after a capitalised word ("Aston Villa
    2-2 Everton")."""
    for size in (1, 3):
        first = start - size
        if first >= 1 and score_at(doc, first) and _score_len(doc, first) == size:
            return _word(doc, first - 1)[:1].isupper()
    return False


def _listed(doc: Doc, start: int) -> bool:
    """Whether the word at ``start`` follows another name of a list ("Pearl and Daisy",
    "Smith, Jones"; not "later, Everton"), a determiner (a family: "the Wallenbergs") or
    stands in an "if X were" clause."""
    before = _word(doc, start - 1).lower()
    if {_word(doc, i).lower() for i in range(start - 3, start)} & _CLAUSE:
        return True
    if before in _DETERMINERS:
        return True  # a family: "the Wallenbergs were ousted"
    if before == ",":
        return _word(doc, start - 2)[:1].isupper()
    return before in _LIST_BEFORE


def team_cue(doc: Doc, span: Span) -> bool:
    """Whether the text writes ``span`` here as a team (see the module's doc)."""
    start, end = span.start, span.end
    if score_at(doc, end):
        after = _word(doc, end + _score_len(doc, end))
        if after[:1].isupper() or after == "up":
            return True  # "Everton 2-2 Aston Villa", "put Villa 2-1 up"
    if _score_before(doc, start):
        return True  # "Aston Villa 2-2 Everton"
    if len(span) != 1 or _listed(doc, start):
        return False
    if span.text.endswith("s") and not span.text.endswith("ss"):
        return False  # a plural noun is a group whatever it is: "the ancient Greeks were"
    if _word(doc, end).lower() in _PLURAL_VERBS:
        return True  # "Villa were only able"
    return any(_word(doc, i).lower() == "themselves" for i in range(end + 1, end + 3))


def price_listed(doc: Doc, span: Span) -> bool:
    """Whether ``span`` names a product in a list of prices (see the module's doc)."""
    i = span.end
    between = 0
    while i < len(doc) and between <= _PRODUCT_WORDS:
        text = doc[i].text
        if text == "," and _word(doc, i + 1) in _CURRENCY and _word(doc, i + 2)[:1].isdigit():
            last = span[-1].text
            return between > 0 or (is_common(last) and not is_name_word(last))
        if "\n" in text or not (text[:1].isupper() or text in ("and", "&", "-")):
            return False
        between += 1
        i += 1
    return False


def quoted_title(doc: Doc, span: Span) -> bool:
    """Whether ``span``, of several words, fills a quotation alone (``""Vicky Christina
    Barcelona.""``): a work's title; not a name someone goes by (``went by the name "X"``,
    ``my name: "X"``, ``called "X"``)."""
    if len(span) < 2 or span.start == 0 or doc[span.start - 1].text not in _QUOTES:
        return False
    if place_name(span.text):
        return False  # a place asked about: "“Guinea Bissau?”"
    if {_word(doc, i).lower() for i in range(span.start - 3, span.start - 1)} & _NAMED:
        return False
    i = span.end
    while i < len(doc) and doc[i].text in (".", ",", "!", "?"):
        i += 1
    return i < len(doc) and doc[i].text in _QUOTES


def news_cues(doc: Doc, span: Span) -> list[tuple[int, str, str]]:
    """The cues of this module ``span`` shows: (points, label, kind) each, against a person
    (:class:`pipeline.nlp.person_evidence.Weighed`)."""
    found = []
    if team_cue(doc, span):
        found.append((3, "ORG", "team"))  # "Everton 2-2 Aston Villa", "Villa were"
    if price_listed(doc, span):
        found.append((3, "PRODUCT", "price list"))  # "Hunter Sand Turks Rubber Flats, $95"
    if quoted_title(doc, span):
        found.append((3, "WORK_OF_ART", "quoted title"))  # in "Vicky Christina Barcelona."
    return found


# A day named after someone is no person: "April Fools' Day", "St. Patrick's Day".
FEASTS = frozenset({"Day", "Eve"})
_ROLE_ENDS = ("er", "ist", "ian", "or")


def institution_name(words: Span) -> bool:
    """Three words or more ending in an institution's word that is no name (``Miguel Castro
    Castro Prison``; not ``Emily Temple``, ``Peter Hall-Jones``, ``John\nTower``), or two
    whose first is a place that is also a given name (``Virginia Tech``, ``Indiana
    University``; not ``Georgia Hall``, whose last word is a name)."""
    if is_name_word(words[-1].text):
        return False
    content = [t.text for t in words if not t.is_space]
    return len(content) > 2 or (len(content) == 2 and content[0] in _places_named_like_people())


@cache
def _places_named_like_people() -> frozenset[str]:
    return frozenset(load_json("places.json")["person_names"])


def role_noun(word: str) -> bool:
    """A capitalised word of seven letters or more shaped like a role's noun (``-er``,
    ``-ist``, ``-ian``, ``-or``) that no name list knows: ``Filmmaker``, ``Demographer``,
    ``Epidemiologist`` (the dictionary of the lists is old and lacks them)."""
    return (
        len(word) >= 7
        and word[:1].isupper()
        and word[1:].islower()
        and word.isalpha()
        and word.lower().endswith(_ROLE_ENDS)
        and not is_name_word(word)
    )


def drawn_out(word: str) -> bool:
    """A word with one letter three times in a row (``Aaaah``, ``Hmmm``): no name."""
    return bool(_DRAWN_OUT.search(word)) and word.isalpha() and not word.isupper()
