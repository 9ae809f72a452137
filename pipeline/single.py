"""One article through every stage: ``analyze(title, body)`` for notebooks and services.

The text is repaired by the repair stage, then every enabled stage of the registry
(:mod:`pipeline.core.registry`: entities, suggestions, text_tags, installed plugins) runs
on it, each built once per process and configuration.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.core.config import RunConfig, merge_sections, parse_settings
from pipeline.core.model import Article, ErrorRecord, RawRecord
from pipeline.core.records import Mention
from pipeline.core.stage import Rows, annotate_with
from pipeline.run.plan import Plan


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

    def suggested(
        self, kind: str, sources: tuple[str, ...] = ("model",)
    ) -> list[tuple[str, float]]:
        """``(label, score)`` of the ``category`` or ``tag`` suggestions from ``sources``
        (``model``: the trained model; ``entity``, ``phrase``: the text's own), best first."""
        rows = [
            row
            for row in self.tables.get("suggestions", [])
            if row["kind"] == kind and row.get("source", "model") in sources
        ]
        return [(row["label"], row["score"]) for row in sorted(rows, key=lambda r: r["rank"])]

    @property
    def text_tags(self) -> list[tuple[str, float]]:
        """Tags from the article itself (its names and key phrases), best first."""
        return self.suggested("tag", ("entity", "phrase"))

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


# The keywords analyze() takes besides config= and settings=, as the command line's flags.
SHORTCUTS = {
    "dash_style": ("repair", "dash_style"),
    "entities": ("entities", "enabled"),
    "spacy_model": ("entities", "spacy_model"),
    "home_country": ("entities", "home_country"),
    "dump_country": ("entities", "dump_country"),
    "suggestions": ("suggestions", "enabled"),
    "model_dir": ("suggestions", "model_dir"),
}


def analysis_config(
    config: RunConfig | None = None, settings: Mapping[str, Any] | None = None, **shortcuts: Any
) -> RunConfig:
    """The configuration :func:`analyze` runs with: ``config`` (default: every registered
    stage with its defaults), then ``shortcuts`` (the command line's flags as keywords),
    then ``settings`` (``{"stage.option": value}``, any stage's option, plugins' too).

    >>> config = analysis_config(home_country="gb", settings={"repair.dash_style": "em"})
    >>> config.options("entities").home_country, config.options("repair").dash_style
    ('GB', 'em')
    """
    sections: dict[str, dict[str, Any]] = {}
    for keyword, value in shortcuts.items():
        if keyword not in SHORTCUTS:
            raise TypeError(f"analyze() got an unexpected keyword argument {keyword!r}")
        if value is not None:
            stage, option = SHORTCUTS[keyword]
            sections.setdefault(stage, {})[option] = str(value) if keyword == "model_dir" else value
    sections = merge_sections(
        sections, parse_settings(f"{k}={json.dumps(v)}" for k, v in (settings or {}).items())
    )
    base = config or RunConfig.build()
    for stage, values in sections.items():
        base = base.with_options(stage, **values)
    return base


def analyze(
    title: str,
    body: str = "",
    *,
    article_id: str = "",
    config: RunConfig | None = None,
    settings: Mapping[str, Any] | None = None,
    **shortcuts: Any,
) -> Analysis:
    """Repair ``title`` and ``body``, then run every enabled stage on them: entities,
    suggestions, any installed plugin's.

    Options as a run takes them: a :class:`~pipeline.core.config.RunConfig`, and/or the
    command line's flags as keywords (``dash_style``, ``entities``, ``spacy_model``,
    ``home_country``, ``dump_country``, ``suggestions``, ``model_dir``), and/or
    ``settings={"stage.option": value}``. ``dump_country="auto"`` means none here: one
    article is no dump.

    >>> result = analyze("Kremlin rebuffs Seoul", "Kremlin spokesman Dmitry Peskov told reporters "
    ...                  "on Monday that talks would go on. Peskov said no deal was near.")
    >>> result.countries
    ['KR', 'RU']
    >>> sorted({m.canonical for m in result.mentions if m.label == "PERSON"})
    ['Dmitry Peskov']
    >>> len(result.categories), all(0 <= score <= 1 for _, score in result.tags)
    (3, True)
    """
    plan = _plan(analysis_config(config, settings, **shortcuts))
    fields = {"id": article_id, "title": title, "body": body}
    [article], repaired = plan.repair.repair([RawRecord("analyze", "", fields)])
    if isinstance(article, ErrorRecord):
        raise ValueError(article.reason)
    tables: Rows = {"articles": [article.to_row()], **repaired}
    for stage in plan.stages:
        for table, rows in annotate_with(stage, [article], tables).items():
            tables.setdefault(table, []).extend(rows)
    return Analysis(article, tables)


@cache
def _plan(config: RunConfig) -> Plan:
    return Plan.of(config)
