"""Categories on several corpora, through `pipeline train` and `pipeline evaluate`, beside the
textbook baseline (TfidfVectorizer() + LinearSVC(), default parameters, title + body).

    python bench/eval_categories.py [--corpora r8,r52,ng20,ng5,ng5small] [--workdir DIR]
    python bench/eval_categories.py --compare [--corpora ...] [--folds 5]

Corpora (all from ``newsdump_dev.corpora``; train on the train split, report the test split):

- ``r8`` / ``r52``: Reuters-21578 ModApte articles with exactly one topic, among the 8 / 52
  most frequent single-topic classes of the train split; the dateline opens the body.
- ``ng20``: 20 Newsgroups, bydate split, subject line as the title.
- ``ng5``: 20 Newsgroups grouped into five sections (tech, leisure, science, politics,
  religion; misc.forsale left out), the closest to a newsroom's sections we have.
- ``ng5small``: ``ng5`` with 1,800 training posts drawn at random (seed 0), the size of a
  small archive such as a 2,225-article news set.

``--compare`` measures candidate models out of fold on the training splits (features
fitted inside each fold), plus the same candidates on the test split: how the default
category model was chosen. The baseline always runs in the same process.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC

from newsdump_dev import corpora
from newsdump_dev.evaluation.categories import reuters_single_topic
from pipeline.classify.category import CategoryClassifier
from pipeline.classify.features import text_features

Record = dict[str, Any]
SECTIONS = {
    "comp.": "tech",
    "rec.": "leisure",
    "sci.": "science",
    "talk.politics.": "politics",
    "alt.atheism": "religion",
    "soc.religion.": "religion",
    "talk.religion.": "religion",
}
SMALL_TRAIN = 1800


def section(newsgroup: str) -> str | None:
    """The section of a newsgroup, or None for misc.forsale.

    >>> section("rec.sport.hockey"), section("talk.politics.guns"), section("misc.forsale")
    ('leisure', 'politics', None)
    """
    return next((name for prefix, name in SECTIONS.items() if newsgroup.startswith(prefix)), None)


def newsgroups(grouped: bool, train_size: int | None = None) -> dict[str, list[Record]]:
    """20 Newsgroups bydate, as they are or grouped into sections; optionally fewer train posts."""
    parts: dict[str, list[Record]] = {"train": [], "test": []}
    for r in corpora.news_categories("all"):
        category = section(r["category"]) if grouped else r["category"]
        if category:
            parts[r["split"]].append(
                {"id": r["id"], "title": r["title"], "body": r["body"], "category": category}
            )
    if train_size:
        chosen = np.random.default_rng(0).permutation(len(parts["train"]))[:train_size]
        parts["train"] = [parts["train"][i] for i in sorted(chosen)]
    return parts


CORPORA: dict[str, Callable[[], dict[str, list[Record]]]] = {
    "r8": lambda: reuters_single_topic(8),
    "r52": lambda: reuters_single_topic(52),
    "ng20": lambda: newsgroups(grouped=False),
    "ng5": lambda: newsgroups(grouped=True),
    "ng5small": lambda: newsgroups(grouped=True, train_size=SMALL_TRAIN),
}


def write_jsonl(records: list[Record], path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def figures(gold: Any, predicted: Any) -> dict[str, float]:
    return {
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
        "macro_f1": round(float(f1_score(gold, predicted, average="macro", zero_division=0)), 4),
    }


# -- the models compared -----------------------------------------------------------------------
class Baseline(BaseEstimator, ClassifierMixin):
    """TfidfVectorizer() + LinearSVC() with default parameters on "title\\nbody"."""

    def fit(self, documents, categories):
        self.model_ = make_pipeline(TfidfVectorizer(), LinearSVC()).fit(
            [f"{t}\n{b}" for t, b in documents], categories
        )
        return self

    def predict(self, documents):
        return self.model_.predict([f"{t}\n{b}" for t, b in documents])


class CalibratedSVM(BaseEstimator, ClassifierMixin):
    """The previous default: our features + CalibratedClassifierCV(LinearSVC, cv=3, sigmoid);
    as before, the SVM alone when the rarest category has fewer than two articles."""

    def __init__(self, ensemble: bool = True):
        self.ensemble = ensemble

    def fit(self, documents, categories):
        self.features_ = text_features(char_ngrams=False, min_df=2)
        folds = min(3, int(min(Counter(categories).values())))
        svm = LinearSVC(random_state=0)
        self.model_ = (
            CalibratedClassifierCV(svm, cv=folds, method="sigmoid", ensemble=self.ensemble)
            if folds >= 2
            else svm
        )
        self.model_.fit(self.features_.fit_transform(documents), categories)
        return self

    def predict(self, documents):
        return self.model_.predict(self.features_.transform(documents))


CANDIDATES: dict[str, Callable[[], BaseEstimator]] = {
    "baseline: TfidfVectorizer() + LinearSVC()": Baseline,
    "previous: calibrated SVM (ensemble=True)": CalibratedSVM,
    "calibrated SVM, ensemble=False": lambda: CalibratedSVM(ensemble=False),
    "SVM C=1 + stacking layer": lambda: CategoryClassifier(C=1.0, naive_bayes=False),
    "SVM C=3 + stacking layer": lambda: CategoryClassifier(naive_bayes=False),
    "SVM C=1 + complement NB alpha 0.3, stacked": lambda: CategoryClassifier(C=1.0, alpha=0.3),
    "SVM C=1 + complement NB alpha 0.1, stacked": lambda: CategoryClassifier(C=1.0),
    "SVM C=3 + complement NB alpha 0.1, stacked (default)": CategoryClassifier,
}


def out_of_fold(model: BaseEstimator, documents: list, labels: np.ndarray, folds: int) -> Any:
    predicted = np.empty(len(labels), dtype=object)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=0)
    for train, test in splitter.split(np.zeros(len(labels)), labels):
        fitted = clone(model).fit([documents[i] for i in train], labels[train])
        predicted[test] = fitted.predict([documents[i] for i in test])
    return predicted


def compare(names: list[str], folds: int) -> None:
    """Every candidate out of fold on the train split, then fitted on it and tested."""
    print("| corpus | model | out-of-fold accuracy | test accuracy | test macro-F1 |")
    print("| --- | --- | --- | --- | --- |")
    for name in names:
        parts = CORPORA[name]()
        train = [(r["title"], r["body"]) for r in parts["train"]]
        test = [(r["title"], r["body"]) for r in parts["test"]]
        y_train = np.array([r["category"] for r in parts["train"]])
        y_test = np.array([r["category"] for r in parts["test"]])
        for label, make in CANDIDATES.items():
            oof = figures(y_train, out_of_fold(make(), train, y_train, folds))
            tested = figures(y_test, make().fit(train, y_train).predict(test))
            print(
                f"| {name} | {label} | {oof['accuracy']:.4f} | {tested['accuracy']:.4f} "
                f"| {tested['macro_f1']:.4f} |",
                flush=True,
            )


# -- through the CLI -------------------------------------------------------------------------
def through_cli(name: str, workdir: Path) -> dict[str, Any]:
    """Train and evaluate with the CLI; the baseline on the same articles as ingested."""
    from pipeline.core.model import Article
    from pipeline.ingest import read_articles

    parts = CORPORA[name]()
    folder = workdir / name
    folder.mkdir(parents=True, exist_ok=True)
    train_path = write_jsonl(parts["train"], folder / "train.jsonl")
    test_path = write_jsonl(parts["test"], folder / "test.jsonl")
    cli = [sys.executable, "-m", "pipeline.cli"]
    started = time.perf_counter()
    subprocess.run([*cli, "train", str(train_path), "--out", str(folder / "model")], check=True)
    train_seconds = time.perf_counter() - started
    evaluation = ["--model", str(folder / "model"), "--out", str(folder / "evaluation")]
    subprocess.run([*cli, "evaluate", str(test_path), *evaluation], check=True)
    report = json.loads((folder / "evaluation" / "report.json").read_text())["category"]

    def labelled(path: Path) -> tuple[list, list[str]]:
        articles = [a for a in read_articles([path]) if isinstance(a, Article) and a.category]
        return [(a.title, a.body) for a in articles], [a.category for a in articles]

    train_docs, train_labels = labelled(train_path)
    test_docs, test_labels = labelled(test_path)
    baseline = Baseline().fit(train_docs, train_labels)
    return {
        "corpus": name,
        "train": len(train_docs),
        "test": report["articles"],
        "classes": len(set(train_labels)),
        "pipeline": {"accuracy": report["accuracy"], "macro_f1": report["macro_f1"]},
        "baseline": figures(test_labels, baseline.predict(test_docs)),
        "train_seconds": round(train_seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpora", default=",".join(CORPORA))
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--compare", action="store_true", help="candidates out of fold")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    names = args.corpora.split(",")
    if args.compare:
        compare(names, args.folds)
        return
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="categories-"))
    rows = [through_cli(name, workdir) for name in names]
    print(f"data and models in {workdir}")
    print(
        "| corpus | classes | train / test | pipeline accuracy | macro-F1 "
        "| baseline accuracy | macro-F1 | `pipeline train` (s) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        ours, base = row["pipeline"], row["baseline"]
        print(
            f"| {row['corpus']} | {row['classes']} | {row['train']:,} / {row['test']:,} "
            f"| {ours['accuracy']:.4f} | {ours['macro_f1']:.4f} "
            f"| {base['accuracy']:.4f} | {base['macro_f1']:.4f} | {row['train_seconds']} |"
        )


if __name__ == "__main__":
    main()
