"""Category corpora as the benchmarks and the tests read them (``bench/eval_categories.py``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from newsdump_dev import corpora

Record = dict[str, Any]


def reuters_single_topic(classes: int) -> dict[str, list[Record]]:
    """ModApte articles with exactly one topic, among the ``classes`` most frequent ones
    (R8, R52), split into ``train`` and ``test``; the dateline leads the body, as a run
    reads it."""
    single = [
        r
        for r in corpora.reuters("all")
        if len(r["topics"]) == 1 and r["modapte_split"] != "unused"
    ]
    counts = Counter(r["topics"][0] for r in single if r["modapte_split"] == "train")
    kept = {topic for topic, _ in counts.most_common(classes)}
    parts: dict[str, list[Record]] = {"train": [], "test": []}
    for r in single:
        if r["topics"][0] in kept:
            body = r["body"] or r["unproc_text"]
            if body and r["dateline"]:
                body = f"{r['dateline']} {body}"
            parts[r["modapte_split"]].append(
                {"id": r["id"], "title": r["title"], "body": body, "category": r["topics"][0]}
            )
    return parts
