"""Repair time grows linearly: a ~1 MB damaged text against a ~100 KB one, in the same run.

    python bench/bench_repair_scaling.py [--repeat 5]

The texts are typographic articles (the corpus, else the bundled test articles) joined
and repeated to size, then damaged with ``damage()``. Two measurements:

- in process: ``normalize_text`` with the chain ``pipeline normalize`` runs (``TEXT_STEPS``)
  after a warm-up call (imports, counts and ftfy's tables
  loaded: start-up excluded), the best of ``--repeat`` runs;
- ``pipeline normalize FILE`` as a user runs it, minus the same command on a one-line
  file (interpreter start-up and imports subtracted), the best of twice ``--repeat`` runs.

The best run, not the median (as ``timeit`` advises): the noise of a busy machine only
ever adds time, and start-up (about 0.5 s) is several times the 100 KB text's own time,
so a median's noise shows up magnified in the command's ratio.

Linear time means a ratio near 10 (at most 15). A 1 MB text that is one single line (no
line breaks: ftfy's segments and the chain's alignment cannot lean on them) is timed too.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from newsdump_dev import corpora
from pipeline.ingest.lossy import damage
from pipeline.ingest.normalize import TEXT_STEPS, normalize_text

BUNDLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "typographic_articles.txt"
PIPELINE = Path(sys.executable).with_name("pipeline")


def source_text() -> str:
    """Clean typographic text to damage: the corpus, else the bundled articles."""
    try:
        return "\n\n".join(corpora.typographic_text(r) for r in corpora.typographic("all"))
    except corpora.CorpusMissing:
        return BUNDLED.read_text(encoding="utf-8").replace("\n###\n", "\n\n")


def damaged_text(source: str, size: int) -> str:
    """``source`` repeated to ``size`` characters, cut at a line end, then damaged."""
    text = source
    while len(text) < size:
        text += "\n\n" + source
    cut = text.rfind("\n", 0, size)
    return damage(text[: cut if cut > size // 2 else size])


def best_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def cli_seconds(path: Path, repeat: int) -> float:
    command = [str(PIPELINE), "normalize", str(path)]
    return best_seconds(
        lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL), repeat
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    source = source_text()
    texts = {
        "100 KB": damaged_text(source, 100_000),
        "1 MB": damaged_text(source, 1_000_000),
    }
    texts["1 MB, one line"] = texts["1 MB"].replace("\n", " ")
    normalize_text(damaged_text(source, 5_000), TEXT_STEPS)  # warm-up: start-up excluded

    print(f"in process, best of {args.repeat}:")
    seconds = {}
    for name, text in texts.items():
        seconds[name] = best_seconds(partial(normalize_text, text, TEXT_STEPS), args.repeat)
        print(f"  {name:<15} {len(text):>9,} chars  {seconds[name]:6.2f} s")
    ratio = seconds["1 MB"] / seconds["100 KB"]
    print(f"  ratio 1 MB / 100 KB: {ratio:.1f}  (linear: about 10, at most 15)")

    if PIPELINE.exists():
        with tempfile.TemporaryDirectory() as folder:
            paths = {}
            for name, text in {"tiny": damage("Kim’s “deal”."), **texts}.items():
                paths[name] = Path(folder) / f"{len(paths)}.txt"
                paths[name].write_text(text, encoding="utf-8")
            # Twice the runs: the 100 KB text's own time is a fifth of start-up, so the
            # noise of two start-ups weighs on its difference.
            repeat = 2 * args.repeat
            start_up = cli_seconds(paths["tiny"], repeat)
            print(f"pipeline normalize FILE, best of {repeat}, minus start-up {start_up:.2f} s:")
            cli = {name: cli_seconds(paths[name], repeat) - start_up for name in texts}
            for name, value in cli.items():
                print(f"  {name:<15} {value:6.2f} s")
            print(f"  ratio 1 MB / 100 KB: {cli['1 MB'] / cli['100 KB']:.1f}")


if __name__ == "__main__":
    main()
