"""The fifth pass's candidates (bench/eval_topics_fifth.py) are what the guide says they are:
a ridge regression in its dual form, its decisions mapped onto the SVM's scale, the
headline's columns scaled, and per-tag best F1."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.linear_model import Ridge

fifth = pytest.importorskip("bench.eval_topics_fifth")


def test_ridge_in_dual_form_is_ridge_with_a_penalised_constant_feature():
    rng = np.random.default_rng(0)
    x = sparse.random(60, 40, density=0.2, random_state=1, format="csr")
    y = (rng.random((60, 3)) < 0.3).astype(int)
    train, held = np.arange(45), np.arange(45, 60)
    gram = (x @ x.T).toarray()
    dual = fifth.ridge_dual(gram, y, train, held, alpha=1.0)
    augmented = sparse.hstack([x, np.ones((60, 1))]).tocsr()
    primal = Ridge(alpha=1.0, fit_intercept=False, solver="cholesky")
    primal.fit(augmented[train].toarray(), 2.0 * y[train] - 1)
    assert np.allclose(dual, primal.predict(augmented[held].toarray()), atol=1e-8)


def test_other_decisions_take_the_svm_mean_and_spread_per_tag_and_keep_unpredictable():
    rng = np.random.default_rng(2)
    svm = rng.normal(-1.0, 0.4, (200, 2))
    other = rng.normal(5.0, 3.0, (200, 2))
    svm[:10, 1] = fifth.UNPREDICTABLE
    mapped = fifth.on_svm_scale(svm, other)
    ok = svm[:, 1] > fifth.UNPREDICTABLE
    assert np.isclose(mapped[:, 0].mean(), svm[:, 0].mean())
    assert np.isclose(mapped[ok, 1].std(), svm[ok, 1].std())
    assert (mapped[:10, 1] == fifth.UNPREDICTABLE).all()
    # Order within a tag is the other view's own.
    assert (np.argsort(mapped[:, 0]) == np.argsort(other[:, 0])).all()
    blended = fifth.blend(svm, mapped, 0.25)
    assert (blended[:10, 1] == fifth.UNPREDICTABLE).all()
    assert np.allclose(blended[:, 0], 0.75 * svm[:, 0] + 0.25 * mapped[:, 0])


def test_the_headline_weight_scales_only_the_title_columns():
    documents = [("Oil prices rise", "crude oil rose"), ("Wheat crop", "wheat grain harvest")] * 3
    plain, heavy = fifth.features(documents, 1.0), fifth.features(documents, 2.0)
    changed = np.unique(sparse.find(plain != heavy)[1])
    assert len(changed)
    assert np.allclose(heavy[:, changed].toarray(), 2 * plain[:, changed].toarray())
    assert np.allclose(
        np.delete(heavy.toarray(), changed, axis=1), np.delete(plain.toarray(), changed, axis=1)
    )


def test_best_f1_over_thresholds_per_tag():
    decisions = np.array([[0.9, 0.1], [0.8, 0.9], [0.1, 0.2], [0.0, 0.8]])
    gold = np.array([[1, 0], [1, 1], [0, 0], [0, 1]])
    assert np.allclose(fifth.best_f1(decisions, gold), [1.0, 1.0])
    assert fifth.best_f1(decisions, np.zeros_like(gold)).tolist() == [0.0, 0.0]
