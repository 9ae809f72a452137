"""Small evaluation helpers shared by tests and benchmarks."""

from __future__ import annotations

import difflib


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions).

    >>> levenshtein("â??", "’")
    3
    """
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance of two long, mostly equal texts, computed hunk by hunk of a diff.

    >>> edit_distance("Kimâ??s words", "Kim’s words")
    3
    """
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(
        levenshtein(a[i1:i2], b[j1:j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    )
