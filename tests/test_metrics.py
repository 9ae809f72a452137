"""The edit distances the repair figures are measured with, against the textbook algorithm."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsdump_dev import edit_distance as metrics
from newsdump_dev.edit_distance import edit_distance, levenshtein


def textbook_levenshtein(a: str, b: str) -> int:
    """Wagner-Fischer, row by row: slow and obviously right."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


_TEXT = st.text(alphabet="ab c’â?\n", max_size=80)
# Longer than a machine word, so the bit-parallel pass carries across words.
_LONG = st.text(alphabet="abc d", min_size=70, max_size=200)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXT, _LONG), st.one_of(_TEXT, _LONG))
def test_levenshtein_is_exact(a, b):
    assert levenshtein(a, b) == textbook_levenshtein(a, b)


# Texts of words, some of them unique in a text: the anchors the long-text path aligns on.
_WORDS = st.lists(
    st.sampled_from(["the", "minister", "said", "Seoul’s", "â??", "talks", "2024", "a"])
    | st.text(alphabet="xyz", min_size=3, max_size=6),
    max_size=40,
).map(" ".join)


# The fixture sets the same value for every example, so sharing it across them is safe.
@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(_WORDS, _WORDS)
def test_edit_distance_is_an_upper_bound_and_exact_on_small_changes(monkeypatch, a, b):
    # Up to this length the texts are compared directly; lowering it sends these short
    # texts down the path very long texts take: anchors and pieces between them.
    monkeypatch.setattr(metrics, "_DIRECT_LIMIT", 4)
    distance = edit_distance(a, b)
    assert distance >= textbook_levenshtein(a, b)
    # A change inside one text keeps the unique words around it as anchors: exact.
    changed = a[: len(a) // 2] + "â??" + a[len(a) // 2 :]
    assert edit_distance(a, changed) == textbook_levenshtein(a, changed)


def test_long_texts_are_split_at_shared_unique_words(monkeypatch):
    calls = []
    monkeypatch.setattr(metrics, "_DIRECT_LIMIT", 4)
    monkeypatch.setattr(metrics, "_anchors", lambda ta, tb: calls.append(1) or [])
    edit_distance("alpha beta gamma delta", "alpha bxta gamma dxlta")
    assert calls, "the anchor path was not taken"
