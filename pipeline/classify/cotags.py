"""Co-occurrence thresholds: a narrow tag under a broad one, decided where the broad one passed.

The kind of miss found by nested folds on Reuters (figures: docs/guides/suggestions.md,
fourth pass): most false negatives of ``wheat`` and ``corn`` are on articles where ``grain``
was suggested, likewise ``soybean`` under ``oilseed``, ``dlr`` under ``money-fx``.
For a tag ``n`` and a tag ``b`` that goes with it in training (on at least ``cotag_min`` of
``n``'s articles), ``n`` gets a second, lower threshold on the articles where ``b`` passes
its own and whose text names ``n`` (its words, as the headline rule matches them): tuned
out of fold on those articles (F1-best; what it adds must pass the precision check, target
precision and chance test; at least ``min_positives_to_measure`` positives there, or the
pair is not used). On the SVM's decision alone (``cotag_mention`` off) the missed positives
and the negatives of those articles are interleaved and the pairs lost; with the tag named
in the text they won.

The pairs are learned, not curated: a fitted :class:`pipeline.classify.tags.TagSuggester`
keeps them (``cotags_``: rows ``(n, b)``; ``cotag_thresholds_``). The functions take that
rule as ``rule`` (its options and its precision check); nothing here imports it.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def tune(
    rule: Any,
    decisions: np.ndarray,
    y: np.ndarray,
    chosen: np.ndarray,
    mentioned: np.ndarray | None,
    usable: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs ``(n, b)`` and each pair's threshold for ``n``, from out-of-fold
    ``decisions``, the gold ``y``, the tags the rule ``chosen`` without pairs, which tags
    each text names (``mentioned``; needed with ``rule.cotag_mention``) and the tags that
    may be suggested at all (``usable``)."""
    pairs, cuts = [], []
    if rule.cotag_min and (mentioned is not None or not rule.cotag_mention):
        together, counts = y.T @ y, y.sum(axis=0)
        tunable = (counts >= max(rule.min_positives_to_measure, 1)) & usable
        for n in np.flatnonzero(tunable):
            for b in np.flatnonzero(together[n] >= rule.cotag_min * counts[n]):
                if b == n:
                    continue
                rows = chosen[:, b] & (mentioned[:, n] if rule.cotag_mention else True)
                cut = threshold(
                    rule, decisions[rows, n], y[rows, n] == 1, chosen[rows, n], rule.thresholds_[n]
                )
                if cut is not None:
                    pairs.append((n, b))
                    cuts.append(cut)
    return np.array(pairs, dtype=np.int64).reshape(-1, 2), np.array(cuts, dtype=np.float64)


def threshold(
    rule: Any, decision: np.ndarray, truth: np.ndarray, chosen: np.ndarray, own: float
) -> float | None:
    """A tag's F1-best threshold under its ``own`` (down to ``rule.cotag_floor``, 60 steps)
    on some articles (its ``decision`` and ``truth`` there, and whether the rule ``chosen``
    it already), where the tags it adds pass the rule's precision check (right at least
    ``target_precision`` of the time, or short of it by no more than chance); None where
    it adds nothing to the tag's F1 there or the tag has too few positives there.

    >>> from pipeline.classify.tags import TagSuggester
    >>> rule = TagSuggester(min_positives_to_measure=2)
    >>> decision = np.array([0.5, -0.2, -0.4, -1.0])
    >>> truth, chosen = np.array([1, 1, 1, 0]) == 1, np.array([1, 0, 0, 0]) == 1
    >>> round(threshold(rule, decision, truth, chosen, 0.0), 3)
    -0.425
    >>> threshold(rule, decision, np.array([1, 0, 0, 0]) == 1, chosen, 0.0) is None
    True
    """
    positives = int(truth.sum())
    if positives < max(rule.min_positives_to_measure, 1):
        return None
    candidates = np.linspace(own, rule.cotag_floor, 61)  # highest first: ties add fewer
    added = ~chosen & (decision > candidates[:, None])
    hits, extra = (added & truth).sum(axis=1), added.sum(axis=1)
    kept = int((chosen & truth).sum())
    f1 = 2 * (kept + hits) / (chosen.sum() + extra + positives)
    precise = np.array(
        [
            h >= rule.target_precision * max(e, 1) or rule._may_be_precise(h, e)
            for h, e in zip(hits, extra, strict=True)
        ]
    )
    f1[~precise | (extra == 0)] = -1.0
    best = int(np.argmax(f1))
    return float(candidates[best]) if f1[best] > 2 * kept / (chosen.sum() + positives) else None


def cotagged(
    rule: Any, decisions: np.ndarray, chosen: np.ndarray, mentioned: np.ndarray | None
) -> np.ndarray:
    """The tags over their pair's threshold on articles where the pair's other tag is
    ``chosen`` (and, with ``cotag_mention``, whose text names them: ``mentioned``)."""
    found = np.zeros_like(chosen)
    pairs = getattr(rule, "cotags_", None)
    if pairs is None or not len(pairs):
        return found
    for (n, b), cut in zip(pairs, rule.cotag_thresholds_, strict=True):
        found[:, n] |= chosen[:, b] & (decisions[:, n] > cut)
    if rule.cotag_mention:
        found &= mentioned if mentioned is not None else False
    return found
