"""Entity components on news sentences we wrote ourselves (countries: tests/test_places.py)."""

from __future__ import annotations

import pytest

from pipeline import analyze
from pipeline.nlp import load_nlp
from pipeline.nlp.people import resolve_short_names


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


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
