"""Co-occurrence thresholds (pipeline/classify/cotags.py): a narrow tag under a broad one is
decided by a lower threshold where the broad one passed and the text names it."""

from __future__ import annotations

import pickle

import numpy as np

from pipeline.classify.tags import TagSuggester, _tag_pattern

GRAIN, WHEAT, OTHER = 0, 1, 2


def _narrow_under_broad(seed: int = 0):
    """Grain on rows 0-799; wheat only ever with grain (rows 0-299), 100 of its articles
    with weak evidence, as low as the grain articles without wheat; the text names wheat
    on every wheat article, on 5% of the other grain articles and on some others."""
    rng = np.random.default_rng(seed)
    rows = 3000
    y = np.zeros((rows, 3), dtype=int)
    y[:800, GRAIN] = 1
    y[:300, WHEAT] = 1
    y[2000:2300, OTHER] = 1
    decisions = np.where(y == 1, rng.normal(1.0, 0.3, y.shape), rng.normal(-1.5, 0.3, y.shape))
    weak = np.arange(200, 300)  # wheat positives with weak evidence
    grain_only = np.arange(300, 800)
    decisions[weak, WHEAT] = rng.normal(-0.5, 0.1, len(weak))
    decisions[grain_only, WHEAT] = rng.normal(-0.5, 0.1, len(grain_only))
    mentioned = np.zeros_like(y, dtype=bool)
    mentioned[:300, WHEAT] = True
    mentioned[grain_only[rng.random(len(grain_only)) < 0.05], WHEAT] = True
    mentioned[2500:2600, WHEAT] = True  # named, but no grain: never a co-tag
    decisions[2500:2600, WHEAT] = rng.normal(-0.5, 0.1, 100)
    return decisions, y, mentioned


def _rule(decisions, y, mentioned, **params) -> TagSuggester:
    rule = TagSuggester(**params)
    rule._tune_rule(decisions, y, np.zeros_like(y, dtype=bool), mentioned)
    return rule


def _f1(chosen, y) -> float:
    return 2 * (chosen & (y == 1)).sum() / (chosen.sum() + y.sum())


def test_a_narrow_tag_gets_a_lower_threshold_where_its_broad_tag_passed():
    decisions, y, mentioned = _narrow_under_broad()
    rule = _rule(decisions, y, mentioned, cotag_min=0.5, cotag_mention=True)
    assert [WHEAT, GRAIN] in rule.cotags_.tolist()
    assert [GRAIN, WHEAT] not in rule.cotags_.tolist()  # grain goes with wheat 300 of 800
    cut = rule.cotag_thresholds_[rule.cotags_.tolist().index([WHEAT, GRAIN])]
    assert cut < rule.thresholds_[WHEAT]
    in_headline = np.zeros_like(y, dtype=bool)
    reasons = rule._reasons(decisions, rule.thresholds_, in_headline, mentioned)
    cotagged = reasons[:, WHEAT] == "co-tag"
    assert cotagged[200:300].mean() > 0.8  # the weak wheat articles are found
    assert cotagged.sum() and (y[cotagged, WHEAT] == 1).mean() >= 0.7  # and it is precise
    assert not cotagged[2500:2600].any()  # named, scored alike, but grain did not pass
    without = _rule(decisions, y, mentioned, cotag_min=0.0)
    assert len(without.cotags_) == 0
    plain = without._reasons(decisions, without.thresholds_, in_headline) != None  # noqa: E711
    assert _f1(reasons != None, y) > _f1(plain, y)  # noqa: E711


def test_without_the_name_in_the_text_the_interleaved_scores_add_nothing_precise():
    decisions, y, mentioned = _narrow_under_broad()
    rule = _rule(decisions, y, mentioned, cotag_min=0.5, cotag_mention=False)
    # The weak positives (100) and the grain-only negatives (500) score alike: a lower
    # threshold on the decision alone is never precise enough, so no pair is kept.
    assert [WHEAT, GRAIN] not in rule.cotags_.tolist()


def test_a_learned_pair_is_applied_to_new_articles_and_kept_in_the_pickle():
    rule = TagSuggester(cotag_min=0.5, cotag_mention=True, score_floor=0.0)
    rule.labels_ = ["grain", "wheat"]
    rule.patterns_ = [_tag_pattern(label) for label in rule.labels_]
    rule.thresholds_ = np.zeros(2)
    rule.fallback_margins_ = np.full(2, np.inf)
    rule.calibration_ = (1.0, 0.0)
    rule.cotags_, rule.cotag_thresholds_ = np.array([[1, 0]]), np.array([-0.6])
    rule = pickle.loads(pickle.dumps(rule))
    decisions = np.array([[0.5, -0.5]] * 3 + [[-0.5, -0.5]])
    documents = [
        ("Grain exports", "Wheat shipments rose."),
        ("Grain exports", "Maize shipments rose."),  # wheat not named
        ("Grain exports", "Wheat shipments rose, barely."),
        ("Exports", "Wheat shipments rose."),  # grain does not pass
    ]
    decisions[2, 1] = -0.7  # under the pair's threshold
    assert rule.reasons_for(decisions, documents) == [
        {"grain": "threshold", "wheat": "co-tag"},
        {"grain": "threshold"},
        {"grain": "threshold"},
        {},
    ]


def test_pairs_need_enough_positives_where_the_broad_tag_passed():
    decisions, y, mentioned = _narrow_under_broad()
    rule = _rule(decisions, y, mentioned, cotag_min=0.5, min_positives_to_measure=400)
    assert len(rule.cotags_) == 0
