"""Evaluation figures for categories and tags (the ones Annif users compare)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from sklearn.metrics import accuracy_score, f1_score


def category_metrics(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Accuracy and macro-F1 over the categories that occur in ``gold``.

    >>> category_metrics(["a", "b", "b"], ["a", "b", "a"])
    {'articles': 3, 'accuracy': 0.6667, 'macro_f1': 0.6667}
    """
    labels = sorted(set(gold))
    return {
        "articles": len(gold),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "macro_f1": round(
            float(f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)), 4
        ),
    }


def _dcg(relevances: Sequence[int]) -> float:
    return sum(rel / math.log2(rank + 2) for rank, rel in enumerate(relevances))


def tag_metrics(
    gold: Sequence[Sequence[str]],
    suggested: Sequence[Sequence[str]],
    ranked: Sequence[Sequence[str]] | None = None,
    ks: Sequence[int] = (1, 3, 5),
) -> dict[str, float]:
    """Micro/macro F1 of the suggested sets; precision@k, recall@k and NDCG@5 of the rankings.

    ``ranked`` is every label ordered by score (defaults to ``suggested``). Macro-F1
    averages over the labels present in ``gold``.

    >>> tag_metrics([["a", "b"], ["c"]], [["a"], ["c", "b"]])["micro_f1"]
    0.6667
    """
    ranked = ranked if ranked is not None else suggested
    labels = sorted({t for tags in gold for t in tags})
    index = {label: i for i, label in enumerate(labels)}
    y_true = np.zeros((len(gold), len(labels)), dtype=np.int8)
    y_pred = np.zeros_like(y_true)
    for row, (true_tags, predicted_tags) in enumerate(zip(gold, suggested, strict=True)):
        for tag in true_tags:
            y_true[row, index[tag]] = 1
        for tag in predicted_tags:
            if tag in index:
                y_pred[row, index[tag]] = 1
    # Suggestions of labels absent from gold are false positives for micro figures.
    extra = sum(1 for tags in suggested for tag in tags if tag not in index)
    tp = int((y_true & y_pred).sum())
    predicted_total = int(y_pred.sum()) + extra
    gold_total = int(y_true.sum())
    micro_p = tp / predicted_total if predicted_total else 0.0
    micro_r = tp / gold_total if gold_total else 0.0
    micro_f1 = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    out = {
        "articles": len(gold),
        "labels": len(labels),
        "micro_precision": round(micro_p, 4),
        "micro_recall": round(micro_r, 4),
        "micro_f1": round(micro_f1, 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, average="macro", zero_division=0)), 4)
        if labels
        else 0.0,
    }
    for k in ks:
        precision = recall = 0.0
        for true_tags, order in zip(gold, ranked, strict=True):
            hits = len(set(order[:k]) & set(true_tags))
            precision += hits / k
            recall += hits / len(true_tags) if true_tags else 0.0
        out[f"precision@{k}"] = round(precision / max(len(gold), 1), 4)
        out[f"recall@{k}"] = round(recall / max(len(gold), 1), 4)
    ndcg = 0.0
    for true_tags, order in zip(gold, ranked, strict=True):
        ideal = _dcg([1] * min(len(true_tags), 5))
        ndcg += _dcg([int(t in true_tags) for t in order[:5]]) / ideal if ideal else 0.0
    out["ndcg@5"] = round(ndcg / max(len(gold), 1), 4)
    return out
