"""A stage written the way a user would add one: its own module, its own table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import pyarrow as pa

from pipeline.core.model import Article
from pipeline.core.stage import Rows, StageSpec

WORD_COUNTS = pa.schema([("article_id", pa.string()), ("words", pa.int32())])


class WordCounts:
    """Counts the words of each article's title and body."""

    name = "word_counts"
    tables: ClassVar[dict[str, pa.Schema]] = {"word_counts": WORD_COUNTS}

    def annotate(self, articles: Sequence[Article]) -> Rows:
        return {
            "word_counts": [
                {"article_id": a.article_id, "words": len(f"{a.title} {a.body}".split())}
                for a in articles
            ]
        }

    def describe(self) -> dict[str, Any]:
        return {"name": self.name}

    def spec(self) -> StageSpec:
        return StageSpec.of(f"{__name__}:WordCounts")
