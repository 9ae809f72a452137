"""Round 22 (issue 21): the kinds read on a fresh sample of KPCrowd news (half B) and the
typographic TEST part's errors: a one-word name after a determiner that counts things, a
general manager's abbreviation before a name, religious groups and feasts, a town the model
cut in two, and a US state's postal code after a town.

The person cases run our components on the spans the small model is seen to produce
(:func:`tests.support.filtered`); the place cases run the whole pipeline.
"""

from __future__ import annotations

import pytest

from pipeline.nlp import load_nlp, person_evidence
from pipeline.nlp.person_marks import quantified
from tests.support import doc_with_entities, filtered


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        (
            "It lists the moves each Pokemon can learn and when each Pokemon evolves.",
            [("Pokemon", "PERSON"), ("Pokemon", "PERSON")],
            [],
        ),
        (
            "At least some Chozo possessed a native ability to see into the future.",
            [("Chozo", "PERSON")],
            [],
        ),
        (
            "Former Boston GM Lou Gorman dead at 82",
            [("GM Lou Gorman", "PERSON")],
            [("Lou Gorman", "PERSON")],
        ),
        (
            "Facilities could allow for more Hajj tourists, and Ahmadi Muslims were told.",
            [("Hajj", "PERSON"), ("Muslims", "PERSON")],
            [("Hajj", "EVENT"), ("Muslims", "NORP")],
        ),
        (
            "Hearst Magazines, publisher of Cosmopolitan, will introduce a service.",
            [("Hearst Magazines", "PERSON")],
            [("Hearst Magazines", "ORG")],
        ),
    ],
)
def test_round22_kinds(text, spans, expected):
    assert filtered(text, spans) == expected


def test_a_name_after_a_quantifier_stays_when_the_text_names_the_person():
    # "other Obama aides" uses the name of the Barack Obama the text names.
    spans = [("Barack Obama", "PERSON"), ("Obama", "PERSON")]
    assert filtered("Barack Obama spoke while other Obama aides waited.", spans) == spans


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a family's firm named attributively, a possessive, a known given name
        ("He bought a stake in another Wallenberg\ncompany.", "Wallenberg"),
        ("It owns 96 pct of all Rexnord's common stock.", "Rexnord"),
        ("Why are so many of those Mary statues black?", "Mary"),
    ],
)
def test_a_name_after_a_quantifier_is_no_mark_where_the_text_says_name(text, name):
    doc = doc_with_entities(text, [(name, "PERSON")])
    assert not quantified(doc, doc.ents[0])


def test_a_quantifier_far_from_the_name_changes_nothing():
    spans = [("Damaris Johnson", "PERSON")]
    assert filtered("No Avant would mean more Damaris Johnson for the Eagles.", spans) == spans


def _places(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(e.text, e.label_, e._.country_code or "") for e in doc.ents if e.label_ == "GPE"]


def test_a_town_the_model_cut_in_two_is_one_place(nlp):
    pipe = nlp.get_pipe("compound_places")
    doc = doc_with_entities(
        "An exhibit at the library in Yorba Linda and a talk by Barack Obama.",
        [("Yorba", "GPE"), ("Linda", "PERSON"), ("Barack", "GPE"), ("Obama", "PERSON")],
    )
    ents = [(e.text, e.label_) for e in pipe(doc).ents]
    assert ents == [("Yorba Linda", "GPE"), ("Barack", "GPE"), ("Obama", "PERSON")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The company opened a store in Austin, TX, last week.", "TX"),
        ("A second store in Yorba Linda, CA, opens next month.", "CA"),
    ],
)
def test_a_state_code_after_a_town_is_a_place_of_the_us(nlp, text, code):
    found = _places(nlp, text)
    assert (code, "GPE", "US") in found, found
    assert all(country == "US" for _, _, country in found), found


def test_a_state_code_without_a_town_before_it_stays_as_it_was(nlp):
    pipe = nlp.get_pipe("compound_places")
    doc = doc_with_entities("Sales rose, CA said, and so did ours.", [("CA", "ORG")])
    assert [(e.text, e.label_) for e in pipe(doc).ents] == [("CA", "ORG")]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # A typed double space inside a name, after its given name (round 23's posts).
        (
            "infante@acpub.duke.edu (Andrew  Infante) writes:",
            [("Andrew  Infante", "PERSON")],
            [("Andrew  Infante", "PERSON")],
        ),
        # A table's columns stay a name each.
        (
            ">   Mark McGwire  Miller Huggins\n>   Ted Williams  Billy Hamilton",
            [
                ("Mark McGwire  Miller Huggins", "PERSON"),
                ("Ted Williams  Billy Hamilton", "PERSON"),
            ],
            [
                ("Mark McGwire", "PERSON"),
                ("Miller Huggins", "PERSON"),
                ("Ted Williams", "PERSON"),
                ("Billy Hamilton", "PERSON"),
            ],
        ),
    ],
)
def test_a_double_space_cuts_columns_not_a_name(text, spans, expected):
    assert filtered(text, spans) == expected


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # A legal term ends the span: no one's name ends in "Co" (round 23's wire kinds).
        (
            "Austin Co said it won the contract, and Austin Co will build it.",
            [("Austin Co", "PERSON"), ("Austin Co", "PERSON")],
            [("Austin Co", "ORG"), ("Austin Co", "ORG")],
        ),
        # An apposition headed by a company's word after a list of trades.
        (
            "Austin, a design, engineering and construction firm, said it would build it.",
            [("Austin", "PERSON")],
            [("Austin", "ORG")],
        ),
    ],
)
def test_round23_wire_firms(text, spans, expected):
    assert filtered(text, spans) == expected


def test_a_name_after_a_person_and_of_is_the_persons_employer():
    # The model's own PERSON before "of" (doc_with_entities sets it as the model would).
    text = "Edward Johnson of Johnson Redbook said he recommends selling."
    spans = [("Edward Johnson", "PERSON"), ("Johnson Redbook", "PERSON")]
    expected = [("Edward Johnson", "PERSON"), ("Johnson Redbook", "ORG")]
    assert filtered(text, spans) == expected


def test_an_apposition_going_on_past_a_company_word_is_no_firm():
    spans = [("Fort McNair", "PERSON")]
    text = "Fort McNair, an Army base nestled inside the capital city, was closed."
    assert ("Fort McNair", "ORG") not in filtered(text, spans)


def test_a_person_in_an_apposition_about_a_firm_stays_a_person():
    spans = [("John Smith", "PERSON")]
    text = "John Smith, a former executive of the firm, said he would sell."
    assert filtered(text, spans) == spans


def test_a_name_runs_on_over_a_wire_items_short_first_line():
    # The first line lost its dateline: short, but prose (round 24's wire sample).
    text = "Coca-Cola Enterprises Inc said Don\nUlrich will be resigning as president."
    spans = [("Coca-Cola Enterprises Inc", "ORG"), ("Don\nUlrich", "PERSON")]
    assert filtered(text, spans) == spans


def test_a_greeting_on_a_first_line_is_no_name_running_on():
    text = "Thanks, Robert\nKim said he would call."
    assert filtered(text, [("Robert\nKim", "PERSON")]) == [("Robert", "PERSON"), ("Kim", "PERSON")]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # a firm's member after its name and an article (round 24's wire sample)
        (
            "The sugar sold at 235.5 dlrs a tonne, a Kaines trader said.",
            [("Kaines", "PERSON")],
            [("Kaines", "ORG")],
        ),
        # a trade and a comma before a partnership's name
        (
            "China paid market levels, London trader, Woodhouse, Drake and Carey, said.",
            [("Woodhouse", "ORG"), ("Drake", "PERSON"), ("Carey", "PERSON")],
            [("Woodhouse, Drake and Carey", "ORG")],
        ),
        (
            "London-based dealer Gill and Duffus recently forecast a record crop.",
            [("Gill", "PERSON"), ("Duffus", "PERSON")],
            [("Gill and Duffus", "ORG")],
        ),
    ],
)
def test_round24_wire_firms(text, spans, expected):
    assert filtered(text, spans) == expected


@pytest.mark.parametrize(
    ("text", "name", "firm"),
    [
        ("The sugar sold well, a Kaines trader said.", "Kaines", True),
        # a politician has a spokesman and officials too: no firm's member
        ("The bill will be signed, a Trump spokesman said.", "Trump", False),
        ("A Biden official said the talks went on.", "Biden", False),
    ],
)
def test_a_firms_member_is_no_politicians_aide(text, name, firm):
    doc = doc_with_entities(text, [(name, "PERSON")])
    (weighed,) = person_evidence.weigh(doc, list(doc.ents)).values()
    assert ("firm member" in weighed.cues) is firm


def test_a_partnerships_short_name_the_model_took_for_a_firm_leaves_it_a_firm():
    text = "London trader, Woodhouse, Drake and Carey, said. Prices fell, Woodhouse said."
    spans = [("Woodhouse", "ORG"), ("Drake", "PERSON"), ("Carey", "PERSON"), ("Woodhouse", "ORG")]
    assert filtered(text, spans) == [("Woodhouse, Drake and Carey", "ORG"), ("Woodhouse", "ORG")]


def test_a_partner_the_text_names_as_a_person_keeps_the_list_people():
    text = "Officials said Reagan and Gorbachev met, brokers said. Ronald Reagan left."
    spans = [("Reagan", "PERSON"), ("Gorbachev", "PERSON"), ("Ronald Reagan", "PERSON")]
    assert filtered(text, spans) == spans


def test_a_country_in_a_headline_in_capitals_is_a_place():
    text = "IRAN FOREIGN MINISTER TELLS CUBA OF GULF SITUATION"
    assert filtered(text, [("TELLS CUBA", "PERSON")]) == [("CUBA", "GPE")]
    # a country's name that is a name's word too stays the model's
    assert filtered("MINISTER MEETS JORDAN IN AMMAN", [("JORDAN", "PERSON")]) == [
        ("JORDAN", "PERSON")
    ]


def test_a_name_cut_after_its_particles_gets_its_surname():
    # round 25's KPCrowd sample: the model's "Joran van der" + a PRODUCT "Sloot"
    text = "Accused murderer, Joran van der Sloot is living a life of luxury."
    spans = [("Joran van der", "PERSON"), ("Sloot", "PRODUCT")]
    assert filtered(text, spans) == [("Joran van der Sloot", "PERSON")]
