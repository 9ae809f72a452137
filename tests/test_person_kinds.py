"""Round 6 of issue 21: PERSON spans written as a listed company or a place, instructions'
verbs before a name, dictionary words as given names, places the run pass must not make
people. Docs come from spaCy's blank English tokenizer with the spans the small model is
seen to produce on web text (``tests.support.filtered``): our components, not the model."""

from __future__ import annotations

import pytest

from tests.support import filtered


@pytest.mark.parametrize(
    ("text", "span", "label"),
    [
        # a listed company, nothing in the text says it is a person
        ("Analysts expect Pfizer to report a loss.", "Pfizer", "ORG"),
        # ... also when its first word is a first name
        ("Shares of banks such as Morgan Stanley fell.", "Morgan Stanley", "ORG"),
        # a place a reader takes for a place, without a preposition of place
        ("They drove down to Palmerston North last week.", "Palmerston North", "GPE"),
        ("Guinea Bissau has had many coups.", "Guinea Bissau", "GPE"),
    ],
)
def test_a_known_company_or_place_with_no_person_cue_is_relabelled(text, span, label):
    assert filtered(text, [(span, "PERSON")]) == [(span, label)]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        # a company's name that the text says is a person: a speech verb, a pronoun
        ("Ball said he would run again.", "Ball"),
        # a place name that is a surname or a first name stays the person's
        ("Austin was born in 1980.", "Austin"),
        ("Sydney told her sister.", "Sydney"),
    ],
)
def test_a_company_or_place_name_the_text_supports_as_a_person_stays(text, span):
    assert filtered(text, [(span, "PERSON")]) == [(span, "PERSON")]


def test_an_instructions_verb_is_no_given_name():
    text = "Edit Alice’s configuration:\n\n$ hg config --edit"
    # the model's span loses the verb; a one-word span does not grow to it
    assert filtered(text, [("Edit Alice", "PERSON")]) == [("Alice", "PERSON")]
    assert filtered(text, [("Alice", "PERSON")]) == [("Alice", "PERSON")]
    assert filtered("Click Anna Smith’s profile", [("Click Anna Smith", "PERSON")]) == [
        ("Anna Smith", "PERSON")
    ]


def test_a_first_name_that_is_a_word_still_grows_a_name():
    text = "I could ever hope to get. Pretty Hope Martin will be getting my support."
    assert filtered(text, [("Martin", "PERSON")]) == [("Hope Martin", "PERSON")]


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        # a dictionary word inside a sentence before a surname is the given name
        ("I think Woody Allen is funny.", "Woody Allen", "Woody Allen"),
        ("I think Woody Allen is funny.", "Allen", "Woody Allen"),
        ("a comment from Rand Fishkin, then", "Fishkin", "Rand Fishkin"),
        # not a role said as a title, nor a word starting a sentence or a headline
        ("Y'all, Coach Taylor is pissed.", "Taylor", "Taylor"),
        ("It rained. Woody Allen came.", "Allen", "Allen"),
    ],
)
def test_a_dictionary_word_inside_a_sentence_is_a_cut_given_name(text, span, expected):
    assert filtered(text, [(span, "PERSON")]) == [(expected, "PERSON")]


def test_the_run_does_not_make_a_place_of_the_run_a_persons_surname():
    from pipeline.nlp.resolve_run import resolve_run

    def row(article, label, text):
        return {"article_id": article, "label": label, "text": text, "canonical": text}

    mentions = [
        row("p", "PERSON", "Robert Austin"),
        row("table", "PERSON", "Austin"),  # a table of cities the model read as people
        *[row(f"city{i}", "GPE", "Austin") for i in range(3)],
        *[row(f"b{i}", "PERSON", "Barack Obama") for i in range(3)],
        row("o", "PERSON", "Obama"),
        row("japan", "GPE", "Obama"),
    ]
    renamed = resolve_run(mentions).renamed
    assert ("PERSON", "Austin") not in renamed
    assert renamed[("PERSON", "Obama")] == ("PERSON", "Barack Obama")
