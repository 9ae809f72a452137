"""Tag suggestion: one-vs-rest linear SVMs with per-tag thresholds and calibrated scores.

What each part adds was measured on Reuters-21578 ModApte (90 topics; docs/guides/suggestions.md):

- per-tag decision thresholds, tuned on out-of-fold decision values, raise recall of
  the many small tags (macro-F1) without flooding the frequent ones;
- precision first: a tag with enough examples to measure (``min_positives_to_measure``)
  keeps its F1-best threshold where that is right at least ``target_precision`` of the
  time out of fold (``high``), or where its shortfall is within chance (the upper end of
  a one-sided 95% Wilson interval, ``precision_z`` 1.645, reaches the target: ``maybe``);
  else it is raised until it is precise enough, and a tag that never is is not
  suggested at all. A tag with fewer examples is suggested as ``maybe``. Acting on any
  shortfall raised the thresholds of small tags on noise: on Reuters (train 7,770,
  5 folds, C=4) out-of-fold micro-F1 0.9115 -> 0.9120 and test 0.8848 -> 0.8862 with
  the chance test (z 1.0, 1.28, 1.645, 2.0 all gave 0.9120 out of fold);
- a tag whose words appear in the headline is suggested at a lower threshold, so a
  tag seen once or twice can still be suggested;
- one sigmoid, fitted on out-of-fold decision values relative to each tag's
  threshold, turns decisions into scores in 0..1; nothing scoring under
  ``score_floor`` is suggested.

An article none of whose tags passes gets its best tag only where that tag, as such an
article's best, was right at least ``target_precision`` of the time out of fold, from a
margin on (``fallback_margins_``, per tag: on Reuters 3 of 90 tags have one). Always adding
the best tag was right about half of the time; per tag and margin, 0.79 of the time
(bench/eval_reuters_topics.py --nested). An article unlike the training ones gets no tag
at all (:class:`pipeline.classify.features.Familiarity`).

A tag that goes with another in training (``cotag_min`` of its articles: ``wheat`` with
``grain``) gets a lower threshold where the other passed and the text names it, tuned out
of fold under the same precision check (:mod:`pipeline.classify.cotags`; reason
``co-tag``; ``cotags_``, ``cotag_thresholds_``). From ``char_min_articles`` articles on
(``char_ngrams`` "auto"), char_wb 3-5-grams beside the words; evidence stays words. What
each earned: docs/guides/suggestions.md (fourth and sixth passes).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted

from pipeline.classify import cotags
from pipeline.classify.features import Document, fit_features, text_features
from pipeline.classify.metrics import tag_metrics
from pipeline.core.cache import per_object

UNPREDICTABLE = -10.0
UNREACHABLE = 1e3  # the threshold of a tag that never reaches the target precision
PRECISION_CEILING = 2.0  # how far above the SVM's 0 a threshold may be raised for precision
HIGH, MAYBE, OFF = "high", "maybe", "off"
# "auto" char n-grams from this many articles on: their gain was measured on large archives
# only, and below this a fit is cheap anyway (the bundled demo model stays word-only).
CHAR_MIN_ARTICLES = 1_000
# How far below the SVM's own 0 a tag's threshold may go: -0.9, -0.85, ... -0.3.
THRESHOLD_FLOORS = tuple(round(-0.9 + 0.05 * i, 2) for i in range(13))


def _tag_pattern(tag: str) -> re.Pattern[str]:
    words = re.findall(r"\w+", tag.lower())
    return (
        re.compile(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b")
        if words
        else re.compile(r"(?!)")
    )


def _fit_part(
    model: OneVsRestClassifier,
    x: Any,
    y: np.ndarray,
    train: np.ndarray,
    held_out: np.ndarray | None,
) -> Any:
    """Fit ``model`` on the ``train`` rows; return it, or its decisions for ``held_out``."""
    with warnings.catch_warnings():
        # A rare tag absent from a fold's training part is expected, not news.
        warnings.filterwarnings("ignore", message="Label not .* is present")
        model.fit(x[train], y[train])
    if held_out is None:
        return model
    decisions = model.decision_function(x[held_out]).reshape(len(held_out), -1)
    # A tag with no positive example in this fold's training part gets a constant
    # decision of 0, which would pass any negative threshold: it cannot be predicted.
    decisions[:, y[train].sum(axis=0) == 0] = UNPREDICTABLE
    return decisions


class _Ranked:
    """Each tag's decisions in ascending order, with the positives counted up to each rank:
    how many documents and positives lie above any threshold, without a pass per threshold."""

    def __init__(self, decisions: np.ndarray, y: np.ndarray):
        order = np.argsort(decisions, axis=0, kind="stable")
        self.decisions = np.take_along_axis(decisions, order, axis=0)
        ranked_y = np.take_along_axis(y, order, axis=0)
        zeros = np.zeros((1, y.shape[1]), dtype=np.int64)
        self.positives_at_or_below = np.vstack([zeros, np.cumsum(ranked_y, axis=0)])
        self.positives = y.sum(axis=0)


class TagSuggester(BaseEstimator):
    """Multi-label tag model: ``fit(documents, tag_lists)``, ``suggest(documents)``.

    ``documents`` are ``(title, body)`` pairs; see :mod:`pipeline.classify.features`.
    ``random_state`` seeds the folds and liblinear. Learned in ``fit``: ``labels_``,
    ``thresholds_``, ``threshold_floor_``, ``calibration_`` (slope, intercept),
    ``confidence_`` (per tag: ``high``, its out-of-fold precision measured and at least
    ``target_precision``; ``maybe``, too few examples to measure; ``off``, never precise
    enough, not suggested), ``precision_`` (out-of-fold, at the chosen threshold; NaN
    where not measured), ``fallback_margins_`` (per tag, the margin over its threshold
    from which it is suggested as the best tag of an article none of whose tags passes;
    infinite: never), ``cotags_`` and ``cotag_thresholds_`` (pairs ``(tag, with)`` and the
    tag's threshold where ``with`` passed and the text names it) and
    ``out_of_fold_metrics_``, the figures of the decision rule on the out-of-fold decisions
    it was tuned on (optimistic; the decisions themselves are not kept).

    >>> tagger = TagSuggester(cv=2, n_jobs=1).fit(
    ...     [("", "crude oil barrel"), ("", "wheat grain corn")] * 4, [["oil"], ["grain"]] * 4
    ... )
    >>> best_tag, score = tagger.suggest([("Oil", "crude prices")])[0][0]
    >>> best_tag, 0 < score < 1
    ('oil', True)
    """

    def __init__(
        self,
        C: float = 4.0,
        cv: int = 5,
        threshold_floors: tuple[float, ...] = THRESHOLD_FLOORS,
        threshold_ceiling: float = 0.5,
        min_positives_to_tune: int = 2,
        target_precision: float = 0.7,
        min_positives_to_measure: int = 10,
        precision_z: float = 1.645,
        score_floor: float = 0.05,
        headline_floor: float = -0.8,
        min_tags: int = 0,
        fallback_min_cases: int = 5,
        threshold_shrinkage: float = 0.0,
        cotag_min: float = 0.5,
        cotag_floor: float = -1.5,
        cotag_mention: bool = True,
        max_tags: int = 10,
        char_ngrams: bool | str = "auto",
        char_min_articles: int = CHAR_MIN_ARTICLES,
        char_range: tuple[int, int] = (3, 5),
        char_max_features: int = 200_000,
        char_max_df: float = 1.0,
        n_jobs: int = 2,
        random_state: int = 0,
    ):
        self.C = C
        self.cv = cv
        self.threshold_floors = threshold_floors
        self.threshold_ceiling = threshold_ceiling
        self.min_positives_to_tune = min_positives_to_tune
        self.target_precision = target_precision
        self.min_positives_to_measure = min_positives_to_measure
        self.precision_z = precision_z
        self.score_floor = score_floor
        self.headline_floor = headline_floor
        self.min_tags = min_tags
        self.fallback_min_cases = fallback_min_cases
        self.threshold_shrinkage = threshold_shrinkage
        self.cotag_min = cotag_min
        self.cotag_floor = cotag_floor
        self.cotag_mention = cotag_mention
        self.max_tags = max_tags
        self.char_ngrams = char_ngrams
        self.char_min_articles = char_min_articles
        self.char_range = char_range
        self.char_max_features = char_max_features
        self.char_max_df = char_max_df
        self.n_jobs = n_jobs
        self.random_state = random_state

    # -- training -------------------------------------------------------------------
    def _svm(self) -> OneVsRestClassifier:
        # Tags are fitted in parallel on processes rather than threads: liblinear's random
        # generator is shared by threads, which made fits differ from run to run. tol 1e-3
        # instead of 1e-4: about 10% faster, the same Reuters figures to four decimals.
        return OneVsRestClassifier(
            LinearSVC(C=self.C, tol=1e-3, random_state=self.random_state), n_jobs=self.n_jobs
        )

    def _features(self, documents: int) -> Any:
        """The (unfitted) feature transformer for a training set of ``documents``."""
        chars = self.char_ngrams
        return text_features(
            char_ngrams=documents >= self.char_min_articles if chars == "auto" else bool(chars),
            min_df=1 if documents < 500 else 2,
            char_range=tuple(self.char_range),
            char_max_features=self.char_max_features,
            char_max_df=self.char_max_df,
        )

    def fit(
        self, documents: Sequence[Document], tag_lists: Sequence[Sequence[str]]
    ) -> TagSuggester:
        self.binarizer_ = MultiLabelBinarizer()
        y = self.binarizer_.fit_transform(tag_lists)
        self.labels_ = list(self.binarizer_.classes_)
        self.features_, x = fit_features(self._features(len(documents)), documents)
        self.patterns_ = [_tag_pattern(label) for label in self.labels_]
        self.svm_, out_of_fold = self._fit_with_out_of_fold_decisions(x, y)
        in_headline, mentioned = self._in_headline(documents), self._mentioned(documents)
        self._tune_rule(out_of_fold, y, in_headline, mentioned)
        self.precision_, self.confidence_ = self._measure(out_of_fold, y)
        usable = self.thresholds_ < UNREACHABLE
        self.calibration_ = self._fit_calibration(
            (out_of_fold - self.thresholds_)[:, usable], y[:, usable]
        )
        chosen = self._decide(out_of_fold, self.thresholds_, in_headline, mentioned=mentioned)
        self.out_of_fold_metrics_ = tag_metrics(
            [list(tags) for tags in tag_lists],
            [[self.labels_[j] for j in np.flatnonzero(row)] for row in chosen],
        )
        return self

    def _tune_rule(
        self, decisions: np.ndarray, y: np.ndarray, in_headline: np.ndarray, mentioned=None
    ) -> None:
        """The decision rule from out-of-fold ``decisions``: ``thresholds_`` and
        ``threshold_floor_``, then ``cotags_`` and ``cotag_thresholds_``, then
        ``fallback_margins_`` (each tuned on the ones before)."""
        self.thresholds_, self.threshold_floor_ = self._tune_thresholds(decisions, y, in_headline)
        base = self._decide(decisions, self.thresholds_, in_headline, fallback=False)
        usable = self.thresholds_ < UNREACHABLE
        self.cotags_, self.cotag_thresholds_ = cotags.tune(
            self, decisions, y, base, mentioned, usable
        )
        self.fallback_margins_ = self._fallback_margins(decisions, y, in_headline)

    def _fit_with_out_of_fold_decisions(self, x, y: np.ndarray) -> tuple[Any, np.ndarray]:
        """The model fitted on everything, and each document's decisions from the fold model
        that did not see it (what thresholds and calibration are tuned on)."""
        decisions = np.zeros(y.shape, dtype=np.float64)
        folds = min(self.cv, len(y))
        if folds >= 2:
            kfold = KFold(folds, shuffle=True, random_state=self.random_state)
            for train, held_out in kfold.split(x):
                decisions[held_out] = _fit_part(self._svm(), x, y, train, held_out)
        return _fit_part(self._svm(), x, y, np.arange(len(y)), None), decisions

    def _tune_thresholds(
        self, decisions: np.ndarray, y: np.ndarray, in_headline: np.ndarray
    ) -> tuple[np.ndarray, float]:
        """Per tag, the threshold that maximises its F1 on out-of-fold decisions, and the floor.

        The lowest threshold allowed (how far below the SVM's own 0 a tag may go) is
        itself chosen from ``threshold_floors`` by the out-of-fold micro-F1 of the decision
        rule (thresholds, headline matches; the fallback is tuned after, on these).
        """
        best_f1, best, best_floor = -1.0, np.zeros(y.shape[1]), 0.0
        ranked = _Ranked(decisions, y)
        for floor in self.threshold_floors:
            thresholds = self._thresholds_from_ranks(floor, ranked)
            chosen = self._decide(decisions, thresholds, in_headline, fallback=False)
            true_positives = (chosen & (y == 1)).sum()
            f1 = 2 * true_positives / (chosen.sum() + y.sum())
            if f1 > best_f1:
                best_f1, best, best_floor = f1, thresholds, float(floor)
        return best, best_floor

    def _thresholds_from_ranks(self, floor: float, ranked: _Ranked) -> np.ndarray:
        """Each tag's F1-best threshold in ``floor``..``threshold_ceiling`` (61 candidates),
        shrunk toward the floor (:meth:`_shrunk`), or raised (up to ``PRECISION_CEILING``)
        where a measurable tag's precision there is under ``target_precision``;
        ``UNREACHABLE`` where no threshold reaches it."""
        f1_candidates = np.linspace(floor, self.threshold_ceiling, 61)
        stricter = np.linspace(self.threshold_ceiling, PRECISION_CEILING, 31)[1:]
        candidates = np.concatenate([f1_candidates, stricter])
        thresholds = np.zeros(ranked.positives.shape)
        for j, positives in enumerate(ranked.positives):
            if positives < self.min_positives_to_tune:
                continue  # too rare to tune: the SVM's own 0
            at_or_below = np.searchsorted(ranked.decisions[:, j], candidates, side="right")
            true_positives = positives - ranked.positives_at_or_below[at_or_below, j]
            predicted = len(ranked.decisions) - at_or_below
            f1 = 2 * true_positives / (predicted + positives)
            best = int(np.argmax(f1[: len(f1_candidates)]))
            measured = bool(self.target_precision) and positives >= self.min_positives_to_measure
            if measured:
                precise = true_positives >= self.target_precision * np.maximum(predicted, 1)
                if not (
                    precise[best] or self._may_be_precise(true_positives[best], predicted[best])
                ):
                    precise[:best] = False
                    thresholds[j] = (
                        candidates[int(np.argmax(precise))] if precise.any() else UNREACHABLE
                    )
                    continue
            thresholds[j] = self._shrunk(candidates[best], floor, ranked, j, measured)
        return thresholds

    def _shrunk(
        self, threshold: float, floor: float, ranked: _Ranked, tag: int, measured: bool
    ) -> float:
        """A tag's F1-best ``threshold`` moved toward ``floor`` by ``n / (n + k)`` (``n`` its
        positives, ``k`` ``threshold_shrinkage``; 0, the default: not moved): a rare tag's
        F1-best threshold rests on few decisions, and the floor, chosen over all tags, may
        be the better guess for it. A ``measured`` tag keeps its threshold where the
        shrunk one fails the precision check. k = 100 won by nested folds on Reuters'
        train split and lost on its test split (docs/guides/suggestions.md, third pass):
        off by default."""
        k, n = self.threshold_shrinkage, float(ranked.positives[tag])
        if not k:
            return float(threshold)
        shrunk = (n * threshold + k * floor) / (n + k)
        if measured:
            below = int(np.searchsorted(ranked.decisions[:, tag], shrunk, side="right"))
            hits = n - ranked.positives_at_or_below[below, tag]
            predicted = len(ranked.decisions) - below
            if not (
                hits >= self.target_precision * max(predicted, 1)
                or self._may_be_precise(hits, predicted)
            ):
                return float(threshold)
        return float(shrunk)

    def _may_be_precise(self, true_positives: float, predicted: float) -> bool:
        """Whether ``true_positives`` right of ``predicted`` is too few to tell a precision
        under ``target_precision``: the upper end of its one-sided Wilson interval
        (``precision_z`` standard errors) reaches the target. 0: never."""
        z, n = self.precision_z, max(float(predicted), 1.0)
        if not z:
            return False
        p = true_positives / n
        upper = (p + z * z / (2 * n) + z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))) / (
            1 + z * z / n
        )
        return bool(upper >= self.target_precision)

    def _fallback_margins(
        self, decisions: np.ndarray, y: np.ndarray, in_headline: np.ndarray
    ) -> np.ndarray:
        """Per tag, the lowest margin over its threshold from which, as the best tag of an
        article the rule gave none, it was right at least ``target_precision`` of the time
        out of fold (with one hit and one miss added), over ``fallback_min_cases`` articles
        or more; ``inf`` where it never was.

        >>> rule = TagSuggester(fallback_min_cases=2)
        >>> rule.thresholds_ = np.zeros(2)
        >>> decisions = np.array([[-0.1, -0.5], [-0.2, -0.6], [-0.3, -0.9], [-0.5, -0.2]])
        >>> y = np.array([[1, 0], [1, 0], [0, 1], [0, 1]])
        >>> rule._fallback_margins(decisions, y, np.zeros_like(y, dtype=bool)).tolist()
        [-0.2, inf]
        """
        margins = np.full(y.shape[1], np.inf)
        chosen = self._decide(decisions, self.thresholds_, in_headline, fallback=False)
        empty = np.flatnonzero(chosen.sum(axis=1) == 0)
        if not len(empty) or not self.target_precision:
            return margins
        gaps = decisions[empty] - self.thresholds_
        best = np.argmax(gaps, axis=1)
        best_gap = gaps[np.arange(len(empty)), best]
        hit = y[empty, best] == 1
        for tag in np.unique(best):
            order = np.argsort(-best_gap[best == tag], kind="stable")
            hits = np.cumsum(hit[best == tag][order])
            cases = np.arange(1, len(order) + 1)
            precise = ((hits + 1) / (cases + 2) >= self.target_precision) & (
                cases >= self.fallback_min_cases
            )
            if precise.any():
                margins[tag] = best_gap[best == tag][order][np.flatnonzero(precise).max()]
        return margins

    def _measure(self, decisions: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each tag's out-of-fold precision at its threshold and its confidence: ``high``
        (measured, at least ``target_precision``), ``maybe`` (too few examples to measure,
        or measured under the target by less than chance explains: :meth:`_may_be_precise`)
        or ``off``."""
        chosen = decisions > self.thresholds_
        true_positives = np.sum(chosen & (y == 1), axis=0)
        precision = true_positives / np.maximum(chosen.sum(axis=0), 1)
        measurable = y.sum(axis=0) >= self.min_positives_to_measure
        if not self.target_precision:
            measurable[:] = False
        confidence = np.where(measurable & (precision >= self.target_precision), HIGH, MAYBE)
        confidence = confidence.astype(object)
        confidence[self.thresholds_ >= UNREACHABLE] = OFF
        return np.where(measurable, precision, np.nan), confidence

    def _in_headline(self, documents: Sequence[Document], body: bool = False) -> np.ndarray:
        """Which tags' words appear in each document's headline (``body``: or its body)."""
        found = np.zeros((len(documents), len(self.labels_)), dtype=bool)
        tag_words = [set(re.findall(r"\w+", label.lower())) for label in self.labels_]
        for row, (title, text) in enumerate(documents):
            lowered = f"{title}\n{text}".lower() if body else title.lower()
            words = set(re.findall(r"\w+", lowered))
            for j, pattern in enumerate(self.patterns_):
                # The word test is a cheap filter; the pattern checks order and adjacency.
                if tag_words[j] and tag_words[j] <= words and pattern.search(lowered):
                    found[row, j] = True
        return found

    def _mentioned(self, documents: Sequence[Document]) -> np.ndarray:
        """Which tags' words appear in each document's headline or body."""
        return self._in_headline(documents, body=True)

    def _decide(
        self,
        decisions: np.ndarray,
        thresholds: np.ndarray,
        in_headline: np.ndarray,
        fallback: bool = True,
        mentioned: np.ndarray | None = None,
    ) -> np.ndarray:
        """The suggested tags: above their threshold, or in the headline above a lower one
        (not a tag that is never precise enough); with ``fallback``, a tag over its
        co-occurrence threshold where its pair passed (:mod:`pipeline.classify.cotags`), a
        document with fewer than ``min_tags`` gets its best ones, else a document with none
        gets its best tag where its margin reaches that tag's ``fallback_margins_``."""
        headline = in_headline & (decisions > self.headline_floor) & (thresholds < UNREACHABLE)
        chosen = (decisions > thresholds) | headline
        margins = decisions - thresholds
        if fallback:
            chosen |= cotags.cotagged(self, decisions, chosen, mentioned)
        if self.min_tags:
            for row in np.flatnonzero(chosen.sum(axis=1) < self.min_tags):
                chosen[row, np.argsort(-margins[row])[: self.min_tags]] = True
        elif fallback and hasattr(self, "fallback_margins_"):
            empty = np.flatnonzero(chosen.sum(axis=1) == 0)
            best = np.argmax(margins[empty], axis=1)
            reached = margins[empty, best] >= self.fallback_margins_[best]
            chosen[empty[reached], best[reached]] = True
        return chosen

    def _reasons(
        self,
        decisions: np.ndarray,
        thresholds: np.ndarray,
        in_headline: np.ndarray,
        mentioned: np.ndarray | None = None,
    ) -> np.ndarray:
        """Why :meth:`_decide` chose each tag: "threshold", "headline", "co-tag", "best tag"
        (None: not)."""
        chosen = self._decide(decisions, thresholds, in_headline, mentioned=mentioned)
        reasons = np.full(decisions.shape, None, dtype=object)
        reasons[chosen] = "best tag"
        base = self._decide(decisions, thresholds, in_headline, fallback=False)
        reasons[chosen & cotags.cotagged(self, decisions, base, mentioned)] = "co-tag"
        reasons[chosen & in_headline & (decisions > self.headline_floor)] = "headline"
        reasons[chosen & (decisions > thresholds)] = "threshold"
        return reasons

    @staticmethod
    def _fit_calibration(margins: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        """One sigmoid over all tags: score = expit(a * (decision - threshold) + b).

        >>> a, b = TagSuggester._fit_calibration(np.array([[-2.0], [-1.0], [1.0], [2.0]]),
        ...                                      np.array([[0], [0], [1], [1]]))
        >>> a > 0
        True
        """
        flat_x, flat_y = margins.reshape(-1, 1), y.reshape(-1)
        if flat_y.min() == flat_y.max():
            return (1.0, 0.0)
        model = LogisticRegression(C=1.0).fit(flat_x, flat_y)
        return (float(model.coef_[0, 0]), float(model.intercept_[0]))

    # -- suggesting ------------------------------------------------------------------
    def decision_function(self, documents: Sequence[Document]) -> np.ndarray:
        """Each document's SVM decision value for every tag (columns in ``labels_`` order)."""
        check_is_fitted(self)
        return linear_decisions(self.svm_, self.features_.transform(documents))

    def scores(self, decisions: np.ndarray) -> np.ndarray:
        """Calibrated scores in 0..1 for decision values, ``(documents, tags)``.

        A score passes its tag's threshold above ``expit(calibration_[1])``, the score of a
        decision equal to the threshold (the same for every tag), not above 0.5.
        """
        check_is_fitted(self)
        slope, intercept = self.calibration_
        return expit(slope * (decisions - self.thresholds_) + intercept)

    def reasons_for(
        self, decisions: np.ndarray, documents: Sequence[Document]
    ) -> list[dict[str, str]]:
        """For each document, the tags the rule chooses and why (before ``max_tags``), from
        decisions already computed for ``documents`` (``decision_function(documents)``), so
        a caller that has them pays no second pass.

        >>> tagger = TagSuggester(cv=2, n_jobs=1).fit(
        ...     [("", "crude oil barrel"), ("", "wheat grain corn")] * 4, [["oil"], ["grain"]] * 4)
        >>> oil = [("Oil", "crude oil barrel")]
        >>> tagger.reasons_for(tagger.decision_function(oil), oil)
        [{'oil': 'threshold'}]
        """
        check_is_fitted(self)
        # The bodies are read only for a model that learned pairs (the demo model has none).
        paired = len(getattr(self, "cotags_", ())) and getattr(self, "cotag_mention", False)
        mentioned = self._mentioned(documents) if paired else None
        reasons = self._reasons(
            decisions, self.thresholds_, self._in_headline(documents), mentioned
        )
        reasons[self.scores(decisions) < getattr(self, "score_floor", 0.0)] = None
        return [
            {self.labels_[j]: row[j] for j in np.flatnonzero(row != None)}  # noqa: E711
            for row in reasons
        ]

    def suggestions_for(
        self, decisions: np.ndarray, reasons: Sequence[dict[str, str]]
    ) -> list[list[tuple[str, float]]]:
        """:meth:`suggest` from decisions and their :meth:`reasons_for`: the chosen tags with
        scores, best first, at most ``max_tags``."""
        return [
            [(tag["label"], tag["score"]) for tag in row]
            for row in self.ranked_for(decisions, reasons)
        ]

    def ranked_for(
        self,
        decisions: np.ndarray,
        reasons: Sequence[dict[str, str]],
        limit: int | None = None,
        min_score: float | None = None,
    ) -> list[list[dict[str, Any]]]:
        """The chosen tags of each document, best first: ``label``, ``score``, ``reason``
        and ``confidence`` (``high`` or ``maybe``); at most ``limit`` (default
        ``max_tags``), none scoring under ``min_score``."""
        scores = self.scores(decisions)
        column = {label: j for j, label in enumerate(self.labels_)}
        confidence = getattr(self, "confidence_", None)
        limit = self.max_tags if limit is None else limit
        out = []
        for row, chosen in enumerate(reasons):
            scored = [
                {
                    "label": label,
                    "score": float(scores[row, column[label]]),
                    "reason": reason,
                    "confidence": MAYBE if confidence is None else confidence[column[label]],
                }
                for label, reason in chosen.items()
                if min_score is None or scores[row, column[label]] >= min_score
            ]
            # A stable sort: tags of equal score keep the model's label order.
            out.append(sorted(scored, key=lambda tag: -tag["score"])[:limit])
        return out

    def suggest(self, documents: Sequence[Document]) -> list[list[tuple[str, float]]]:
        """For each document, the suggested tags with scores, best first."""
        decisions = self.decision_function(documents)
        return self.suggestions_for(decisions, self.reasons_for(decisions, documents))

    def rank(self, documents: Sequence[Document], k: int = 10) -> list[list[str]]:
        """Every document's ``k`` best tags by score, suggested or not (for precision@k)."""
        check_is_fitted(self)
        scores = self.scores(self.decision_function(documents))
        return [[self.labels_[j] for j in np.argsort(-row)[:k]] for row in scores]


def dense_array(values: Any) -> np.ndarray:
    """A float array of a sparse or dense matrix (a model's ``coef_``)."""
    return np.asarray(values.toarray() if hasattr(values, "toarray") else values, dtype=np.float64)


@per_object
def stacked_weights(svm: Any) -> tuple[np.ndarray, np.ndarray] | None:
    """The one-vs-rest models' weights stacked into one ``(features, tags)`` matrix, and
    their intercepts; None when a model is not linear."""
    estimators = getattr(svm, "estimators_", None) or []
    coefs = [getattr(e, "coef_", None) for e in estimators]
    if not coefs or any(c is None for c in coefs):
        return None
    weights = np.vstack([dense_array(c).reshape(1, -1) for c in coefs])
    intercepts = np.array([float(np.ravel(e.intercept_)[0]) for e in estimators])
    return weights.T.copy(), intercepts


def linear_decisions(svm: Any, x: Any) -> np.ndarray:
    """Every tag's decision for the rows of ``x``, ``(rows, tags)``.

    The one-vs-rest models' weights stacked into one matrix (:func:`stacked_weights`,
    once per fitted model, kept beside it, not in its pickle): one product instead of a
    call per tag, each paying scikit-learn's input checks (20 ms an article against well
    under 1 ms for 63 tags). A model that is not all linear is asked tag by tag.
    """
    stacked = stacked_weights(svm)
    if stacked is None:
        return np.asarray(svm.decision_function(x)).reshape(x.shape[0], -1)
    weights, intercepts = stacked
    return np.asarray(x @ weights).reshape(x.shape[0], -1) + intercepts
