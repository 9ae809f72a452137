"""Share of lossy-mojibake damage removed, by edit distance, against ftfy alone (same run).

    python bench/bench_repair.py         # the typographic corpus: development and test parts
    python bench/bench_repair.py FILE    # articles separated by lines of ### (the bundled
                                         # tests/data/typographic_articles.txt without the corpus)

Every article is damaged with ``damage()`` (UTF-8 read as cp1252, written as Latin-1 with
``?``) and repaired by ``normalize_text``; ftfy alone (quotes kept) runs on the same text.
Figures: the share of the damage's edit distance removed, the articles restored exactly,
and the clean (undamaged) articles that repair changes. The learned counts come from the
development part, so its figure is in-sample; the test part's publishers were never seen.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import ftfy

from pipeline import corpora
from pipeline.ingest.lossy import damage
from pipeline.ingest.normalize import normalize_text
from pipeline.metrics import edit_distance

BUNDLED = Path(__file__).resolve().parents[1] / "tests" / "data" / "typographic_articles.txt"


def ftfy_alone(text: str) -> str:
    """The baseline: ftfy with its defaults, quotes kept."""
    return ftfy.fix_text(text, uncurl_quotes=False)


@dataclass
class Figures:
    """Totals over a set of articles for one repair function."""

    damage: int = 0
    left: int = 0
    exact: int = 0
    clean_changed: list[str] = field(default_factory=list)

    @property
    def removed(self) -> float:
        return 1 - self.left / self.damage if self.damage else 1.0


def measure(articles: list[tuple[str, str]]) -> tuple[dict[str, Figures], float]:
    """``(name, clean text)`` articles -> figures of the pipeline and of ftfy alone."""
    figures = {"pipeline": Figures(), "ftfy alone": Figures()}
    started = time.perf_counter()
    for name, clean in articles:
        damaged = damage(clean)
        distance = edit_distance(damaged, clean)
        for label, repair in (("pipeline", normalize_text), ("ftfy alone", ftfy_alone)):
            fig = figures[label]
            restored = repair(damaged)
            fig.damage += distance
            fig.left += edit_distance(restored, clean)
            fig.exact += restored == clean
            if repair(clean) != clean:
                fig.clean_changed.append(name)
    return figures, time.perf_counter() - started


def report(title: str, articles: list[tuple[str, str]]) -> None:
    figures, seconds = measure(articles)
    print(f"{title}: {len(articles)} articles, damage {figures['pipeline'].damage} edits")
    for label, fig in figures.items():
        changed = ", ".join(fig.clean_changed[:5]) + (" ..." if len(fig.clean_changed) > 5 else "")
        print(
            f"  {label:<11} damage removed {fig.removed:7.2%}  left {fig.left:5d}  "
            f"restored exactly {fig.exact}/{len(articles)}  "
            f"clean changed {len(fig.clean_changed)}/{len(articles)}"
            + (f" ({changed})" if changed else "")
        )
    print(f"  ({seconds:.1f} s for both, repairs and edit distances)")


def main() -> None:
    if len(sys.argv) > 1:
        path = Path(sys.argv[1])
        parts = path.read_text(encoding="utf-8").split("\n###\n")
        report(path.name, [(f"#{i}", a.strip()) for i, a in enumerate(parts) if a.strip()])
        return
    try:
        for part, note in (("dev", "in-sample: the counts are learned here"), ("test", "unseen")):
            records = corpora.typographic(part)
            articles = [(r["id"], corpora.typographic_text(r)) for r in records]
            report(f"typographic {part} part ({note})", articles)
    except corpora.CorpusMissing as exc:
        print(f"{exc}; measuring the bundled articles instead")
        parts = BUNDLED.read_text(encoding="utf-8").split("\n###\n")
        report(BUNDLED.name, [(f"#{i}", a.strip()) for i, a in enumerate(parts) if a.strip()])


if __name__ == "__main__":
    main()
