"""Town names that are common words or other things' names get a country only where the
text says place (``pipeline/nlp/countries/words.py``).

The entities are set by hand on spaCy's blank tokenizer (``tests.support``): the spans the
small model is seen to produce on web text, our components after it.
"""

from __future__ import annotations

import pytest

from pipeline.nlp import load_nlp, mentions_of
from pipeline.resources import load_json
from tests.support import doc_with_entities


@pytest.fixture(scope="module")
def resolver():
    return load_nlp().get_pipe("country_resolver")


def countries(resolver, text: str, entities: list[tuple[str, str]], title=None) -> list:
    """``(text, label, country)`` of every mention after the resolver and the article's
    settling (title and body)."""
    docs = {"body": resolver(doc_with_entities(text, entities))}
    if title is not None:
        docs["title"] = resolver(doc_with_entities(*title))
    return [(m.text, m.label, m.country_code) for m in mentions_of("a", docs)]


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("Open AirPort Utility, then pick Airport and choose a network.", [("Airport", "GPE")]),
        ("If you map a key in Windows 7 or Vista, see this.", [("Vista", "GPE")]),
        ("Dessert for Lunch, Sandwich for Snack, Schnitzel for Dinner", [("Sandwich", "GPE")]),
        ("Blood Orange, Walnut, and Rocket Salad", [("Walnut", "GPE")]),
        ("Labels: apps, Case studies, Mobile, Smart Phones", [("Mobile", "GPE")]),
        # places nearby all in another country: a namesake the gazetteer lacks
        (
            "A cafe in Soho (with locations in the West Village and Brooklyn).",
            [("Soho", "LOC"), ("West Village", "GPE"), ("Brooklyn", "GPE")],
        ),
        # "in" before a word the text also writes in lower case: a magazine, not a town.
        ("For the first time, a cover story in Time said so.", [("Time", "GPE")]),
    ],
)
def test_a_common_word_without_place_evidence_gets_no_country(resolver, text, entities):
    found = countries(resolver, text, entities)
    # The mention stays, with the model's label, and no country.
    assert [(t, label, code) for t, label, code in found if t == entities[0][0]] == [
        (entities[0][0], entities[0][1], None)
    ]


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        # a locating word, also with a word between
        ("Police in Vista said the road was closed.", [("Vista", "GPE")], "US"),
        ("Crews worked in nearby Walnut overnight.", [("Walnut", "GPE")], "US"),
        ("The hearing was 15 miles south of Centennial.", [("Centennial", "GPE")], "US"),
        # a qualifier
        ("Mobile, Alabama, was flooded.", [("Mobile", "GPE"), ("Alabama", "GPE")], "US"),
        # a list of places
        (
            "Denver, Centennial and Boulder voted.",
            [("Denver", "GPE"), ("Centennial", "GPE"), ("Boulder", "GPE")],
            "US",
        ),
    ],
)
def test_a_common_word_with_place_evidence_keeps_its_country(resolver, text, entities, expected):
    found = dict((t, code) for t, _, code in countries(resolver, text, entities))
    assert all(found[name] == expected for name, _ in entities)


def test_place_evidence_elsewhere_in_the_article_counts_title_and_body(resolver):
    body = "The shooting happened in Aurora on Friday. Vista residents were shocked."
    ents = [("Aurora", "GPE"), ("Vista", "GPE")]
    title = ("Vista mourns", [("Vista", "GPE")])
    found = countries(resolver, body, ents, title=title)
    # Vista has no evidence anywhere; the title's Vista is settled with the body's.
    assert [code for t, _, code in found if t == "Vista"] == [None, None]
    title = ("Grief in Vista", [("Vista", "GPE")])
    found = countries(resolver, body, ents, title=title)
    assert [code for t, _, code in found if t == "Vista"] == ["US", "US"]


def test_a_town_named_like_a_person_of_the_article_needs_evidence(resolver):
    text = "Merrick Garland wrote the opinion. Garland heard the case."
    found = countries(resolver, text, [("Merrick Garland", "PERSON"), ("Garland", "GPE")])
    assert ("Garland", "GPE", None) in found
    text = "Merrick Garland grew up far from here. He was born in Garland."
    found = countries(resolver, text, [("Merrick Garland", "PERSON"), ("Garland", "GPE")])
    assert ("Garland", "GPE", "US") in found


def test_a_town_the_article_labels_a_work_needs_evidence(resolver):
    text = "They dressed as Batman characters for the Batman screening."
    found = countries(resolver, text, [("Batman", "ORG"), ("Batman", "GPE")])
    assert ("Batman", "GPE", None) in found


@pytest.mark.parametrize(
    ("text", "entities", "expected"),
    [
        # never unplaced for a name the article gives something else: a country, a world city
        ("Turkey Inc. said little of Turkey.", [("Turkey", "ORG"), ("Turkey", "GPE")], "TR"),
        ("Tom Boston praised Boston schools.", [("Tom Boston", "PERSON"), ("Boston", "GPE")], "US"),
        # nor a metonym or a demonym, which the model labels ORG and NORP itself
        ("Pentagon officials said the Pentagon would pay.", [("Pentagon", "ORG")] * 2, "US"),
        (
            "Shteyngart's story stars a Russian.",
            [("Shteyngart", "PERSON"), ("Russian", "NORP")],
            "RU",
        ),
    ],
)
def test_countries_and_world_cities_are_never_unplaced(resolver, text, entities, expected):
    found = countries(resolver, text, entities)
    assert found[-1] == (*entities[-1], expected)


def test_the_common_word_list_keeps_out_countries_capitals_and_proper_names():
    from pipeline.nlp.countries.words import common_word_places

    words = common_word_places()
    assert {"Airport", "Mobile", "Vista", "Sandwich", "Walnut", "Time"} <= words
    # capitalised far more often than not, or a country, capital, region or subdivision
    assert not {"Boulder", "Buffalo", "Michigan", "Turkey", "Reading", "London"} & words
    assert "_about" in load_json("common_word_places.json")


def test_a_small_town_needs_evidence_or_another_place_of_its_country(resolver):
    # Metro, Indonesia (a city of 180,000) in a story naming no Indonesian place
    text = "Microsoft has caught attention with Metro design."
    assert countries(resolver, text, [("Metro", "GPE")]) == [("Metro", "GPE", None)]
    text = "Visitors to Berchtesgaden stayed a night in Munich."
    found = countries(resolver, text, [("Berchtesgaden", "GPE"), ("Munich", "GPE")])
    assert found[0] == ("Berchtesgaden", "GPE", "DE")


def test_the_publishers_country_supports_a_small_town(resolver):
    from pipeline.nlp.countries import article_places

    text = "Moritzburg dockworkers voted to strike."
    doc = resolver(doc_with_entities(text, [("Moritzburg", "GPE")]))
    assert article_places(list(doc.ents)) == []
    assert [p.form for _, p in article_places(list(doc.ents), home_country="DE")] == ["Moritzburg"]


def test_a_locating_word_counts_for_a_name_given_something_else_beside_a_foreign_place(
    resolver,
):
    text = "The Seville remains went from Cuba to Seville in 1898."
    ents = [("Seville", "ORG"), ("Cuba", "GPE"), ("Seville", "GPE")]
    assert countries(resolver, text, ents)[-1] == ("Seville", "GPE", "ES")


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("Pepperdine overlooks the ocean in the enclave of Malibu, CA.", [("Malibu", "GPE")]),
        ("Xarelto is marketed by Raritan, N.J.-based Janssen.", [("Raritan", "GPE")]),
        (
            "The man was tall, Ann Arbor Police Department detectives said.",
            [("Ann Arbor Police Department", "ORG")],
        ),
    ],
)
def test_a_state_abbreviation_or_an_authority_is_evidence_for_a_small_town(
    resolver, text, entities
):
    assert countries(resolver, text, entities)[0][2] == "US"


def test_a_name_several_countries_share_is_left_to_the_ranker_a_common_word_is_not(resolver):
    # Springfield: Australia's and the United States', no small town of its own
    headline = ("Springfield transit strike", [("Springfield", "GPE")])
    found = countries(resolver, "Bus drivers walked out on Monday.", [], title=headline)
    assert found == [("Springfield", "GPE", "US")]
    headline = ("Vista update ships", [("Vista", "GPE")])
    assert countries(resolver, "It shipped on Monday.", [], title=headline) == [
        ("Vista", "GPE", None)
    ]


def test_a_small_town_and_a_common_word_of_one_country_in_a_list_prove_each_other(resolver):
    text = "Walnut and Calexico farmers voted to strike."
    found = countries(resolver, text, [("Walnut", "GPE"), ("Calexico", "GPE")])
    assert found == [("Walnut", "GPE", "US"), ("Calexico", "GPE", "US")]


@pytest.mark.parametrize(
    ("headline", "body", "name"),
    [
        # a town of 6,000 and a company: the headline does not place it, nor the body's
        (
            ("HILTON HOTELS TO LAUNCH NEW PRODUCT", [("HILTON", "GPE")]),
            ("Later, Hilton plans to borrow.", [("Hilton", "GPE")]),
            "Hilton",
        ),
        (
            ("Third arrest over explosives found at Olympic site", [("Olympic", "GPE")]),
            ("Police made a third arrest.", []),
            "Olympic",
        ),
    ],
)
def test_a_headline_places_no_town_of_few_people_nor_proves_the_body(
    resolver, headline, body, name
):
    found = countries(resolver, *body, title=headline)
    assert [code for text, _, code in found if text.title() == name] == [None] * len(
        [t for t, _, _ in found if t.title() == name]
    )
    assert any(text.title() == name for text, _, _ in found)


def test_a_name_without_place_evidence_still_counts_as_a_person(resolver):
    # The model took one "Alice" of a tutorial for a place (Alice, Texas, needs evidence
    # and has none); the article calls her a person three times: she is one there too.
    text = "Alice commits. Bob pulls. Alice pushes. Alice waits. Alice and Bob never talk."
    entities = [("Alice", "PERSON"), ("Bob", "PERSON"), ("Alice", "PERSON")]
    entities += [("Alice", "PERSON"), ("Alice", "GPE"), ("Bob", "PERSON")]
    found = countries(resolver, text, entities)
    assert {(t, label) for t, label, _ in found if t == "Alice"} == {("Alice", "PERSON")}
