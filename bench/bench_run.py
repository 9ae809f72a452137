"""Throughput and memory of `pipeline run`, side by side with two references in the same run.

    python bench/bench_run.py [--articles N] [--memory] [--corpus reuters|typographic]
        [--batch-size B] [--repeat R] [--no-plain] [--no-ceiling]

References, on the same N Reuters-21578 articles:
  plain spaCy      the stock pipeline, every component, one process (a first script)
  NER, 2 procs     only spaCy's `ner`, nlp.pipe(n_process=2): the practical ceiling here
Timed runs are alternated with the references, best of ``--repeat`` (2) each, and never
watched for memory; the peak memory at N comes from one more run, watched.
With --memory, also the peak resident memory of `pipeline run` (process tree) at N and 10 x N.
The CPU seconds (user + system) of `pipeline run` and of the NER-only command, each with its
worker processes, are printed too: on a machine shared with other jobs they move far less
than wall time does.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from newsdump_dev import corpora
from pipeline.nlp.loader import UNUSED, default_model_name


def corpus_records(corpus: str) -> list[dict]:
    """``id``, ``title``, ``body``, ``topics`` records of the Reuters articles with a body, or
    of the typographic corpus's long web articles."""
    if corpus == "typographic":
        return [{**r, "topics": []} for r in corpora.typographic()]
    return [r for r in corpora.reuters() if r["body"]]


def write_dump(path: Path, count: int, corpus: str = "reuters") -> int:
    """The first ``count`` articles of ``corpus`` (repeated if needed); their word count."""
    records = corpus_records(corpus)
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


def _kib(path: Path, field: str) -> int:
    return int(
        next(line.split()[1] for line in path.read_text().splitlines() if line.startswith(field))
    )


def tree_memory_kib(pid: int) -> tuple[int, int]:
    """Resident memory (RSS) and proportional memory (PSS: pages shared by the forked
    workers counted once, split between them) of a process and its descendants, KiB."""
    rss = pss = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            rss += _kib(Path(f"/proc/{current}/status"), "VmRSS")
            pss += _kib(Path(f"/proc/{current}/smaps_rollup"), "Pss:")
            for task in Path(f"/proc/{current}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, StopIteration, ProcessLookupError, PermissionError):
            continue
    return rss, pss


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's finished children and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


CPU: dict[str, float] = {}  # command -> CPU seconds of its process tree


def run_pipeline(
    dump: Path, out: Path, *options: str, watch_memory: bool = False
) -> tuple[float, int, int]:
    """Wall time, peak tree RSS and peak tree PSS (KiB) of one `pipeline run` (its CPU
    seconds in ``CPU["pipeline"]``). Memory is watched only if asked (0 otherwise): reading
    every process's ``smaps_rollup`` ten times a second walks their page tables and slowed
    the run it watched by a quarter (29 s against 23 s for 2,000 Reuters articles), so a
    timed run is never a watched one."""
    cpu_before = children_cpu()
    started = time.perf_counter()
    command = [sys.executable, "-m", "pipeline.cli", "run", str(dump), "--out", str(out)]
    process = subprocess.Popen([*command, "--overwrite", "--quiet", *options])
    peak_rss = peak_pss = 0
    while process.poll() is None:
        if watch_memory:
            rss, pss = tree_memory_kib(process.pid)
            peak_rss, peak_pss = max(peak_rss, rss), max(peak_pss, pss)
        time.sleep(0.1)
    if process.returncode:
        raise SystemExit(f"pipeline run failed with {process.returncode}")
    CPU["pipeline"] = children_cpu() - cpu_before
    return time.perf_counter() - started, peak_rss, peak_pss


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--memory", action="store_true", help="also peak memory at N and 10 x N")
    parser.add_argument("--corpus", choices=["reuters", "typographic"], default="reuters")
    parser.add_argument("--batch-size", type=int, help="pipeline run's --batch-size")
    parser.add_argument("--no-ceiling", action="store_true", help="skip the spaCy references")
    parser.add_argument(
        "--repeat", type=int, default=2, help="timed runs of each, alternated (best taken)"
    )
    parser.add_argument(
        "--no-plain", action="store_true", help="skip the plain spaCy reference (the slowest)"
    )
    args = parser.parse_args()
    options = ["--batch-size", str(args.batch_size)] if args.batch_size else []
    try:
        corpora.path_of(corpora.REUTERS)
    except corpora.CorpusMissing as exc:
        raise SystemExit(str(exc)) from exc
    # Our modules compiled as a user's first run leaves them (spaCy's came compiled with its
    # wheel): where PYTHONDONTWRITEBYTECODE is set, every run would compile them anew.
    compileall.compile_dir(Path(__file__).resolve().parents[1] / "pipeline", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="bench-run-"))
    dump = work / "dump.jsonl"
    words = write_dump(dump, args.articles, args.corpus)
    print(f"{args.articles} {args.corpus} articles, {words} words, {os.cpu_count()} cores")
    texts = texts_of(dump)
    plain = None if args.no_ceiling or args.no_plain else time_spacy(texts, [], n_process=1)
    # The references and the run alternate, best of --repeat each: the machine's other
    # work slows whichever happens to run beside it.
    ner_two = ner_process = ours = float("inf")
    cpu = {"ner": float("inf"), "pipeline": float("inf")}
    for _ in range(args.repeat):
        if not args.no_ceiling:
            ner_two = min(ner_two, time_spacy(texts, [*UNUSED, "tok2vec"], n_process=2))
            ner_process = min(ner_process, time_ner_process(dump))
            cpu["ner"] = min(cpu["ner"], CPU["ner"])
        ours = min(ours, run_pipeline(dump, work / "out", *options)[0])
        cpu["pipeline"] = min(cpu["pipeline"], CPU["pipeline"])
    CPU.update(cpu)
    _, rss, pss = run_pipeline(dump, work / "out", *options, watch_memory=True)
    if not args.no_ceiling:
        if plain:
            print(f"plain spaCy, 1 process   {words / plain:9.0f} words/s (model loaded)")
        print(f"NER only, 2 processes    {words / ner_two:9.0f} words/s (model loaded)")
        print(f"NER only, whole process  {words / ner_process:9.0f} words/s (start to end)")
        print(
            f"pipeline run (all tables){words / ours:9.0f} words/s (start to end)  "
            f"= {ner_two / ours:.2f} x NER-only, {ner_process / ours:.2f} x NER-only whole "
            + (f"process, {plain / ours:.2f} x plain spaCy" if plain else "process")
        )
        print(
            f"CPU seconds (process tree): pipeline run {CPU['pipeline']:.1f}, NER-only "
            f"command {CPU['ner']:.1f}: ratio {CPU['ner'] / CPU['pipeline']:.2f}"
        )
    print(f"peak memory at N: {pss / 1024:.0f} MiB PSS ({rss / 1024:.0f} MiB RSS summed)")
    if args.memory:
        big = work / "dump10.jsonl"
        write_dump(big, 10 * args.articles, args.corpus)
        _, rss_big, pss_big = run_pipeline(big, work / "out10", *options, watch_memory=True)
        print(
            f"peak memory at 10 x N: {pss_big / 1024:.0f} MiB PSS ({rss_big / 1024:.0f} MiB "
            f"RSS summed): ratio {pss_big / pss:.2f} PSS, {rss_big / rss:.2f} RSS"
        )


def time_ner_process(dump: Path) -> float:
    """The NER-only reference as a whole command, like `pipeline run`: a fresh Python that
    imports spaCy, loads the model, reads the dump and runs ``nlp.pipe`` on 2 processes."""
    script = (
        "import json, sys, spacy\n"
        "from pipeline.nlp.loader import UNUSED, default_model_name\n"
        "nlp = spacy.load(default_model_name(), exclude=[*UNUSED, 'tok2vec'])\n"
        "texts = [t for line in open(sys.argv[1], encoding='utf-8')\n"
        "         for r in [json.loads(line)] for t in (r['title'], r['body'])]\n"
        "for _ in nlp.pipe(texts, n_process=2, batch_size=64):\n"
        "    pass\n"
    )
    cpu_before = children_cpu()
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, str(dump)], check=True)
    CPU["ner"] = children_cpu() - cpu_before
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
