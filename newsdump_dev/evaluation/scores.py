"""Scores over sets: micro precision, recall and F1."""

from __future__ import annotations

from collections.abc import Iterable


def set_scores(pairs: Iterable[tuple[set[str], set[str]]]) -> dict[str, float]:
    """Micro precision, recall and F1 over (item, label) pairs; ``pairs`` are (found, expected).

    An item that expects nothing and finds nothing is right; with nothing found at all,
    precision is 1.

    >>> set_scores([({"US"}, {"US"}), ({"FR"}, {"US"}), (set(), set())])
    {'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
    """
    pairs = list(pairs)
    tp = sum(len(found & expected) for found, expected in pairs)
    predicted = sum(len(found) for found, _ in pairs)
    gold = sum(len(expected) for _, expected in pairs)
    precision = tp / predicted if predicted else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}
