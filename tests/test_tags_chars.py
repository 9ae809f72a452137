"""Character n-grams in the tag model: on for large archives ("auto"), never shown as evidence."""

from __future__ import annotations

import numpy as np

from pipeline.classify.explain import explain_tags, feature_parts
from pipeline.classify.model import SuggestionModel
from pipeline.classify.stage import BUNDLED_MODEL
from pipeline.classify.tags import TagSuggester, linear_decisions

OIL = [
    ("Crude climbs", "Crude oil prices rose as oilfield output fell in the gulf."),
    ("Oil output", "Refiners bought crude; oilfield workers struck for pay."),
    ("Barrel prices", "The oil barrel price hit a high as crude stocks fell."),
]
GRAIN = [
    ("Wheat harvest", "Wheat and corn harvests grew; grain exports rose."),
    ("Grain sales", "Farmers sold wheat and barley as grain prices eased."),
    ("Corn crop", "The corn crop was large and grain silos filled up."),
]


def labelled(copies: int) -> tuple[list[tuple[str, str]], list[list[str]]]:
    documents, tags = [], []
    for _ in range(copies):
        documents += OIL + GRAIN
        tags += [["oil"]] * len(OIL) + [["grain"]] * len(GRAIN)
    return documents, tags


def blocks(tagger: TagSuggester) -> list[str]:
    return [name for name, _ in tagger.features_.transformer_list]


def test_auto_char_ngrams_only_from_the_threshold_on():
    small, small_tags = labelled(3)  # 18 articles
    large, large_tags = labelled(4)  # 24 articles
    options = {"cv": 2, "n_jobs": 1, "char_min_articles": 20, "char_max_df": 1.0}
    below = TagSuggester(**options).fit(small, small_tags)
    above = TagSuggester(**options).fit(large, large_tags)
    assert blocks(below) == ["word"]
    assert blocks(above) == ["word", "char"]
    # The char block has the configured n-gram lengths (4-5; a padded short word makes 3).
    names = feature_parts(above.features_)[1].names
    assert max(len(n) for n in names) == 5 and " oil" in set(names)
    # An explicit choice wins over the size of the archive.
    forced = TagSuggester(cv=2, n_jobs=1, char_ngrams=True, char_max_df=1.0).fit(small, small_tags)
    off = TagSuggester(cv=2, n_jobs=1, char_ngrams=False, char_min_articles=1).fit(
        large, large_tags
    )
    assert blocks(forced) == ["word", "char"] and blocks(off) == ["word"]


def test_an_archive_whose_char_ngrams_are_all_too_common_keeps_its_words():
    # Each n-gram is in a sixth of the articles or more: none passes a max_df of 0.05.
    documents, tags = labelled(4)
    tagger = TagSuggester(cv=2, n_jobs=1, char_ngrams=True, char_max_df=0.05).fit(documents, tags)
    assert blocks(tagger) == ["word"]
    assert tagger.suggest([("Oil", "crude oil")])[0][0][0] == "oil"


def test_the_bundled_demo_model_has_no_char_ngrams():
    model = SuggestionModel.load(BUNDLED_MODEL)
    assert blocks(model.tags) == ["word"]


def test_evidence_shows_words_only_when_the_model_has_char_ngrams():
    documents, tags = labelled(4)
    tagger = TagSuggester(cv=2, n_jobs=1, char_ngrams=True, char_max_df=1.0).fit(documents, tags)
    title, body = "Oil prices", "Crude oil rose as oilfield output fell."
    # Char n-grams do push the tag up in this article: without the filter they would show.
    parts = feature_parts(tagger.features_)
    row = tagger.features_.transform([(title, body)]).tocsr()
    weights = tagger.svm_.estimators_[tagger.labels_.index("oil")].coef_.ravel()
    in_char = row.indices >= parts[1].start
    assert (weights[row.indices[in_char]] * row.data[in_char] > 0).any()
    best = explain_tags(tagger, title, body, candidates=1, evidence=20)[0]
    assert best.label == "oil" and best.evidence
    words = set(parts[0].names)
    for item in best.evidence:
        assert item.feature in words
        assert item.spans, item.feature  # every piece of evidence is found in the text
        for span in item.spans:
            assert {"title": title, "body": body}[span.field][
                span.start_char : span.end_char
            ] == span.text
    # The decisions themselves still use the char n-grams.
    decisions = linear_decisions(tagger.svm_, row)
    assert np.isclose(decisions, tagger.decision_function([(title, body)])).all()
