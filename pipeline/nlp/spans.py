"""Span extensions shared by our components, and the entity clean-up component.

Every entity span gets ``span._.canonical`` (the name to group mentions by) and
``span._.country_code`` (ISO 3166-1 alpha-2, or None).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.nlp.doc_text import doc_text
from pipeline.nlp.line_wrap import soft_break
from pipeline.nlp.names import is_common, known_label
from pipeline.nlp.person_cues import cue
from pipeline.nlp.sentences import breaks_line
from pipeline.resources import load_json, load_lines

for _name in ("canonical", "country_code"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)

_LEADING_DROP = {"the", "a", "an"}
_QUOTES = set("\"'“”‘’«»„`")
# Never part of an entity of any label: a contraction's "n’t" (the model once took it for a
# place in 54 articles), a possessive at a span's start ("’s Blue Origin").
_CLITICS = {"n't", "n’t", "'s", "’s"}
# Labels of amounts and times: a span of them needs a digit or a letter ("$5", "noon");
# every other label names something and needs a letter ("@#$%^&" is no ORG, "½" no LOC).
_AMOUNT_LABELS = {"CARDINAL", "DATE", "MONEY", "ORDINAL", "PERCENT", "QUANTITY", "TIME"}


def _is_edge_junk(token, leading: bool, name: bool = False) -> bool:
    """Whether ``token`` at a span's edge is no part of it; ``name``: the span names
    something (no amount or time), so a symbol with no letter or digit goes too (``+
    Minecraft Realms``, ``& cholesterol &``), where an amount keeps its ``%`` or ``$``
    (the model's ``50%`` had been cut to ``50``)."""
    if token.is_space:
        return True
    if not name and (token.text in ("%", "‰") or token.is_currency):
        return False  # an amount's own sign: "50%" stays whole, "$5" too
    if token.text in _QUOTES or (token.is_punct and token.text not in ".&"):
        return True
    if name and token.text != "." and not any(ch.isalnum() for ch in token.text):
        return True
    if _drawing(token.text):
        return True  # a table's rule or an arrow beside an amount: "16:59:00+00 │"
    if token.lower_ in _CLITICS:
        return True
    if leading and token.lower_ in _LEADING_DROP:
        return True
    return not leading and token.lower_ in ("'s", "’s", "’", "'")


def _drawing(text: str) -> bool:
    """Whether ``text`` is only box-drawing characters, arrows or other pictures
    (Unicode's "other symbol"), which no amount holds but a degree sign (``30°``).

    >>> _drawing("│"), _drawing("→"), _drawing("°"), _drawing("%")
    (True, True, False, False)
    """
    return text != "°" and all(
        unicodedata.category(ch) == "So" or "\u2190" <= ch <= "\u21ff" for ch in text
    )


def _first_line_end(doc: Doc, start: int, end: int) -> int:
    """Where the line of ``doc[start]`` ends, or ``end`` if the tokens stay on it; a soft
    break of a hard-wrapped text is no line's end (``Standard Knickerbocker\nLtd``:
    :mod:`pipeline.nlp.line_wrap`)."""
    for token in doc[start:end]:
        if not (token.is_space or breaks_line(token)):
            continue
        if token.i + 1 < end and breaks_line(token) and soft_break(doc, token.i):
            continue  # only at a line break is a soft one looked for: the hot path
        return token.i if token.is_space else token.i + 1
    return end


def _names_something(span: Span) -> bool:
    """Whether the span has a letter (a digit will do for amounts and times), is no acronym
    of a kind of thing (``SEO``, ``GMT``: ``resources/common_acronyms.txt``), and no unit
    written after a number: one lower-case word right after one ("20 cts vs 15 cts": the
    model's ORG "cts" in 381 of 2,000 Reuters articles)."""
    if span.label_ in _AMOUNT_LABELS:
        return any(char.isalnum() for char in span.text)
    if len(span) == 1 and span.text in _common_acronyms():
        return False  # "SEO", "HTML", "GMT": a kind of thing, no name
    if office_of_a_title(span):
        return False
    # One lower-case word of letters (not "15 747s"), no people ("one japanese refiner").
    word = span[0]
    unit = len(span) == 1 and word.is_lower and word.is_alpha and span.label_ != "NORP"
    if unit and span.start > 0 and span.doc[span.start - 1].like_num:
        return False
    return any(char.isalpha() for char in span.text)


def office_of_a_title(span: Span) -> bool:
    """Whether a one-word organisation is the office in a person's title, a common word
    right after a capitalised role and "of": ``Secretary of [State] George Shultz``,
    ``Minister of [Finance]`` (not ``Secretary of the Treasury``, which names the body).

    >>> import spacy
    >>> doc = spacy.blank("en")("Secretary of State Shultz met the Secretary of the Treasury.")
    >>> state, treasury = Span(doc, 2, 3, label="ORG"), Span(doc, 9, 10, label="ORG")
    >>> office_of_a_title(state), office_of_a_title(treasury)
    (True, False)
    """
    doc, start = span.doc, span.start
    if span.label_ != "ORG" or len(span) != 1 or start < 2 or not span[0].is_title:
        return False
    if not is_common(span[0].lower_):
        return False
    role, of = doc[start - 2], doc[start - 1]
    return of.lower_ == "of" and role.is_title and cue("roles", role.lower_)


def trim_span(span: Span) -> Span | None:
    r"""``the "Storm Corps,`` -> ``Storm Corps``: drop determiners, quotes, stray punctuation,
    and ``n’t`` or ``’s`` at either end; keep only the first line of a span the model ran
    across a line break (``Facebook\n\nFollow``: the next line's first word, capitalised,
    taken into the name), except a PERSON's, which the person filter judges line by line.

    Returns None when nothing is left, or nothing that names anything (``@#$%^&``, a unit
    after a number: ``20 cts``).

    >>> import spacy
    >>> doc = spacy.blank("en")("They didn’t go.")
    >>> trim_span(Span(doc, 1, 3, label="GPE")).text, trim_span(Span(doc, 2, 3, label="GPE"))
    ('did', None)
    >>> doc = spacy.blank("en")("Share on Facebook\n\nFollow us. Fury @#$%^& now")
    >>> trim_span(Span(doc, 2, 5, label="ORG")).text, trim_span(Span(doc, 8, 10, label="ORG"))
    ('Facebook', None)
    >>> trim_span(Span(doc, 3, 5, label="ORG")).text
    'Follow'
    >>> doc = spacy.blank("en")("Shr 20 cts vs 15 cts")
    >>> trim_span(Span(doc, 2, 3, label="ORG")) is None
    True
    >>> doc = spacy.blank("en")("New + Minecraft Realms & more at 50%")
    >>> work, share = Span(doc, 1, 5, label="WORK_OF_ART"), Span(doc, 7, 9, label="PERCENT")
    >>> trim_span(work).text, trim_span(share).text
    ('Minecraft Realms', '50%')
    """
    start, end = span.start, span.end
    name = span.label_ not in _AMOUNT_LABELS
    while start < end and _is_edge_junk(span.doc[start], leading=True, name=name):
        start += 1
    if span.label_ != "PERSON":
        end = _first_line_end(span.doc, start, end)
    # A trailing "and" / "of" is the model running over: "the White House and"; the line
    # break of a wrapped text before it goes with it ("Organisation\nof").
    while end > start and (
        _is_edge_junk(span.doc[end - 1], leading=False, name=name)
        or span.doc[end - 1].lower_ in ("and", "or", "of", ",")
    ):
        end -= 1
    if start >= end:
        return None
    trimmed = (
        span
        if (start, end) == (span.start, span.end)
        else Span(span.doc, start, end, label=span.label_)
    )
    return trimmed if _names_something(trimmed) else None


# The most words a firm's name before "and Co" is taken to have ("Merrill Lynch, Pierce,
# Fenner and Smith Inc": six with its commas).
_FIRM_WORDS = 6


def whole_firm(span: Span) -> Span:
    """An organisation the model cut at "and" (``Wertheim and [Co]``, ``Merrill Lynch and
    [Co Inc]``): its span grown over the partners' names on its line, capitalised words
    and the commas between them; any other span as it is.

    >>> import spacy
    >>> doc = spacy.blank("en")("said S.G. Warburg and Co analyst Ellman; the firm and Co fell")
    >>> cut, other = Span(doc, 4, 5, label="ORG"), Span(doc, 11, 12, label="ORG")
    >>> whole_firm(cut).text, whole_firm(other).text
    ('S.G. Warburg and Co', 'Co')
    """
    doc, start = span.doc, span.start
    if span.label_ != "ORG" or not cue("legal", span[0].lower_) or start < 2:
        return span
    if doc[start - 1].lower_ not in ("and", "&"):
        return span
    first = start - 1
    for i in range(start - 2, max(start - 2 - _FIRM_WORDS, -1), -1):
        token = doc[i]
        if cue("legal", token.lower_):
            break  # the end of another firm's name: "Co Ltd, Morgan Grenfell and Co Ltd"
        if token.is_title and token.text.replace(".", "").isalpha() and not token.is_stop:
            first = i  # a name or its initials ("S.G. Warburg")
        elif token.text != "," or i == 0 or not doc[i - 1].is_title:
            break
    return span if first == start - 1 else Span(doc, first, span.end, label="ORG")


def named_event(span: Span) -> bool:
    """Whether a span is an event's name by its first words (``resources/event_openers.txt``)
    followed by a capitalised name.

    >>> import spacy
    >>> doc = spacy.blank("en")("Hurricane Sandy hit New York; hurricane season ended.")
    >>> named_event(doc[0:2]), named_event(doc[6:8]), named_event(doc[0:1])
    (True, False, False)
    """
    first = span[0]
    if not first.is_title:
        return False
    for opener in _event_openers().get(first.lower_, ()):
        size = len(opener)
        named = len(span) > size and span[size].is_title
        if named and [token.lower_ for token in span[:size]] == opener:
            return True
    return False


@cache
def _common_acronyms() -> frozenset[str]:
    return frozenset(load_lines("common_acronyms.txt"))


@cache
def _event_openers() -> dict[str, list[list[str]]]:
    """The openers of ``event_openers.txt`` as word lists, by their first word."""
    openers: dict[str, list[list[str]]] = {}
    for line in load_lines("event_openers.txt"):
        words = line.split()
        openers.setdefault(words[0], []).append(words)
    return openers


@cache
def _opener_words() -> re.Pattern[str]:
    """Any first word of an opener, in any case, as a word of a text."""
    words = "|".join(re.escape(word) for word in _event_openers())
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


def replace_entities(doc: Doc, spans: Iterable[Span]) -> None:
    """Set ``doc.ents``, the longest span winning where spans overlap."""
    doc.ents = filter_spans(list(spans))


def product_label(span: Span) -> str | None:
    """The label of a known product or work the model called an organisation (``Android``,
    ``iPad`` -> PRODUCT; ``Mad Men`` -> WORK_OF_ART), unless it names its maker too
    (``Polaroid``): ``not_people.json``'s ``relabel`` and ``organisations_too``."""
    if span.label_ != "ORG":
        return None
    label = known_label(span.text)
    if label not in ("PRODUCT", "WORK_OF_ART") or span.text in _organisations_too():
        return None
    return label


@cache
def _organisations_too() -> frozenset[str]:
    return frozenset(load_json("not_people.json")["organisations_too"])


_STORMS = "spans.storm_names"


def storm_names(doc: Doc) -> dict[str, str]:
    """The one-word names the text gives storms after an event's opener, in any case, each
    with the storm's full name as the text first writes it, opener capitalised:
    ``Hurricane Sandy``, ``superstorm Sandy``, ``Tropical Storm Debby``. Weather services
    name storms with given names, not common words (``the Hurricane Gear shop``).

    >>> import spacy
    >>> doc = spacy.blank("en")("After superstorm Sandy and Tropical Storm Debby, Sandy left.")
    >>> storm_names(doc)
    {'Sandy': 'Superstorm Sandy', 'Debby': 'Tropical Storm Debby'}

    Worked out once per doc (its tokens do not change).
    """
    names: dict[str, str] | None = doc.user_data.get(_STORMS)
    if names is not None:  # read by the cleaner and again by the place finder
        return names
    names = doc.user_data[_STORMS] = {}
    openers = _event_openers()
    if not _opener_words().search(doc_text(doc)):  # most docs: no token loop in Python
        return names
    for token in doc:
        for opener in openers.get(token.lower_, ()):
            after = token.i + len(opener)
            if after >= len(doc) or not doc[after].is_title:
                continue
            if is_common(doc[after].text):
                continue
            if [t.lower_ for t in doc[token.i : after]] == opener:
                full = " ".join(t.text.capitalize() for t in doc[token.i : after])
                names.setdefault(doc[after].text, f"{full} {doc[after].text}")
    return names


@Language.component("entity_cleaner")
def entity_cleaner(doc: Doc) -> Doc:
    """Trim every entity span of determiners, quotes and stray punctuation (none left if
    it names nothing); make a firm cut at "and" whole (:func:`whole_firm`); label a named
    storm an event (:func:`named_event`), and its name alone too where the text names the
    storm (``Hurricane Sandy`` ... ``Sandy``, which the model calls a person or a firm); a
    known product the model calls an organisation a product (:func:`product_label`)."""
    spans = []
    for ent in doc.ents:
        span = trim_span(ent)
        if span is None:
            continue
        span = whole_firm(span)
        if span.label_ != "EVENT" and named_event(span):
            span = Span(doc, span.start, span.end, label="EVENT")
        elif (label := product_label(span)) is not None:
            span = Span(doc, span.start, span.end, label=label)
        spans.append(span)
    storms = storm_names(doc)
    if storms:
        spans = [Span(doc, s.start, s.end, label="EVENT") if s.text in storms else s for s in spans]
        spans += _untagged_storm_names(doc, spans, storms)
    replace_entities(doc, spans)
    for ent in doc.ents if storms else ():
        # one storm, one name: "Sandy" and "Hurricane Sandy" group as the storm
        if ent.label_ == "EVENT" and ent[-1].text in storms and (len(ent) == 1 or named_event(ent)):
            ent._.canonical = storms[ent[-1].text]
    return doc


def _untagged_storm_names(doc: Doc, spans: list[Span], storms: dict[str, str]) -> list[Span]:
    """A storm's one-word name standing alone where the model tagged nothing
    (``Sandy flooded the subway``)."""
    tagged = {i for span in spans for i in range(span.start, span.end)}
    return [
        Span(doc, token.i, token.i + 1, label="EVENT")
        for token in doc
        if token.i not in tagged and token.is_title and token.text in storms
    ]
