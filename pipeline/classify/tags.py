"""Tag suggestion: one-vs-rest linear SVMs with per-tag thresholds and calibrated scores.

What each part adds was measured on Reuters-21578 ModApte (90 topics; README):

- per-tag decision thresholds, tuned on out-of-fold decision values, raise recall of
  the many small tags (macro-F1) without flooding the frequent ones;
- a fallback to the best tag when no score clears its threshold (every archive
  article had at least one tag);
- a tag whose words appear in the headline is suggested at a lower threshold, so a
  tag seen once or twice can still be suggested;
- one sigmoid, fitted on out-of-fold decision values relative to each tag's
  threshold, turns decisions into scores in 0..1.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

from pipeline.classify.features import Document, text_features

UNPREDICTABLE = -10.0


def _tag_pattern(tag: str) -> re.Pattern[str]:
    words = re.findall(r"\w+", tag.lower())
    return (
        re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b")
        if words
        else re.compile(r"(?!)")
    )


class TagSuggester(BaseEstimator):
    """Multi-label tag model: ``fit(documents, tag_lists)``, ``suggest(documents)``.

    ``documents`` are ``(title, body)`` pairs; see :mod:`pipeline.classify.features`.
    """

    def __init__(
        self,
        C: float = 4.0,
        cv: int = 3,
        threshold_floors: tuple[float, ...] = (-0.9, -0.7, -0.5, -0.3),
        threshold_ceiling: float = 0.5,
        min_positives_to_tune: int = 2,
        headline_floor: float = -0.8,
        min_tags: int = 1,
        max_tags: int = 10,
        char_ngrams: bool = False,
        n_jobs: int = 2,
        random_state: int = 0,
    ):
        self.C = C
        self.cv = cv
        self.threshold_floors = threshold_floors
        self.threshold_ceiling = threshold_ceiling
        self.min_positives_to_tune = min_positives_to_tune
        self.headline_floor = headline_floor
        self.min_tags = min_tags
        self.max_tags = max_tags
        self.char_ngrams = char_ngrams
        self.n_jobs = n_jobs
        self.random_state = random_state

    # -- training -------------------------------------------------------------------
    def _svm(self) -> OneVsRestClassifier:
        return OneVsRestClassifier(LinearSVC(C=self.C, random_state=0), n_jobs=self.n_jobs)

    def fit(
        self, documents: Sequence[Document], tag_lists: Sequence[Sequence[str]]
    ) -> TagSuggester:
        self.binarizer_ = MultiLabelBinarizer()
        y = self.binarizer_.fit_transform(tag_lists)
        self.labels_ = list(self.binarizer_.classes_)
        self.features_ = text_features(
            char_ngrams=self.char_ngrams, min_df=1 if len(documents) < 500 else 2
        )
        x = self.features_.fit_transform(documents)
        self.out_of_fold_ = self._out_of_fold_decisions(x, y)
        self.thresholds_ = self._tune_thresholds(self.out_of_fold_, y)
        self._fit_calibration(self.out_of_fold_ - self.thresholds_, y)
        self.svm_ = self._svm().fit(x, y)
        self.patterns_ = [_tag_pattern(label) for label in self.labels_]
        return self

    def _out_of_fold_decisions(self, x, y: np.ndarray) -> np.ndarray:
        decisions = np.zeros(y.shape, dtype=np.float64)
        folds = min(self.cv, len(y))
        if folds < 2:
            return decisions
        for train, held_out in KFold(folds, shuffle=True, random_state=self.random_state).split(x):
            with warnings.catch_warnings():
                # A rare tag absent from a fold's training part is expected, not news.
                warnings.filterwarnings("ignore", message="Label not .* is present")
                model = self._svm().fit(x[train], y[train])
            fold_decisions = model.decision_function(x[held_out]).reshape(len(held_out), -1)
            # A tag with no positive example in this fold's training part gets a constant
            # decision of 0, which would pass any negative threshold: it cannot be predicted.
            fold_decisions[:, y[train].sum(axis=0) == 0] = UNPREDICTABLE
            decisions[held_out] = fold_decisions
        return decisions

    def _tune_thresholds(self, decisions: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Per tag, the threshold that maximises its F1 on out-of-fold decisions.

        The lowest threshold allowed (how far below the SVM's own 0 a tag may go) is
        itself chosen from ``threshold_floors`` by out-of-fold micro-F1.
        """
        best_f1, best = -1.0, np.zeros(y.shape[1])
        for floor in self.threshold_floors:
            thresholds = self._thresholds_above(floor, decisions, y)
            chosen = self._with_fallback(decisions > thresholds, decisions - thresholds)
            true_positives = (chosen & (y == 1)).sum()
            f1 = 2 * true_positives / (chosen.sum() + y.sum())
            if f1 > best_f1:
                best_f1, best, self.threshold_floor_ = f1, thresholds, floor
        return best

    def _thresholds_above(self, floor: float, decisions: np.ndarray, y: np.ndarray) -> np.ndarray:
        candidates = np.linspace(floor, self.threshold_ceiling, 61)
        thresholds = np.zeros(y.shape[1])
        for j in range(y.shape[1]):
            positives = y[:, j].sum()
            if positives < self.min_positives_to_tune:
                continue  # too rare to tune: the SVM's own 0
            predicted = decisions[:, j][:, None] > candidates[None, :]
            true_positives = (predicted & (y[:, j][:, None] == 1)).sum(axis=0)
            f1 = 2 * true_positives / (predicted.sum(axis=0) + positives)
            thresholds[j] = candidates[int(np.argmax(f1))]
        return thresholds

    def _with_fallback(self, chosen: np.ndarray, margins: np.ndarray) -> np.ndarray:
        """Rows with fewer than ``min_tags`` tags get their best ones."""
        if self.min_tags:
            for row in np.flatnonzero(chosen.sum(axis=1) < self.min_tags):
                chosen[row, np.argsort(-margins[row])[: self.min_tags]] = True
        return chosen

    def _fit_calibration(self, margins: np.ndarray, y: np.ndarray) -> None:
        """One sigmoid over all tags: score = expit(a * (decision - threshold) + b)."""
        flat_x, flat_y = margins.reshape(-1, 1), y.reshape(-1)
        if flat_y.min() == flat_y.max():
            self.calibration_ = (1.0, 0.0)
            return
        model = LogisticRegression(C=1.0).fit(flat_x, flat_y)
        self.calibration_ = (float(model.coef_[0, 0]), float(model.intercept_[0]))

    # -- suggesting ------------------------------------------------------------------
    def decision_function(self, documents: Sequence[Document]) -> np.ndarray:
        decisions = self.svm_.decision_function(self.features_.transform(documents))
        return decisions.reshape(len(documents), -1)

    def scores(self, decisions: np.ndarray) -> np.ndarray:
        slope, intercept = self.calibration_
        return expit(slope * (decisions - self.thresholds_) + intercept)

    def _selected(self, documents: Sequence[Document], decisions: np.ndarray) -> np.ndarray:
        chosen = decisions > self.thresholds_
        for row, (title, _body) in enumerate(documents):
            lowered = title.lower()
            for j, pattern in enumerate(self.patterns_):
                if decisions[row, j] > self.headline_floor and pattern.search(lowered):
                    chosen[row, j] = True
            if self.min_tags and not chosen[row].any():
                chosen[row, np.argsort(-(decisions[row] - self.thresholds_))[: self.min_tags]] = (
                    True
                )
        return chosen

    def suggest(self, documents: Sequence[Document]) -> list[list[tuple[str, float]]]:
        """For each document, the suggested tags with scores, best first."""
        decisions = self.decision_function(documents)
        scores = self.scores(decisions)
        chosen = self._selected(documents, decisions)
        out = []
        for row in range(len(documents)):
            picked = sorted(np.flatnonzero(chosen[row]), key=lambda j: -scores[row, j])[
                : self.max_tags
            ]
            out.append([(self.labels_[j], float(scores[row, j])) for j in picked])
        return out

    def rank(self, documents: Sequence[Document], k: int = 10) -> list[list[str]]:
        """Every document's ``k`` best tags by score, suggested or not (for precision@k)."""
        scores = self.scores(self.decision_function(documents))
        return [[self.labels_[j] for j in np.argsort(-row)[:k]] for row in scores]
