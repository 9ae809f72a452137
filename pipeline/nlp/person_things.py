"""A PERSON span named like a thing: a business, venue, work, event or dish whose name the
model took for a person's (issue 21, round 9).

spaCy's small model tags ``Rapson Architects``, ``La Brea Bakery``, ``Chia Seeds``,
``Webmaster Tools`` and ``Mountain Dew`` PERSON on web text. A person's name ends in a
surname, which is seldom a common English word that no name list knows; a thing's name ends
in its head noun. :func:`thing_name` reads the name alone:

- its last word is a thing's head of ``pipeline/resources/person_things.json`` (``last``:
  ``Architects``, ``Bakery``, ``Studio``, ``Award``, ``Soup``), or its first word is
  (``first``: ``Cafe``, ``Fort``, ``Project``): the label the list gives, even after a
  first name ("Scott Andrew Studio", "James Mungro Memorial Award");
- else, when no word before its last is a known first name, an initial or a particle
  (``B. Cho``, ``Osama bin Laden``, ``Transporation Elizabeth Dole``), its last word is a
  common English word or the plural of one, and no name word (``Mountain Dew``,
  ``Jacksonville Jaguars``; ``Jo Totes`` is left: ``Jo`` is a first name): a thing of no
  label the name tells.

:func:`pipeline.nlp.person_evidence.weigh` counts it against a person only when nothing in
the text supports the name as a person's (no title, role, speech verb, pronoun ...): "Zheng
He" with "he died", "Lane Filler writes" stay people; and a name ending in a common word
(no head of the list) only when the text never writes its first or last word alone:
"Dontari Poe ... Poe", "Obama Supporters ... Obama supporters" stay. :func:`trademark`
reads a ® or ™ written on the name or beside it (``Smart Girl’s Playhouse® Mini``): a
product.

>>> thing_name("Rapson Architects"), thing_name("Mountain Dew"), thing_name("Cafe Flora")
('ORG', '', 'ORG')
>>> thing_name("Tom Hanks"), thing_name("Jude Law"), thing_name("Chia Seeds")
(None, None, '')
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Doc, Span

from pipeline.nlp.names import (
    PARTICLES,
    POSSESSIVE_S,
    SUFFIXES,
    is_common,
    is_first_name,
    is_given_name,
    is_initial,
    is_name_word,
    is_word,
    known_label,
    title_before,
)
from pipeline.nlp.person_cues import legal_end
from pipeline.nlp.person_kinds import listed_company
from pipeline.nlp.person_news import score_at
from pipeline.resources import load_json

# How far after a name (tokens) a trademark sign still marks it.
_MARK_REACH = 3
_MARKS = ("®", "™")


@cache
def _heads() -> dict[str, dict[str, str]]:
    data = load_json("person_things.json")
    return {"last": dict(data["last"]), "first": dict(data["first"])}


def common_head(word: str) -> bool:
    """A common English word or its plural of three letters or more that is no name the
    lists know (``Dew``, ``Jaguars``, ``Totes``; not ``Woods``, a surname, nor ``Ae``)."""
    if not word.isalpha() or len(word) < 3 or is_name_word(word):
        return False  # "Ri Kyong Ae": a syllable of a name
    if is_common(word):
        return True
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return is_common(word[:-1]) or (word.endswith("es") and is_common(word[:-2]))
    return False


def thing_name(name: str) -> str | None:
    """The label a name written like a thing's gets ('' when it tells none), else None (see
    the module's doc). A reference's "Surname, Given" is no such name."""
    words = name.split()
    if len(words) < 2 or "," in name:
        return None
    first, last = words[0], words[-1]
    heads = _heads()
    if last in heads["last"] and not is_name_word(last):
        return heads["last"][last]
    if first in heads["first"] and not is_name_word(first):
        return heads["first"][first]
    if any(is_given_name(w) or is_initial(w) or len(w) == 1 or w in PARTICLES for w in words[:-1]):
        # "Osama bin Laden", "B. Cho", "(Secretary of) Transporation Elizabeth Dole"; a
        # given name of the census lists too (round 10: "Miles Teller", "Dudley Taft")
        return None
    return "" if common_head(last) else None


def gerund(word: str) -> bool:
    """A capitalised word in -ing that is no name word and the -ing form of a word of the
    lists: a headline's or a heading's verb before a name (``Accusing Lena Dunham``,
    ``Following Ghesquière's departure``, ``Discovering New Blogs``), which no name starts
    or grows to; not ``Sterling``, ``Manning``.

    Round 9: 7 PERSON spans of the typographic DEV part start with one, none a person's
    name as it stood.

    >>> gerund("Accusing"), gerund("Following"), gerund("Sterling"), gerund("Ming")
    (True, True, False, False)
    """
    if len(word) < 6 or not word.endswith("ing") or not word.isalpha():
        return False
    if not word[0].isupper() or is_name_word(word):
        return False
    stem = word[:-3].lower()  # "accus(e)", "follow"; not "sterl", "mann"
    doubled = len(stem) > 3 and stem[-1] == stem[-2] and is_word(stem[:-1])  # "runn"
    return is_word(stem) or is_word(stem + "e") or doubled


def trademark(doc: Doc, span: Span) -> bool:
    """Whether a ® or ™ is written on ``span``, on the word right before it, or within a few
    tokens after it on its line (``Smart Girl’s Playhouse® Mini``, ``Lockheed Martin Skunk
    Works®``)."""
    start = max(0, span.start - 1)
    for token in doc[start : min(len(doc), span.end + _MARK_REACH)]:
        if any(mark in token.text for mark in _MARKS):
            return True
        if token.i >= span.end and "\n" in token.text_with_ws:
            return False
    return False


# How many words after a possessive a known name may hold: "Assassin's Creed", "Dick's
# Sporting Goods".
_AFTER_POSSESSIVE = 2


# A sequel's number after a work's name: "Assassin's Creed III", "Ocean's 12".
_SEQUEL = re.compile(r"[IVX]{1,4}|\d{1,2}")


# What the model calls a known shop's or work's first word: a person or an organisation.
_THING_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART"})


def possessive_thing(span: Span) -> Span | None:
    """The span, relabelled, of a known shop, brand or work whose name is a name and a
    possessive, with the words after it or none (``Macy's``, ``Sam's Club``, ``Assassin's
    Creed``: ``not_people.json``'s ``relabel``, the apostrophe as either), where the model
    took its first word for a person or an organisation; the longest known one, a work with
    its sequel's number (``Assassin's Creed III``); None when there is none.

    >>> import spacy
    >>> doc = spacy.blank("en")("prices at Costco or Sam’s Club, and Sam’s own")
    >>> found = possessive_thing(Span(doc, 4, 5, "PERSON"))
    >>> found.text, found.label_, possessive_thing(Span(doc, 9, 10, "PERSON"))
    ('Sam’s Club', 'ORG', None)
    """
    doc, start, end = span.doc, span.start, span.end
    if span.label_ not in _THING_LABELS or end >= len(doc):
        return None
    if doc[end].lower_ not in POSSESSIVE_S or title_before(doc, start):
        return None  # not "Mr. Hershey's"
    name = doc[start:end].text + "'s"
    reach = min(len(doc), end + 1 + _AFTER_POSSESSIVE)
    for stop in range(reach, end, -1):
        words = [t.text for t in doc[end + 1 : stop]]
        if any(not w[:1].isupper() for w in words):
            continue
        label = known_label(" ".join([name, *words]))
        if label:
            sequel = stop < len(doc) and _SEQUEL.fullmatch(doc[stop].text)
            return Span(doc, start, stop + bool(label == "WORK_OF_ART" and sequel), label=label)
    return None


# A bill's number as parliaments write it: "C-40", "HR3590", "S.1".
_BILL_NUMBER = re.compile(r"[A-Z]{1,2}[-.]?\d{1,4}")


def law_name(span: Span) -> Span | None:
    """A PERSON span that names a law: a name before ``Act`` (``Glass-Steagall Act``, the
    span grown over it), or ``Bill`` before a bill's number (``Bill C-40``); None else.

    >>> import spacy
    >>> doc = spacy.blank("en")("under the Glass-Steagall Act and Bill C-40 today")
    >>> [law_name(Span(doc, s, e, "PERSON")).text for s, e in ((2, 5), (7, 8), (7, 9))]
    ['Glass-Steagall Act', 'Bill C-40', 'Bill C-40']
    """
    doc, end = span.doc, span.end
    if span.label_ != "PERSON":
        return None
    if span[-1].text == "Act" or (len(span) == 2 and _bill(span[0].text, span[1].text)):
        return Span(doc, span.start, end, label="LAW")  # the model's span holds it all
    if end < len(doc) and (doc[end].text == "Act" or _bill(span.text, doc[end].text)):
        return Span(doc, span.start, end + 1, label="LAW")
    return None


def _bill(word: str, number: str) -> bool:
    return word == "Bill" and bool(_BILL_NUMBER.fullmatch(number))


def acronym_tail(span: Span) -> bool:
    """A span of several words ending in an acronym that is no initial or suffix (``Web
    API``, ``L.E.A.N. Ads``): a product or programme, no person."""
    words = [t.text for t in span if t.is_alpha or "." in t.text]
    if len(words) < 2 or all(w.isupper() for w in words):
        return False  # "By FLOYD NORRIS": a name in capitals
    dotted = any(w.count(".") > 2 for w in words)
    last = words[-1]
    acronym = last.isalpha() and last.isupper() and len(last) > 1
    return dotted or (acronym and last.lower() not in SUFFIXES)


# A version number: "5", "7.0", "v2.1".
_VERSION = re.compile(r"^v?\d+(?:\.\d+)*$")


def version_after(doc: Doc, end: int) -> bool:
    """A version number after the name (``Qt 5``, ``Photoshop 7.0``), not a table's figures
    (``Tsutomu Uchino 33 8.7%``) nor a year."""
    if end >= len(doc) or not _VERSION.match(doc[end].text) or score_at(doc, end):
        return False  # not a score either: "Federer 6-4, 6-3"
    text = doc[end].text
    if text.isdigit() and len(text) > 2:
        return False
    if text.count(".") > 1 and all(len(part) == 2 for part in text.split(".")):
        return False  # a date: "Mike 07.18.12 at 21:12"
    after = doc[end + 1] if end + 1 < len(doc) else None
    return after is None or not (after.like_num or after.text == "%" or after.lower_ == "at")


def maker_label(words: Span) -> str | None:
    """The label of a name of several words that opens with a maker's name: a known product's
    or company's (``not_people.json``'s relabel) before no first name (``Nintendo
    Download``), or a listed company's before no name word at all, its product (``Yamaha
    Cyclelok``, round 27; not ``Dell Curry``, a player); the company itself when a legal
    term ends it (``Shiseido Co``)."""
    rest = words[1:]
    label = known_label(words[0].text)
    if label and not any(is_first_name(t.text) for t in rest):
        return label
    if listed_company(words[0].text) and not any(is_name_word(t.text) for t in rest):
        return "ORG" if legal_end(words[-1].text) else "PRODUCT"  # "Shiseido Co"
    return None


def in_other_name(doc: Doc, word: str, start: int) -> bool:
    """Whether another PERSON of ``doc`` (not the one at ``start``) has ``word`` as one of
    several parts."""
    return any(
        ent.label_ == "PERSON"
        and not ent.start <= start < ent.end
        and len(ent) > 1
        and word in ent.text.split()
        for ent in doc.ents
    )


def the_thing(doc: Doc, span: Span) -> bool:
    """One word after "the" names a thing (``the Moon.``, ``the Chozo civilisation``), unless
    a word follows it and the text names someone in full with it ("the Obama
    administration" beside "Barack Obama")."""
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is None or before.lower_ != "the":
        return False
    ends = after is None or not after.is_alpha or after.lower_ in ("and", "or")
    return ends or not in_other_name(doc, span.text, span.start)
