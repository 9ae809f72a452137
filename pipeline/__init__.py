"""Content-analysis pipeline for news article dumps.

>>> from pipeline import normalize_text
>>> normalize_text("Moscowâ??s")
'Moscow’s'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipeline.ingest import normalize_text, read_articles

if TYPE_CHECKING:
    from pipeline.analyze import Analysis

__all__ = ["analyze", "normalize_text", "read_articles"]


def analyze(title: str, body: str = "", **options: Any) -> Analysis:
    """Repair an article's text and extract its entities (loads spaCy on first use)."""
    from pipeline.analyze import analyze as _analyze

    return _analyze(title, body, **options)
