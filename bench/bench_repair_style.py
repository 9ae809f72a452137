"""Candidate evidence for the dash-style guess, each measured by publisher folds.

    python bench/bench_repair_style.py

Every article is repaired with ``en`` and with ``em`` given (the development part out of
fold, as ``bench_repair.py --dump-styles``; the test part with the shipped counts), so the
edits a style choice leaves are exact. The naive Bayes of :mod:`pipeline.ingest.lossy.style`
is then learned on four folds of the development part with its features (the shipped
guess) and with each candidate feature added, and decides the fifth; on the test part it
is learned on the whole development part. A candidate is worth shipping only if it
leaves fewer edits out of fold; the test part is printed beside it, not chosen on.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable

from bench_repair import (
    Styled,
    publisher_folds,
    publisher_of,
    styled_articles,
    styled_out_of_fold,
    with_truth,
)

from newsdump_dev import corpora
from pipeline.ingest.lossy import QUOTE_DASH_FORM, doc_features

_D = re.escape(QUOTE_DASH_FORM)
_SPACED = f" {_D} "
# Tried (docs/guides/repair.md): name -> a pattern whose presence is the feature.
CANDIDATES: dict[str, re.Pattern[str]] = {
    "a time of day (comment stamps)": re.compile(r"\b\d{1,2}:\d{2}\s?(?:am|pm|AM|PM)\b"),
    "WordPress comment stamp (2012 at 3:45)": re.compile(r"\d{4},? at \d{1,2}:\d{2}"),
    "Leave a comment / Reply": re.compile(r"Leave a (?:comment|[Rr]eply)|\bReply\b"),
    "Posted by / Filed under / Tagged": re.compile(
        r"Posted (?:by|on|in)|Filed (?:under|in)|Tagged"
    ),
    "Share this / Related posts / Comments": re.compile(r"Share this|Related posts|Comments"),
    "closed dash between words": re.compile(rf"[A-Za-z]{{2}}{_D}[A-Za-z]{{2}}"),
    "double hyphen": re.compile(r" -- |\w--\w"),
    "straight double quote": re.compile(r'"'),
    "spaced dash opening a line": re.compile(rf"(?m)^\s*{_D} "),
    "wire credit (Reuters, AP)": re.compile(r"\((?:Reuters|AP|AFP)\)|Associated Press|Reuters"),
    "spaced dash before a capital": re.compile(rf"{_SPACED}[A-Z]"),
    "spaced dash before a digit": re.compile(rf"{_SPACED}\d"),
    "two spaced dashes in a sentence": re.compile(rf"{_SPACED}[^.!?\n]{{1,120}}?{_SPACED}"),
    "a web address": re.compile(r"https?://|www\."),
    "a copyright line": re.compile(r"©|Copyright"),
}


def _style_of(record: dict) -> str | None:
    return with_truth(record)[-1]


def _features(text: str, extra: str | None) -> list[str]:
    features = doc_features(text)
    if extra is not None:
        features.append(f"{extra}={bool(CANDIDATES[extra].search(text))}")
    return features


def _learn(articles: list[tuple[Styled, str]], extra: str | None) -> dict:
    prior: Counter[str] = Counter()
    counted: dict[str, Counter[str]] = defaultdict(Counter)
    for article, style in articles:
        prior[style] += 1
        for feature in _features(article.damaged, extra):
            counted[feature][style] += 1
    return {"prior": prior, "features": counted}


def _guess(model: dict, text: str, extra: str | None) -> str:
    prior = model["prior"]
    score = math.log((prior["E"] + 1) / (prior["M"] + 1))
    for feature in _features(text, extra):
        seen = model["features"].get(feature)
        if seen:
            score += math.log((seen["E"] + 1) / (prior["E"] + 2))
            score -= math.log((seen["M"] + 1) / (prior["M"] + 2))
    return "E" if score > 0 else "M"


def edits_left(
    train: list[tuple[Styled, str | None]], held: list[Styled], extra: str | None
) -> int:
    """Edits left on ``held`` by the naive Bayes learned on ``train`` (styled documents)."""
    model = _learn([(a, s) for a, s in train if s], extra)
    return sum(article.left[_guess(model, article.damaged, extra)] for article in held)


def _vector(text: str, names: list[str]) -> list[float]:
    present = set(doc_features(text))
    present.update(f"{n}=True" for n, rx in CANDIDATES.items() if rx.search(text))
    return [float(name in present) for name in names]


def logistic_left(
    train: list[tuple[Styled, str | None]], held: list[Styled], extra: bool, c: float
) -> int:
    """Edits left on ``held`` by a logistic regression (scikit-learn) in place of the
    naive Bayes: the same features one-hot (``extra``: and every candidate), each
    training document weighted by the edits its style is worth."""
    from sklearn.linear_model import LogisticRegression

    styled = [(a, s) for a, s in train if s]
    names = sorted({f for a, _ in styled for f in doc_features(a.damaged)})
    if extra:
        names += [f"{n}=True" for n in CANDIDATES]
    model = LogisticRegression(C=c, max_iter=1000).fit(
        [_vector(a.damaged, names) for a, _ in styled],
        [s == "E" for _, s in styled],
        sample_weight=[abs(a.left["E"] - a.left["M"]) + 1 for a, _ in styled],
    )
    scores = model.decision_function([_vector(a.damaged, names) for a in held])
    return sum(a.left["E" if score > 0 else "M"] for a, score in zip(held, scores, strict=True))


def main() -> None:
    dev, test = corpora.typographic("dev"), corpora.typographic("test")
    styles = {r["id"]: _style_of(r) for r in dev}
    folded = styled_out_of_fold(dev)
    tested = styled_articles(test)
    by_name = {a.name: a for a in folded}
    folds = [
        [by_name[r["id"]] for r in dev if publisher_of(r) in fold] for fold in publisher_folds(dev)
    ]
    everything = [(a, styles[a.name]) for a in folded]

    def measure(extra: str | None, left=edits_left) -> tuple[int, int]:
        out_of_fold = 0
        for held in folds:
            names = {a.name for a in held}
            train = [(a, s) for a, s in everything if a.name not in names]
            out_of_fold += left(train, held, extra)
        return out_of_fold, left(everything, tested, extra)

    print(
        f"edits left (dev out of fold, {sum(a.damage for a in folded)} edits of damage; "
        f"test, {sum(a.damage for a in tested)})"
    )
    constants: list[tuple[str, Callable[[Styled], str]]] = [
        ("en for every article", lambda a: "E"),
        ("em for every article", lambda a: "M"),
    ]
    for label, choose in constants:
        print(
            f"  {label:<44} {sum(a.left[choose(a)] for a in folded):6d} "
            f"{sum(a.left[choose(a)] for a in tested):6d}"
        )
    shipped = measure(None)
    print(f"  {'the shipped guess':<44} {shipped[0]:6d} {shipped[1]:6d}")
    for name in CANDIDATES:
        dev_left, test_left = measure(name)
        print(f"  + {name:<42} {dev_left:6d} {test_left:6d}")

    for c in (0.1, 1.0):
        for extra in (False, True):
            dev_left, test_left = measure(
                extra, lambda tr, held, e, c=c: logistic_left(tr, held, bool(e), c)
            )
            label = f"logistic regression, C={c:g}" + (", all candidates" if extra else "")
            print(f"  {label:<44} {dev_left:6d} {test_left:6d}")


if __name__ == "__main__":
    main()
