"""Checks on the real Reuters-21578 corpus (skipped when ../shared is absent)."""

from __future__ import annotations

from bench.eval_countries import load_test_articles, pipeline_sets, score


def test_country_sets_on_reuters_modapte_test(reuters_file):
    data = load_test_articles(limit=150)
    predicted = pipeline_sets([article for article, _ in data])
    figures = score(list(zip(predicted, [gold for _, gold in data], strict=True)))
    # The full test split measures F1 0.837 (README); spaCy + pycountry alone: 0.346.
    assert figures["f1"] >= 0.7, figures
