"""Lossy mojibake restoration: damage text the way real exports do, then restore it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.lossy import damage, find_lossy_repairs, restore_lossy
from pipeline.ingest.normalize import normalize_text
from pipeline.metrics import edit_distance


def test_damage_model_collapses_quotes_and_dashes():
    assert {damage(c) for c in "’‘“”–—"} == {"â??"}
    assert damage("…") == "â?¦"


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("Moscowâ??s war", "Moscow’s war"),
        ("South Koreaâ??s envoy", "South Korea’s envoy"),
        ("He said: â??We will not wait.â??", "He said: “We will not wait.”"),
        ("the 2014â??15 season", "the 2014–15 season"),
        ("She didnâ??t know", "She didn’t know"),
        ("Marguerite Oâ??Connell", "Marguerite O’Connell"),
        ("back in the â??90s", "back in the ’90s"),
        (
            "â??They call it consultation,â?? said one. â??I call it a deal.â??",
            "“They call it consultation,” said one. “I call it a deal.”",
        ),
        (
            "â??Get away,â?? she said, â??and I mean â??nowâ??.â??",
            "“Get away,” she said, “and I mean ‘now’.”",
        ),
        ("The workersâ?? union said â??noâ??.", "The workers’ union said “no”."),
        ("luckâ??and a lot of work", "luck—and a lot of work"),
        ("Wait for itâ?¦", "Wait for it…"),
        ("Price: â?¬40", "Price: €40"),
        ("Ã?cole normale", "École normale"),
        ("He called it â??the dealâ??â??and meant it.", "He called it “the deal”—and meant it."),
        ("He saidâ??â??We will not wait.â??", "He said—“We will not wait.”"),
        ("Fans of rock â??nâ?? roll", "Fans of rock ’n’ roll"),
    ],
)
def test_restores_from_context(damaged, expected):
    assert restore_lossy(damaged) == expected


def test_spaced_dash_follows_house_style():
    british = damage(
        "Mr Smith said the programme – delayed since 2019 – would resume. Ms Jones agreed."
    )
    american = damage(
        "Mr. Smith said the program — delayed since 2019 — would resume. Mrs. Jones agreed."
    )
    assert "–" in restore_lossy(british) and "—" not in restore_lossy(british)
    assert "—" in restore_lossy(american) and "–" not in restore_lossy(american)


@pytest.mark.parametrize(
    "clean",
    [
        "Really?? Yes.",
        "Le pâte est prête.",
        "Ela está lá?? Sim.",
        "Moscow’s “Storm Corps” — 47th",
        "Ã la carte",
        "caf\u00e9?",
        "what?? â la",
        "",
    ],
)
def test_clean_text_passes_unchanged(clean):
    assert restore_lossy(clean) == clean
    assert find_lossy_repairs(clean) == []


def test_restoration_removes_nearly_all_damage_on_articles(typographic_articles):
    damaged_total = remaining_total = 0
    for article in typographic_articles:
        damaged = damage(article)
        restored = normalize_text(damaged)
        damaged_total += edit_distance(damaged, article)
        remaining_total += edit_distance(restored, article)
        assert normalize_text(article) == article, "an undamaged article must pass unchanged"
    assert damaged_total > 200
    assert 1 - remaining_total / damaged_total >= 0.98


_WORDS = st.sampled_from(
    [
        "the",
        "minister",
        "said",
        "Seoul",
        "troops",
        "would",
        "talks",
        "2024",
        "on",
        "Monday",
        "a",
        "deal",
        "its",
        "plan",
        "Russia",
        "border",
    ]
)


@st.composite
def sentences_with_punctuation(draw):
    words = draw(st.lists(_WORDS, min_size=3, max_size=12))
    contraction = draw(st.sampled_from(["’s", "n’t", "’ll", "’re", "’ve"]))
    position = draw(st.integers(0, len(words) - 1))
    words[position] += contraction
    sentence = " ".join(words).capitalize() + "."
    if draw(st.booleans()):
        sentence = f"“{sentence}”"
    return sentence


@settings(max_examples=200, deadline=None)
@given(sentences_with_punctuation())
def test_contractions_and_quoted_sentences_round_trip(sentence):
    assert restore_lossy(damage(sentence)) == sentence


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii"), max_size=200))
def test_ascii_text_is_never_touched(text):
    assert restore_lossy(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdefgh ?!.,âàáéèêçÃÂ’“”—–", max_size=80))
def test_restoration_is_idempotent_on_its_output(text):
    once = restore_lossy(text)
    assert restore_lossy(once) == once
