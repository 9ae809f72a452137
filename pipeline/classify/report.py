"""Readable evaluation reports: a table on the terminal, JSON, and a confusion-matrix PNG."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table


def print_report(report: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    for section in ("category", "tags"):
        figures = report.get(section)
        if not figures:
            continue
        table = Table(title=f"{section} ({figures.get('articles', 0)} articles)")
        table.add_column("metric")
        table.add_column("value", justify="right")
        for name, value in figures.items():
            if name not in ("confusion", "articles"):
                table.add_row(name, f"{value:.4f}" if isinstance(value, float) else str(value))
        console.print(table)


def write_report(report: dict[str, Any], directory: Path) -> list[Path]:
    """``report.json`` and, when there are categories, ``confusion.png`` under ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = [directory / "report.json"]
    written[0].write_text(json.dumps(report, indent=2) + "\n")
    confusion = report.get("category", {}).get("confusion")
    if confusion:
        written.append(plot_confusion(confusion, directory / "confusion.png"))
    return written


def plot_confusion(confusion: dict[str, Any], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, matrix = confusion["labels"], confusion["matrix"]
    size = max(4.0, 0.6 * len(labels) + 2)
    figure, axes = plt.subplots(figsize=(size, size))
    image = axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=45, ha="right")
    axes.set_yticks(range(len(labels)), labels)
    axes.set_xlabel("predicted")
    axes.set_ylabel("editor's category")
    peak = max((max(row) for row in matrix), default=0)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                axes.text(
                    j,
                    i,
                    str(value),
                    ha="center",
                    va="center",
                    color="white" if value > peak / 2 else "black",
                )
    figure.colorbar(image, ax=axes, fraction=0.046)
    axes.set_title("Category confusion matrix")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return path
