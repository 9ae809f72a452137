"""The learned counts: what stood at a ``â??`` in each context, and how contexts are blended.

The counts (``resources/lossy_counts.json``) are learned from the development part of
the typographic corpus by ``scripts/learn_lossy_counts.py``, through exactly the
contexts of :func:`context_keys`. A site's distribution starts from the prior and is
refined by ever more specific contexts (:func:`distribution`). How the constants below
were chosen, and the commands that measure them: ``docs/guides/repair.md``.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.ingest.lossy.sites import (
    CLOSING,
    DIGIT,
    EDGE,
    LOWER,
    PAUSE,
    SPACE,
    STOP,
    UPPER,
    Site,
    site_class,
)
from pipeline.resources import load_json

__all__ = [
    "LEXICAL_LEVEL",
    "SMOOTHING",
    "SPACED_DASH",
    "WORD_EVIDENCE",
    "context_keys",
    "distribution",
    "learned",
    "prepare_counts",
    "word_shape",
]

# In the counts, a spaced en or em dash is "the document's spaced dash": which one
# is the document's house style (see style.py), not the context's.
SPACED_DASH = "D"
# context_keys() levels from here on name words.
LEXICAL_LEVEL = 6
# How cautiously a context refines the estimate: weighs how many distinct characters
# it has seen (Witten-Bell smoothing, times this).
SMOOTHING = 3.0
# The left and the right word's contexts mostly count the same sites: their evidence is
# pooled as a geometric mean (this power of the product of their likelihood ratios), not
# multiplied as if independent (a character seen once beside both words would otherwise
# outweigh thousands of counts).
WORD_EVIDENCE = 0.5


@lru_cache(maxsize=1)
def learned() -> dict:
    """The learned counts (``resources/lossy_counts.json``), ready for lookups.

    Everything here reads them through this function (``counts.learned()``), so that a
    benchmark can repair with counts learned on part of the corpus by replacing it.
    """
    return prepare_counts(load_json("lossy_counts.json"))


def prepare_counts(data: dict) -> dict:
    """Counts as written by ``scripts/learn_lossy_counts.py``, with totals precomputed.

    >>> counts = prepare_counts({"contexts": {"": {"’": 3, "”": 1}}, "left_words": [],
    ...     "right_words": [], "dash_style": {}, "character_counts": {}})
    >>> counts["contexts"][""], counts["prior"]
    (({'’': 3, '”': 1}, 4, 2), {'’': 0.75, '”': 0.25})
    """
    contexts = {
        key: (counts, sum(counts.values()), len(counts)) for key, counts in data["contexts"].items()
    }
    prior, prior_total, _ = contexts[""]
    return {
        "contexts": contexts,
        "left_words": frozenset(data["left_words"]),
        "right_words": frozenset(data["right_words"]),
        "style": data["dash_style"],
        "chars": data["character_counts"],
        # what stood at any site: the start of every estimate, computed once
        "prior": {ch: n / prior_total for ch, n in prior.items()},
    }


# -- the contexts of one site ------------------------------------------------------------------
def word_shape(word: str) -> str:
    """A word the counts do not know by itself, as its shape.

    >>> [word_shape(w) for w in ["90s", "1990", "Connell", "workers", "killin", "ab"]]
    ['#ds', '#d', '#C', '#s', '#in', '#w']
    """
    lowered = word.lower()
    if word.isdigit():
        return "#d"
    if word[:1].isdigit():
        return "#ds"
    if word[:1].isupper():
        return "#C"
    if lowered.endswith("s"):
        return "#s"
    if lowered.endswith("in"):
        return "#in"
    return "#w"


def _word_keys(word: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """A word as the counts know it: itself when common, and its shape.

    >>> _word_keys("Kim", frozenset({"kim"})), _word_keys("Connell", frozenset())
    (('kim', '#C'), ('#C',))
    """
    if not word:
        return ("_",)
    shape = word_shape(word)
    lowered = word.lower()
    return (lowered, shape) if lowered in vocabulary else (shape,)


# A shape never seen borrows from similar ones: a line start is like a space, a digit
# like a letter, a bracket like punctuation.
_COARSE = {
    EDGE: "s",
    SPACE: "s",
    LOWER: "w",
    UPPER: "w",
    DIGIT: "w",
    STOP: "p",
    PAUSE: "p",
    CLOSING: "p",
}


def context_keys(
    site: Site,
    left_class: str,
    state: str,
    vocabulary: tuple[frozenset, frozenset],
    style: str = "",
) -> list[tuple[str, ...]]:
    """The contexts of one site, from the most general (the prior) to the most specific.

    Each level is a tuple of alternatives (the first one the counts know is used: a
    common word's own context, else its shape's), or empty when it does not apply.

    >>> from pipeline.ingest.lossy.sites import sites_of
    >>> site = sites_of("Kimâ??s", [(3, 6)])[0]
    >>> context_keys(site, "l", "-", (frozenset(), frozenset({"s"})))  # doctest: +ELLIPSIS
    ... # doctest: +NORMALIZE_WHITESPACE
    [('',), ('~ww',), ('ll',), ('ll-',), ('ll-T',), (), ('ll-L#C',), ('ll-Rs', 'll-R#s'), ...]
    """
    shape = left_class + site_class(site.right)
    base = f"{shape}{state}"
    left = _word_keys(site.left_word, vocabulary[0])
    right = _word_keys(site.right_word, vocabulary[1])
    coarse = "".join(_COARSE.get(c, c) for c in shape)
    return [
        ("",),
        (f"~{coarse}",),
        (shape,),
        (base,),
        (f"{base}{site.line}{style}",),
        (f"{base}{site.line}{style}/{site.look}",) if site.look else (),
        tuple(f"{base}L{a}" for a in left),
        tuple(f"{base}R{b}" for b in right),
        tuple(f"{base}B{a}|{b}" for b in right for a in left),
    ]


# -- blending the contexts ---------------------------------------------------------------------
def distribution(keys: list[tuple[str, ...]]) -> dict[str, float]:
    """What stood at a site: the counts of its contexts, blended general to specific.

    Each context refines the estimate of the one before by Witten-Bell smoothing, made
    more cautious by :data:`SMOOTHING` (a context seen a handful of times moves the
    estimate only a little). The left and the right word are two views of the same
    site: each refines the word-free estimate, and their evidence is pooled (a
    geometric mean of the two likelihood ratios, :data:`WORD_EVIDENCE`) before the pair
    of words refines the result.

    >>> p = distribution([("",)])
    >>> abs(sum(p.values()) - 1) < 1e-9, max(p, key=p.get)
    (True, '’')
    """
    p = _refine(dict(learned()["prior"]), keys[1:LEXICAL_LEVEL])
    left = _refine(p, keys[LEXICAL_LEVEL : LEXICAL_LEVEL + 1])
    right = _refine(p, keys[LEXICAL_LEVEL + 1 : LEXICAL_LEVEL + 2])
    combined = {
        ch: p[ch] * ((left[ch] / p[ch]) * (right[ch] / p[ch])) ** WORD_EVIDENCE if p[ch] else 0.0
        for ch in p
    }
    total = sum(combined.values()) or 1.0
    combined = {ch: v / total for ch, v in combined.items()}
    return _refine(combined, keys[LEXICAL_LEVEL + 2 :])


def _refine(p: dict[str, float], keys: list[tuple[str, ...]]) -> dict[str, float]:
    """``p`` refined by each level of ``keys`` in turn (the first alternative counted)."""
    contexts = learned()["contexts"]
    for alternatives in keys:
        found = next((contexts[k] for k in alternatives if k in contexts), None)
        if found is None:
            continue
        counts, total, types = found
        weight = SMOOTHING * types
        p = {ch: (counts.get(ch, 0) + weight * pc) / (total + weight) for ch, pc in p.items()}
    return p
