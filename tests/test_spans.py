"""The entity clean-up component: spans trimmed, named storms labelled events."""

from __future__ import annotations

import pytest

from tests.support import filtered


@pytest.mark.parametrize("label", ["ORG", "PERSON", "GPE", "PRODUCT"])
def test_a_named_storm_is_an_event_whatever_the_model_labels_it(label):
    text = "After Hurricane Sandy and Tropical Storm Debby, the city rebuilt."
    spans = [("Hurricane Sandy", label), ("Tropical Storm Debby", label)]
    assert filtered(text, spans) == [
        ("Hurricane Sandy", "EVENT"),
        ("Tropical Storm Debby", "EVENT"),
    ]


def test_a_storm_word_without_a_name_after_it_changes_nothing():
    text = "Hurricane season began; the Hurricane Gear shop and Hurricanes fans waited."
    spans = [("Hurricane", "ORG"), ("Hurricanes", "ORG")]
    assert filtered(text, spans) == [("Hurricane", "ORG"), ("Hurricanes", "ORG")]
