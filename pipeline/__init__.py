"""Content-analysis pipeline for news article dumps.

>>> from pipeline import normalize_text
>>> normalize_text("Moscowâ??s")
'Moscow’s'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.ingest import normalize_text, read_articles

if TYPE_CHECKING:
    from pipeline.analysis import Run
    from pipeline.single import Analysis

__all__ = ["analyze", "normalize_text", "open_run", "read_articles"]


def analyze(title: str, body: str = "", **options: Any) -> Analysis:
    """Repair an article's text, find its entities and suggest categories and tags
    (see :func:`pipeline.single.analyze`; loads spaCy and the model on first use)."""
    from pipeline.single import analyze as _analyze

    return _analyze(title, body, **options)


def open_run(path: str | Path) -> Run:
    """The tables of a ``pipeline run ... --out PATH`` as DataFrames, SQL and analyses
    (see :func:`pipeline.analysis.open_run`; imports pandas and DuckDB on first use)."""
    from pipeline.analysis import open_run as _open_run

    return _open_run(path)
