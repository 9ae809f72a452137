"""Round 26 (issue 21): the kinds read on the wrong mentions of the blind wire and post
samples (rounds 17-24) that the code of round 25 still produced: a firm's short name after a
speech verb that opens a reported clause, a part a company owns or sells, what the text says
around the mentions the model labelled otherwise, and three names our own trimming cut (a
post's signature, a middle initial without its dot, an institution alone on its line).

The person cases run our components on the spans the small model is seen to produce
(:func:`tests.support.filtered`).
"""

from __future__ import annotations

import pytest

from pipeline.nlp import person_evidence
from pipeline.nlp.person_cues import named_division
from tests.support import doc_with_entities, filtered

_HARRIS = (
    "Asked about plans for wholly owned Harris Bankcorp Inc, of Chicago, Reuber said Harris "
    "might consider acquiring more small banks. Reuber said of Harris, although he added "
    "that any such move was unlikely."
)


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (  # the bank's short name is the reported clause's subject, not a speaker
            _HARRIS,
            [("Harris Bankcorp Inc", "ORG"), ("Reuber", "PERSON"), ("Harris", "PERSON")],
            [("Harris Bankcorp Inc", "ORG"), ("Reuber", "PERSON"), ("Harris", "ORG")],
        ),
        (
            "Beecham Plc said it was selling its Germain Monteil unit to Revlon Group.",
            [("Beecham Plc", "ORG"), ("Germain Monteil", "PERSON"), ("Revlon Group", "ORG")],
            [("Beecham Plc", "ORG"), ("Germain Monteil", "ORG"), ("Revlon Group", "ORG")],
        ),
        (  # the model's ORG mention says "a Kaines trader": the firm's
            "Trade house Kaines said it sold two cargoes, a Kaines trader said.",
            [("Kaines", "PERSON"), ("Kaines", "ORG")],
            [("Kaines", "ORG"), ("Kaines", "ORG")],
        ),
        (
            "Have a day,\n\nDoug Loss\nloss@husky.bloomu.edu\n",
            [("Doug Loss", "PERSON")],
            [("Doug Loss", "PERSON")],
        ),
        (
            "From: nstassen@magnus.acs.ohio-state.edu (Nicki A Stassen Lantz)\nSubject: HELP",
            [("Nicki A Stassen Lantz", "PERSON")],
            [("Nicki A Stassen Lantz", "PERSON")],
        ),
        (
            "-- \nBrian V. Smith    (bvsmith@lbl.gov)\nLawrence Berkeley Laboratory\nI don't "
            "speak for LBL.",
            [("Brian V. Smith", "PERSON"), ("Lawrence Berkeley Laboratory", "PERSON")],
            [("Brian V. Smith", "PERSON"), ("Lawrence Berkeley Laboratory", "ORG")],
        ),
        (
            "Lars Koeller\nUniversitaet Bielefeld (Germany)\nFakultaet fuer Physik",
            [("Lars Koeller", "PERSON"), ("Universitaet Bielefeld", "PERSON")],
            [("Lars Koeller", "PERSON"), ("Universitaet Bielefeld", "ORG")],
        ),
        (  # the model's two people are one bank
            "Exports fell last month, the official Banco do Brasil announced.",
            [("Banco", "PERSON"), ("Brasil", "PERSON")],
            [("Banco do Brasil", "ORG")],
        ),
        (  # a year after a comma is no age: a citation's place of publication
            'Hocaoglu, M.; "Tarihte Ermeni Mezalimi," (Izmir, 1983).',
            [("Izmir", "PERSON")],
            [("Izmir", "GPE")],
        ),
    ],
)
def test_round26_kinds(text, spans, expected):
    assert filtered(text, spans) == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (  # a capital alone after a headline's verb is an article, and the name is cut there
            "Meet A Clinton\nThe story goes on.",
            [("Meet A Clinton", "PERSON")],
            [("Clinton", "PERSON")],
        ),
    ],
)
def test_round26_people_stay(text, spans, expected):
    assert filtered(text, spans) == expected


def test_a_division_needs_its_determiner_and_its_noun():
    doc = doc_with_entities("Smith said its business was good", [("Smith", "PERSON")])
    assert not named_division(doc, 0, 1)
    doc = doc_with_entities("the Arden business", [("Arden", "PERSON")])
    assert named_division(doc, 1, 2)
    doc = doc_with_entities("its lower growth Arden cosmetics business", [("Arden", "PERSON")])
    assert named_division(doc, 3, 4)
    doc = doc_with_entities("the Kennedy family business", [("Kennedy", "PERSON")])
    assert not named_division(doc, 1, 2)


@pytest.mark.parametrize(
    ("text", "speech"),
    [
        ("The shares rose 5 pct, said Harris.", True),
        ("The shares rose, said Harris, the bank's chairman.", True),
        ("Reuber said Harris might consider buying banks.", False),
        ("He said Harris would not bid.", False),
    ],
)
def test_a_name_after_a_speech_verb_speaks_unless_a_reported_clause_follows(text, speech):
    doc = doc_with_entities(text, [("Harris", "PERSON")])
    assert ("speech" in person_evidence.weigh(doc, list(doc.ents))["Harris"].cues) is speech


@pytest.mark.parametrize(
    ("noun", "division"),
    [("cosmetics business", True), ("family business", False)],
)
def test_the_division_cue_counts_for_a_firms_part_not_a_familys(noun, division):
    text = f"Joseph Kennedy sold its Kennedy {noun} in 1990."
    doc = doc_with_entities(text, [("Joseph Kennedy", "PERSON"), ("Kennedy", "PERSON")])
    cues = person_evidence.weigh(doc, list(doc.ents))["Joseph Kennedy"].cues
    assert ("division" in cues) is division
