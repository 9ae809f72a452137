"""Round 20 (issue 21): the kinds read on round 19's blind samples: a desk's employee
over a line break, a given name the model tagged otherwise before a wrapped surname, a
city and its state's abbreviation in one span, a sentence's adverb before a name, and
listed words that are no one, whatever the model's span.

The cases run our components on the spans the small model is seen to produce
(:func:`tests.support.filtered`).
"""

from __future__ import annotations

import pytest

from tests.support import filtered


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (
            'quota provisions," said Paine Webber analyst\nBernie Savaiko on Monday.',
            [("Paine Webber", "PERSON"), ("Bernie Savaiko", "PERSON")],
            [("Paine Webber", "ORG"), ("Bernie Savaiko", "PERSON")],
        ),
        (
            "The head of the Bureau's consumer price index unit, Hugo\n"
            'Johannesson, told Reuters, "We are extremely busy."',
            [("Hugo", "EVENT"), ("Johannesson", "PERSON")],
            [("Hugo\nJohannesson", "PERSON")],
        ),
        (
            "ALUMINUM - total 8,627 off 20.\nCharlotte N.C. nil unch, New Haven 0 unch",
            [("Charlotte N.C.", "PERSON"), ("New Haven", "GPE")],
            [("Charlotte N.C.", "GPE"), ("New Haven", "GPE")],
        ),
        (
            "The surprises? Probably Reggie, Baylor, and Wynn for steals.",
            [("Probably Reggie", "PERSON")],
            [("Reggie", "PERSON")],
        ),
        (
            "Mail to: Lyme Disease Update\n    P.O. Box 15711-0711\n    Evansville",
            [("P.O. Box", "PERSON")],
            [],
        ),
    ],
)
def test_round20_kinds(text, spans, expected):
    assert filtered(text, spans) == expected


def test_an_adverb_that_is_a_name_stays_the_names():
    spans = [("Kelly Clarkson", "PERSON")]
    assert filtered("Yesterday Kelly Clarkson sang the anthem.", spans) == spans
