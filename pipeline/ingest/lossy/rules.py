"""Written rules: the structure of typography that the counts are too few to learn.

Two tables of small named rules, tried in order (the first that answers decides), in
the manner of ftfy's fixes. Each rule is a function with its own example; it returns
the chosen character and the reason the explanation shows, or None to pass:

- :data:`SITE_RULES` decide a single ``â??`` from its :class:`SiteView` (a zero-width
  space alone on its line, a number's ``s``, the words either side of a site between
  letters, a table column, elisions, headline quotes);
- :data:`RUN_RULES` decide a run of adjacent ``â??`` from its :class:`RunView` (quote
  and dash pairs, hair-spaced dashes, separator lines and table rules), one choice per
  site.

A site no rule decides is left to the learned counts, within what :func:`impossible`
allows (a quote faces the text it quotes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from pipeline.ingest.lossy.forms import QUOTE_DASH_FORM
from pipeline.ingest.lossy.sites import (
    AFTER_CLOSER,
    AFTER_WORD,
    BEFORE_WORD,
    BLANK,
    DASH,
    DIGIT,
    DOUBLE,
    EDGE,
    HEADLINE,
    LETTERS,
    LINE_OR_DASH,
    LOWER,
    PHRASE_END,
    SINGLE,
    STRAIGHT_QUOTE,
    WORD,
    WORD_END,
    Site,
    SiteClass,
    site_class,
    sites_of,
)
from pipeline.resources import load_json

__all__ = [
    "BOX_CHARACTERS",
    "RUN_RULES",
    "SITE_RULES",
    "Choice",
    "RunView",
    "SiteView",
    "decide_run",
    "decide_site",
    "draws_tables",
    "impossible",
    "run_view",
    "site_view",
]

Choice = tuple[str, str]  # the character chosen and the reason
HAIR, ZWSP, BOX_HORIZONTAL, BOX_VERTICAL = "\u200a", "\u200b", "─", "│"
# Box-drawing characters whose damage is ``â??`` (U+2500–U+251F): tables only.
BOX_CHARACTERS = "".join(chr(c) for c in range(0x2500, 0x2520))


@dataclass(frozen=True, slots=True)
class SiteView:
    """What a rule for a single site sees: the site, its neighbours' classes (the
    choice before it standing for a neighbouring site), the choice made just before it
    in the document, and whether the document draws tables."""

    site: Site
    left: SiteClass
    right: SiteClass
    previous: Choice | None = None
    tables: bool = False


@dataclass(frozen=True, slots=True)
class RunView:
    """What a rule for a run of adjacent sites sees: the run, the classes of what stands
    before and after it, the paragraph's open quotes (innermost last), and whether the
    document draws tables."""

    run: list[Site]
    left: SiteClass
    right: SiteClass
    stack: list[str]
    tables: bool = False


SiteRule = Callable[[SiteView], Choice | None]
RunRule = Callable[[RunView], list[Choice] | None]


def _spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(QUOTE_DASH_FORM), text)]


def site_view(
    text: str, index: int = 0, previous: Choice | None = None, tables: bool = False
) -> SiteView:
    """The view of the ``index``-th ``â??`` of ``text`` (the examples' and tests' way in).

    >>> view = site_view("Kimâ??s")
    >>> view.left, view.right, view.site.left_word
    (<SiteClass.LOWER: 'l'>, <SiteClass.LOWER: 'l'>, 'Kim')
    """
    site = sites_of(text, _spans(text))[index]
    left = site_class(previous[0] if site.left is None and previous else site.left)
    return SiteView(site, left, site_class(site.right), previous, tables)


def run_view(text: str, stack: tuple[str, ...] = (), tables: bool = False) -> RunView:
    """The view of the first run of adjacent ``â??`` of ``text`` (examples and tests).

    >>> view = run_view("saidâ??â??We")
    >>> len(view.run), view.left, view.right
    (2, <SiteClass.LOWER: 'l'>, <SiteClass.UPPER: 'U'>)
    """
    sites = sites_of(text, _spans(text))
    first = next(i for i, s in enumerate(sites) if i + 1 < len(sites) and sites[i + 1].left is None)
    last = first
    while last + 1 < len(sites) and sites[last + 1].left is None:
        last += 1
    run = sites[first : last + 1]
    return RunView(run, site_class(run[0].left), site_class(run[-1].right), list(stack), tables)


# -- the curated word lists ----------------------------------------------------------------------
@lru_cache(maxsize=1)
def _curated() -> dict[str, frozenset[str]]:
    data = load_json("lossy_mojibake.json")
    return {
        "elisions": frozenset(data["elisions"]),
        "years": frozenset(data["year_elision_words"]),
        "apostrophe_words": frozenset(data["apostrophe_words"]),
    }


# ``’s`` is left to the counts: a possessive, but now and then a closing quote (``‘it’s``).
_CONTRACTION_ENDINGS = frozenset({"t", "d", "ll", "re", "ve", "m", "n"})  # n: rock’n’roll
_CAPITAL_CONTRACTION_ENDINGS = _CONTRACTION_ENDINGS | {"s"}
_ELIDING_LETTERS = frozenset({"o", "d", "l", "n"})  # n: rock’n’roll
_YEAR_RE = re.compile(r"\d\ds?")
_NOT_A_YEAR_RE = re.compile(r"\d|\d{3,}")


# -- rules for a single site -------------------------------------------------------------------
def zero_width_space_alone(view: SiteView) -> Choice | None:
    """A site alone on its line is a zero-width space (an empty paragraph).

    >>> zero_width_space_alone(site_view("One.\\nâ??\\nTwo."))
    ('\\u200b', 'zero-width space alone on its line (an empty paragraph)')
    """
    if view.left == EDGE and view.right == EDGE:
        return ZWSP, "zero-width space alone on its line (an empty paragraph)"
    return None


def numbers_s(view: SiteView) -> Choice | None:
    """A lone ``s`` after a number is its possessive or plural: a dash would make no word.

    >>> numbers_s(site_view("the F-35â??s range"))
    ('’', 'a number’s s (1970’s, F-35’s)')
    """
    if view.left == DIGIT and view.right == LOWER and view.site.right_word == "s":
        return "’", "a number’s s (1970’s, F-35’s)"
    return None


def _between_letters(view: SiteView) -> bool:
    return view.left in LETTERS and view.right in LETTERS


def contraction(view: SiteView) -> Choice | None:
    """A site between letters before a contraction's ending (``it’d``, ``I’m``, ``we’ll``).

    >>> contraction(site_view("weâ??ll"))
    ('’', 'contraction (it’d, I’m)')
    """
    if _between_letters(view) and view.site.right_word in _CONTRACTION_ENDINGS:
        return "’", "contraction (it’d, I’m)"
    return None


def contraction_in_capitals(view: SiteView) -> Choice | None:
    """A contraction written in capitals, ``’S`` included (``LET’S``, ``IT’LL``).

    >>> contraction_in_capitals(site_view("LETâ??S"))
    ('’', 'contraction in capitals (LET’S)')
    """
    left, right = view.site.left_word, view.site.right_word
    if not _between_letters(view) or not (left.isupper() and right.isupper()):
        return None
    if right.lower() in _CAPITAL_CONTRACTION_ENDINGS:
        return "’", "contraction in capitals (LET’S)"
    return None


def elided_letter(view: SiteView) -> Choice | None:
    """One eliding letter before a word (``o’clock``, ``d’Or``, ``O’Neill``, ``l’Oréal``).

    >>> elided_letter(site_view("8 oâ??clock"))
    ('’', 'elided letter (o’clock, d’Or)')
    """
    left = view.site.left_word
    if _between_letters(view) and len(left) == 1 and left.lower() in _ELIDING_LETTERS:
        return "’", "elided letter (o’clock, d’Or)"
    return None


def apostrophe_word(view: SiteView) -> Choice | None:
    """A word of the curated list with an apostrophe inside (``y’all``, ``ma’am``, ``Qur’an``).

    >>> apostrophe_word(site_view("the Qurâ??an"))
    ('’', 'apostrophe inside a word (y’all, Qur’an)')
    """
    word = f"{view.site.left_word}’{view.site.right_word}".lower()
    if _between_letters(view) and word in _curated()["apostrophe_words"]:
        return "’", "apostrophe inside a word (y’all, Qur’an)"
    return None


def dateline_in_capitals(view: SiteView) -> Choice | None:
    """A dateline of three or more capitals before a capitalised word (``LONDON—The``).

    >>> dateline_in_capitals(site_view("LONDONâ??The"))
    ('—', 'dateline in capitals (LONDON—The)')
    """
    left, right = view.site.left_word, view.site.right_word
    capitals = len(left) >= 3 and left.isalpha() and left.isupper()
    title = len(right) >= 2 and right.isalpha() and right.istitle()
    if _between_letters(view) and capitals and title:
        return "—", "dateline in capitals (LONDON—The)"
    return None


def closed_dash_between_words(view: SiteView) -> Choice | None:
    """Between two words of two letters or more, the second in lowercase, a closed em
    dash (``man—an``); a single letter before is left to the counts (``Y—those``).

    >>> closed_dash_between_words(site_view("a manâ??an officer"))
    ('—', 'closed dash between words (man—an)')
    """
    left, right = view.site.left_word, view.site.right_word
    if _between_letters(view) and len(left) >= 2 and len(right) >= 2 and right.islower():
        return "—", "closed dash between words (man—an)"
    return None


def table_column(view: SiteView) -> Choice | None:
    """Between spaces in a document that draws tables, a table's column (``│``).

    >>> table_column(site_view("n  â?? x", tables=True))
    ('│', 'table column (the document draws tables)')
    """
    if view.tables and view.left in BLANK and view.right in BLANK:
        return BOX_VERTICAL, "table column (the document draws tables)"
    return None


def _before_word_or_number(view: SiteView) -> bool:
    return view.left in BEFORE_WORD and view.right in (LOWER, DIGIT)


def elision(view: SiteView) -> Choice | None:
    """An apostrophe opening a curated elision (``’em``, ``’til``, ``’n’``).

    >>> elision(site_view("Put â??em away"))
    ('’', 'elision (’em, ’til, ’n’)')
    """
    if _before_word_or_number(view) and view.site.right_word.lower() in _curated()["elisions"]:
        return "’", "elision (’em, ’til, ’n’)"
    return None


def elided_year(view: SiteView) -> Choice | None:
    """Two digits of a year after their apostrophe: a decade (``’90s``), or after a
    curated word (``the summer of ’69``).

    >>> elided_year(site_view("the â??90s"))
    ('’', 'elided year (’90s)')
    """
    word = view.site.right_word.lower()
    if not _before_word_or_number(view) or not _YEAR_RE.fullmatch(word):
        return None
    if word.endswith("s") or view.site.left_word.lower() in _curated()["years"]:
        return "’", "elided year (’90s)"
    return None


def headline_opening_quote(view: SiteView) -> Choice | None:
    """Before a word in the headline, a single opening quote (headlines quote with ‘ ’).

    >>> headline_opening_quote(site_view("Kim hails â??deal"))
    ('‘', 'opening quote in a headline (headlines quote with ‘ ’)')
    """
    if view.site.line == HEADLINE and view.left in BEFORE_WORD and view.right in LETTERS:
        return "‘", "opening quote in a headline (headlines quote with ‘ ’)"
    return None


def rock_n_roll(view: SiteView) -> Choice | None:
    """The closing apostrophe of ``’n’`` once its opening one was an elision.

    >>> rock_n_roll(site_view("rock â??nâ?? roll", 1, previous=("’", "elision (’em, ’til, ’n’)")))
    ('’', 'elision (rock ’n’ roll)')
    """
    after_n = view.site.left_word.lower() == "n" and view.right in AFTER_WORD
    if after_n and view.previous and view.previous[1].startswith("elision"):
        return "’", "elision (rock ’n’ roll)"
    return None


SITE_RULES: tuple[SiteRule, ...] = (
    zero_width_space_alone,
    numbers_s,
    contraction,
    contraction_in_capitals,
    elided_letter,
    apostrophe_word,
    dateline_in_capitals,
    closed_dash_between_words,
    table_column,
    elision,
    elided_year,
    headline_opening_quote,
    rock_n_roll,
)


def decide_site(view: SiteView) -> Choice | None:
    """The first answer of :data:`SITE_RULES`, None when the counts decide.

    >>> decide_site(site_view("Kimâ??s"))
    """
    for rule in SITE_RULES:
        chosen = rule(view)
        if chosen is not None:
            return chosen
    return None


# -- rules for a run of adjacent sites ---------------------------------------------------------
def hair_spaced_dash(view: RunView) -> list[Choice] | None:
    """Three sites between a word and a word: an em dash between hair spaces.

    >>> [ch for ch, _ in hair_spaced_dash(run_view("profitâ??â??â??and"))]
    ['\\u200a', '—', '\\u200a']
    """
    if len(view.run) == 3 and view.left in PHRASE_END and view.right in WORD:
        return [
            (HAIR, "hair space around a dash"),
            ("—", "em dash between hair spaces"),
            (HAIR, "hair space around a dash"),
        ]
    return None


def separator_line(view: RunView) -> list[Choice] | None:
    """Three or more sites alone on a line (or beside hyphens), in a document without
    tables: a separator line of em dashes.

    >>> separator_line(run_view("A\\nâ??â??â??\\nB"))[0]
    ('—', 'separator line of dashes')
    """
    alone = view.left in LINE_OR_DASH and view.right in LINE_OR_DASH
    if len(view.run) >= 3 and alone and not view.tables:
        return [("—", "separator line of dashes")] * len(view.run)
    return None


def table_rule(view: RunView) -> list[Choice] | None:
    """Any other run of three or more sites: a table's rule (``───``).

    >>> table_rule(run_view("â??â??â??â?¼"))[0]
    ('─', 'table rule (a run of damaged characters)')
    """
    if len(view.run) >= 3:
        return [(BOX_HORIZONTAL, "table rule (a run of damaged characters)")] * len(view.run)
    return None


def opening_quotes(view: RunView) -> list[Choice] | None:
    """Two sites before a word: an outer and an inner opening quote (``“‘``).

    >>> opening_quotes(run_view("said â??â??Yes"))
    [('“', 'outer opening quote'), ('‘', 'inner opening quote')]
    """
    if view.left in BEFORE_WORD | {STRAIGHT_QUOTE, DASH} and view.right in WORD:
        return [("“", "outer opening quote"), ("‘", "inner opening quote")]
    return None


def closing_quote_then_dash(view: RunView) -> list[Choice] | None:
    """Two sites between words while a quote is open: it closes, then a closed em dash.

    >>> closing_quote_then_dash(run_view("dealâ??â??and", stack=("d",)))
    [('”', 'closing quote'), ('—', 'closed em dash after a quote')]
    """
    if view.left in WORD and view.right in WORD and (DOUBLE in view.stack or SINGLE in view.stack):
        closer = "’" if view.stack[-1] == SINGLE else "”"
        return [(closer, "closing quote"), ("—", "closed em dash after a quote")]
    return None


def dash_then_opening_quote(view: RunView) -> list[Choice] | None:
    """Two sites between words, no quote open: a closed em dash, then an opening quote.

    >>> dash_then_opening_quote(run_view("saidâ??â??We"))
    [('—', 'closed em dash'), ('“', 'opening quote after a dash')]
    """
    if view.left in WORD and view.right in WORD:
        return [("—", "closed em dash"), ("“", "opening quote after a dash")]
    return None


def _closes(view: RunView) -> bool:
    return view.left in PHRASE_END and view.right in AFTER_CLOSER


def nested_closing_quotes(view: RunView) -> list[Choice] | None:
    """Two sites after a phrase, a single quote open inside a double: both close (``’”``).

    >>> nested_closing_quotes(run_view("nowâ??â??.", stack=("d", "s")))
    [('’', 'inner closing quote'), ('”', 'outer closing quote')]
    """
    if _closes(view) and view.stack[-2:] == [DOUBLE, SINGLE]:
        return [("’", "inner closing quote"), ("”", "outer closing quote")]
    return None


def interrupted_speech(view: RunView) -> list[Choice] | None:
    """Two sites after a word (not a plural's ``s``) in open speech: a dash, then the
    closing quote (``“We will—”``).

    >>> interrupted_speech(run_view("We willâ??â?? he", stack=("d",)))
    [('—', 'interrupted speech'), ('”', 'closing quote')]
    """
    after_a_word = view.left in WORD and view.run[0].left not in tuple("sSzZ")
    if _closes(view) and after_a_word and DOUBLE in view.stack:
        return [("—", "interrupted speech"), ("”", "closing quote")]
    return None


def apostrophe_then_closing_quote(view: RunView) -> list[Choice] | None:
    """Two sites after a phrase otherwise: an apostrophe or inner quote, then a closing
    quote (``workers’”``).

    >>> apostrophe_then_closing_quote(run_view("the workersâ??â??."))[1]
    ('”', 'closing quote')
    """
    if _closes(view):
        return [("’", "apostrophe or inner quote before a closing quote"), ("”", "closing quote")]
    return None


RUN_RULES: tuple[RunRule, ...] = (
    hair_spaced_dash,
    separator_line,
    table_rule,
    opening_quotes,
    closing_quote_then_dash,
    dash_then_opening_quote,
    nested_closing_quotes,
    interrupted_speech,
    apostrophe_then_closing_quote,
)


def decide_run(view: RunView) -> list[Choice] | None:
    """The first answer of :data:`RUN_RULES` (one choice per site), None when none fits.

    >>> decide_run(run_view("saidâ??â??We"))[0]
    ('—', 'closed em dash')
    """
    for rule in RUN_RULES:
        chosen = rule(view)
        if chosen is not None:
            return chosen
    return None


# -- what the counts may not choose ------------------------------------------------------------
def impossible(view: SiteView) -> str:
    """Characters a site cannot be, whatever the counts say: a quote faces its text, and
    box-drawing characters belong to documents that draw tables.

    >>> impossible(site_view("â??2024", tables=True))
    '”’'
    >>> impossible(site_view("â??90s", tables=True)), impossible(site_view("yesâ?? he"))[:2]
    ('”', '“‘')
    """
    boxes = "" if view.tables else BOX_CHARACTERS
    if view.left in BEFORE_WORD and view.right in WORD:  # before a word: opens
        # an elision only before a two-digit year: ’90s, never ’2024
        return ("”’" if _NOT_A_YEAR_RE.fullmatch(view.site.right_word) else "”") + boxes
    if view.left in WORD_END and view.right in AFTER_WORD:  # after a word: closes
        return "“‘" + boxes
    return boxes


def draws_tables(sites: list[Site]) -> bool:
    """Whether the document draws tables: three or more damaged characters in a row that
    are not a separator line of their own (alone on their line, or with a hyphen).

    >>> text = "n  â?? x\\nâ??â??â??â?¼â??â??"
    >>> draws_tables(sites_of(text, _spans(text)))
    True
    >>> text = "One.\\nâ??â??â??\\nTwo."
    >>> draws_tables(sites_of(text, _spans(text)))
    False
    """
    row = 0
    for index, site in enumerate(sites):
        row = row + 1 if site.left is None else 1
        ends = index + 1 == len(sites) or sites[index + 1].left is not None
        if row >= 3 and ends:
            first = sites[index - row + 1]
            if site_class(first.left) not in LINE_OR_DASH:
                return True
            if site_class(site.right) not in LINE_OR_DASH:
                return True
    return False
