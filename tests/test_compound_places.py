"""Town names joined by a connecting word (``Kingston upon Thames``, ``Stoke-on-Trent``,
``Frankfurt am Main``) are one place with its country, however the model cut them."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from tests.test_place_forms import nlp, places  # noqa: F401 - nlp is a fixture


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
    # Words that are no name of the gazetteer stay as the model read them.
    assert "Putin on Monday" not in places(nlp, "Talks with Putin on Monday ended.")
