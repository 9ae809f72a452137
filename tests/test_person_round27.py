"""Round 27 (issue 21): the kinds read on round 26's blind samples (unseen Reuters and 20
Newsgroups posts): names our own rules cut (a census given name before a wrapped surname, a
hyphenated surname with an apostrophe, a particle such as ``arap``), products named after
their maker, a header's field label, and a firm whose legal suffix stands after a bracketed
part of its name.

The person cases run our components on the spans the small model is seen to produce
(:func:`tests.support.filtered`).
"""

from __future__ import annotations

import pytest

from tests.support import filtered

_WRAPPED = (
    "The designated hitters don't hit as well as the outfield for some reason.  Reggie\n"
    "Jackson was a good example; in five years with the Angels, he hit."
)


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (  # "Reggie" is a census given name, not in the first-name lists
            _WRAPPED,
            [("Reggie", "PERSON"), ("Jackson", "PERSON")],
            [("Reggie\nJackson", "PERSON")],
        ),
        (
            'In the words of St. Madalyn Murrey-O\'Hair, "Face it, folks".',
            [("Madalyn Murrey-O'Hair", "PERSON")],
            [("Madalyn Murrey-O'Hair", "PERSON")],
        ),
        (
            "Kenya needs the aid, President Daniel arap Moi said.",
            [("Daniel arap", "PERSON"), ("Moi", "ORG")],
            [("Daniel arap Moi", "PERSON")],
        ),
        (  # a listed company's name before a word no name list holds: its product
            "Has anyone any experience with the new Yamaha Cyclelok lock?",
            [("Yamaha Cyclelok", "PERSON")],
            [("Yamaha Cyclelok", "PRODUCT")],
        ),
        (  # a product's head noun after its maker's name
            "For sale: 1. Viewsonic Pro Monitor, barely used.",
            [("Viewsonic Pro Monitor", "PERSON")],
            [("Viewsonic Pro Monitor", "PRODUCT")],
        ),
        (  # a listed company's name and a legal term: the company
            "Analysts said the Japanese company Shiseido Co might buy it.",
            [("Shiseido Co", "PERSON")],
            [("Shiseido Co", "ORG")],
        ),
        (
            "Cam Daly                                Phone: (617) 225-7880",
            [("Phone", "PERSON")],
            [],
        ),
        (
            "Bache Securities (Japan) Ltd, Hoare Govett (Far East) Ltd and Schroeders "
            "each get 0.1 pct.",
            [("Bache Securities (Japan) Ltd", "ORG"), ("Hoare Govett", "PERSON")],
            [("Bache Securities (Japan) Ltd", "ORG"), ("Hoare Govett", "ORG")],
        ),
        (
            "If they were baptised then why doesn't the Bible ever say so?",
            [("Bible", "PERSON")],
            [("Bible", "WORK_OF_ART")],
        ),
    ],
)
def test_round27_kinds(text, spans, expected):
    assert filtered(text, spans) == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (  # a company's name is a surname too, and the next word is one: a player
            "Dell Curry scored 20 points for the Hornets.",
            [("Dell Curry", "PERSON"), ("Hornets", "ORG")],
            [("Dell Curry", "PERSON"), ("Hornets", "ORG")],
        ),
        (  # a hyphen before a lower-case word's part ends the name there
            "“Mostly me,” said Evul-art’h in an intrigued voice.",
            [("Evul-art’h", "PERSON")],
            [("Evul", "PERSON")],
        ),
        (
            "Dong-hoon Kim and Tim Clock said so.",
            [("Dong-hoon Kim", "PERSON"), ("Tim Clock", "PERSON")],
            [("Dong-hoon Kim", "PERSON"), ("Tim Clock", "PERSON")],
        ),
        (  # a bracket holding no capitalised words is no part of a firm's name
            "Hoare (who joined in 1985) Ltd said nothing.",
            [("Hoare", "PERSON")],
            [("Hoare", "PERSON")],
        ),
    ],
)
def test_round27_people_stay(text, spans, expected):
    assert filtered(text, spans) == expected
