"""Round 31 (issue 21): the kinds read on round 30's blind samples (unseen Reuters and 20
Newsgroups posts): a name the model ran over a wrapped line that our filter split, a
nickname in straight quotes between the model's two spans, and a firm whose first word is a
dictionary word.

They run our components on the spans the small model is seen to produce
(:func:`tests.support.filtered`).
"""

from __future__ import annotations

import pytest

from tests.support import filtered


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (  # a given name, one line break, a surname of the lists: the model's span stays
            "It was the one with Geo. Washington, Abe\nLincoln (and many other great men).",
            [("Abe\nLincoln", "PERSON")],
            [("Abe\nLincoln", "PERSON")],
        ),
        (  # an initial and a name before the break
            "The board of governors appointed J. Lynton\nJones to be its executive director.",
            [("J. Lynton\nJones", "PERSON")],
            [("J. Lynton\nJones", "PERSON")],
        ),
        (
            'He told Reuters that Burkhard "Bobby" Junger was arrested yesterday.',
            [("Reuters", "ORG"), ("Burkhard", "PERSON"), ('Bobby" Junger', "PERSON")],
            [("Reuters", "ORG"), ('Burkhard "Bobby" Junger', "PERSON")],
        ),
        (  # "Ranks" is a dictionary word, but the legal term makes the span a firm's name
            "Ranks Hovis McDougall Plc said it would pay. Ranks Hovis said that acceptance "
            "would follow.",
            [("Ranks Hovis McDougall Plc", "PERSON"), ("Ranks Hovis", "PERSON")],
            [("Ranks Hovis McDougall Plc", "ORG"), ("Ranks Hovis", "ORG")],
        ),
    ],
)
def test_round31_kinds(text, spans, expected):
    assert filtered(text, spans) == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (  # a heading over the body: the word after the break is no surname
            "Julian Assange\nTimeline of events in the case",
            [("Julian Assange\nTimeline", "PERSON")],
            [("Julian Assange", "PERSON")],
        ),
        (  # a blank line between: two lines, not one wrapped name
            "Thanks for reading, Abe\n\nLincoln is the next town.",
            [("Abe\n\nLincoln", "PERSON")],
            [("Abe", "PERSON"), ("Lincoln", "PERSON")],
        ),
    ],
)
def test_round31_cuts_stay(text, spans, expected):
    assert [(t, label) for t, label in filtered(text, spans) if label == "PERSON"] == expected
