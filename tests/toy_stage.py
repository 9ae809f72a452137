"""A stage written the way a user would add one: its own module, its own table, registered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import pyarrow as pa

from pipeline.core.config import RunConfig
from pipeline.core.model import Article
from pipeline.core.options import StageOptions
from pipeline.core.records import Int32, arrow_schema
from pipeline.core.registry import StageDefinition, definitions, register
from pipeline.core.stage import Rows


@dataclass
class WordCountRow:
    article_id: str
    words: Int32


class ToyOptions(StageOptions):
    """Off unless a test turns it on: it is registered for the whole test session."""

    enabled: bool = False


class WordCounts:
    """Counts the words of each article's title and body."""

    name = "toy_word_counts"
    tables: ClassVar[dict[str, pa.Schema]] = {"word_counts": arrow_schema(WordCountRow)}

    def __init__(self, options: StageOptions | None = None):
        self.options = options

    def annotate(self, articles: Sequence[Article]) -> Rows:
        return {
            "word_counts": [
                {"article_id": a.article_id, "words": len(f"{a.title} {a.body}".split())}
                for a in articles
            ]
        }

    def describe(self) -> dict[str, Any]:
        return {}


TOY = StageDefinition(
    name="toy_word_counts",
    factory=f"{__name__}:WordCounts",
    tables=WordCounts.tables,
    order=90,
    options=ToyOptions,
)
register(TOY)


def only(*names: str, batch_size: int = 1000, batch_chars: int = 1_000_000) -> RunConfig:
    """A configuration running the repair stage and just the chunk stages ``names``."""
    sections = {d.name: {"enabled": d.name in names} for d in definitions() if d.kind != "repair"}
    return RunConfig.build(sections, batch_size, batch_chars)
