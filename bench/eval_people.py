"""PERSON mentions of two runs over the typographic corpus, side by side, for judging.

    python bench/eval_people.py BEFORE_RUN AFTER_RUN [--sample 150] [--dropped 50] [--seed 21]
        [--tag round2] [--exclude bench/judged/*.tsv] [--judged bench/judged/people_*.tsv]

Both runs are ``pipeline run`` outputs over the whole typographic corpus (its records as a
JSONL dump: ``id``, ``title``, ``body``). Prints, for each run:

- PERSON mentions and articles, on the corpus's dev and test parts
  (:func:`newsdump_dev.corpora.typographic_part`);
- the shortening check: among the run's 60 most frequent people (by articles), the pairs
  where one is the other's surname or a shortening of it ("Obama" / "Barack Obama");

and writes, for reading, ``--sample`` random PERSON mentions of the AFTER run on the test
part and ``--dropped`` random PERSON spans of the BEFORE run on the test part that the
AFTER run no longer has as PERSON (with the label they have now, if any), each with its
sentence, to ``bench/judged/people_sample.tsv`` and ``people_dropped.tsv``, and as many
random PERSON mentions of the BEFORE run on the test part (the baseline, drawn with the
same seed) to ``people_baseline.tsv``; ``--tag`` adds a suffix to the three names (a new
round keeps the judged files of the last); ``--exclude`` leaves out of the three samples
every mention a judged file already holds (the same article and context), so a fresh
sample is judged on mentions never read before. A judged file (a ``verdict`` column:
``ok``/``wrong``) given with ``--judged`` is scored, with a 95% interval.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from collections import defaultdict
from pathlib import Path

import pyarrow.parquet as pq

from newsdump_dev import corpora

OUT = Path(__file__).resolve().parent / "judged"


def parts() -> dict[str, str]:
    """Article id -> ``dev``/``test``, by the corpus's ids, and by the ids ``0``..``N-1`` of
    a dump that numbers the records in the corpus's order."""
    records = corpora.typographic()
    part = {r["id"]: corpora.typographic_part(r) for r in records}
    part.update({str(i): corpora.typographic_part(r) for i, r in enumerate(records)})
    return part


def read(run: Path, table: str) -> list[dict]:
    return pq.read_table(run / table).to_pylist()


def shortenings(mentions: list[dict], top: int = 60) -> list[tuple[str, str]]:
    """Pairs among the ``top`` people (by articles) where one is the other's last or first
    word(s): "Obama" / "Barack Obama", "Bush" / "George W. Bush". People as the ``people``
    table counts them: a PERSON mention without a person id (a bare given name the run
    cannot tell) is no one's."""
    articles: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m["label"] == "PERSON" and m.get("entity_id", "x"):
            articles[m["canonical"]].add(m["article_id"])
    ranked = sorted(articles, key=lambda n: (-len(articles[n]), n))[:top]
    pairs = []
    for short in ranked:
        for full in ranked:
            s, f = short.split(), full.split()
            if len(s) < len(f) and (f[-len(s) :] == s or f[: len(s)] == s):
                pairs.append((short, full))
    return pairs


def marked(text: str, start: int, end: int, reach: int = 80) -> str:
    """``text[start:end]`` in ``[[ ]]`` with ``reach`` characters either side, on one line."""
    lo, hi = max(0, start - reach), end + reach
    snippet = f"{text[lo:start]}[[{text[start:end]}]]{text[end:hi]}"
    return snippet.replace("\n", " / ").replace("\t", " ")


def context(texts: dict[tuple[str, str], str], m: dict, reach: int = 80) -> str:
    """:func:`marked` for a mention row of a run's tables."""
    return marked(texts[(m["article_id"], m["field"])], m["start_char"], m["end_char"], reach)


def write(path: Path, rows: list[dict]) -> None:
    if not rows:
        return
    path.parent.mkdir(exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter="\t")
        writer.writeheader()
        writer.writerows(rows)


def judged_keys(paths: list[Path]) -> set[tuple[str, str]]:
    """(article, context) of every mention in the judged files ``paths``."""
    numbered = {r["id"]: str(i) for i, r in enumerate(corpora.typographic())}
    keys = set()
    for path in paths:
        for row in csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"):
            keys.add((row["article_id"], row["context"]))
            if row["article_id"] in numbered:  # the same article in a numbered dump
                keys.add((numbered[row["article_id"]], row["context"]))
    return keys


def proportion(ok: int, judged: int) -> tuple[float, float]:
    """``ok / judged`` and its 95% margin (normal approximation); 0 judged counts as 1."""
    n = max(1, judged)
    p = ok / n
    return p, 1.96 * math.sqrt(p * (1 - p) / n)


def rate(ok: int, judged: int) -> str:
    """``ok/judged = p +- margin``, the 95% margin of :func:`proportion`."""
    p, margin = proportion(ok, judged)
    return f"{ok}/{judged} = {p:.3f} +- {margin:.3f}"


def score(path: Path) -> tuple[int, int]:
    """Print and return the ok and judged mentions of a judged file."""
    rows = list(csv.DictReader(path.open(encoding="utf-8"), delimiter="\t"))
    judged = [r for r in rows if r.get("verdict") in ("ok", "wrong")]
    ok = sum(r["verdict"] == "ok" for r in judged)
    print(f"{path.name}: ok {rate(ok, len(judged))} (95%, normal)")
    return ok, len(judged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--sample", type=int, default=150)
    parser.add_argument("--dropped", type=int, default=50)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--judged", type=Path, nargs="*", default=[])
    parser.add_argument("--tag", default="", help="suffix of the written files' names")
    parser.add_argument("--exclude", type=Path, nargs="*", default=[])
    args = parser.parse_args()
    seen = judged_keys(args.exclude)
    part = parts()
    texts = {}
    for row in read(args.after, "articles"):
        texts[(row["article_id"], "title")] = row["title"]
        texts[(row["article_id"], "body")] = row["body"]
    runs = {"before": read(args.before, "mentions"), "after": read(args.after, "mentions")}
    for name, mentions in runs.items():
        for p in ("dev", "test"):
            people = [m for m in mentions if m["label"] == "PERSON" and part[m["article_id"]] == p]
            print(
                f"{name:6} {p:4}: {len(people):5} PERSON mentions in "
                f"{len({m['article_id'] for m in people})} articles"
            )
        pairs = shortenings(mentions)
        print(f"{name:6} shortening pairs among the 60 most frequent people: {len(pairs)}")
        for short, full in pairs:
            print(f"         {short!r} / {full!r}")
    rng = random.Random(args.seed)
    before_texts = {}
    for row in read(args.before, "articles"):
        before_texts[(row["article_id"], "title")] = row["title"]
        before_texts[(row["article_id"], "body")] = row["body"]
    test_after = [
        m
        for m in runs["after"]
        if m["label"] == "PERSON"
        and part[m["article_id"]] == "test"
        and (m["article_id"], context(texts, m)) not in seen
    ]
    sample = rng.sample(test_after, min(args.sample, len(test_after)))
    suffix = f"_{args.tag}" if args.tag else ""
    write(
        OUT / f"people_sample{suffix}.tsv",
        [
            {
                "article_id": m["article_id"],
                "text": m["text"],
                "canonical": m["canonical"],
                "context": context(texts, m),
                "verdict": "",
            }
            for m in sample
        ],
    )
    now = {(m["article_id"], m["field"], m["start_char"]): m for m in runs["after"]}
    kept = {
        (m["article_id"], m["field"], c)
        for m in runs["after"]
        if m["label"] == "PERSON"
        for c in range(m["start_char"], m["end_char"])
    }
    dropped = [
        m
        for m in runs["before"]
        if m["label"] == "PERSON"
        and part[m["article_id"]] == "test"
        and not any(
            (m["article_id"], m["field"], c) in kept for c in range(m["start_char"], m["end_char"])
        )
        and (m["article_id"], context(before_texts, m)) not in seen
    ]
    print(f"test PERSON spans of BEFORE with no PERSON character in AFTER: {len(dropped)}")
    chosen = rng.sample(dropped, min(args.dropped, len(dropped)))
    test_before = [
        m
        for m in runs["before"]
        if m["label"] == "PERSON"
        and part[m["article_id"]] == "test"
        and (m["article_id"], context(before_texts, m)) not in seen
    ]
    baseline = random.Random(args.seed).sample(test_before, min(args.sample, len(test_before)))
    write(
        OUT / f"people_baseline{suffix}.tsv",
        [
            {
                "article_id": m["article_id"],
                "text": m["text"],
                "canonical": m["canonical"],
                "context": context(before_texts, m),
                "verdict": "",
            }
            for m in baseline
        ],
    )
    write(
        OUT / f"people_dropped{suffix}.tsv",
        [
            {
                "article_id": m["article_id"],
                "text": m["text"],
                "now": (now.get((m["article_id"], m["field"], m["start_char"])) or {}).get(
                    "label", "-"
                ),
                "context": context(texts, m),
                "verdict": "",
            }
            for m in chosen
        ],
    )
    for path in args.judged:
        score(path)


if __name__ == "__main__":
    main()
