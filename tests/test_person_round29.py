"""Round 29 (issue 21): the kinds read on round 28's blind samples (unseen Reuters and 20
Newsgroups posts): a sign-off's dash glued to the name and a surname hyphenated over a line
break.

The tokenizer case runs the whole pipeline (the model has to see the name); the others run
our components on the spans the small model is seen to produce
(:func:`tests.support.filtered`).
"""

from __future__ import annotations

import pytest
import spacy

from pipeline.nlp import load_nlp
from pipeline.nlp.person_filter import person_filter
from pipeline.nlp.tokens import split_sign_off_dashes
from tests.support import filtered


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.parametrize(
    "text",
    [
        '"Nobody can explain everything," he said.\n\n-Tom Galvin      galvint@taurus.edu\n',
        "I am not going to raise taxes.\n\n--Bill Clinton\n",
    ],
)
def test_a_sign_off_dash_is_no_part_of_the_name(nlp, text):
    people = [e.text for e in nlp(text).ents if e.label_ == "PERSON"]
    assert any(" " in name and not name.startswith(("-", "~")) for name in people), people


def test_the_sign_off_split_leaves_numbers_and_words_whole(nlp):
    words = [t.text for t in nlp.tokenizer("from -5 to -x and a-b")]
    assert words == ["from", "-5", "to", "-x", "and", "a", "-", "b"]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (
            "Leaders Ibrahim Babangida of Nigeria and Denis Sassou-\nNguesso of Congo urged "
            "the partners to act.",
            [("Ibrahim Babangida", "PERSON"), ("Nigeria", "GPE"), ("Denis", "PERSON")],
            [
                ("Ibrahim Babangida", "PERSON"),
                ("Nigeria", "GPE"),
                ("Denis Sassou-\nNguesso", "PERSON"),
            ],
        ),
    ],
)
def test_round29_kinds(text, spans, expected):
    assert filtered(text, spans) == expected


@pytest.mark.parametrize(
    ("text", "name", "label"),
    [
        # after the split the model took the lone name for an organisation
        (
            "Please email me if interested.\n\n--Donnie\n\nPlease note the address.",
            "Donnie",
            "PERSON",
        ),
        ("Wish you all the best.\n\n-Arthur\n\nStefan wrote:", "Arthur", "PERSON"),
        # a dash before a name inside a line signs nothing
        ("Internews -Change of States Map: a Maps API application", "Change", "ORG"),
    ],
)
def test_a_name_signing_a_post_is_a_person(text, name, label):
    nlp = split_sign_off_dashes(spacy.blank("en"))
    doc = nlp(text)
    start = text.index(name)
    doc.ents = [doc.char_span(start, start + len(name), label="ORG")]
    assert [(e.text, e.label_) for e in person_filter(doc).ents] == [(name, label)]
