"""A random sample of a run's GPE mentions that got a country, to judge by reading.

    python bench/places_gpe_sample.py RUN_DIR [--n 100] [--seed 2117]
    python bench/places_gpe_sample.py RUN_DIR --judged FILE

Prints each sampled mention with its country and sentence, numbered; a judged file holds
one line per number, ``N ok`` or ``N wrong KIND`` (the kind of error, a word: ``person``,
``word``, ``org``, ``namesake``, ...). With ``--judged``, prints the precision (the share
judged right) with its 95% Wilson interval, and the wrong ones by kind. The sample is
drawn from the mentions ordered by (article, field, start), so the same run and seed give
the same sample.
"""

from __future__ import annotations

import argparse
import math
import random
from collections import Counter
from pathlib import Path


def sample(run_dir: Path, n: int, seed: int) -> list[tuple]:
    import duckdb

    rows = duckdb.sql(
        "select article_id, field, start_char, text, country_code, sentence "
        f"from read_parquet('{run_dir}/mentions/*.parquet') "
        "where label = 'GPE' and country_code is not null "
        "order by article_id, field, start_char"
    ).fetchall()
    return random.Random(seed).sample(rows, min(n, len(rows)))


def wilson(right: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The 95% Wilson score interval of a share.

    >>> [round(x, 3) for x in wilson(90, 100)]
    [0.826, 0.945]
    """
    if not total:
        return (math.nan, math.nan)
    share = right / total
    centre = share + z * z / (2 * total)
    spread = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total))
    scale = 1 + z * z / total
    return ((centre - spread) / scale, (centre + spread) / scale)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2117)
    parser.add_argument("--judged", type=Path)
    args = parser.parse_args()
    rows = sample(args.run_dir, args.n, args.seed)
    if args.judged is None:
        for number, (article, field, start, text, code, sentence) in enumerate(rows, 1):
            context = " ".join((sentence or "").split())[:200]
            print(f"{number:3} {text!r} -> {code}  [{article}/{field}@{start}] {context}")
        return
    verdicts = {}
    for line in args.judged.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts and parts[0].isdigit():
            verdicts[int(parts[0])] = parts[1:]
    right = sum(1 for v in verdicts.values() if v and v[0] == "ok")
    kinds = Counter(v[1] if len(v) > 1 else "?" for v in verdicts.values() if v[0] != "ok")
    low, high = wilson(right, len(verdicts))
    print(f"GPE with a country: {right}/{len(verdicts)} right = {right / len(verdicts):.3f}")
    print(f"95% Wilson interval {low:.3f}-{high:.3f}; wrong by kind: {dict(kinds)}")


if __name__ == "__main__":
    main()
