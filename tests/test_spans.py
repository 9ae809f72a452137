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


@pytest.mark.parametrize("label", ["ORG", "PRODUCT", "PERSON"])
def test_an_acronym_of_a_kind_of_thing_is_no_entity(label):
    text = "Our SEO tips: save the PDF at 10 GMT, LOL. NASA and the AP agree."
    spans = [("SEO", label), ("PDF", label), ("GMT", label), ("LOL", label), ("NASA", "ORG")]
    assert filtered(text, [*spans, ("AP", "ORG")]) == [("NASA", "ORG"), ("AP", "ORG")]


def test_the_office_in_a_persons_title_is_no_organisation():
    text = "Secretary of State George Shultz met the Secretary of the Treasury and State officials."
    spans = [("State", "ORG"), ("George Shultz", "PERSON"), ("Treasury", "ORG"), ("State", "ORG")]
    assert filtered(text, spans) == [
        ("George Shultz", "PERSON"),
        ("Treasury", "ORG"),
        ("State", "ORG"),
    ]


def test_a_storms_name_alone_is_the_storm_where_the_text_names_it():
    text = "Hurricane Sandy hit. Sandy flooded the subway; Sandy Koufax watched Sandy leave."
    spans = [("Hurricane Sandy", "ORG"), ("Sandy Koufax", "PERSON"), ("Sandy", "PERSON")]
    assert filtered(text, spans) == [
        ("Hurricane Sandy", "EVENT"),
        ("Sandy", "EVENT"),  # the model tagged nothing there
        ("Sandy Koufax", "PERSON"),
        ("Sandy", "EVENT"),
    ]
    # No storm named: the name keeps the model's label.
    assert filtered("Sandy said the shop was open.", [("Sandy", "ORG")]) == [("Sandy", "ORG")]


def test_a_known_product_the_model_calls_an_organisation_is_a_product():
    text = "Her iPad streamed Mad Men while Polaroid shares fell and Acme Corp hired."
    spans = [("iPad", "ORG"), ("Mad Men", "ORG"), ("Polaroid", "ORG"), ("Acme Corp", "ORG")]
    assert filtered(text, spans) == [
        ("iPad", "PRODUCT"),
        ("Mad Men", "WORK_OF_ART"),
        ("Polaroid", "ORG"),  # names its maker too
        ("Acme Corp", "ORG"),
    ]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # a name loses the symbols at its edges
        (
            "The + Minecraft Realms update & more.",
            [("+ Minecraft Realms", "WORK_OF_ART")],
            [("Minecraft Realms", "WORK_OF_ART")],
        ),
        (
            "Grilled & Hebrew National & mustard.",
            [("& Hebrew National &", "ORG")],
            [("Hebrew National", "ORG")],
        ),
        # an amount keeps its own signs
        (
            "Sales rose 5% to $7.5 million.",
            [("5%", "PERCENT"), ("$7.5 million", "MONEY")],
            [("5%", "PERCENT"), ("$7.5 million", "MONEY")],
        ),
        # ... and its degree sign, not a table's rule or an arrow beside it
        (
            "Updated 16:59 │ high of 30° → rain",
            [("16:59 │", "TIME"), ("30° →", "QUANTITY")],
            [("16:59", "TIME"), ("30°", "QUANTITY")],
        ),
    ],
)
def test_symbols_at_a_names_edges_go_and_an_amounts_signs_stay(text, spans, expected):
    assert filtered(text, spans) == expected
