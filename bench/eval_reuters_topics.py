"""Reuters-21578 ModApte topics as tags, through `pipeline train` and `pipeline evaluate`.

    python bench/eval_reuters_topics.py [--workdir DIR]

The 90 topics that occur in both the train and the test split; train on the 7,770
train articles with such a topic, test on the 3,019 test articles. The same run also
fits the textbook baseline (TF-IDF + one-vs-rest LinearSVC, threshold 0) for comparison.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.preprocessing import MultiLabelBinarizer
from sklearn.svm import LinearSVC

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "reuters21578" / "reuters21578.jsonl"


def split_corpus(workdir: Path) -> tuple[Path, Path, list[str]]:
    records = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    train = [r for r in records if r["modapte_split"] == "train" and r["topics"]]
    test = [r for r in records if r["modapte_split"] == "test" and r["topics"]]
    labels = sorted(
        {t for r in train for t in r["topics"]} & {t for r in test for t in r["topics"]}
    )
    paths = []
    for name, part in (("train", train), ("test", test)):
        path = workdir / f"reuters_{name}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for r in part:
                tags = [t for t in r["topics"] if t in labels]
                if tags:
                    body = r["body"] or r["unproc_text"] or r["title"]
                    handle.write(
                        json.dumps(
                            {
                                "id": r["id"],
                                "title": r["title"],
                                "dateline": r["dateline"],
                                "body": body,
                                "tags": tags,
                            }
                        )
                        + "\n"
                    )
        paths.append(path)
    return paths[0], paths[1], labels


def baseline(train_path: Path, test_path: Path, labels: list[str]) -> dict[str, float]:
    def load(path):
        rows = [json.loads(line) for line in path.open(encoding="utf-8")]
        return [f"{r['title']}\n{r['body']}" for r in rows], [r["tags"] for r in rows]

    x_train, y_train = load(train_path)
    x_test, y_test = load(test_path)
    binarizer = MultiLabelBinarizer(classes=labels)
    vectorizer = TfidfVectorizer()
    model = OneVsRestClassifier(LinearSVC(), n_jobs=2).fit(
        vectorizer.fit_transform(x_train), binarizer.fit_transform(y_train)
    )
    predicted = model.predict(vectorizer.transform(x_test))
    gold = binarizer.transform(y_test)
    return {
        "micro_f1": round(f1_score(gold, predicted, average="micro"), 4),
        "macro_f1": round(f1_score(gold, predicted, average="macro", zero_division=0), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="reuters-"))
    workdir.mkdir(parents=True, exist_ok=True)
    train_path, test_path, labels = split_corpus(workdir)
    print(f"{len(labels)} topics; data in {workdir}")
    cli = [sys.executable, "-m", "pipeline.cli"]
    started = time.perf_counter()
    subprocess.run([*cli, "train", str(train_path), "--out", str(workdir / "model")], check=True)
    train_seconds = time.perf_counter() - started
    subprocess.run(
        [
            *cli,
            "evaluate",
            str(test_path),
            "--model",
            str(workdir / "model"),
            "--out",
            str(workdir / "evaluation"),
        ],
        check=True,
    )
    report = json.loads((workdir / "evaluation" / "report.json").read_text())["tags"]
    reference = baseline(train_path, test_path, labels)
    print(f"pipeline train (wall, incl. reading): {train_seconds:.1f}s")
    print(
        f"pipeline : micro-F1 {report['micro_f1']:.4f}  macro-F1 {report['macro_f1']:.4f}  "
        f"P@1 {report['precision@1']:.4f}  NDCG@5 {report['ndcg@5']:.4f}"
    )
    print(f"baseline : micro-F1 {reference['micro_f1']:.4f}  macro-F1 {reference['macro_f1']:.4f}")


if __name__ == "__main__":
    main()
