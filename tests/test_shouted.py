"""A word a headline in capitals shouts is no entity where the body writes it as a word."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Span

from pipeline.nlp.extract import mentions_of
from pipeline.nlp.shouted import in_capitals


@pytest.fixture(scope="module")
def blank():
    return spacy.blank("en")


def docs_with(blank, title: str, title_ents: list[tuple[str, str]], body: str) -> dict:
    title_doc = blank(title)
    spans = []
    for text, label in title_ents:
        start = title.index(text)
        spans.append(title_doc.char_span(start, start + len(text), label=label))
    title_doc.ents = [s for s in spans if isinstance(s, Span)]
    return {"title": title_doc, "body": blank(body)}


def names(blank, title, ents, body) -> list[str]:
    return [
        m.text for m in mentions_of("a", docs_with(blank, title, ents, body)) if m.field == "title"
    ]


def test_a_shouted_word_the_body_writes_as_a_word_is_no_entity(blank):
    ents = [("GM", "ORG"), ("NET", "ORG")]
    table = "Shr 34 cts vs 1.19 dlrs\n    Net 807,000 vs 2,858,000\n Reuter"
    assert names(blank, "GM 4TH QTR NET", ents, table) == ["GM"]
    prose = "General Motors Corp said its net income fell in the quarter."
    assert names(blank, "GM 4TH QTR NET", ents, prose) == ["GM"]


def test_a_shouted_name_the_body_writes_as_a_name_stays(blank):
    ents = [("FORD", "ORG"), ("TREASURY", "ORG")]
    body = "Shares of Ford rose as the Treasury said it would ford the river of treasury debt."
    assert names(blank, "FORD AND TREASURY IN TALKS", ents, body) == ["FORD", "TREASURY"]


def test_only_titles_in_capitals_and_only_names_of_things_are_judged(blank):
    body = "The company said net income rose."
    # A title in the usual case: "NET" there is an acronym the writer chose.
    assert names(blank, "Acme Posts Record NET Result", [("NET", "ORG")], body) == ["NET"]
    # Places and people are judged elsewhere.
    assert names(blank, "NET RISES IN CHINA", [("CHINA", "GPE")], "china plates") == ["CHINA"]


def test_a_title_is_in_capitals_when_most_of_its_letters_are():
    assert in_capitals("FED RAISES DISCOUNT RATE TO 6 PCT")
    assert in_capitals("U.S. FIRM <ACME> SEES 1ST QTR NET")
    assert not in_capitals("Fed raises the discount rate")
    assert not in_capitals("2,345 vs 1,234")


def body_names(blank, body: str, ents: list[tuple[str, str]], title: str = "Acme results") -> list:
    body_doc = blank(body)
    body_doc.ents = [
        body_doc.char_span(body.index(text), body.index(text) + len(text), label=label)
        for text, label in ents
    ]
    docs = {"title": blank(title), "body": body_doc}
    return [m.text for m in mentions_of("a", docs) if m.field == "body"]


def test_a_wires_shorthand_in_a_title_in_capitals_is_no_entity(blank):
    ents = [("ACME", "ORG"), ("QTR NOV 30", "PRODUCT"), ("MLN STG", "LAW")]
    title = "ACME 4TH QTR NOV 30 LOSS ON 50 MLN STG"
    assert names(blank, title, ents, "Acme said it lost money.") == ["ACME"]
    # A wire names a company with its ticker: CTS <CTS> is the company, not cents.
    ticker = "DYNAMICS IN SETTLEMENT WITH CTS <CTS>"
    assert names(blank, ticker, [("CTS", "ORG")], "CTS said.") == ["CTS"]
    # In a title in the usual case the writer chose the capitals: left to the model.
    usual = "Acme's QTR NOV 30 Product"
    assert names(blank, usual, [("QTR NOV 30", "PRODUCT")], "Acme.") == ["QTR NOV 30"]


def test_a_wires_shorthand_opening_a_table_line_is_no_entity(blank):
    body = "Acme Inc said.\n    Nine Mths\n    Revs 27.2 mln vs 25.1 mln\n"
    ents = [("Acme Inc", "ORG"), ("Nine Mths", "WORK_OF_ART"), ("Revs", "PRODUCT")]
    assert body_names(blank, body, ents) == ["Acme Inc"]
    table = "Acme said.\n    Shr loss 75 cts vs profit 39 cts\n"
    assert body_names(blank, table, [("Shr", "ORG")]) == []
    # Inside a sentence, or starting a wrapped line of words, it is left to the model.
    wrapped = "Acme said its\nRevs division was sold."
    assert body_names(blank, wrapped, [("Revs", "PRODUCT")]) == ["Revs"]
    assert body_names(blank, "It sold Revs to Mr Smith.", [("Revs", "PRODUCT")]) == ["Revs"]
