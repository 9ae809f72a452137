"""Round 17 (issue 21): a market desk's employer, nicknames in quotes, inverted speech,
shops and works named with a possessive, and a mullah's title, on web and wire text.

The cases run our components on the spans the small model is seen to produce
(:func:`tests.support.filtered`).
"""

from __future__ import annotations

import pytest

from tests.support import filtered


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # a desk's job between a firm's name and its employee's
        (
            "But Sanford Bernstein analyst Tim Anderson believes the drug will win.",
            [("Sanford Bernstein", "PERSON"), ("Tim Anderson", "PERSON")],
            [("Sanford Bernstein", "ORG"), ("Tim Anderson", "PERSON")],
        ),
        (
            "The fee was set, according to Sterne Agee analyst Shaw Wu.",
            [("Sterne Agee", "PERSON"), ("Shaw Wu", "PERSON")],
            [("Sterne Agee", "ORG"), ("Shaw Wu", "PERSON")],
        ),
        # a nickname in quotes inside a name the model cut or took whole
        (
            "Indonesian President Joko “Jokowi” Widodo ordered an immediate review.",
            [("Joko “Jokowi” Widodo", "PERSON")],
            [("Joko “Jokowi” Widodo", "PERSON")],
        ),
        (
            'Former wrestler Dwayne "The Rock" Johnson starred in the film.',
            [("Dwayne", "PERSON"), ("Johnson", "PERSON")],
            [('Dwayne "The Rock" Johnson', "PERSON")],
        ),
        # a speech verb before its speaker, after a quotation
        (
            "He signed the ban into law as governor.” Said Romney: “Not now.”",
            [("Said Romney", "PERSON")],
            [("Romney", "PERSON")],
        ),
        # shops and works named by a name and a possessive
        (
            "Prices at Costco or Sam’s Club fell, and I played Assassin's Creed III.",
            [("Sam", "PERSON"), ("Assassin", "ORG")],
            [("Sam’s Club", "ORG"), ("Assassin's Creed III", "WORK_OF_ART")],
        ),
        # an interjection opening a comment
        (
            '"Nah, you look like Elijah Wood," one reader wrote.',
            [("Nah", "PERSON"), ("Elijah Wood", "PERSON")],
            [("Elijah Wood", "PERSON")],
        ),
        # a place the model took for a person: a relative "where" (a place if the gazetteer
        # knows the name, else no label), a US state's code after it
        (
            "In 2008 Floyd, where almost 20% live below the poverty line, voted for McCain.",
            [("Floyd", "PERSON"), ("McCain", "PERSON")],
            [("McCain", "PERSON")],
        ),
        (
            "In 1988 Austin, where the poverty rate fell, voted for Bush.",
            [("Austin", "PERSON"), ("Bush", "PERSON")],
            [("Austin", "GPE"), ("Bush", "PERSON")],
        ),
        (
            "Austin, TX – The Alamo Drafthouse is showing the film all week.",
            [("Austin", "PERSON")],
            [("Austin", "GPE")],
        ),
        # a mullah's title is no part of his name
        (
            "In the five years that Mullah Omar and his regime dominated the country.",
            [("Mullah Omar", "PERSON")],
            [("Omar", "PERSON")],
        ),
    ],
)
def test_round17_kinds(text, spans, expected):
    assert filtered(text, spans) == expected


def test_a_school_of_thought_before_a_desks_job_is_no_firm():
    spans = [("Jungian", "PERSON"), ("Inge Missmahi", "PERSON")]
    found = filtered("In the clinic, Jungian analyst Inge Missmahi explains her work.", spans)
    assert ("Jungian", "ORG") not in found and ("Inge Missmahi", "PERSON") in found


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        # a politician's aide: no desk's job, the name stays a person's
        (
            "Obama adviser David Axelrod said the campaign was confident.",
            [("Obama", "PERSON"), ("David Axelrod", "PERSON")],
        ),
        # a speaker's name at a line's start, as a transcript writes it, keeps its first word
        (
            "Talks resumed.\nSaid Jalili: We will go on.",
            [("Said Jalili", "PERSON")],
        ),
        # a person "who", and a full name before a state's code, stay people
        (
            "We met Austin, who told us about the film.",
            [("Austin", "PERSON")],
        ),
        (
            "Comments: Jane Doe, TX said she liked it.",
            [("Jane Doe", "PERSON")],
        ),
        # a person's possessive before a capitalised word stays the person's
        (
            "Rupert Murdoch’s London newsrooms were raided on Tuesday.",
            [("Rupert Murdoch", "PERSON")],
        ),
        # a chain named by a surname news gives people too is read as the person's
        (
            "Chancellor Helmut Kohl's coalition met. Kohl's party won.",
            [("Helmut Kohl", "PERSON"), ("Kohl", "PERSON")],
        ),
    ],
)
def test_round17_people_stay(text, spans):
    assert filtered(text, spans) == spans
