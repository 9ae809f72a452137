"""The lossy repair pinned on the development corpus, and each written rule's edge cases.

The pins hold the exact output of the repair on the typographic corpus's development
part (``newsdump_dev.corpora.typographic("dev")``), damaged as ``bench/bench_repair.py``
damages it: a change of behaviour anywhere in the chain, however small, changes a
digest. A planted slip in the closed-dash rule (``len(left) >= 2`` -> ``> 2``: 5 dashes
wrong in 4 documents) once passed every other repair test; these catch it. When a
change is meant to change the output, re-measure with ``bench/bench_repair.py`` and
update the figures here in the same commit, saying why.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pytest

from newsdump_dev import corpora
from newsdump_dev.edit_distance import edit_distance
from newsdump_dev.evaluation import lossy_counts
from pipeline.ingest.lossy import (
    QUOTE_DASH_FORM,
    damage,
    find_lossy_repairs,
    letters,
    restore_lossy,
    rules,
)
from pipeline.ingest.lossy.candidates import sequences
from pipeline.ingest.lossy.sites import sites_of
from pipeline.ingest.normalize import TEXT_STEPS, normalize_text
from tests.support import corpus

# -- the development part, pinned ---------------------------------------------------------------
DEV_ARTICLES = 736
# pipeline normalize (TEXT_STEPS) on every damaged article, the texts joined
DEV_REPAIRED_SHA256 = "8987dc411e8fbb404b70851a0b16c50acbd95e03c6d17f328303a085defbd022"
DEV_EDITS_LEFT = 1440  # the edit distance left against the clean texts (bench_repair: "left")
# the lossy step's repairs (offset, character, reason) of every damaged article
DEV_LOSSY_SHA256 = "a4e91427fafb57af49a61ece25a5acf4fa87fbc5945bc18129daab8c27d286d8"
DEV_LOSSY_WRONG = 1306  # sites restored to another character than the clean text's
# the same with each house dash style given (the reason then says "given")
DEV_LOSSY_GIVEN_SHA256 = {
    "en": "038ce80982fe75d43429f4d8a27085f66915cf871ef1c755b39bf41837c1595c",
    "em": "22e6a9792b8adcd69dc4914716f9d95fc10fdb52fe632f700fb1211a68fbca9c",
}


def _digest(parts: Iterable[str]) -> str:
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode("utf-8"))
        sha.update(b"\x00")
    return sha.hexdigest()


@pytest.fixture(scope="module")
def dev_texts() -> list[str]:
    """The clean texts of the development part, as the bench reads them."""
    records = corpus(lambda: corpora.typographic("dev"))
    return [corpora.typographic_text(record) for record in records]


def _lossy_pass(texts: list[str], dash_style: str = "auto") -> tuple[str, int]:
    """The digest of every lossy repair (offset, character, reason) of the damaged
    ``texts``, and how many sites it restored to another character than the clean text's."""
    lines: list[str] = []
    wrong = 0
    for index, clean in enumerate(texts):
        truth = lossy_counts.truth_by_start(clean)
        for repair in find_lossy_repairs(damage(clean), dash_style):
            lines.append(
                f"{index}:{repair.start}:{repair.damaged}:{repair.restored}:{repair.reason}"
            )
            wrong += truth.get(repair.start, repair.restored) != repair.restored
    return _digest(lines), wrong


@pytest.mark.corpus
def test_repair_of_the_development_part_is_pinned(dev_texts):
    repaired = [normalize_text(damage(clean), TEXT_STEPS) for clean in dev_texts]
    assert len(dev_texts) == DEV_ARTICLES
    left = sum(edit_distance(text, clean) for text, clean in zip(repaired, dev_texts, strict=True))
    assert (left, _digest(repaired)) == (DEV_EDITS_LEFT, DEV_REPAIRED_SHA256)


@pytest.mark.corpus
def test_lossy_repairs_of_the_development_part_are_pinned(dev_texts):
    assert _lossy_pass(dev_texts) == (DEV_LOSSY_SHA256, DEV_LOSSY_WRONG)


@pytest.mark.corpus
@pytest.mark.parametrize("dash_style", ["en", "em"])
def test_lossy_repairs_in_a_given_house_style_are_pinned(dev_texts, dash_style):
    assert _lossy_pass(dev_texts, dash_style)[0] == DEV_LOSSY_GIVEN_SHA256[dash_style]


# -- each written rule: where it fires, and the boundary where it must not --------------------
ZWSP, HAIR = "\u200b", "\u200a"
ELISION = ("’", "elision (’em, ’til, ’n’)")


@pytest.mark.parametrize(
    ("rule", "text", "options", "expected"),
    [
        (rules.zero_width_space_alone, "One.\nâ??\nTwo.", {}, ZWSP),
        (rules.zero_width_space_alone, "One.\nâ?? Two.", {}, None),  # a space after it
        (rules.numbers_s, "the F-35â??s range", {}, "’"),
        (rules.numbers_s, "the 1970â??s hits", {}, "’"),
        (rules.numbers_s, "the 1970â??st time", {}, None),  # not a lone s
        (rules.numbers_s, "the Fâ??s range", {}, None),  # a letter, not a number
        (rules.contraction, "itâ??d work", {}, "’"),
        (rules.contraction, "weâ??ve", {}, "’"),
        (rules.contraction, "itâ??s", {}, None),  # ’s: a possessive or a closing quote
        (rules.contraction, "it â??d", {}, None),  # not between letters
        (rules.contraction_in_capitals, "LETâ??S GO", {}, "’"),
        (rules.contraction_in_capitals, "ITâ??LL WORK", {}, "’"),
        (rules.contraction_in_capitals, "Letâ??S", {}, None),  # not all capitals
        (rules.contraction_in_capitals, "USAâ??AT", {}, None),  # not a contraction's ending
        (rules.elided_letter, "8 oâ??clock", {}, "’"),
        (rules.elided_letter, "Palme dâ??Or", {}, "’"),
        (rules.elided_letter, "toâ??clock", {}, None),  # two letters
        (rules.elided_letter, "yâ??all", {}, None),  # y elides nothing
        (rules.apostrophe_word, "the Qurâ??an", {}, "’"),
        (rules.apostrophe_word, "yâ??all", {}, "’"),
        (rules.apostrophe_word, "the Qurâ??ans", {}, None),  # not a curated word
        (rules.dateline_in_capitals, "LONDONâ??The firm", {}, "—"),
        (rules.dateline_in_capitals, "NYCâ??The firm", {}, "—"),  # three capitals
        (rules.dateline_in_capitals, "UKâ??The firm", {}, None),  # two capitals
        (rules.dateline_in_capitals, "LONDONâ??THE firm", {}, None),  # not a capitalised word
        (rules.dateline_in_capitals, "LONDONâ??A firm", {}, None),  # a word of one letter
        (rules.closed_dash_between_words, "a manâ??an officer", {}, "—"),
        (rules.closed_dash_between_words, "anâ??it", {}, "—"),  # two letters either side
        (rules.closed_dash_between_words, "Yâ??those", {}, None),  # one letter before
        (rules.closed_dash_between_words, "manâ??a", {}, None),  # one letter after
        (rules.closed_dash_between_words, "manâ??An", {}, None),  # a capital after
        (rules.table_column, "n  â?? x", {"tables": True}, "│"),
        (rules.table_column, "n  â?? x", {}, None),  # the document draws no tables
        (rules.table_column, "nâ?? x", {"tables": True}, None),  # not between spaces
        (rules.elision, "Put â??em away", {}, "’"),
        (rules.elision, "(â??til then)", {}, "’"),
        (rules.elision, "Put â??them away", {}, None),  # not a curated elision
        (rules.elision, "Putâ??em away", {}, None),  # after a letter
        (rules.elided_year, "the â??90s", {}, "’"),
        (rules.elided_year, "the summer of â??69", {}, "’"),
        (rules.elided_year, "he said â??69 times", {}, None),  # not after a year's word
        (rules.elided_year, "the â??2024 plan", {}, None),  # four digits
        (rules.headline_opening_quote, "Kim hails â??deal", {}, "‘"),
        (rules.headline_opening_quote, "Title.\nKim hails â??deal.", {}, None),  # body text
        (rules.headline_opening_quote, "Kim hails â??2024", {}, None),  # before a number
        (rules.rock_n_roll, "rock â??nâ?? roll", {"index": 1, "previous": ELISION}, "’"),
        (rules.rock_n_roll, "rock â??nâ?? roll", {"index": 1, "previous": ("“", "quote")}, None),
        (rules.rock_n_roll, "rock â??nâ??roll", {"index": 1, "previous": ELISION}, None),
    ],
)
def test_site_rule(rule, text, options, expected):
    chosen = rule(rules.site_view(text, **options))
    assert (chosen and chosen[0]) == expected, (rule.__name__, text, chosen)


@pytest.mark.parametrize(
    ("rule", "text", "stack", "tables", "expected"),
    [
        (rules.hair_spaced_dash, "profitâ??â??â??and", (), False, f"{HAIR}—{HAIR}"),
        (rules.hair_spaced_dash, "profitâ??â??and", (), False, None),  # two sites
        (rules.hair_spaced_dash, "profitâ??â??â?? and", (), False, None),  # a space after
        (rules.separator_line, "A\nâ??â??â??\nB", (), False, "———"),
        (rules.separator_line, "A\nâ??â??â??â??-\nB", (), False, "————"),  # beside a hyphen
        (rules.separator_line, "A\nâ??â??â??\nB", (), True, None),  # a table's rule then
        (rules.separator_line, "A\nâ??â??\nB", (), False, None),  # two sites
        (rules.table_rule, "x â??â??â??â?¼", (), False, "───"),
        (rules.table_rule, "x â??â??â?¼", (), False, None),  # two sites
        (rules.opening_quotes, "said â??â??Yes", (), False, "“‘"),
        (rules.opening_quotes, "said: -â??â??Yes", (), False, "“‘"),  # after a hyphen
        (rules.opening_quotes, "saidâ??â??Yes", (), False, None),  # after a letter
        (rules.closing_quote_then_dash, "dealâ??â??and", ("d",), False, "”—"),
        (rules.closing_quote_then_dash, "dealâ??â??and", ("d", "s"), False, "’—"),
        (rules.closing_quote_then_dash, "dealâ??â??and", (), False, None),  # no quote open
        (rules.dash_then_opening_quote, "saidâ??â??We", (), False, "—“"),
        (rules.dash_then_opening_quote, "said â??â??We", (), False, None),  # after a space
        (rules.nested_closing_quotes, "nowâ??â??.", ("d", "s"), False, "’”"),
        (rules.nested_closing_quotes, "nowâ??â??.", ("s", "d"), False, None),  # inside out
        (rules.nested_closing_quotes, "nowâ??â??x", ("d", "s"), False, None),  # before a letter
        (rules.interrupted_speech, "We willâ??â?? he", ("d",), False, "—”"),
        (rules.interrupted_speech, "the workersâ??â?? he", ("d",), False, None),  # a plural
        (rules.interrupted_speech, "We willâ??â?? he", (), False, None),  # no speech open
        (rules.interrupted_speech, "We will.â??â?? he", ("d",), False, None),  # after a stop
        (rules.apostrophe_then_closing_quote, "the workersâ??â??.", (), False, "’”"),
        (rules.apostrophe_then_closing_quote, "the workersâ??â??x", (), False, None),
    ],
)
def test_run_rule(rule, text, stack, tables, expected):
    chosen = rule(rules.run_view(text, stack, tables))
    assert (chosen and "".join(ch for ch, _ in chosen)) == expected, (rule.__name__, text)


def _letter(text: str) -> letters.LetterView:
    """The view of the first damaged sequence of ``text`` other than ``â??``."""
    start, end, found = next(s for s in sequences(text) if text[s[0] : s[1]] != QUOTE_DASH_FORM)
    return letters.letter_view(text, start, end, found)


@pytest.mark.parametrize(
    ("rule", "text", "expected"),
    [
        (letters.box_cross, "â??â??â?¼â??â??", "┼"),
        (letters.box_cross, "x â?¼ y", None),  # no table rule beside it
        (letters.multiplication_sign, "3Ã?4 m", "×"),
        (letters.multiplication_sign, "aÃ?b", None),  # no number beside it
        (letters.trademark_after_name, "GOLDâ?¢ card", "™"),
        (letters.trademark_after_name, "(Max)â?¢ plan", "™"),
        (letters.trademark_after_name, "06â?¢11", None),  # after a number
        (letters.trademark_after_name, "GOLDâ?¢card", None),  # before a word
        (letters.bullet, "06â?¢11", "•"),
        (letters.bullet, "Ã?cole", None),  # neither ™ nor • a candidate
        (letters.lowercase_in_word, "GrÃ¼Ã?e", "ß"),
        (letters.lowercase_in_word, "Ã?cole", None),  # nothing before it
        (letters.capital_letter, "Ã?cole", "É"),
        (letters.capital_letter, " Ã? ", None),  # no letter beside it
        (letters.line_separator, "as darkâ?¨ and evil", "\u2028"),  # after a word
        (letters.line_separator, "own.â?¨â?¨ But", "\u2028"),  # before another one
        (letters.line_separator, "the endâ?©", "\u2029"),  # the paragraph separator
        (letters.line_separator, "so pretty â?¨ yes", None),  # apart: an emoji (✨)
        (letters.line_separator, "darkâ?¨and", None),  # inside a word
    ],
)
def test_letter_rule(rule, text, expected):
    chosen = rule(_letter(text))
    assert (chosen and chosen[0]) == expected, (rule.__name__, text, chosen)


@pytest.mark.parametrize(
    ("text", "tables", "expected"),
    [
        ("â??2024", False, "”’" + rules.BOX_CHARACTERS),  # opens, and no elided year
        ("â??90s", True, "”"),  # an elided year may follow
        ("yesâ?? he", True, "“‘"),  # after a word: closes
        ("a â?? b", True, ""),  # between spaces: anything the counts say
    ],
)
def test_impossible(text, tables, expected):
    assert rules.impossible(rules.site_view(text, tables=tables)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("n  â?? x\nâ??â??â??â?¼â??â??", True),  # a rule that meets a cross
        ("a\nâ??â??â??\nb", False),  # alone on its line: a separator
        ("a\nâ??â??â??-\nb", False),  # with a hyphen: a separator
        ("a â??â?? b", False),  # two in a row
    ],
)
def test_draws_tables(text, expected):
    found = [(s, e) for s, e, _ in sequences(text) if text[s:e] == QUOTE_DASH_FORM]
    assert rules.draws_tables(sites_of(text, found)) is expected


@pytest.mark.parametrize("rule", [*rules.SITE_RULES, *rules.RUN_RULES, *letters.LETTER_RULES])
def test_every_rule_is_documented_with_an_example(rule):
    assert rule.__doc__ and ">>> " in rule.__doc__, rule.__name__


def test_a_line_separator_pasted_after_a_word_is_restored_not_an_emoji():
    text = "a world as dark\u2028 and evil as your own.\u2028\u2028 But know this."
    assert restore_lossy(damage(text)) == text
    emoji = "So pretty \u2728 yes."
    assert restore_lossy(damage(emoji)) == emoji
