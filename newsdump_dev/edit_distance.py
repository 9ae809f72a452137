"""Small evaluation helpers shared by tests and benchmarks: edit distance of long texts.

:func:`levenshtein` is exact: rapidfuzz's bit-parallel Levenshtein, banded around the
diagonal. :func:`edit_distance` keeps it affordable for very long, mostly equal texts
(about a megabyte): past 200 K characters it cuts both texts at anchors —
words that occur exactly once in each and in the same order — and adds up the exact
distances of the pieces between anchors.

    >>> edit_distance("Kimâ??s words", "Kim’s words")
    3
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from rapidfuzz.distance import Levenshtein

__all__ = ["edit_distance", "levenshtein"]

# Pieces of at most this many characters (the longer of the two) are measured directly:
# the banded pass costs about len * distance / 64 word steps (100 KB with 1922 edits:
# 9 ms; cutting at anchors first, in Python, 25 ms). Longer ones are cut at anchors
# first (1 MB with 21315 edits: 0.5-0.7 s cut, 2.0 s whole; a piece without anchors can
# only be measured whole, in up to len(a) * len(b) / 64 steps).
_DIRECT_LIMIT = 200_000
# The distance rapidfuzz is told to expect beyond the difference in length (it doubles
# the band until the distance fits; below 32 it starts at 32 anyway).
_HINT = 32
_TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions), exact.

    :func:`rapidfuzz.distance.Levenshtein.distance` (bit-parallel, in C++), told to expect
    a small distance: it then tries a band of that width around the diagonal and doubles
    it until the distance fits, so mostly equal texts cost about ``len * distance / 64``.

    >>> levenshtein("â??", "’")
    3
    >>> levenshtein("kitten", "sitting"), levenshtein("", "abc"), levenshtein("same", "same")
    (3, 3, 0)
    """
    return Levenshtein.distance(a, b, score_hint=abs(len(a) - len(b)) + _HINT)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance of two long, mostly equal texts, in about linear time.

    Exact when the texts differ only between shared unique words (as repaired and
    original articles do); otherwise an upper bound, since each piece between two
    anchors is aligned on its own.

    >>> edit_distance("The minister’s – long – speech.", "The ministerâ??s â?? long â?? speech.")
    9
    """
    return sum(levenshtein(x, y) for x, y in _unequal_pieces(a, b))


def _unequal_pieces(a: str, b: str) -> Iterator[tuple[str, str]]:
    """Pairs of pieces of ``a`` and ``b`` that are aligned with each other and differ."""
    start = _common_prefix(a, b)
    end = _common_suffix(a, b, start)
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    if not a and not b:
        return
    if max(len(a), len(b)) <= _DIRECT_LIMIT:
        yield a, b
        return
    ta, tb = _TOKEN_RE.findall(a), _TOKEN_RE.findall(b)
    anchors = _anchors(ta, tb)
    if not anchors:
        yield a, b
        return
    offsets_a, offsets_b = _offsets(ta), _offsets(tb)
    pa = pb = 0
    for i, j in anchors:
        yield from _unequal_pieces(a[offsets_a[pa] : offsets_a[i]], b[offsets_b[pb] : offsets_b[j]])
        pa, pb = i + 1, j + 1
    yield from _unequal_pieces(a[offsets_a[pa] :], b[offsets_b[pb] :])


def _common_prefix(a: str, b: str) -> int:
    """Length of the common prefix, found by halving (string comparisons run in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: str, b: str, limit: int) -> int:
    """Length of the common suffix that does not overlap a prefix of ``limit`` characters."""
    low, high = 0, min(len(a), len(b)) - limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle : len(a) - low] == b[len(b) - middle : len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


def _offsets(tokens: list[str]) -> list[int]:
    """Start offset of every token, plus the total length at the end."""
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + len(token))
    return offsets


def _anchors(ta: list[str], tb: list[str]) -> list[tuple[int, int]]:
    """Token pairs (i, j) with ``ta[i] == tb[j]`` unique in both lists, in increasing order.

    The longest chain increasing in both lists (patience sorting, n log n).

    >>> _anchors(["a", "x", "b", "c"], ["a", "b", "y", "c"])
    [(0, 0), (2, 1), (3, 3)]
    """
    count_a: dict[str, int] = {}
    for token in ta:
        count_a[token] = count_a.get(token, 0) + 1
    where_b: dict[str, int] = {}
    count_b: dict[str, int] = {}
    for j, token in enumerate(tb):
        count_b[token] = count_b.get(token, 0) + 1
        where_b[token] = j
    pairs = [
        (i, where_b[t])
        for i, t in enumerate(ta)
        if count_a[t] == 1 and count_b.get(t) == 1 and (len(t) > 1 or t.isalnum())
    ]
    # Longest increasing subsequence of the b positions (pairs are sorted by a position).
    tails: list[int] = []
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        slot = bisect.bisect_left(tails, j)
        if slot == len(tails):
            tails.append(j)
            tail_index.append(k)
        else:
            tails[slot] = j
            tail_index[slot] = k
        previous[k] = tail_index[slot - 1] if slot else -1
    chain: list[tuple[int, int]] = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(pairs[k])
        k = previous[k]
    return chain[::-1]
