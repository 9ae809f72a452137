"""Category model: TF-IDF words (optionally character n-grams), a linear SVM, calibrated scores.

On the single-topic Reuters R8 split (a proxy for a newsroom's sections), measured
in the same run: word TF-IDF + LinearSVC 0.9760 accuracy, calibrated 0.9780; with
character n-grams too 0.9790. Character n-grams are off by default: they made
suggesting four times slower (3.9 s instead of about 1 s per 2,000 articles) for 0.1 point.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from pipeline.classify.features import Document, text_features


class CategoryClassifier(BaseEstimator, ClassifierMixin):
    """Single-label classifier over ``(title, body)`` pairs with ``predict_proba``."""

    def __init__(self, C: float = 1.0, cv: int = 3, char_ngrams: bool = False):
        self.C = C
        self.cv = cv
        self.char_ngrams = char_ngrams

    def fit(self, documents: Sequence[Document], categories: Sequence[str]) -> CategoryClassifier:
        self.features_ = text_features(
            char_ngrams=self.char_ngrams, min_df=1 if len(documents) < 500 else 2
        )
        x = self.features_.fit_transform(documents)
        counts = np.unique(categories, return_counts=True)[1]
        folds = int(min(self.cv, counts.min())) if len(counts) > 1 else 0
        svm = LinearSVC(C=self.C, random_state=0)
        # Calibration needs every class in every fold; with too few examples, fall back to
        # a softmax of the SVM margins.
        self.model_ = CalibratedClassifierCV(svm, cv=folds, method="sigmoid") if folds >= 2 else svm
        self.model_.fit(x, categories)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, documents: Sequence[Document]) -> np.ndarray:
        x = self.features_.transform(documents)
        if hasattr(self.model_, "predict_proba"):
            return self.model_.predict_proba(x)
        margins = np.atleast_2d(self.model_.decision_function(x))
        if margins.shape[1] == 1:  # two classes: one margin
            margins = np.hstack([-margins, margins])
        exp = np.exp(margins - margins.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def predict(self, documents: Sequence[Document]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(documents), axis=1)]

    def top(self, documents: Sequence[Document], k: int = 3) -> list[list[tuple[str, float]]]:
        """The ``k`` likeliest categories of each document, with probabilities."""
        probabilities = self.predict_proba(documents)
        return [
            [(str(self.classes_[j]), float(row[j])) for j in np.argsort(-row)[:k]]
            for row in probabilities
        ]
