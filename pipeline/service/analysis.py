"""The service's CPU-bound work: repair drafts, run the stages of a run, explain them.

Everything here runs where the stages are loaded: in the analysis worker processes (forked
from the server after it loaded the stages, so they load once and are shared), or in the
server process itself with ``--workers 0``. Inputs and answers are plain dicts, cheap
to send between processes.

The stages are those of a run with the service's configuration (the registry's, plugins
included). Each stage answers for itself: one with an ``explain`` method says what an
editor sees of it (the entities stage its mentions, the suggestions stage its labels with
their evidence and the editor's decisions honoured); any other is shown by its rows, under
``tables``. Nothing here knows a stage by name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.core.config import RunConfig
from pipeline.core.model import Article, EditorRequest, ErrorRecord, RawRecord
from pipeline.core.stage import Rows, annotate_with
from pipeline.run.plan import Plan

MAX_REPAIRS_LISTED = 200
WARM_UP = {
    "title": "Seoul summons Russian envoy",
    "body": "South Korea's foreign ministry in Seoul summoned the Russian ambassador on Monday.",
}
# What every answer has, whichever stages ran (the API's contract).
EMPTY_ANSWER: dict[str, Any] = {"entities": [], "categories": [], "tags": [], "model": {}}


@dataclass(frozen=True)
class AnalysisSettings:
    """What each analysis needs to know besides the article (picklable)."""

    run: RunConfig = field(default_factory=RunConfig.build)
    candidates: int = 10
    evidence: int = 5
    new_tags: int = 5


@dataclass
class Item:
    """One article to analyse and the editors' standing decisions on it."""

    title: str
    body: str
    article_id: str | None = None
    allow_new: bool = False
    rejected: dict[str, list[str]] = field(default_factory=dict)  # kind -> labels
    accepted: dict[str, list[str]] = field(default_factory=dict)
    limit: int | None = None
    min_score: float | None = None

    def request(self, settings: AnalysisSettings) -> EditorRequest:
        return EditorRequest(
            self.allow_new,
            self.rejected,
            self.accepted,
            settings.candidates,
            settings.evidence,
            settings.new_tags,
            self.limit,
            self.min_score,
        )


@cache
def plan_of(run: RunConfig) -> Plan:
    """The stages of a run with ``run``'s options, built once per process."""
    return Plan.of(run)


def describe_model(settings: AnalysisSettings) -> dict[str, Any]:
    """What each stage reports about itself, and the suggestion model's card if any."""
    plan = plan_of(settings.run)
    described: dict[str, Any] = {"stages": plan.describe()}
    for stage in plan.stages:
        card = getattr(stage, "card", None)
        if card is not None:
            described["card"] = card
    return described


def warm_up(settings: AnalysisSettings) -> dict[str, Any]:
    """Load every stage (spaCy, the model, the gazetteer) by analysing a short article."""
    [result] = analyze_items([Item(**WARM_UP)], settings)
    return result


def _repair(plan: Plan, item: Item, position: int) -> tuple[Article | ErrorRecord, list[dict]]:
    fields = {"id": item.article_id or "", "title": item.title, "body": item.body}
    [article], rows = plan.repair.repair([RawRecord("service", f"item {position}", fields)])
    return article, rows["repairs"][:MAX_REPAIRS_LISTED]


def _stage_answers(
    plan: Plan, articles: list[Article], requests: list[EditorRequest]
) -> tuple[list[dict[str, Any]], Rows]:
    """Each article's answer fields from every stage, and the rows of the stages without
    ``explain`` (shown as they are).

    A stage marked ``explains_alone`` (the suggestions: its explanations apply the run's
    rule to the features they compute anyway) is not asked for its rows first; any other
    stage annotates, and its explanation (if any) reads the rows so far.
    """
    rows: Rows = {}
    shown: Rows = {}
    answers: list[dict[str, Any]] = [{} for _ in articles]
    for stage in plan.stages:
        explain = getattr(stage, "explain", None)
        if not (explain and getattr(stage, "explains_alone", False)):
            for table, table_rows in annotate_with(stage, articles, rows).items():
                rows.setdefault(table, []).extend(table_rows)
                if explain is None:
                    shown.setdefault(table, []).extend(table_rows)
        if explain is not None:
            for answer, extra in zip(answers, explain(articles, requests, rows), strict=True):
                answer.update(extra)
    return answers, shown


def analyze_items(items: Sequence[Item], settings: AnalysisSettings) -> list[dict[str, Any]]:
    """Analyse a batch: one answer per item, in order (``{"error": reason}`` for an item
    that is no article once repaired, say only zero-width characters)."""
    plan = plan_of(settings.run)
    repaired = [_repair(plan, item, i) for i, item in enumerate(items)]
    pairs = [
        (article, item.request(settings))
        for (article, _), item in zip(repaired, items, strict=True)
        if isinstance(article, Article)
    ]
    articles, requests = [a for a, _ in pairs], [r for _, r in pairs]
    answers, shown = _stage_answers(plan, articles, requests) if articles else ([], {})
    by_id = {a.article_id: answer for a, answer in zip(articles, answers, strict=True)}
    results = []
    for item, (article, repairs) in zip(items, repaired, strict=True):
        if isinstance(article, ErrorRecord):
            results.append({"error": article.reason})
            continue
        results.append(
            {
                "article_id": article.article_id,
                "title": article.title,
                "body": article.body,
                "repair_count": article.repairs,
                "language": article.language,
                "repairs": repairs,
                **EMPTY_ANSWER,
                **by_id.get(article.article_id, {}),
                "tables": {
                    table: [
                        row for row in table_rows if row.get("article_id") == article.article_id
                    ]
                    for table, table_rows in shown.items()
                },
                "excluded": {kind: sorted(labels) for kind, labels in item.rejected.items()},
            }
        )
    return results
