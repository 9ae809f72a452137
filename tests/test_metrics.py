"""The edit distances the repair figures are measured with, against the textbook algorithm."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.metrics import edit_distance, levenshtein


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
# Longer than a machine word, so the bit-parallel pass carries across integer bits.
_LONG = st.text(alphabet="abc d", min_size=70, max_size=200)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_TEXT, _LONG), st.one_of(_TEXT, _LONG))
def test_levenshtein_is_exact(a, b):
    assert levenshtein(a, b) == textbook_levenshtein(a, b)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _TEXT)
def test_edit_distance_is_an_upper_bound_and_exact_on_small_changes(a, b):
    distance = edit_distance(a, b)
    assert distance >= textbook_levenshtein(a, b)
    # A change inside one text keeps the unique words around it as anchors: exact.
    changed = a[: len(a) // 2] + "â??" + a[len(a) // 2 :]
    assert edit_distance(a, changed) == textbook_levenshtein(a, changed)
