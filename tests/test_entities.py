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


def test_a_long_text_read_in_pieces_gives_the_entities_of_the_whole(monkeypatch):
    # Pieces keep memory bounded; the names and places found must be those of the whole text
    # (our components run on the joined document, so "Peskov" still resolves to the full name).
    import pipeline.nlp.long_texts as long_texts
    from pipeline.core.model import Article
    from pipeline.nlp.extract import EntityExtractor

    paragraphs = [
        "Kremlin spokesman Dmitry Peskov told reporters in Moscow that talks would go on.",
        "Officials in Seoul said South Korea would summon the Russian ambassador.",
        "Peskov said on Tuesday that no deal with Kyiv was near.",
    ] * 8
    article = Article("long", "", "", "Talks", "\n\n".join(paragraphs))
    extractor = EntityExtractor()

    def found() -> list[tuple]:
        rows = extractor.annotate([article])["mentions"]
        return sorted((m["start_char"], m["text"], m["label"], m["canonical"]) for m in rows)

    whole = found()
    monkeypatch.setattr(long_texts, "SEGMENT_CHARS", 400)
    assert len(long_texts.segments(article.body, 400)) > 4
    pieces = found()
    assert pieces == whole and len(whole) > 20
    assert ("Peskov" in {m[1] for m in pieces}) and all(
        m[3] == "Dmitry Peskov" for m in pieces if m[1] == "Peskov"
    )


def test_reference_marks_stay_out_of_entities(nlp):
    # Encyclopaedia pages in web dumps glue "[201]" to the word before; the entity must
    # be the name alone, and the place still resolves.
    doc = nlp(
        "The project was funded by the World Bank.[201] In 2010 fighting near Kyiv,[12][13] "
        "stopped."
    )
    names = {e.text for e in doc.ents if e.label_ in ("ORG", "GPE")}
    assert {"World Bank", "Kyiv"} <= names
    assert not any("[" in e.text or "]" in e.text for e in doc.ents)
    assert next(e for e in doc.ents if e.text == "Kyiv")._.country_code == "UA"


def test_a_unit_after_a_number_is_no_entity_but_a_lower_case_name_elsewhere_stays():
    from tests.support import filtered

    text = "Shr 20 cts vs 15 cts, said Acme, after the fed raised rates."
    spans = [("cts", "ORG"), ("Acme", "ORG"), ("fed", "ORG")]
    assert filtered(text, spans) == [("Acme", "ORG"), ("fed", "ORG")]
