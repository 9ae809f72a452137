"""An example stage: how many words each article has, in a table ``word_counts``.

Everything the pipeline needs to know about the stage is declared here, once: its name,
its options, its table (from the row's declaration) and how to build it. Installed, the
stage runs in ``pipeline run`` (any engine), ``pipeline.analyze()`` and the editors'
service with no change to the pipeline; ``--set word_count.enabled=false`` turns it off
and ``--set word_count.fields='["body"]'`` counts bodies only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

import pyarrow as pa

from pipeline.core.model import Article
from pipeline.core.options import StageOptions
from pipeline.core.records import Int32, arrow_schema
from pipeline.core.registry import StageDefinition


@dataclass(slots=True)
class WordCountRow:
    """One article's word count."""

    article_id: str
    words: Int32


class WordCountOptions(StageOptions):
    """``fields``: which of the article's fields are counted."""

    fields: tuple[Literal["title", "body"], ...] = ("title", "body")


class WordCounter:
    """The stage: whitespace-separated words of the chosen fields."""

    name = "word_count"
    tables: ClassVar[dict[str, pa.Schema]] = {"word_counts": arrow_schema(WordCountRow)}

    def __init__(self, options: WordCountOptions):
        self.options = options

    def annotate(self, articles: Sequence[Article]) -> dict[str, list[dict[str, Any]]]:
        rows = [
            {
                "article_id": article.article_id,
                "words": sum(len(getattr(article, field).split()) for field in self.options.fields),
            }
            for article in articles
        ]
        return {"word_counts": rows}

    def describe(self) -> dict[str, Any]:
        return {}


WORD_COUNT = StageDefinition(
    name="word_count",
    factory="word_count_stage:WordCounter",
    options=WordCountOptions,
    tables=WordCounter.tables,
    kind="chunk",
    order=50,
    help="Each article's word count (an example plugin).",
)
