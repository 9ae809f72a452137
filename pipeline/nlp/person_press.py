"""Kinds of wrong PERSON spans of news and web text (issue 21, round 13).

Read on the development data (KPCrowd news halves A and B, the typographic DEV part; the
2,000 Reuters articles of the harm checks), each a kind, not a case:

- **bounds**: a common word that is no name before a name of three words or more whose
  other words are no common words is a role or a position said as a title, not the name's
  first word (:func:`lead_word`: ``Center Sidney Crosby``, ``Skipper Mahendra Singh
  Dhoni``); a given name the model left out after a title (``President Pratibha
  [[Patil]]``) or written as one capital letter in a team's list (``N Macleod; B
  [[Cohen]], C Bell``: :func:`letter_initial`) is the name's;
- **companies**: one word the text also writes as the first word of a company's full name,
  one ending in a legal suffix or a company's word (``Comdata`` beside ``Comdata Network
  Inc``, ``Xinhua`` beside ``Xinhua News Agency``): the company's short name
  (:func:`company_short_names`);
- **teams and employers**: one word before a possessive and a person's full name
  (``Duke's Mike Krzyzewski``, ``Butler's Brad Stevens``): whom the person plays or works
  for (:func:`affiliation`);
- **nicknames** (round 17): a nickname in quotes inside a name (``Joko “Jokowi” Widodo``,
  ``Dwayne "The Rock" Johnson``): the name runs on to the surname after it
  (:func:`with_nickname`);
- **works**: a name between "the" and a work's kind (``the Harry Potter series``, ``the
  Hamilton musical``): the work's title (:func:`work_frame`).

:func:`pipeline.nlp.person_evidence.weigh` counts the last three against the entity as
its other cues (the text may still say it is a person: a title, an age, a pronoun ...).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.countries.table import demonym, gazetteer
from pipeline.nlp.names import (
    PARTICLES,
    POSSESSIVE_S,
    is_common,
    is_first_name,
    is_given_name,
    is_name_word,
    is_surname,
    is_title,
    is_word,
    name_token,
)
from pipeline.nlp.person_cues import cue, legal_end
from pipeline.nlp.person_news import role_noun
from pipeline.nlp.sentences import line_around, next_solid

# One capital letter that is a word, not an initial: "A", "I".
_LETTER_WORDS = frozenset({"A", "I"})
# A role's word before a name is no short word: "Center", "Skipper" (not "Lan", "Te").
_LEAD_LETTERS = 5


def lead_word(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start]`` is a common word, no name, before a name of two words or more
    none of which is a common word: a role or position said as a title (``Center Sidney
    Crosby``), not a name's first word (not ``Rich Harrison``: a name's word)."""
    words = [t.text for t in doc[start:end] if not t.is_space]
    if len(words) < 3 or not words[0][:1].isupper() or len(words[0]) < _LEAD_LETTERS:
        return False  # not "Lan Kwai Fong", "Te Kaurinui Robert Parata": a name's short word
    if not is_common(words[0]) or is_name_word(words[0]) or legal_end(words[-1]):
        return False  # a firm's first word: "Ranks Hovis McDougall Plc" (round 31)
    return all(w[:1].isupper() and not is_common(w) for w in words[1:])


def before_name(doc: Doc, start: int, end: int) -> bool:
    """Whether ``doc[start]`` is a word before the name in ``doc[start:end]``: a common word
    or a role's noun before a known first name (``Learn Chris``, ``Filmmaker Rob Spence``,
    round 12), or :func:`lead_word`."""
    word = doc[start].text
    if (is_common(word) or role_noun(word)) and is_first_name(doc[start + 1].text):
        return True
    return lead_word(doc, start, end)


def rank_word(word: str) -> bool:
    """A role's compound in ``-man`` that is no given name (``Airman``, ``Councilman``): a
    rank or office after a title ("Lieutenant Airman Tri Wobowo"), no given name."""
    return word.lower().endswith(("man", "men")) and not is_given_name(word)


def _caps_line(doc: Doc, index: int, reach: int = 40) -> bool:
    """Whether the line of ``doc[index]`` is written in capitals (a wire's headline): three
    words of two letters or more, every one in capitals."""
    lo, hi = line_around(doc, index, reach)
    words = [t.text for t in doc[lo:hi] if t.is_alpha and len(t) > 1]
    return len(words) >= 3 and all(w.isupper() for w in words)


def headline_word(word: str) -> bool:
    """A dictionary word that is no name, as a headline in capitals writes it, or its verb's
    or plural's stem (``DEPARTURE``, ``SAYS``, ``VETOES``, ``DENIES``)."""
    title = word.title()
    if not word.isalpha() or is_name_word(title) or _company_end(word):
        return False  # a firm's last word ends its name, no headline: "ROBERT BRUCE INDUSTRIES"
    stems = [title]
    if title.endswith("s"):  # a plural's or a verb's -s, -es: not "PITT" -> "Pit"
        stems += [title[:-1], title[:-2]] if title.endswith("es") else [title[:-1]]
    if title.endswith("ies"):  # "DENIES" -> "Deny"
        stems.append(title[:-3] + "y")
    return any(is_common(stem) for stem in stems if len(stem) > 2)


def caps_end(doc: Doc, start: int, end: int) -> int:
    """Where a name of several words in a headline in capitals ends: before its first
    dictionary word that is no name (``REGAN DEPARTURE MAKES ...`` -> ``REGAN``, ``SUMITA
    SAYS HE ...`` -> ``SUMITA``; ``GEORGE BUSH`` stays whole: a surname is a name's word),
    or after a country's name (``KENYA DEVALUES ...`` -> ``KENYA``).
    A name whose first word is such a word is left to the other rules."""
    if end - start < 2 or not _caps_line(doc, start):
        return end
    if _country_word(doc[start].text):
        return start + 1  # "KENYA DEVALUES SHILLING": a country, then its verb (round 18)
    for i in range(start + 1, end):
        if headline_word(doc[i].text):
            return i
    return end


def caps_country(doc: Doc, i: int) -> bool:
    """Whether ``doc[i]`` is a country's name in a headline in capitals (``IRAN FOREIGN
    MINISTER TELLS CUBA OF GULF SITUATION``; not ``JORDAN``, a name's word too: round 24).

    >>> import spacy
    >>> doc = spacy.blank("en")("MINISTER TELLS CUBA OF GULF SITUATION")
    >>> caps_country(doc, 2), caps_country(doc, 0)
    (True, False)
    """
    return _caps_line(doc, i) and _country_word(doc[i].text)


def _country_word(word: str) -> bool:
    """A country's name in capitals that is no name's word (``KENYA``; not ``JORDAN``)."""
    title = word.title()
    return word.isalpha() and not is_name_word(title) and gazetteer().country_named(title)


def letter_initial(text: str) -> bool:
    """One capital letter, no dot, that is no word (``B`` of ``B Cohen``; not ``A``, ``I``)."""
    return len(text) == 1 and text.isupper() and text.isalpha() and text not in _LETTER_WORDS


def _company_end(word: str) -> bool:
    lower = word.lower()
    return cue("legal", lower) or cue("legal", lower.rstrip(".")) or cue("company", lower)


# Marks a company's first word may hold between its letters ("Chesebrough-Pond's"), and
# a possessive at its end ("Borman's Inc").
_WORD_MARKS = re.compile(r"['’-]")
_POSSESSIVE_END = re.compile(r"['’]s$")


def company_short_names(spans: list[Span]) -> set[str]:
    """The short names of the text's company names written in full: a span of another label
    than PERSON (or a PERSON span a legal term ends, which the evidence makes an ORG:
    ``Ranks Hovis McDougall Plc``, round 31), of two words or more, whose last word is a
    legal suffix or a company's word (``Comdata Network Inc``, ``Aca Joe Inc``, ``Xinhua
    News Agency``) or a partnership's (``Coniston Partners``, round 18) and whose first
    word is a capitalised word; its short names are its first word and its first words
    while they are capitalised (``Comdata``, ``Comdata Network``; ``Aca Joe``), words as
    written between spaces (``Pre-Paid`` of ``Pre-Paid Legal Services Inc``), and a
    hyphenated first word's first part (``Accu`` of ``Accu-Weather Inc``) and a possessive
    first word's name (``Borman`` of ``Borman's Inc``)."""
    found = set()
    for span in spans:
        words = [w for w in (w.strip(",;:()") for w in span.text.split()) if w]  # "Amro, ..."
        taken = span.label_ != "PERSON" or (len(words) > 1 and legal_end(words[-1]))
        if not taken or len(words) < 2 or not words[0][:1].isupper():
            continue
        first = words[0]
        # A partnership's word ends a firm's name too ("Coniston Partners", "Salomon
        # Brothers"), unless a given name starts it ("Alex Brown and Sons": Alex, a person's).
        partners = cue("firm_ends", words[-1].lower()) and not is_first_name(first)
        if (_company_end(words[-1]) or partners) and _WORD_MARKS.sub("", first).isalpha():
            for end in range(1, len(words)):
                if not words[end - 1][:1].isupper():
                    break
                found.add(" ".join(words[:end]))
            found.add(first.split("-")[0])  # "Chesebrough" of "Chesebrough-Pond's Inc"
            found.add(_POSSESSIVE_END.sub("", first))  # "Borman" of "Borman's Inc"
    return found


def affiliation(doc: Doc, span: Span) -> bool:
    """Whether one word stands before a possessive and a person's full name, as a team,
    school or employer does: ``Duke's Mike Krzyzewski``."""
    end = span.end
    if len(span) != 1 or end + 2 >= len(doc) or doc[end].text not in POSSESSIVE_S:
        return False
    first, second = doc[end + 1], doc[end + 2]
    return (
        first.ent_type_ == "PERSON"
        and first.ent_iob_ == "B"  # a name of its own, not "Doug’s Marketing and Design"
        and second.ent_iob_ == "I"
        and is_first_name(first.text)
    )


def work_frame(doc: Doc, span: Span) -> bool:
    """Whether ``span`` stands between "the" and a work's kind: ``the Harry Potter
    series``, ``the Hamilton musical``."""
    if span.start == 0 or span.end >= len(doc):
        return False
    return doc[span.start - 1].lower_ == "the" and cue("kinds_work", doc[span.end].lower_)


# Particles that join a name's parts the model cut apart; not Arabic's "al", "bin", "el"
# nor Spanish's "y", which the model keeps inside the names it tags ("al Qaeda" is no name's),
# nor English words before a name more often than particles: the number "ten" ("the top
# ten Billboard album list", a typographic article) and a saint's "St." (a place's name).
_JOINING = PARTICLES - {"al", "el", "bin", "ibn", "ben", "y", "ten", "st", "st."}


def _name_word(doc: Doc, i: int, taken: set[int]) -> bool:
    """A capitalised word no other span holds, no title, that is no common word or stands
    after a word in lower case (``chairman Cor van der Klugt``: a name inside a sentence)."""
    if not 0 <= i < len(doc) or i in taken:
        return False
    text = doc[i].text
    if not (text[:1].isupper() and text.isalpha()) or is_title(text):
        return False
    return not is_common(text) or (i > 0 and doc[i - 1].is_lower)


def _particles(doc: Doc, i: int, step: int) -> list[int]:
    """The particles (``van der``, ``von``) from ``doc[i]`` on, walking by ``step``, line
    breaks between them skipped (a wire wraps its lines anywhere)."""
    found = []
    while 0 <= i < len(doc) and (doc[i].is_space or doc[i].lower_ in _JOINING):
        if not doc[i].is_space:
            found.append(i)
        i += step
    return found


def with_particles(doc: Doc, span: Span, taken: set[int]) -> tuple[int, int]:
    """The bounds of a name the model cut at its particles (round 14): ``Cor van der
    [[Klugt]]``, ``Van der [[Klugt]]``, ``manager Di [[Matteo]]``, ``[[Richard]] von
    Weizsaecker``. Before the span, particles in lower case join with the name's word
    before them, or alone when there are two (``said van der Klugt``); capitalised ones,
    when there are two or the word before them is in lower case (not ``La Verne, CA``, a
    place, nor a code in capitals: ``VAN Kay Whitmore``); after it, particles in lower case
    join with the surname after them."""
    start, end = span.start, span.end
    before = _particles(doc, start - 1, -1)
    if before:
        first = before[-1]
        lower = doc[first].text.islower()
        if lower and _name_word(doc, first - 1, taken):
            start = first - 1  # "Cor van der Klugt"
        elif len(before) > 1 or (first > 0 and doc[first - 1].is_lower):
            start = first  # "Van der Klugt", "said van der Klugt", "manager Di Matteo"
        if any(doc[i].text.isupper() and len(doc[i]) > 1 for i in before):
            start = span.start  # a team's or a state's code: "VAN Kay Whitmore", "LA"
    after = _particles(doc, end, 1)
    lower_after = bool(after) and all(doc[i].text.islower() for i in after)
    surname = next_solid(doc, after[-1] + 1) if after else -1  # over a line break too
    if lower_after and _name_word(doc, surname, taken):
        end = surname + 1  # "Richard von Weizsaecker", "Richard von\nWeizsaecker" (18)
    return start, end


def _one_word_entity(token: Token) -> bool:
    doc = token.doc
    return token.ent_iob_ == "B" and (token.i + 1 == len(doc) or doc[token.i + 1].ent_iob_ != "I")


def lone_person(token: Token) -> bool:
    """A one-word PERSON of the model's: a cut name's other part."""
    return token.ent_type_ == "PERSON" and _one_word_entity(token)


def lone_given(token: Token) -> bool:
    """A known given name the model tagged alone under another label (``Hugo`` an EVENT
    before ``\nJohannesson``)."""
    return _one_word_entity(token) and is_first_name(token.text)


_OPENING_QUOTES = frozenset("\"“‘'[")
_CLOSING_QUOTES = frozenset("\"”’']")
# Words a nickname holds, at most: "Jokowi", "The Rock", "Magic".
_NICKNAME_WORDS = 3


def with_nickname(doc: Doc, start: int, end: int) -> int:
    """The end of a name whose nickname in quotes (or square brackets: ``Edward [Ted]
    Fischer``, round 18) the model left out, with the surname after it: the name's last
    word a given name, or the word after the quotes a surname the lists know or no word of
    the dictionary; the nickname one to three capitalised words; the surname in title
    case, no common word, alone, a one-word PERSON or in the model's span of the name.

    >>> import spacy
    >>> doc = spacy.blank("en")("President Joko “Jokowi” Widodo ordered a review")
    >>> with_nickname(doc, 1, 2), with_nickname(doc, 0, 1)
    (6, 1)
    """
    at = end
    if at >= len(doc) or doc[at].text not in _OPENING_QUOTES:
        return end
    at += 1
    nickname = at
    while at < len(doc) and at - nickname < _NICKNAME_WORDS and doc[at].text[:1].isupper():
        at += 1
    if at == nickname or at + 1 >= len(doc) or doc[at].text not in _CLOSING_QUOTES:
        return end
    surname = doc[at + 1]
    text = surname.text
    if not (text[:1].isupper() and text[1:].islower() and name_token(text)) or is_common(text):
        return end
    same = all(doc[i].ent_iob_ == "I" for i in range(end, surname.i + 1))  # the model's span
    # or the model's own span from the nickname on: "Burkhard" + "Bobby\" Junger" (round 31)
    from_nickname = doc[nickname].ent_iob_ == "B" and surname.ent_iob_ == "I"
    alone = same or from_nickname or surname.ent_iob_ in ("O", "") or lone_person(surname)
    if not alone or not (is_first_name(doc[end - 1].text) or is_surname(text) or not is_word(text)):
        return end
    return surname.i + 1


# A one-word entity under these labels after particles is a place's or a people's name, not
# a surname the model cut off ("Avenue de France", "the Ecole des Beaux-Arts").
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "NORP"})


def particle_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` with each PERSON span grown over the particles and the name part the model
    cut off it (:func:`with_particles`); a one-word span beside the particles is that part
    (the model's ``Cor`` and ``Klugt`` over a line break: ``Cor van der Klugt``), whatever
    the model called it but a place or a people (``Joran van der`` + a PRODUCT ``Sloot``,
    round 25)."""
    single = {s.start for s in spans if len(s) == 1 and s.label_ not in _PLACE_LABELS}
    taken = {i for s in spans for i in range(s.start, s.end)}
    grown: list[Span] = []
    reach = -1  # the furthest end of a span kept so far: every one starts before this one
    for span in sorted(spans, key=lambda s: s.start):
        if span.end <= reach:
            continue  # the surname a name before it took: "Richard von [[Weizsaecker]]"
        person = span.label_ == "PERSON"
        before = _particles(doc, span.start - 1, -1) if person else []
        after = _particles(doc, span.end, 1) if person else []
        if before or after:
            # Only the words past the particles are asked about: taken by another span,
            # unless that span is a one-word PERSON (the name's part the model cut off).
            parts = (
                before[-1] - 1 if before else -1,
                next_solid(doc, after[-1] + 1) if after else -1,
            )
            own = {p for p in parts if p in taken and p not in single}
            start, end = with_particles(doc, span, own)
            if (start, end) != (span.start, span.end):
                grown = [g for g in grown if not (start <= g.start and g.end <= end)]
                span = Span(doc, start, end, label="PERSON")
                taken |= set(range(start, end))
        grown.append(span)
        reach = max(reach, span.end)
    return grown


def press_cues(doc: Doc, span: Span) -> list[tuple[int, str, str]]:
    """The per-mention cues of this module against a person: (points, label, kind)."""
    found = []
    if affiliation(doc, span):
        found.append((3, "ORG", "affiliation"))  # "Duke's Mike Krzyzewski"
    if work_frame(doc, span):
        found.append((3, "WORK_OF_ART", "work frame"))  # "the Harry Potter series"
    return found


def double_spaced(doc: Doc, gap: int, start: int, end: int) -> bool:
    """Whether the spaces of ``doc[gap]`` (no line break, no tab) stand inside one name: a
    given name before them and a capitalised surname after them that is no common word and
    no given name (``(Andrew  Infante) writes``, ``(Daniel  Sorabji/AFP)``). The caller
    asks only when the given name starts its piece: a table's columns hold a name each
    (``Babe Ruth  Miller Huggins``, ``R. Muth  Cities``).

    >>> import spacy
    >>> doc = spacy.blank("en")("(Andrew  Infante) and (Andrew  Today)")
    >>> double_spaced(doc, 2, 1, 4), double_spaced(doc, 8, 7, 10)
    (True, False)
    """
    if not (start < gap < end - 1) or "\n" in doc[gap].text or "\t" in doc[gap].text:
        return False
    given, surname = doc[gap - 1].text, doc[gap + 1].text
    if not (is_first_name(given) and surname[:1].isupper() and name_token(surname)):
        return False
    return not (is_common(surname) or is_first_name(surname))


def demonym_before(doc: Doc, start: int, end: int) -> bool:
    """A people's name before a person's (``Briton Neil Heywood``, ``American John
    Smith``): a demonym of the gazetteer that is no given name (not ``Dane Cook``), with a
    name after it in the span."""
    word = doc[start].text
    if end - start < 2 or not word[:1].isupper() or is_first_name(word):
        return False
    return demonym(word) and is_first_name(doc[start + 1].text)


def middle_initial(doc: Doc, i: int, start: int) -> bool:
    """Whether ``doc[i]``, a capital letter alone inside the name from ``doc[start]``, is a
    middle initial written without its dot after a name's word (``Nicki A Stassen Lantz``,
    round 26), not an article after a headline's verb (``Meet A Clinton``).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> middle_initial(nlp("Nicki A Stassen Lantz"), 1, 0)
    True
    >>> middle_initial(nlp("Meet A Clinton"), 1, 0)
    False
    """
    word = doc[i].text
    if len(word) != 1 or not word.isupper() or i <= start or i + 1 >= len(doc):
        return False
    before, after = doc[i - 1], doc[i + 1]
    return before.is_title and after.is_title and not is_common(before.text)


# How many tokens an institution's name runs on after its opening word, at most.
_INSTITUTION_REACH = 5


def institution_end(doc: Doc, end: int) -> int:
    """Where an institution's name that ``doc[end - 1]`` or an earlier word opens ends: it
    runs on over capitalised words and the particles between them, on its line
    (``Banco`` + ``do Brasil``, ``Universidad`` + ``de Chile``; round 26).

    >>> import spacy
    >>> doc = spacy.blank("en")("the official Banco do Brasil announced")
    >>> doc[2:institution_end(doc, 3)].text
    'Banco do Brasil'
    """
    reach = min(len(doc), end + _INSTITUTION_REACH)
    i = end
    while i < reach:
        token = doc[i]
        if token.lower_ in PARTICLES or token.lower_ in ("do", "fuer", "für"):
            if i + 1 < reach and doc[i + 1].is_title:
                i += 2
                continue
            break
        if not token.is_title:
            break
        i += 1
    return i
