"""Words a headline in capitals shouts, told from names by the article's own body.

A wire writes its headlines in capitals (``GM 1ST QTR NET``, ``FED RAISES DISCOUNT RATE
TO 6 PCT``), where the model cannot tell a word from an acronym: on 2,000 Reuters
articles it called ``NET`` an organisation in 167 titles, ``PCT`` in 38, ``DIVIDEND`` in
21, ``QTR`` a product in 26. The body says which it is: it writes the word in lower case
("net income", "6.5 pct") where it is a word, and capitalised inside a sentence where it
is a name ("Ford Motor Co", "the Treasury", "Congress"); a table's row label (``Net
807,000 vs 2,858,000``) is a word too. A one-word name in a title in capitals that the
body writes as a word and never as a name is no entity.

A wire's shorthand is no name either, whatever the model calls it and wherever it stands
in capitals or at a table line's start: ``QTR NOV 30`` (a product, in 3 titles), ``MLN
STG`` (an organisation), ``Revs`` and ``Nine Mths`` (a work of art) in the tables. The
shorthand words are data (``resources/wire_shorthand.txt``).

A one-word person of such a title goes the same way when the body never writes it as a
name and writes it as a word, or it is a dictionary word that is no name (``CCC CREDIT
GUARANTEES FOR RICE``, ``JUDGE DENIES DISMISSAL``); one the body names (``BAKER SAYS``
beside "Howard Baker said") stays. Otherwise, places, people and units are left alone:
places have their own resolver, people the person filter and the run pass (``SHULTZ`` ->
``George Shultz``), and a unit's name is no common word.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

from spacy.lang.en.lex_attrs import like_num
from spacy.tokens import Doc

from pipeline.core.records import Mention
from pipeline.nlp.doc_text import doc_text
from pipeline.nlp.names import one_line
from pipeline.nlp.person_cues import cue, table_row_label
from pipeline.nlp.person_firms import ticker_at
from pipeline.nlp.person_press import headline_word
from pipeline.nlp.sentences import sentence_ends
from pipeline.resources import load_lines

# Labels a shouted common word is taken for; the others are judged elsewhere (above).
JUDGED = frozenset({"ORG", "PRODUCT", "FAC", "EVENT", "WORK_OF_ART", "LAW"})
# A title is written in capitals when this share of its cased letters is upper case.
CAPITALS = 0.8


def shorthand(text: str) -> bool:
    """Whether a span is only a wire's shorthand: its abbreviations, months, figures and
    numbers written out, with one abbreviation at least or a month's date.

    >>> [shorthand(t) for t in ("QTR NOV 30", "Nine Mths", "MLN STG", "NOV 30", "GM QTR")]
    [True, True, True, True, False]
    >>> shorthand("MAY"), shorthand("Revs")
    (False, True)
    """
    words = [word.lower() for word in text.split()]
    figures = [any(char.isdigit() for char in word) for word in words]
    wire = _wire_words()
    dated = any(figures) and any(cue("months", word) for word in words)
    return (dated or any(word in wire for word in words)) and all(
        word in wire or like_num(word) or cue("months", word) or figure
        for word, figure in zip(words, figures, strict=True)
    )


@cache
def _wire_words() -> frozenset[str]:
    return frozenset(load_lines("wire_shorthand.txt"))


def _table_line(doc: Doc, start_char: int, end_char: int) -> bool:
    """Whether a span stands at a table line's start: alone on its line (``Nine Mths``) or
    before figures (``Shr loss 75 cts vs profit 39 cts``); a word that a hard-wrapped
    sentence's line happens to start with is followed by words."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, start_char) + 1
    line_end = text.find("\n", end_char)
    after = text[end_char:] if line_end < 0 else text[end_char:line_end]
    if text[line_start:start_char].strip():
        return False
    return not after.strip() or any(char.isdigit() for char in after)


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
    mentions = [m for m in mentions if not _wire_shorthand(m, title, body)]
    candidates = [
        m
        for m in mentions
        if m.field == "title"
        and m.label in JUDGED | {"PERSON"}
        and m.text.isalpha()
        and m.text.isupper()
    ]
    if not candidates or title is None or body is None or not in_capitals(title.text):
        return mentions
    words, named = word_uses(body)
    shouted = {
        id(m)
        for m in candidates
        if not named[m.text.lower()]
        and (words[m.text.lower()] or (m.label == "PERSON" and headline_word(m.text)))
    }
    return [m for m in mentions if id(m) not in shouted]


def shouted_firms(mentions: list[Mention], docs: dict[str, Doc]) -> None:
    """Relabel, in place, a PERSON of a title in capitals that the body names, in the same
    words or as their start, only as something else: ``JACOBS SUCHARD SEES ...`` beside
    the body's "Jacobs Suchard AG" (an ORG), ``TRANSAMERICAN FILES ...`` beside
    "TransAmerican Natural Gas Corp". In capitals the model cannot tell a firm's name from a
    person's; the body, written in mixed case, can. A name the body also gives a person
    ("BAKER SAYS ...", "Treasury Secretary James Baker") stays a person.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> docs = {"title": nlp("JACOBS SUCHARD SEES COCOA SURPLUS"),
    ...         "body": nlp("Jacobs Suchard AG expects a surplus.")}
    >>> found = [Mention("a", "title", 0, 14, "JACOBS SUCHARD", "PERSON", "JACOBS SUCHARD", None),
    ...          Mention("a", "body", 0, 17, "Jacobs Suchard AG", "ORG", "Jacobs Suchard AG", None)]
    >>> shouted_firms(found, docs)
    >>> found[0].label, found[0].canonical
    ('ORG', 'Jacobs Suchard AG')
    """
    title = docs.get("title")
    if title is None or not in_capitals(doc_text(title)):
        return
    body = [m for m in mentions if m.field == "body"]
    people = {word for m in body if m.label == "PERSON" for word in m.text.lower().split()}
    others = [(m.text.lower().split(), m) for m in body if m.label != "PERSON"]
    for mention in mentions:
        if mention.field != "title" or mention.label != "PERSON":
            continue
        words = mention.text.lower().split()
        if not words or people.intersection(words):
            continue
        same = [m for named, m in others if named == words]
        start = [m for named, m in others if named[: len(words)] == words]
        named = (same or start or [None])[0]
        if named is not None and named.label in JUDGED:
            mention.label, mention.canonical = named.label, named.canonical
            mention.country_code = named.country_code


def ticker_firms(mentions: list[Mention], docs: dict[str, Doc]) -> None:
    """Relabel, in place, a PERSON the title names right before a ticker: Reuters marks a
    listed company so in its headline (``ENTWISTLE <ENTW.O> HAS 5.1 PCT OF ESPEY <ESP>``,
    ``ERICSSON <ERICY> GETS ... CONTRACT``), and no person has a ticker, so the body's
    "Entwistle said" is the firm. Only a mention written as those words, whole: "Jack
    Tseng" beside ``TSENG <TSNG>`` stays a person.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> docs = {"title": nlp("ERICSSON <ERICY> GETS CONTRACT"), "body": nlp("Ericsson said")}
    >>> found = [Mention("a", "body", 0, 8, "Ericsson", "PERSON", "Ericsson", None)]
    >>> ticker_firms(found, docs)
    >>> found[0].label
    'ORG'
    """
    title = docs.get("title")
    if title is None:
        return
    named: set[str] = set()
    for i in range(len(title)):
        if ticker_at(title, i):
            words = [t.text.upper() for t in title[max(0, i - 4) : i] if not t.is_space]
            named |= {" ".join(words[-k:]) for k in range(1, len(words) + 1)}
    if not named:
        return
    for mention in mentions:
        if mention.label == "PERSON" and one_line(mention.text).upper() in named:
            mention.label, mention.canonical = "ORG", one_line(mention.text)


def _wire_shorthand(mention: Mention, title: Doc | None, body: Doc | None) -> bool:
    """Whether a name of a thing (:data:`JUDGED`) is a wire's shorthand where a wire writes
    it: in a title in capitals, or a table's line in the body; never a name followed by
    its ticker (``CTS <CTS>``, the company, not cents)."""
    doc = title if mention.field == "title" else body
    if doc is None or mention.label not in JUDGED or not shorthand(mention.text):
        return False
    if doc_text(doc)[mention.end_char :].lstrip().startswith("<"):
        return False
    if mention.field == "title":
        return in_capitals(doc_text(doc))
    return _table_line(doc, mention.start_char, mention.end_char)
