"""Firms the model tags PERSON on wire news, read from the text's own marks (issue 21,
round 14).

Read on the development data of round 14 (400 unseen Reuters articles drawn with seed 1401,
and round 13's Reuters sample), each a kind, not a case:

- **a firm named by its partners**: a name joined by ``and``, ``&`` or ``et`` to capitalised
  words that end in a legal suffix or a partnership's word before anything else (``Alex
  Brown and Sons Inc``, ``Anders Wilhelmsen and Co``, ``Arvid Jauppi and Associates``,
  ``Morgan et Cie``, ``Duff and [[Phelps]] Selected Utilities Inc``): the firm's name
  (:func:`firm_end`);
- **a partnership with no legal suffix** (round 15): surnames joined by commas and one last
  ``and`` where a trade, a job or another firm stands beside them and no partner is named
  alone, after a title or in a full name (``brokers Phillips and Drew``, ``Ernst and
  Whinney Chairman``; not "Reagan and Gorbachev", nor a list of players)
  (:func:`partnership`);
- **a name before a ticker**: Reuters writes a listed company's ticker in angle brackets
  right after its name (``SOUTWESTERN BELL <SBC> TO FILE``, ``L.M. Ericsson <ERIC.ST>``): no
  person has a ticker;
- **a market desk's employer** (round 17): a name right before a desk's job and a person's
  name (``Sanford Bernstein analyst Tim Anderson``, ``Sterne Agee analyst Shaw Wu``): an
  analyst, economist or strategist is a firm's, where a politician's aide is his
  ("Obama adviser David Axelrod" stays) (:func:`desk_employer`);
- **a firm's first word cut off** (round 18): a one-word PERSON right before a span
  ending in a legal suffix (``Johnson`` + ``Matthey Plc`` over a line break)
  (:func:`firm_after`);
- **a name in angle brackets**: Reuters marks a company's name so (``<Lavalin Bell
  Geomat>``, ``<Anders Wilhelmsen and Co>``) (:func:`bracketed`); an e-mail address or a
  message id in brackets (``<jsmith@foo.edu>``) is no company: its words are no names.

Each such PERSON mention becomes an ORG spanning the firm's name, when no other entity
crosses it (the model's ``Sons Inc`` inside ``Alex Brown and Sons Inc`` is taken in); the
firm's name, ending in its legal suffix, then gives the text's other mentions of its short
name to :func:`pipeline.nlp.person_press.company_short_names` (``Baldwin said`` beside
``Baldwin Piano and Organ Co``). A firm named after a person (``Arvid Jauppi and
Associates``) is relabelled at that mention only: a full name starting with a first name
keeps its bounds, so the person's own mentions keep their name.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from pipeline.nlp.names import is_first_name, is_surname, title_before
from pipeline.nlp.person_cues import cue
from pipeline.nlp.sentences import next_solid, previous_solid, word_hyphen
from pipeline.nlp.tokens import SLASHED_SUFFIXES

# Words joining a firm's partners: "Tate and Lyle", "Smith & Co", "Morgan et Cie".
CONNECTORS = frozenset({"and", "&", "et", "und"})
# How many capitalised words a firm's name runs on after the PERSON span, at most.
_REACH = 5
# How many tokens an angle bracket is looked for either side of the span, at most.
_BRACKET_REACH = 10
# A ticker as Reuters writes it between angle brackets: "SBC", "ERIC.ST", "DGTC.O".
_TICKER = re.compile(r"[A-Z][A-Z0-9]{0,5}(?:\.[A-Z]{1,3})?")


def _capitalised(token: Token) -> bool:
    """A word of a name: capitalised, letters with dots or hyphens at most (``L.M.``), or
    a legal suffix written with a slash (``A/S``)."""
    text = token.text
    if text in SLASHED_SUFFIXES:
        return True
    return text[:1].isupper() and text.replace(".", "").replace("-", "").isalpha()


def _firm_word(text: str) -> bool:
    """A legal suffix (``Inc``, ``Co``, ``CO``, ``SpA``) or a partnership's word (``Sons``,
    ``Associates``, ``Cie``) that ends a firm's name."""
    lower = text.lower()
    return cue("legal", lower) or cue("legal", lower.rstrip(".")) or cue("firm_ends", lower)


def ticker_at(doc: Doc, i: int) -> bool:
    """Whether a ticker in angle brackets starts at ``doc[i]``: ``<`` ``SBC`` ``>``.

    >>> import spacy
    >>> doc = spacy.blank("en")("SOUTWESTERN BELL <SBC> TO FILE, <jsmith@foo.edu>")
    >>> [ticker_at(doc, i) for i, t in enumerate(doc) if t.text == "<"]
    [True, False]
    """
    return (
        i + 2 < len(doc)
        and doc[i].text == "<"
        and _TICKER.fullmatch(doc[i + 1].text) is not None
        and doc[i + 2].text == ">"
    )


def firm_end(doc: Doc, start: int, end: int) -> int | None:
    """Where the firm's name that runs through the name ``doc[start:end]`` ends (its last
    token's index + 1), or None when the name is no firm's: capitalised words and partners'
    connectors after it up to a ticker (the name ends before it) or to a legal suffix or
    partnership's word after a connector (``and Sons Inc``); a connector before the name
    joins it to a partner too (``Duff and [[Phelps]] Selected Utilities Inc``). A person's
    full name (a first name and more) is a firm's only with a partnership's word or a legal
    suffix right after the connector (``Alex Brown and Sons``): before another name, it is
    a person beside another firm (``President Mark D. Greenberg and Jacee Securities Inc
    President Joel L. Lovett``; round 14's harm check on the TEST sample)."""
    joined = start > 1 and doc[start - 1].lower_ in CONNECTORS and _capitalised(doc[start - 2])
    named = end - start > 1 and is_first_name(doc[start].text)
    i, words, last = next_solid(doc, end), 0, end
    while i < len(doc) and words <= _REACH:
        if ticker_at(doc, i):
            return last
        token = doc[i]
        if token.lower_ in CONNECTORS and words < _REACH:
            joined = True
        elif not _capitalised(token):
            return None
        elif joined and named and not _firm_word(token.text):
            return None  # a person and another firm: "Mark D. Greenberg and Jacee Securities Inc"
        elif joined and _firm_word(token.text):
            i = next_solid(doc, i + 1)
            while i < len(doc) and _capitalised(doc[i]) and _firm_word(doc[i].text):
                i = next_solid(doc, i + 1)  # "CO INC", "Sons Inc"
            if i < len(doc) and doc[i].text == "-":
                return None  # "and Co-founder": a word, no suffix
            return max(t.i for t in doc[start:i] if not t.is_space) + 1
        words += 1
        last = i + 1
        i = next_solid(doc, i + 1)
    return None


def bracketed(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The bounds of the words between angle brackets around ``doc[start:end]`` (``<Lavalin
    Bell Geomat>``), when every one is a capitalised word, a connector or a legal suffix;
    else None (``<jsmith@foo.edu>``, a quote's ``>``)."""
    lo = start - 1
    while lo >= max(0, start - _BRACKET_REACH) and doc[lo].text not in ("<", ">"):
        lo -= 1
    hi = end
    while hi < min(len(doc), end + _BRACKET_REACH) and doc[hi].text not in ("<", ">"):
        hi += 1
    if lo < 0 or hi >= len(doc) or doc[lo].text != "<" or doc[hi].text != ">":
        return None
    inner = [t for t in doc[lo + 1 : hi] if not t.is_space]
    if not inner or not _capitalised(inner[0]) or (lo > 0 and "@" in doc[lo - 1].text):
        return None  # "pausch@saaf.se <Paul Schlyter>": a mail's author
    if not all(
        _capitalised(t) or t.lower_ in CONNECTORS or _firm_word(t.text) or word_hyphen(t)
        for t in inner
    ):
        return None  # "<Ina-Naftaplin>": a hyphen inside a word is the name's
    words = "".join(t.text_with_ws for t in inner).split()
    if 2 <= len(words) <= 3 and is_first_name(inner[0].text) and not _firm_word(words[-1]):
        return None  # a person's full name: "<Paul Schlyter>", not "<Anders Wilhelmsen and Co>"
    return lo + 1, hi


def _partner_word(token: Token) -> bool:
    """A word a partnership's name may hold: capitalised, no place or people the model
    named, no given name that is no surname too ("Tom and Jerry"; "Drew" is both)."""
    if not _capitalised(token) or token.ent_type_ in ("GPE", "LOC", "NORP"):
        return False
    return not (is_first_name(token.text) and not is_surname(token.text))


def partnership(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """The bounds of a partnership's name with no legal suffix that runs through the words
    ``doc[start:end]``: surnames joined by commas and one last ``and`` (``Phillips and
    Drew``, ``Woodhouse, Drake and Carey``, ``Ernst and Whinney``), each partner one word
    or two; None when the words stand in no such list.

    >>> import spacy
    >>> doc = spacy.blank("en")("said brokers Phillips and Drew in a report")
    >>> partnership(doc, 4, 5), partnership(doc, 0, 1)
    ((2, 5), None)
    """
    if not all(_partner_word(t) for t in doc[start:end] if not t.is_space):
        return None
    lo, hi, joins = start, end, []
    while True:  # partners to the left: "Woodhouse, [[Drake]]"
        join = previous_solid(doc, lo)
        word = previous_solid(doc, join)
        if join < 0 or word < 0 or doc[join].lower_ not in CONNECTORS | {","}:
            break
        if not _partner_word(doc[word]) or _firm_word(doc[word].text):
            break  # "AFG Industries Inc and [[Wagner and Brown]]": another firm ends there
        joins.insert(0, doc[join].lower_)
        lo = word
        two = previous_solid(doc, lo)
        if two >= 0 and _partner_word(doc[two]) and lo - two == 1:
            lo = two  # "Morgan Olmstead, Kennedy"
    while True:  # partners to the right: "[[Drake]] and Carey"
        join = next_solid(doc, hi)
        word = next_solid(doc, join + 1)
        if word >= len(doc) or doc[join].lower_ not in CONNECTORS | {","}:
            break
        if not _partner_word(doc[word]):
            break
        joins.append(doc[join].lower_)
        hi = word + 1
    if not joins or joins[-1] not in CONNECTORS or any(j not in {","} for j in joins[:-1]):
        return None
    return lo, hi


def _firm_cue(doc: Doc, lo: int, hi: int) -> bool:
    """Whether the words around a partnership's name ``doc[lo:hi]`` say it is a firm: a
    trade before it (``brokers Phillips and Drew``), a job and ``of``, ``with`` or ``at``
    before it (``vice president of Woodhouse, Drake and Carey``, ``analyst with``), a job
    after it (``Ernst and Whinney Chairman``), or another firm's legal suffix and ``and``
    before it (``AFG Industries Inc and Wagner and Brown``). A list of people has none
    ("Diaby, Rosicky and Wilshere", "Katniss and Peeta")."""
    before = previous_solid(doc, lo)
    after = next_solid(doc, hi)
    if after < len(doc) and cue("jobs", doc[after].lower_):
        return True
    if before < 0:
        return False
    word = doc[before].lower_
    if cue("firm_trades", word) or cue("company", word):
        return True
    two = previous_solid(doc, before)
    if two < 0:
        return False
    if word == "," and cue("firm_trades", doc[two].lower_):
        return True  # "London trader, Woodhouse, Drake and Carey, said" (round 24)
    if word in ("of", "with", "at", "from"):
        return cue("jobs", doc[two].lower_)
    # "Inc and", "Inc <AFG> and": another firm, its ticker after it or not
    return word in CONNECTORS and (_firm_word(doc[two].text) or doc[two].text == ">")


# How an adjective of a school of thought ends: "Jungian", "Keynesian", "Marxist".
_SCHOOL_ENDINGS = ("ian", "ean", "ist")


def desk_employer(doc: Doc, span: Span, spans: list[Span]) -> bool:
    """Whether the PERSON ``span`` names the firm of the person after it: a desk's job in
    lower case between them (``Sterne Agee analyst Shaw Wu``; the list ``firm_desks``), and
    no title before the span ("Secretary Mnuchin economist" is no wire's style).

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> doc = nlp("according to Sterne Agee analyst Shaw Wu")
    >>> names = [Span(doc, 2, 4, "PERSON"), Span(doc, 5, 7, "PERSON")]
    >>> desk_employer(doc, names[0], names), desk_employer(doc, names[1], names)
    (True, False)
    """
    job = span.end
    if job >= len(doc) or not cue("firm_desks", doc[job].text) or title_before(doc, span.start):
        return False
    if len(span) == 1 and span.text.endswith(_SCHOOL_ENDINGS):
        return False  # a school's adjective: "Jungian analyst", "Keynesian economist"
    person = next_solid(doc, job + 1)  # "Paine Webber analyst\nBernie Savaiko" (round 20)
    return any(s.label_ == "PERSON" and s.start == person for s in spans)


def firm_after(doc: Doc, span: Span, spans: list[Span]) -> tuple[int, int] | None:
    r"""The bounds of a firm whose name the model cut after its first word, tagging that a
    person and the rest a span (an organisation or a person) ending in a legal suffix
    (``Johnson`` + ``\nMatthey Plc``, over a wire's line break): a one-word PERSON right
    before such a span, nothing but a space or one line break between them.

    >>> import spacy
    >>> doc = spacy.blank("en")("director for Johnson\nMatthey Plc said")
    >>> names = [Span(doc, 2, 3, "PERSON"), Span(doc, 4, 6, "ORG")]
    >>> firm_after(doc, names[0], names)
    (2, 6)
    """
    if len(span) != 1 or not _capitalised(span[0]):
        return None
    after = next_solid(doc, span.end)
    if after - span.end > 1 or (after > span.end and doc[span.end].text.count("\n") != 1):
        return None
    for other in spans:
        if other.start == after and other.label_ in ("ORG", "PERSON") and len(other) > 1:
            words = [t for t in other if not t.is_space]
            if not all(_capitalised(t) or t.lower_ in CONNECTORS for t in words):
                return None  # "Dillard" + "Spriggs of Petroleum Analysis Ltd": a person's
            return (span.start, other.end) if _firm_word(other[-1].text) else None
    return None


def _said_alone(doc: Doc, spans: list[Span], bounds: tuple[int, int]) -> bool:
    """Whether a partner of the name ``doc[lo:hi]`` stands elsewhere in ``doc`` as a
    person: outside every mention of that name and of every entity that is no PERSON,
    after a title, or inside a full name ("President Reagan", "Ronald Reagan ... Reagan
    and Gorbachev"; not the firm's short name the model took for one, "Woodhouse, Drake
    and Carey ... Woodhouse said" with that ``Woodhouse`` an ORG: round 24)."""
    lo, hi = bounds
    words = {t.text for t in doc[lo:hi] if _capitalised(t)} - {"And"}
    name = [t.text for t in doc[lo:hi] if not t.is_space]
    covered: set[int] = set()
    for i in range(len(doc) - len(name) + 1):
        if doc[i].text == name[0]:
            j, k = i, 0
            while j < len(doc) and k < len(name) and (doc[j].is_space or doc[j].text == name[k]):
                k += not doc[j].is_space
                j += 1
            if k == len(name):
                covered |= set(range(i, j))
    things = {
        i
        for span in spans
        if span.label_ != "PERSON" and not (span.start < hi and lo < span.end)
        for i in range(span.start, span.end)
    }
    if any(t.text in words and t.i not in covered and t.i not in things for t in doc):
        return True
    full = {w for s in spans if s.label_ == "PERSON" and len(s) > 1 for w in s.text.split()}
    return bool(words & full) or any(title_before(doc, i) for i in covered if doc[i].text in words)


def _firm_bounds(doc: Doc, span: Span, spans: list[Span]) -> tuple[int, int] | None:
    """The bounds of the firm whose name a PERSON ``span`` is part of, or None."""
    inside = bracketed(doc, span.start, span.end)
    if inside:
        return inside
    if desk_employer(doc, span, spans):
        return span.start, span.end
    joined = firm_after(doc, span, spans)  # "Johnson\nMatthey Plc" (round 18)
    if joined:
        return joined
    end = firm_end(doc, span.start, span.end)
    if end is None:
        bounds = partnership(doc, span.start, span.end)
        if bounds is None or not _firm_cue(doc, *bounds) or _said_alone(doc, spans, bounds):
            return None
        return bounds
    start = span.start
    if start > 1 and doc[start - 1].lower_ in CONNECTORS and _capitalised(doc[start - 2]):
        start -= 2  # "Duff and [[Phelps]] ..."
    return start, end


def firms(doc: Doc, spans: list[Span]) -> list[Span]:
    """``spans`` with each PERSON mention that is part of a firm's name relabelled ORG,
    spanning the firm's name when no other entity crosses it and the mention is no full
    name starting with a first name (``Arvid Jauppi`` of ``Arvid Jauppi and
    Associates``: his name, the firm's at this mention only). A surname the text also
    writes as a person's, before a firm the model named apart, is that person's: ``George
    Shultz ... Shultz and Japan Airlines Co officials`` stay two."""
    result = list(spans)
    surnames = {s[-1].text for s in spans if s.label_ == "PERSON" and len(s) > 1}
    for span in spans:
        if span.label_ != "PERSON" or span not in result:
            continue
        bounds = _firm_bounds(doc, span, spans)
        if bounds is None:
            continue
        start, end = bounds
        others = [s for s in result if s is not span and s.start < end and start < s.end]
        if span.text in surnames and any(o.start >= span.end for o in others):
            continue  # the person beside a firm: "George Shultz ... Shultz and Japan Airlines Co"
        named = len(span) > 1 and is_first_name(span[0].text)
        if named or any(s.start < start or s.end > end for s in others):
            start, end, others = span.start, span.end, []
        result = [s for s in result if s is not span and not any(s is o for o in others)]
        result.append(Span(doc, start, end, label="ORG"))
    return sorted(result, key=lambda s: s.start)


def _partners(span: Span) -> set[str]:
    """The partners' names of a firm named by them (``Duff and Phelps Selected Utilities
    Inc`` -> ``Duff``, ``Phelps``; ``Tate and Lyle Plc`` -> ``Tate``, ``Lyle``): its runs of
    capitalised words between connectors, one or two words each, the last run only when
    something but its legal suffix or partnership's word is left of it."""
    runs: list[list[str]] = [[]]
    for token in span:
        if token.lower_ in CONNECTORS:
            runs.append([])
        elif not token.is_space:
            runs[-1].append(token.text)
    if len(runs) < 2:
        return set()
    names = set()
    for words in runs:
        while words and _firm_word(words[-1]):
            words = words[:-1]
        if words and len(words) <= 2:
            names.add(" ".join(words))
        elif words:
            names.add(words[0])  # "Phelps Selected Utilities" -> "Phelps"
    return names


def firm_names(doc: Doc, spans: list[Span]) -> set[str]:
    """The names the text marks as a firm's, whose other mentions are the firm's too: a
    name just before a ticker or alone in angle brackets (``Valeo <VLOF.PA>``, ``<Eni>``),
    and the partners of a firm named by them that ends in a legal suffix or a partnership's
    word (``Tate and Lyle Plc``). Not a PERSON span's: one the text also writes as a person's
    stays a person's (``Mr. Pesch``), by its own evidence against this."""
    found = set()
    for span in spans:
        if span.label_ == "PERSON":
            continue
        if ticker_at(doc, next_solid(doc, span.end)) or bracketed(doc, span.start, span.end) == (
            span.start,
            span.end,
        ):
            found.add(span.text)
        words = [t for t in span if not t.is_space]
        if len(words) > 2 and _firm_word(words[-1].text):
            found |= _partners(span)
    return found


__all__ = [
    "CONNECTORS",
    "bracketed",
    "desk_employer",
    "firm_after",
    "firm_end",
    "firm_names",
    "firms",
    "partnership",
    "ticker_at",
]
