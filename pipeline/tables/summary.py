"""Print a short summary of a run's tables: ``python -m pipeline.tables.summary OUT``."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from pipeline.tables.writer import read_manifest, table_folders


def summarize(out: Path) -> str:
    """Rows and columns of each table (in the manifest's order), categories and repairs."""
    lines = [f"Tables in {out}:"]
    names = read_manifest(out).get("tables", [])
    folders = [Path(out) / name for name in names] or table_folders(Path(out))
    for folder in folders:
        if not folder.is_dir():
            continue
        frame = pd.read_parquet(folder)
        lines.append(
            f"  {folder.name:<12} {len(frame):>7} rows  columns: {', '.join(frame.columns)}"
        )
    articles = Path(out) / "articles"
    if articles.exists():
        frame = pd.read_parquet(articles)
        if len(frame):
            lines.append(
                "  categories: "
                + ", ".join(f"{k} ({v})" for k, v in frame["category"].value_counts().items())
            )
            lines.append(f"  repairs made: {int(frame['repairs'].sum())}")
            lines.extend(_kept(frame))
    return "\n".join(lines)


def _kept(articles: pd.DataFrame) -> list[str]:
    """What the input said besides the text: urls, the top publishers, the ``meta`` keys."""
    if "meta" not in articles:  # a run written before these columns
        return []
    publishers = articles["publisher"].value_counts()
    keys = pd.Series([key for pairs in articles["meta"].dropna() for key, _ in pairs])
    return [
        f"  with a url: {int(articles['url'].notna().sum())} of {len(articles)}",
        f"  publishers: {len(publishers)}"
        + "".join(f", {k} ({v})" for k, v in publishers.head(5).items()),
        "  meta keys: "
        + (", ".join(f"{k} ({v})" for k, v in keys.value_counts().head(10).items()) or "none"),
    ]


if __name__ == "__main__":
    print(summarize(Path(sys.argv[1])))
