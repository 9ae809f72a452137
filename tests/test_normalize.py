"""The repair chain: its steps, its policy on the author's text, and its counting."""

from __future__ import annotations

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import normalize
from pipeline.ingest.lossy import damage, style
from pipeline.ingest.normalize import (
    LAYOUT_STEPS,
    STEPS,
    TEXT_STEPS,
    explain_normalization,
    local_changes,
    normalize_text,
    normalize_with_count,
    repair_text,
)
from pipeline.ingest.options import RepairOptions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("donâ€™t", "don’t"),  # recoverable mojibake (ftfy)
        ("â€œquotedâ€\x9d", "“quoted”"),  # ftfy, curly quotes kept
        ("Fish &amp; chips &amp;amp; more", "Fish & chips & more"),  # HTML entities
        ("<b>Fish &amp; chips</b>", "<b>Fish &amp; chips</b>"),  # ...unless the text is HTML
        ("Growth of 400&percnt;", "Growth of 400&percnt;"),  # HTML5-only names are kept
        ("Cafe\u0301", "Café"),  # NFC
        ("bell\x07 char", "bell char"),  # control characters
        ("\ufeffA byte-order mark", "A byte-order mark"),
        ("ＬＯＵＤ　ＮＯＩＳＥＳ", "LOUD NOISES"),  # fullwidth forms...
        ("東京で？（もちろん）", "東京で？（もちろん）"),  # ...are the norm in CJK text
        ("Para one.\r\n\r\n\r\n\r\nPara two.", "Para one.\n\nPara two."),  # blank lines folded
        ("Line one  \nline two\t", "Line one\nline two"),  # trailing spaces trimmed
        ("\n\n  Outer space  \n\n", "Outer space"),
    ],
)
def test_repairs(text, expected):
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    "clean",
    [
        "one  two\t three",  # runs of spaces
        "Title\n\n    indented code\n        more",  # indentation
        "Seoul\u200b’s zero\u200dwidth\ufeffjoiners",  # zero-width characters inside lines
        "line\u2028separator and\u00a0no-break space",  # the author's line separator
        "“Curly” and ‘single’ — kept… 2014–15",
        "Ela está lá?? Sim. Really?? Le pâte.",
    ],
)
def test_the_authors_text_is_left_alone(clean):
    assert normalize_with_count(clean) == (clean, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two trailing spaces:  \n\n\n\nthen\r\n", "Two trailing spaces:  \n\n\n\nthen\n"),
        ("A bell then a space \x07", "A bell then a space "),  # the space stays
        ("ÉTÉ\u00a0", "ÉTÉ\u00a0"),  # a no-break space at the end is the author's
        ("\n  Kimâ??s cafÃ©  ", "\n  Kim’s café  "),
    ],
)
def test_a_whole_text_keeps_its_spacing_as_ftfy_does(text, expected):
    fixed, changes = repair_text(text, TEXT_STEPS)
    assert fixed == expected
    assert ftfy.fix_text(text.replace("â??", "’"), uncurl_quotes=False) == expected
    assert {c.step for c in changes} & LAYOUT_STEPS <= {"line-breaks"}  # no tidying at all


def test_repairs_are_counted_and_explained():
    text = "Moscowâ??s cafÃ©\r\n"
    fixed, count = normalize_with_count(text)
    assert fixed == "Moscow’s café"
    _, changes = repair_text(text)
    assert [(r.step, r.before, r.after) for r in changes] == [
        ("line-breaks", "\r\n", "\n"),
        ("lossy-mojibake", "â??", "’"),
        ("ftfy", "Ã©", "é"),
        ("outer-space", "\n", ""),
    ]
    # The layout tidying is listed by repair_text, but is no repair: neither counted nor
    # explained.
    _, repairs = explain_normalization(text)
    assert [r.step for r in repairs] == ["lossy-mojibake", "ftfy"]
    assert count == 2


def test_a_clean_text_with_windows_line_breaks_counts_no_repairs():
    text = "First line  \r\nSecond line\r\n\r\n\r\nThird\r\n"
    fixed, count = normalize_with_count(text)
    assert fixed == "First line\nSecond line\n\nThird" and count == 0
    assert {r.step for r in repair_text(text)[1]} == set(LAYOUT_STEPS)


def test_every_step_is_named_once():
    names = [step.name for step in STEPS]
    assert len(set(names)) == len(names)
    _, repairs = explain_normalization(damage("It’s “here” – café &amp; ＬＯＵＤ\x07 \r\n\n\n\nx"))
    assert {r.step for r in repairs} <= set(names)
    assert {"lossy-mojibake", "ftfy", "html-entities", "character-width"} <= {
        r.step for r in repairs
    }


_PIECES = st.sampled_from(
    [
        *("’", "“", "”", "–", "—", "…", "é", "€", "cafÃ©", "&amp;", " ", "  ", "\n", "\r\n"),
        *("\n\n\n", "\x07", "\ufeff", "Ａ", "\u200b", "word", "Kim", "s", "2014", ".", ","),
        *("?", "<", "日本"),
    ]
)
_DAMAGED = st.lists(_PIECES, max_size=40).map(lambda parts: damage("".join(parts)))


@settings(max_examples=300, deadline=None)
@given(_DAMAGED)
def test_count_equals_explanation_and_repair_is_idempotent(text):
    fixed, count = normalize_with_count(text)
    explained, repairs = explain_normalization(text)
    assert explained == fixed
    assert count == len(repairs)
    assert all(r.before != r.after for r in repairs)
    assert normalize_text(fixed) == fixed


@settings(max_examples=300, deadline=None)
@given(_DAMAGED)
def test_each_step_reports_exactly_its_changes(text):
    for step in STEPS:
        fixed, repairs = step.fix(text)
        assert (fixed == text) == (not repairs), step.name
        text = fixed


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcÃ©é’ \n&;", max_size=60), st.text(alphabet="abcé’ \n", max_size=60))
def test_local_changes_rebuild_the_fixed_text(before, after):
    changes = local_changes(before, after, window=4)
    rebuilt, pos = [], 0
    for start, old, new in changes:
        assert start >= pos and before[start : start + len(old)] == old
        assert old != new
        rebuilt += [before[pos:start], new]
        pos = start + len(old)
    assert "".join(rebuilt) + before[pos:] == after


def test_local_changes_find_the_mojibake():
    assert local_changes("Ã©tÃ© à Paris", "été à Paris") == [(0, "Ã©", "é"), (3, "Ã©", "é")]
    assert local_changes("same", "same") == []


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["cafÃ©", "â€™s", "\n", "<p>", "&lt;b&gt;", "\x1b[31m", "ï»¿", " "])
        | st.text(max_size=6),
        max_size=15,
    ).map("".join)
)
def test_ftfy_step_matches_ftfy_fix_text(text):
    assert normalize._ftfy_step(text)[0] == ftfy.fix_text(text, normalize._FTFY_CONFIG)


# -- the repair's options, passed as an argument -----------------------------------------------
SPACED = "The plan – first proposed in 2019 – went ahead."


@pytest.mark.parametrize(("dash_style", "dash"), [("en", "–"), ("em", "—")])
def test_options_give_the_house_dash_style_to_every_entry_point(dash_style, dash):
    options = RepairOptions(dash_style=dash_style)
    damaged = damage(SPACED)
    expected = SPACED.replace("–", dash)
    assert repair_text(damaged, options=options)[0] == expected
    assert normalize_text(damaged, TEXT_STEPS, options) == expected
    assert normalize_with_count(damaged, options) == (expected, 2)
    fixed, repairs = explain_normalization(damaged, options=options)
    assert fixed == expected
    assert all("house style (given)" in r.reason for r in repairs), repairs


def test_no_options_are_the_defaults_and_guess_the_style():
    damaged = damage(SPACED)
    guessed = normalize_text(damaged)
    assert guessed == normalize_text(damaged, options=RepairOptions())
    assert guessed == normalize_text(damaged, options=RepairOptions(dash_style="auto"))
    assert not any("(given)" in r.reason for r in explain_normalization(damaged)[1])


def test_a_given_style_wins_over_the_dashes_the_text_shows():
    text = "Mr. Jones — no — agreed. " + damage("The plan – or not – failed.")
    assert normalize_text(text, options=RepairOptions(dash_style="en")).count("–") == 2
    assert normalize_text(text).count("—") == 4  # guessed from the undamaged dashes


def test_repair_options_are_not_a_context():
    # Nothing is set around a call: two calls with different options in turn each get theirs.
    damaged = damage(SPACED)
    en, em = RepairOptions(dash_style="en"), RepairOptions(dash_style="em")
    results = [normalize_text(damaged, options=o) for o in (en, em, en)]
    assert [r.count("–") for r in results] == [2, 0, 2]


def test_the_dump_prior_leans_a_guess_but_never_the_texts_own_dashes():
    damaged = damage(SPACED)  # no evidence either way to speak of
    for prior, dash in (("en", "–"), ("em", "—")):
        fixed, repairs = explain_normalization(damaged, options=RepairOptions(house_prior=prior))
        assert fixed == SPACED.replace("–", dash)
        assert all("house style (the dump's, as a prior)" in r.reason for r in repairs)
    own = "Mr Jones — no — agreed. " + damaged
    assert normalize_text(own, options=RepairOptions(house_prior="en")).count("—") == 4
    # A given style is not a prior: it wins.
    given = RepairOptions(dash_style="em", house_prior="en")
    assert normalize_text(damaged, options=given).count("—") == 2


def test_the_articles_own_evidence_can_overturn_the_dump_prior(monkeypatch):
    # American news evidence (Mr. with a dot, reported speech, American spelling) leans em.
    american = damage(
        "Mr. Smith said the program – delayed since 2019 – would resume, Mr. Brown said. "
        "The color of the harbor was gray, officials said."
    )
    model = style.counts.learned()["style"]
    assert style.evidence_score(american, model) < 0
    monkeypatch.setattr(style, "PRIOR_STRENGTH", abs(style.evidence_score(american, model)) / 2)
    assert style.guess_style(american, prior="en") == ("M", "dump")
    monkeypatch.setattr(style, "PRIOR_STRENGTH", abs(style.evidence_score(american, model)) * 2)
    assert style.guess_style(american, prior="en") == ("E", "dump")


def test_an_unsure_guess_takes_the_commoner_style(monkeypatch):
    model = {**style.counts.learned()["style"], "fallback": "M"}
    damaged = damage(SPACED)
    score = style.evidence_score(damaged, model) + style.class_prior(model)
    monkeypatch.setattr(style, "UNSURE_MARGIN", abs(score) + 1)
    assert style.guess_style(damaged, model) == ("M", "unsure")
    monkeypatch.setattr(style, "UNSURE_MARGIN", abs(score) / 2)
    assert style.guess_style(damaged, model)[1] == "evidence"
