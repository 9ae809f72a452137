"""Entity components on news sentences we wrote ourselves."""

from __future__ import annotations

import pytest

from pipeline import analyze
from pipeline.cache import cached, fingerprint
from pipeline.nlp import load_nlp
from pipeline.nlp.countries import Place, _place_table, gazetteer
from pipeline.nlp.people import resolve_short_names

UNIT_SENTENCES = [
    (
        "The 47th Mechanized Brigade pushed towards the village on Tuesday.",
        ["47th Mechanized Brigade"],
    ),
    ("Soldiers of the 1st Guards Tank Army were seen near Kharkiv.", ["1st Guards Tank Army"]),
    ("Analysts said the Black Sea Fleet had moved ships to Novorossiysk.", ["Black Sea Fleet"]),
    ('The so-called "Storm Corps," an elite unit, was deployed.', ["Storm Corps"]),
    (
        "Commanders of the Islamic Revolutionary Guard Corps met in Tehran.",
        ["Islamic Revolutionary Guard Corps"],
    ),
    ("Fighters from the Wagner Group withdrew from the town.", ["Wagner Group"]),
    ("The Golani Brigade entered the area overnight, the army said.", ["Golani Brigade"]),
    (
        "Ukraine's 11th Corps and the 3rd Assault Brigade held the line.",
        ["11th Corps", "3rd Assault Brigade"],
    ),
    ("The 82nd Airborne Division will send 2,000 paratroopers.", ["82nd Airborne Division"]),
    ("Members of the Freedom of Russia Legion crossed the border.", ["Freedom of Russia Legion"]),
    ("Russia's 150th Motorized Rifle Division attacked.", ["150th Motorized Rifle Division"]),
    ("Ukraine's Third Assault Brigade held the town.", ["Third Assault Brigade"]),
    ("The Russian Volunteer Corps claimed the raid.", ["Russian Volunteer Corps"]),
    ("The special forces raid lasted two hours.", []),
    ("Marines landed at dawn, officials said.", []),
    ("Economists praised the division of labour between the agencies.", []),
    ("Corps members from the volunteer program arrived in Lima.", []),
    ("She served in the Peace Corps before joining the ministry.", []),
    ("Armed Forces Day was celebrated across the country.", []),
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def units(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "MILITARY_UNIT"]


@pytest.mark.parametrize(("sentence", "expected"), UNIT_SENTENCES)
def test_military_units(nlp, sentence, expected):
    assert units(nlp, sentence) == expected


def test_military_unit_span_f1(nlp):
    true_positive = predicted = gold = 0
    for sentence, expected in UNIT_SENTENCES:
        found = units(nlp, sentence)
        true_positive += len(set(found) & set(expected))
        predicted += len(found)
        gold += len(expected)
    f1 = 2 * true_positive / (predicted + gold)
    assert f1 >= 0.9


COUNTRY_SENTENCES = [
    ("Officials in Seoul summoned the ambassador.", {"KR"}),
    ("The Kremlin said talks would continue.", {"RU"}),
    ("North Korean troops arrived by ship.", {"KP"}),
    ("Ships docked in Vladivostok on Monday.", {"RU"}),
    ("The White House declined to comment.", {"US"}),
    ("Downing Street said the prime minister was briefed.", {"GB"}),
    ("Pyongyang has denied the reports.", {"KP"}),
    ("Türkiye and the Netherlands signed the deal.", {"TR", "NL"}),
    ("Turkey's central bank raised rates; the U.S. dollar fell.", {"TR", "US"}),
    ("Britain and Ukrainian officials met in Kyiv.", {"GB", "UA"}),
    ("French and German ministers met in Brussels.", {"FR", "DE", "BE"}),
    ("Number 10 said the talks had been useful.", {"GB"}),
    ("Emirati and Qatari envoys met in Doha.", {"AE", "QA"}),
]


@pytest.mark.parametrize(("sentence", "expected"), COUNTRY_SENTENCES)
def test_country_resolution(nlp, sentence, expected):
    assert {e._.country_code for e in nlp(sentence).ents if e._.country_code} == expected


def test_gazetteer_handles_variants_and_ambiguity():
    places = gazetteer()
    assert places.resolve("U.S.", "GPE").code == "US"
    assert places.resolve("the Netherlands", "GPE").code == "NL"
    assert places.resolve("SEOUL", "GPE").code == "KR"  # wire headlines in capitals
    assert places.resolve("Kremlin", "ORG").code == "RU"
    assert places.resolve("Kremlin", "DATE") is None
    assert places.resolve("London", "GPE").code == "GB"  # not London, Ontario
    assert places.resolve("Russian", "NORP").canonical == "Russia"


def test_gazetteer_cache_is_reused_and_survives_damage(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path))
    built = []

    def build():
        built.append(1)
        return {"Seoul": ("KR", "Seoul", "capital")}

    first = cached("places", fingerprint("v1"), build)
    assert cached("places", fingerprint("v1"), build) == first
    assert len(built) == 1  # the second call read the file
    assert cached("places", fingerprint("v2"), build) == first
    assert len(built) == 2  # another fingerprint, another entry
    for stored in tmp_path.glob("places-*"):
        stored.write_bytes(b"\x00garbage")
    assert cached("places", fingerprint("v1"), build) == first
    assert len(built) == 3  # a damaged file is rebuilt, not an error
    gazetteer_files = list(tmp_path.glob("places-*.marshal"))
    assert len(gazetteer_files) == 2 and not list(tmp_path.glob(".*"))  # no temporary left


def test_cached_gazetteer_equals_a_fresh_build(tmp_path, monkeypatch):
    monkeypatch.setenv("PIPELINE_CACHE_DIR", str(tmp_path))
    fresh = _place_table()
    gazetteer.cache_clear()
    try:
        assert gazetteer().places == {name: Place(*place) for name, place in fresh.items()}
        assert len(list(tmp_path.glob("places-*.marshal"))) == 1
        gazetteer.cache_clear()
        assert gazetteer().places["Seoul"] == Place("KR", "Seoul", "capital")  # from the file
    finally:
        gazetteer.cache_clear()


def test_short_names_resolve_to_full_names():
    names = ["Kim Hong-kyun", "Dmitry Peskov", "Kim", "Peskov", "Zinoviev"]
    assert resolve_short_names(names) == {"Kim": "Kim Hong-kyun", "Peskov": "Dmitry Peskov"}


def test_person_repair_and_titles(nlp):
    doc = nlp("South Korean President Yoon Suk-yeol spoke to reporters.")
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == ["Yoon Suk-yeol"]


def test_analyze_seed(seed_file):
    from pipeline.ingest import read_articles

    article = next(read_articles([seed_file]))
    result = analyze(article.title, article.body)
    people = {m.canonical for m in result.mentions if m.label == "PERSON"}
    assert {
        "Kim Hong-kyun",
        "Dmitry Peskov",
        "Yoon Suk-yeol",
        "David Lammy",
        "Georgiy Zinoviev",
    } <= people
    assert not any(len(p.split()) == 1 for p in people)
    assert {"KR", "KP", "RU", "UA", "GB"} <= set(result.countries)
    units = [m.text for m in result.mentions if m.label == "MILITARY_UNIT"]
    assert units == ["Storm Corps"]
    for mention in result.mentions:
        field_text = result.title if mention.field == "title" else result.body
        assert field_text[mention.start_char : mention.end_char] == mention.text


def test_user_pipeline_gets_our_components():
    import spacy

    from pipeline.nlp import add_components

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Seoul"}])
    add_components(nlp)
    doc = nlp("Seoul sent the 47th Mechanized Brigade.")
    assert [(e.text, e.label_, e._.country_code) for e in doc.ents] == [
        ("Seoul", "GPE", "KR"),
        ("47th Mechanized Brigade", "MILITARY_UNIT", None),
    ]
