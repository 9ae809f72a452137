"""Place names news writes in forms GeoNames and ISO 3166 do not list: a part of a place
named by a compass word, US counties, short forms of cities and states, and a place the
text locates although the model took one span with its name for a person."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from pipeline.nlp import load_nlp
from pipeline.nlp.countries import gazetteer
from tests.support import doc_with_entities


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def places(nlp, text: str) -> dict[str, str | None]:
    """Each place-labelled entity of ``text`` -> its country."""
    return {e.text: e._.country_code for e in nlp(text).ents if e.label_ in ("GPE", "LOC")}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Northern Virginia", "US"),
        ("Southern California", "US"),
        ("Eastern Ukraine", "UA"),
        ("Northern Italy", "IT"),
        ("West Tokyo", "JP"),
    ],
)
def test_a_compass_word_names_a_part_of_the_place_after_it(name, code):
    place = gazetteer().resolve(name, "LOC")
    assert (place.code, place.canonical) == (code, name)


@pytest.mark.parametrize(
    "name", ["North America", "South America", "Western Europe", "Central Asia", "East Leyden"]
)
def test_a_part_of_a_continent_or_of_an_unknown_town_has_no_country(name):
    place = gazetteer().resolve(name, "LOC")
    assert place is None or place.code is None


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        # "St." is "Saint": Russia's second city, not only Florida's namesake
        (
            "Sales in Moscow and St. Petersburg slowed in the fourth quarter.",
            "St. Petersburg",
            "RU",
        ),
        ("The Rays won in St. Petersburg, Florida, on Sunday.", "St. Petersburg", "US"),
        ("Barges waited at St Louis on the Mississippi.", "St Louis", "US"),
    ],
)
def test_a_saints_name_abbreviated_is_the_same_place(nlp, text, name, code):
    assert places(nlp, text)[name] == code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        # China's divisions without their kind ("Liaoning Sheng" in ISO 3166-2) ...
        ("Liaoning", "CN"),
        ("Guangxi", "CN"),
        # ... a division's kind written after its name ...
        ("Hubei province", "CN"),
        ("Helmand Province", "AF"),
        ("Kharkiv region", "UA"),
        # ... and an Arab division without its article ("Al Anbār")
        ("Anbar province", "IQ"),
        # Taiwan stays Taiwan, whatever ISO 3166-2 lists as China's
        ("Taiwan", "TW"),
    ],
)
def test_a_division_in_the_form_news_writes_it(name, code):
    assert gazetteer().resolve(name, "GPE").code == code


def test_a_saints_name_is_no_small_towns_place():
    # "St. John" the apostle is not taken for Saint John, New Brunswick (70,000 people).
    assert not gazetteer().candidates("St. John")


@pytest.mark.parametrize("name", ["Gaza City", "Khan Younis", "Deir al-Balah"])
def test_gazas_towns_in_the_spellings_news_uses_are_in_palestine(name):
    assert gazetteer().resolve(name, "GPE").code == "PS"


def test_a_us_county_is_in_the_us_whichever_state_it_is_in():
    assert {c.code for c in gazetteer().candidates("Montgomery County")} == {"US"}
    assert gazetteer().resolve("Fairfax County", "GPE").code == "US"


def test_a_city_abbreviation_stands_for_the_largest_city_of_the_name():
    assert [(c.code, c.canonical) for c in gazetteer().candidates("SF")] == [
        ("US", "San Francisco")
    ]
    assert [c.code for c in gazetteer().candidates("LA")] == ["US"]


def test_a_state_code_after_a_place_and_a_comma_is_the_state(nlp):
    found = places(nlp, "The clinic opened in Rockville, MD, last week.")
    assert found.get("MD") == "US"


def test_a_credential_after_a_name_is_no_state(nlp):
    found = places(nlp, "“It is a scary finding,” says Stephen Calderwood, MD, the author.")
    assert found.get("MD") is None


def test_a_place_the_text_locates_stays_a_place_beside_a_person_like_span(nlp):
    text = "Virginia Tech, in Blacksburg, grew. In Virginia, the suburbs grew, and Virginia voted."
    spans = [("Virginia Tech", "PERSON"), ("Blacksburg", "GPE"), ("Virginia", "GPE")]
    doc = nlp.get_pipe("country_resolver")(doc_with_entities(text, [*spans, ("Virginia", "GPE")]))
    assert [e._.country_code for e in doc.ents if e.text == "Virginia"] == ["US", "US"]


def test_a_given_name_beside_its_person_stays_no_place(nlp):
    found = places(nlp, "Jordan Henderson trained alone. Jordan said the club was patient.")
    assert "JO" not in found.values()


def test_a_club_named_by_its_place_and_a_known_clubs_name_is_an_organisation(nlp):
    text = "Fans of the Green Bay Packers met Jacksonville Jaguars fans; Pacific Islanders too."
    spans = [("Green Bay Packers", "LOC"), ("Jacksonville Jaguars", "FAC")]
    doc = doc_with_entities(text, [*spans, ("Pacific Islanders", "NORP")])
    doc = nlp.get_pipe("country_resolver")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Green Bay Packers", "ORG"),
        ("Jacksonville Jaguars", "ORG"),
        ("Pacific Islanders", "NORP"),
    ]


@pytest.mark.parametrize("ocean", ["Pacific", "Atlantic"])
def test_an_ocean_is_no_town_of_the_same_name(ocean):
    assert gazetteer().resolve(ocean, "LOC") is None


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        # After "X, the", a place qualifies X only with a place's noun after it.
        ("An American tourist was robbed in Rome, the U.S. embassy said.", "Rome", "IT"),
        ("Springfield, the Illinois capital, braced for the storm.", "Springfield", "US"),
        ("He grew up in Athens, the Georgia college town.", "Athens", "US"),
    ],
)
def test_a_place_after_the_qualifies_only_with_a_place_noun(nlp, text, name, code):
    assert places(nlp, text)[name] == code


# Town names joined by a connecting word (Kingston upon Thames, Stoke-on-Trent, Frankfurt am
# Main) are one place with its country, however the model cut them (compound_places).
@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        # The model keeps "Kingston", which alone is Jamaica's capital.
        ("The hospital in Kingston upon Thames was put on alert.", "Kingston upon Thames", "GB"),
        # ... takes the whole for a person,
        ("Tourists returned to Stratford-upon-Avon this summer.", "Stratford-upon-Avon", "GB"),
        # ... splits a place and a person ("Don"),
        ("Russian shelling hit Rostov-on-Don, officials said.", "Rostov-on-Don", "RU"),
        # ... or keeps the part before the connecting word.
        ("The bank moved staff to Frankfurt am Main.", "Frankfurt am Main", "DE"),
        ("Flooding hit Burton upon Trent overnight.", "Burton upon Trent", "GB"),
    ],
)
def test_a_compound_town_name_is_one_place(nlp, text, name, code):
    found = places(nlp, text)
    assert found.get(name) == code, found
    assert not any(other != name and other in name for other in found)


def test_a_longer_name_holding_one_stays(nlp):
    doc = nlp.make_doc("Officials of Newcastle upon Tyne Hospitals NHS Foundation Trust met.")
    doc.ents = [Span(doc, 2, 9, "ORG")]
    ents = nlp.get_pipe("compound_places")(doc).ents
    assert [(e.text, e.label_) for e in ents] == [
        ("Newcastle upon Tyne Hospitals NHS Foundation Trust", "ORG")
    ]
    # A compound's first word going on otherwise stays as the model read it.
    assert "Kingston upon Avon" not in places(nlp, "Flood warnings in Kingston upon Avon.")
