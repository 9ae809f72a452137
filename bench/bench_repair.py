"""Share of lossy-mojibake damage removed, by edit distance, against ftfy alone (same run).

python bench/bench_repair.py [FILE]   # articles separated by lines of ###
"""

from __future__ import annotations

import sys
from pathlib import Path

import ftfy

from pipeline.ingest.lossy import damage
from pipeline.ingest.normalize import normalize_text
from pipeline.metrics import edit_distance

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "typographic_articles.txt"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    articles = [a.strip() for a in path.read_text(encoding="utf-8").split("\n###\n") if a.strip()]
    totals = {"damage": 0, "ftfy": 0, "pipeline": 0}
    unchanged_clean = 0
    for article in articles:
        damaged = damage(article)
        totals["damage"] += edit_distance(damaged, article)
        totals["ftfy"] += edit_distance(ftfy.fix_text(damaged, uncurl_quotes=False), article)
        totals["pipeline"] += edit_distance(normalize_text(damaged), article)
        unchanged_clean += normalize_text(article) == article
    for name in ("ftfy", "pipeline"):
        print(f"{name:<9} damage removed: {1 - totals[name] / totals['damage']:.2%}")
    print(f"clean articles unchanged: {unchanged_clean}/{len(articles)}")


if __name__ == "__main__":
    main()
