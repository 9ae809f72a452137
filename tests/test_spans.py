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


def test_a_firm_the_model_cut_at_and_gets_its_partners_names():
    text = "said Merrill Lynch and Co analyst Ellman, quoting S.G. Warburg and Co Ltd today."
    spans = [("Merrill Lynch", "ORG"), ("Co", "ORG"), ("Warburg", "PERSON"), ("Co Ltd", "ORG")]
    assert filtered(text, spans) == [
        ("Merrill Lynch and Co", "ORG"),
        ("S.G. Warburg and Co Ltd", "ORG"),
    ]


def test_a_firm_name_grows_no_further_than_its_own_partners():
    # Another firm's legal suffix, a line break or a common word ends the name.
    text = "Lazard Co Ltd, Morgan Grenfell and Co Ltd; Morgan\nand Co; the bank and Co"
    spans = [("Morgan Grenfell", "ORG"), ("Co Ltd", "ORG"), ("Co", "ORG"), ("Co", "ORG")]
    got = filtered(text, spans)
    assert ("Morgan Grenfell and Co Ltd", "ORG") in got
    assert [name for name, _ in got].count("Co") == 2
