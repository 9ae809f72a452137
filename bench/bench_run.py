"""Throughput and memory of `pipeline run`, side by side with two references in the same run.

    python bench/bench_run.py [--articles N] [--memory]

References, on the same N Reuters-21578 articles:
  plain spaCy      the stock pipeline, every component, one process (a first script)
  NER, 2 procs     only spaCy's `ner`, nlp.pipe(n_process=2): the practical ceiling here
With --memory, also the peak resident memory of `pipeline run` (process tree) at N and 10 x N.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from newsdump_dev import corpora
from pipeline.nlp.loader import UNUSED, default_model_name


def write_dump(path: Path, count: int) -> int:
    """The first ``count`` Reuters articles with a body (repeated if needed); their word count."""
    records = [r for r in corpora.reuters() if r["body"]]
    words = 0
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            r = records[i % len(records)]
            handle.write(
                json.dumps(
                    {"id": f"{i}", "title": r["title"], "body": r["body"], "tags": r["topics"]}
                )
                + "\n"
            )
            words += len(r["title"].split()) + len(r["body"].split())
    return words


def texts_of(path: Path) -> list[str]:
    texts = []
    for line in path.open(encoding="utf-8"):
        record = json.loads(line)
        texts += [record["title"], record["body"]]
    return texts


def time_spacy(texts: list[str], exclude: list[str], n_process: int) -> float:
    nlp = spacy.load(default_model_name(), exclude=exclude)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=n_process, batch_size=64):
        pass
    return time.perf_counter() - started


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(
                next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, StopIteration, ProcessLookupError):
            continue
    return total


def run_pipeline(dump: Path, out: Path) -> tuple[float, int]:
    """Wall time and peak tree RSS (KiB) of one `pipeline run`."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "run",
            str(dump),
            "--out",
            str(out),
            "--overwrite",
            "--quiet",
        ]
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kib(process.pid))
        time.sleep(0.1)
    if process.returncode:
        raise SystemExit(f"pipeline run failed with {process.returncode}")
    return time.perf_counter() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--memory", action="store_true", help="also peak memory at N and 10 x N")
    args = parser.parse_args()
    try:
        corpora.path_of(corpora.REUTERS)
    except corpora.CorpusMissing as exc:
        raise SystemExit(str(exc)) from exc
    work = Path(tempfile.mkdtemp(prefix="bench-run-"))
    dump = work / "dump.jsonl"
    words = write_dump(dump, args.articles)
    texts = texts_of(dump)
    print(f"{args.articles} articles, {words} words, {os.cpu_count()} cores")
    plain = time_spacy(texts, exclude=[], n_process=1)
    ner_two = time_spacy(texts, exclude=[*UNUSED, "tok2vec"], n_process=2)
    ours, peak = run_pipeline(dump, work / "out")
    print(f"plain spaCy, 1 process   {words / plain:9.0f} words/s")
    print(f"NER only, 2 processes    {words / ner_two:9.0f} words/s")
    print(
        f"pipeline run (all tables){words / ours:9.0f} words/s   "
        f"= {ner_two / ours:.2f} x NER-only, {plain / ours:.2f} x plain spaCy"
    )
    if args.memory:
        big = work / "dump10.jsonl"
        write_dump(big, 10 * args.articles)
        _, peak_big = run_pipeline(big, work / "out10")
        print(
            f"peak memory: {peak / 1024:.0f} MiB at N, {peak_big / 1024:.0f} MiB at 10 x N "
            f"(ratio {peak_big / peak:.2f})"
        )


if __name__ == "__main__":
    main()
