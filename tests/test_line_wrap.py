"""Names over a hard-wrapped line (wire news): the break is a space, the name one name.

Docs are built with spaCy's blank English tokenizer and the PERSON spans the small model is
seen to produce on wire text (``Alan\\nGreenspan`` as one span, ``Susumu`` without its
surname on the next line), so the tests exercise our components, not the model.
"""

from __future__ import annotations

import pytest
import spacy

from pipeline.nlp.line_wrap import soft_break, wrap_width
from pipeline.nlp.people import PersonResolver
from tests.support import filtered

# A wire's paragraph, hard-wrapped at ~62 characters: lines end mid-sentence.
FILLER = (
    "the officials said on Tuesday, adding that the talks would go\n"
    "on for at least another week before any decision was taken\n"
    "by the board of the company, which meets in New York again\n"
    "next month to review the offer and the other bids it has had.\n"
)


def wire(lines: str) -> str:
    return lines + FILLER


GREENSPAN = wire(
    "Other potential candidates include the well-known economist Alan\n"
    "Greenspan, frequently an informal adviser to the White House,\n"
)


def test_wire_text_is_hard_wrapped_and_web_text_is_not():
    assert wrap_width(GREENSPAN) is not None
    # a headline over its body, a list of headlines, a byline block: lines break between
    # things, not mid-sentence
    assert (
        wrap_width("Julian Assange\nTimeline\nWikileaks founder Julian Assange was held.") is None
    )
    headlines = (
        "Shaq Picks Up Another Florida Home For His Family and Friends\n"
        "Chipper Jones Buys Georgia Home Near the Braves Spring Camp\n"
        "Kris Humphries Rents Battery Park Condo For the Whole Season\n"
        "Kim Kardashian Sells Her Beverly Hills Home to a Developer\n"
    )
    assert wrap_width(headlines) is None
    one_paragraph_per_line = (
        "Alan Greenspan spoke on Tuesday. He said rates would stay where they are.\n"
        "The markets rose after his remarks, and bonds gained in late trading.\n"
        "Analysts said the move had been expected for weeks by most traders.\n"
    )
    assert wrap_width(one_paragraph_per_line) is None


def test_a_soft_break_is_a_full_line_of_a_wrapped_text():
    doc = spacy.blank("en")(GREENSPAN)
    breaks = [i for i, t in enumerate(doc) if t.is_space and soft_break(doc, i)]
    assert doc[breaks[0] - 1].text == "Alan"
    # a new paragraph, indented, is no soft break
    doc = spacy.blank("en")(
        wire("The chairman, Paul Volcker, said so in a statement today.\n    Alan\n")
    )
    assert not any(soft_break(doc, i) for i, t in enumerate(doc) if t.text == "\n    ")


def test_a_name_wrapped_over_a_line_is_one_name():
    assert filtered(GREENSPAN, [("Alan\nGreenspan", "PERSON")]) == [("Alan\nGreenspan", "PERSON")]


def test_a_name_over_a_line_break_of_web_text_is_cut_there():
    text = "Julian Assange\nTimeline\nWikileaks founder Julian Assange was held in London."
    assert ("Julian Assange", "PERSON") in filtered(text, [("Julian Assange\nTimeline", "PERSON")])
    assert ("Julian Assange\nTimeline", "PERSON") not in filtered(
        text, [("Julian Assange\nTimeline", "PERSON")]
    )


@pytest.mark.parametrize(
    ("lines", "span", "expected"),
    [
        # the model tagged the surname alone: grown back over the given name and initial
        (
            "The scheme was a fraud, according to U.S. Attorney Rudolph W.\n"
            "Giuliani, who brought the charges against the three men,\n",
            "Giuliani",
            "Rudolph W.\nGiuliani",
        ),
        # the model tagged the given name alone: grown on over the surname
        (
            "The rise was due to exports, senior economists, including Susumu\n"
            "Taketomi of Industrial Bank of Japan, told reporters today,\n",
            "Susumu",
            "Susumu\nTaketomi",
        ),
        # "said" ends the line: "Said" is a first name, "said" no name
        (
            'There is no sign of it, as long as they conceivably can," said\n'
            "Lawrence Cohn, an analyst with Merrill Lynch in New York, and\n",
            "Lawrence Cohn",
            "Lawrence Cohn",
        ),
    ],
)
def test_a_name_the_model_cut_at_a_wrapped_line_gets_its_other_part(lines, span, expected):
    assert filtered(wire(lines), [(span, "PERSON")]) == [(expected, "PERSON")]


def test_a_wrapped_line_start_is_no_reference_list_author():
    text = wire(
        "The company also elected three new directors. They are Paul\n"
        "Hermann, John Clive Bayley and Costas Galetakis, the company\n"
    )
    spans = [("Paul\nHermann", "PERSON"), ("John Clive Bayley", "PERSON")]
    assert filtered(text, spans) == spans


def test_a_surname_one_letter_off_a_full_name_of_the_text_is_that_person():
    # a wire's typing slip: "Schantz" after "William Schanz"
    text = (
        "Regency Cruises said its board elected William Schanz as chairman. "
        "Schantz replaces Anastasios Kyriakides, who resigned in December."
    )
    spans = [
        ("William Schanz", "PERSON"),
        ("Schantz", "PERSON"),
        ("Anastasios Kyriakides", "PERSON"),
    ]
    assert ("Schantz", "PERSON") in filtered(text, spans)


def test_a_wrapped_name_has_its_words_joined_by_a_space_as_canonical():
    doc = spacy.blank("en")(GREENSPAN)
    start = GREENSPAN.index("Alan")
    doc.ents = [doc.char_span(start, start + len("Alan\nGreenspan"), label="PERSON")]
    doc = PersonResolver()(doc)
    assert [(e.text, e._.canonical) for e in doc.ents] == [("Alan\nGreenspan", "Alan Greenspan")]


def test_the_people_table_lists_a_wrapped_alias_once():
    from pipeline.nlp.resolve_run import people_rows

    mentions = [
        {
            "article_id": "a",
            "label": "PERSON",
            "text": "Alan\nGreenspan",
            "canonical": "Alan Greenspan",
            "entity_id": "p1",
        },
        {
            "article_id": "b",
            "label": "PERSON",
            "text": "Alan Greenspan",
            "canonical": "Alan Greenspan",
            "entity_id": "p1",
        },
    ]
    assert people_rows(mentions)[0]["aliases"] == ["Alan Greenspan"]
