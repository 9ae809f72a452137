"""One article through every stage: ``analyze(title, body)`` for notebooks and services.

The text is repaired as ingestion repairs it, then every stage of :mod:`pipeline.core.registry`
(entities, suggestions) runs on it, loaded once per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.model import Article, ErrorRecord, RawRecord
from pipeline.core.registry import StageOptions, build_stages
from pipeline.core.stage import Rows
from pipeline.ingest import build_article
from pipeline.ingest.lossy import house_style
from pipeline.nlp.extract import Mention


@dataclass
class Analysis:
    """One repaired article and the rows every stage produced for it."""

    article: Article
    tables: Rows = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def body(self) -> str:
        return self.article.body

    @property
    def mentions(self) -> list[Mention]:
        return [Mention(**row) for row in self.tables.get("mentions", [])]

    @property
    def entities(self) -> list[dict[str, Any]]:
        return self.tables.get("entities", [])

    @property
    def countries(self) -> list[str]:
        """The ISO codes of the countries the article mentions, sorted."""
        return sorted({m.country_code for m in self.mentions if m.country_code})

    def suggested(self, kind: str) -> list[tuple[str, float]]:
        """``(label, score)`` of the ``category`` or ``tag`` suggestions, best first."""
        rows = [row for row in self.tables.get("suggestions", []) if row["kind"] == kind]
        return [(row["label"], row["score"]) for row in sorted(rows, key=lambda r: r["rank"])]

    @property
    def categories(self) -> list[tuple[str, float]]:
        """The three likeliest categories with their probabilities."""
        return self.suggested("category")

    @property
    def tags(self) -> list[tuple[str, float]]:
        """The suggested tags with their scores."""
        return self.suggested("tag")

    def frame(self, table: str):
        """One table's rows as a pandas DataFrame (``mentions``, ``entities``, ``suggestions``)."""
        import pandas as pd

        return pd.DataFrame(self.tables.get(table, []))


def analyze(
    title: str,
    body: str = "",
    *,
    article_id: str = "",
    spacy_model: str | None = None,
    model_dir: str | Path | None = None,
    entities: bool = True,
    suggestions: bool = True,
    home_country: str | None = None,
    dump_country: str | None = None,
    dash_style: str | None = None,
) -> Analysis:
    """Repair ``title`` and ``body``, then find entities and suggest categories and tags.

    ``home_country`` and ``dump_country`` (ISO codes) are the publisher's country and the
    country its dump names most, as ``pipeline run`` takes them: a place name several
    countries share leans to the namesake there. ``dash_style``: the house style for
    spaced dashes in damaged text, ``"en"`` or ``"em"``; ``"auto"``: guessed; None: as
    set around the call (:func:`pipeline.ingest.lossy.house_style`), else guessed.

    >>> result = analyze("Kremlin rebuffs Seoul", "Kremlin spokesman Dmitry Peskov told reporters "
    ...                  "on Monday that talks would go on. Peskov said no deal was near.")
    >>> result.countries
    ['KR', 'RU']
    >>> sorted({m.canonical for m in result.mentions if m.label == "PERSON"})
    ['Dmitry Peskov']
    >>> len(result.categories), all(0 <= score <= 1 for _, score in result.tags)
    (3, True)
    """
    fields = {"id": article_id, "title": title, "body": body}
    with house_style(dash_style):
        article = build_article(RawRecord("analyze", "", fields))
    if isinstance(article, ErrorRecord):
        raise ValueError(article.reason)
    options = StageOptions(
        entities=entities,
        spacy_model=spacy_model,
        home_country=home_country,
        dump_country=dump_country,
        suggestions=suggestions,
        model_dir=model_dir,
    )
    tables: Rows = {"articles": [article.to_row()]}
    for stage in build_stages(options):
        tables.update(stage.annotate([article]))
    return Analysis(article, tables)
