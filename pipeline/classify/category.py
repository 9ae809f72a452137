"""Category model: a linear SVM and complement naive Bayes over TF-IDF words, stacked.

Both members see the same features (:mod:`pipeline.classify.features`). Their
out-of-fold decisions on the training articles fit a small multinomial logistic layer,
one weight per member and one bias per category (:func:`fit_stack`): the weights say how
far to trust each member on this archive, the biases correct the categories' base
rates, and its softmax gives calibrated probabilities whose argmax is the prediction.
Suggesting uses the members fitted on every training article.

Chosen by out-of-fold accuracy on the train splits of Reuters R8 and R52, 20 Newsgroups,
and 20 Newsgroups grouped into five sections (all of it and 1,800 posts of it); test
figures in docs/guides/suggestions.md. Out of fold (``bench/eval_categories.py --compare``: 5 folds,
features fitted inside each), against the textbook TF-IDF + LinearSVC: R8 0.9779 /
0.9720, R52 0.9586 / 0.9520, 1,800 posts in five sections 0.9328 / 0.9039; on all of 20
Newsgroups 0.9398 / 0.9182 and the five sections 0.9788 / 0.9616 (3 folds, features
fitted once on the train split, a one-off run). Naive Bayes carries small archives and
gets a weight near 0 where the SVM is better (Reuters); alpha 0.1 beat 0.3 and 1, C=3
beat C=1 by 0.0003-0.002. The calibrated SVM this replaced (``CalibratedClassifierCV``,
whose default averages three SVMs each fitted on two thirds of the data) was at the
baseline on the five sections' test split and below it out of fold on R52 (0.9509 /
0.9520); with ``ensemble=False`` it won R8 out of fold by 0.0005 and lost on every other
corpus. Character 3-5-grams (suggesting four times slower) gained 0.003 out of fold on
R8 and lost 0.0006 on the 1,800 posts.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.optimize import minimize
from scipy.special import log_softmax, softmax
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import StratifiedKFold
from sklearn.naive_bayes import ComplementNB
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from pipeline.classify.features import Document, text_features

BIAS_PENALTY = 1e-3  # L2 on the per-category biases of the stacking layer


def fit_stack(
    scores: Sequence[np.ndarray], y: np.ndarray, bias_penalty: float = BIAS_PENALTY
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (one per member, >= 0) and per-class biases of ``softmax(sum w_m s_m + b)``.

    ``scores`` holds each member's ``(n, classes)`` decision matrix, ``y`` the class
    indices; fitted by log-loss with an L2 penalty on the biases.

    >>> s = np.array([[2.0, -2.0], [1.0, -1.0], [-1.0, 1.0], [-2.0, 2.0]])
    >>> noise = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0]])
    >>> weights, biases = fit_stack([s, noise], np.array([0, 0, 1, 1]))
    >>> bool(weights[0] > 1 > 0.1 > weights[1])
    True
    """
    members, classes = len(scores), scores[0].shape[1]
    stacked = np.stack(scores)  # (members, n, classes)
    onehot = np.eye(classes)[y]

    def loss_and_gradient(params: np.ndarray) -> tuple[float, np.ndarray]:
        weights, biases = params[:members], params[members:]
        logits = np.tensordot(weights, stacked, axes=1) + biases
        log_p = log_softmax(logits, axis=1)
        error = (np.exp(log_p) - onehot) / len(y)
        loss = -np.sum(log_p * onehot) / len(y) + bias_penalty * biases @ biases
        gradient = np.concatenate(
            [np.einsum("mnk,nk->m", stacked, error), error.sum(axis=0) + 2 * bias_penalty * biases]
        )
        return float(loss), gradient

    start = np.concatenate([np.ones(members), np.zeros(classes)])
    bounds = [(0.0, None)] * members + [(None, None)] * classes
    result = minimize(loss_and_gradient, start, jac=True, method="L-BFGS-B", bounds=bounds)
    return result.x[:members], result.x[members:]


def _scores(member: Any, x: Any, classes: int) -> np.ndarray:
    """A member's ``(n, classes)`` scores over the classes it saw: SVM margins, or naive
    Bayes log-probabilities centred per row (a row's constant does not change a softmax)."""
    if isinstance(member, ComplementNB):
        log_p = member.predict_log_proba(x)
        scores = log_p - log_p.mean(axis=1, keepdims=True)
    else:
        scores = member.decision_function(x)
        if scores.ndim == 1:  # two classes: one margin
            scores = np.column_stack([-scores, scores]) / 2
    if scores.shape[1] == classes:
        return scores
    # A fold whose training part lacks a rare class: that class gets the row's lowest score.
    full = np.repeat(scores.min(axis=1, keepdims=True), classes, axis=1)
    full[:, member.classes_] = scores
    return full


def _fit_members(
    members: list[Any],
    x: Any,
    y: np.ndarray,
    train: np.ndarray | None,
    test: np.ndarray | None,
    classes: int,
) -> list[Any]:
    """The members fitted on every row (``train`` None), or their scores for the ``test``
    rows after fitting on the ``train`` rows."""
    if train is None or test is None:
        return [member.fit(x, y) for member in members]
    return [_scores(member.fit(x[train], y[train]), x[test], classes) for member in members]


class CategoryClassifier(ClassifierMixin, BaseEstimator):
    """Single-label classifier over ``(title, body)`` pairs with calibrated ``predict_proba``.

    ``C``: the SVM's regularisation; ``alpha``: naive Bayes smoothing (``naive_bayes=False``
    leaves the SVM alone, with its margins calibrated the same way); ``cv``: folds for the
    out-of-fold decisions the stacking layer is fitted on; ``random_state`` seeds the
    folds and liblinear. Learned in ``fit``: ``classes_``, ``features_``, ``members_``,
    ``weights_``, ``biases_``. The folds are fitted one after another: in two processes
    (joblib) fitting took twice as long on Reuters R8 (13.2 s against 6.5 s), the
    feature matrix being copied to each.

    >>> docs = [("Match", "goal striker cup"), ("Vote", "election party minister")] * 6
    >>> model = CategoryClassifier(cv=3).fit(docs, ["sport", "politics"] * 6)
    >>> model.predict([("Cup final", "the striker scored a goal")]).tolist()
    ['sport']
    """

    def __init__(
        self,
        C: float = 3.0,
        alpha: float = 0.1,
        naive_bayes: bool = True,
        cv: int = 5,
        char_ngrams: bool = False,
        random_state: int | None = 0,
    ):
        self.C = C
        self.alpha = alpha
        self.naive_bayes = naive_bayes
        self.cv = cv
        self.char_ngrams = char_ngrams
        self.random_state = random_state

    def _members(self) -> list[Any]:
        svm = LinearSVC(C=self.C, random_state=self.random_state)
        return [svm, ComplementNB(alpha=self.alpha)] if self.naive_bayes else [svm]

    def fit(self, documents: Sequence[Document], categories: Sequence[str]) -> CategoryClassifier:
        """Learn features, members and the stacking layer from labelled documents."""
        self.classes_, y = np.unique(np.asarray(categories), return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError("a category model needs at least two categories")
        self.features_ = text_features(
            char_ngrams=self.char_ngrams, min_df=1 if len(documents) < 500 else 2
        )
        x = self.features_.fit_transform(documents)
        # No more folds than the second largest class has articles: then every fold's
        # training part holds at least two classes.
        folds = min(self.cv, int(np.sort(np.bincount(y))[-2]))
        splits = self._folds(y, folds) if folds >= 2 else []
        # The members on every article, then on each fold's training part.
        fitted = [
            _fit_members(self._members(), x, y, train, test, len(self.classes_))
            for train, test in [(None, None), *splits]
        ]
        self.members_ = fitted[0]
        if splits:
            held_out, rows = self._out_of_fold_scores(fitted[1:], splits, y)
            self.weights_, self.biases_ = fit_stack([s[rows] for s in held_out], y[rows])
        else:  # too few articles to hold any out: the SVM's margins, untuned
            self.weights_ = np.r_[1.0, np.zeros(len(self.members_) - 1)]
            self.biases_ = np.zeros(len(self.classes_))
        return self

    def _folds(self, y: np.ndarray, folds: int) -> list[tuple[np.ndarray, np.ndarray]]:
        splitter = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
        with warnings.catch_warnings():
            # A class rarer than the folds is expected in an archive, not news.
            warnings.filterwarnings("ignore", message="The least populated class")
            return list(splitter.split(np.zeros(len(y)), y))

    def _out_of_fold_scores(
        self, fold_scores: list[list[np.ndarray]], splits: list, y: np.ndarray
    ) -> tuple[list[np.ndarray], np.ndarray]:
        """Each member's scores for every training row from the fold that held it out, and
        the rows whose class the fold's training part had (the others cannot be learned)."""
        classes = len(self.classes_)
        held_out = [np.zeros((len(y), classes)) for _ in self.members_]
        usable = np.ones(len(y), dtype=bool)
        for (train, test), scores in zip(splits, fold_scores, strict=True):
            seen = np.zeros(classes, dtype=bool)
            seen[np.unique(y[train])] = True
            usable[test] &= seen[y[test]]
            for matrix, member_scores in zip(held_out, scores, strict=True):
                matrix[test] = member_scores
        return held_out, usable

    def decision_function(self, documents: Sequence[Document]) -> np.ndarray:
        """The stacking layer's logits, ``(n, classes)``."""
        check_is_fitted(self)
        x = self.features_.transform(documents)
        classes = len(self.classes_)
        logits = sum(
            weight * _scores(member, x, classes)
            for weight, member in zip(self.weights_, self.members_, strict=True)
        )
        return logits + self.biases_

    def predict_proba(self, documents: Sequence[Document]) -> np.ndarray:
        """Calibrated probabilities, columns in ``classes_`` order, rows summing to 1."""
        check_is_fitted(self)
        return softmax(self.decision_function(documents), axis=1)

    def predict(self, documents: Sequence[Document]) -> np.ndarray:
        """The likeliest category of each document."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.decision_function(documents), axis=1)]

    def top(self, documents: Sequence[Document], k: int = 3) -> list[list[tuple[str, float]]]:
        """The ``k`` likeliest categories of each document, with probabilities."""
        check_is_fitted(self)
        probabilities = self.predict_proba(documents)
        return [
            [(str(self.classes_[j]), float(row[j])) for j in np.argsort(-row)[:k]]
            for row in probabilities
        ]
