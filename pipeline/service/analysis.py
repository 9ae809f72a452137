"""The service's CPU-bound work: repair drafts, run the stages of a run, explain suggestions.

Everything here runs where the stages are loaded: in the analysis worker processes (forked
from the server after it loaded the stages, so they load once and are shared), or in the
server process itself with ``--workers 0``. Inputs and answers are plain dicts, cheap
to send between processes.

The stages come from :func:`pipeline.core.registry.build_stages`, the one list every run uses:
the entities stage gives the mentions, the suggestions stage the suggested labels, and
:mod:`pipeline.classify.explain` adds each label's threshold and evidence from the same
suggestion model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.classify.explain import explain_categories, explain_tags
from pipeline.core.model import Article, ErrorRecord, RawRecord
from pipeline.core.registry import StageOptions, build_stages
from pipeline.core.stage import Stage
from pipeline.ingest import explain_article
from pipeline.ingest.lossy import AUTO, house_style
from pipeline.ingest.normalize import Repair

MAX_REPAIRS_LISTED = 200
# Entity labels whose names can become tags (not dates, numbers, money...).
TAGGABLE = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
    | {"MILITARY_UNIT"}
)
WARM_UP = {
    "title": "Seoul summons Russian envoy",
    "body": "South Korea's foreign ministry in Seoul summoned the Russian ambassador on Monday.",
}


@dataclass(frozen=True)
class AnalysisSettings:
    """What each analysis needs to know besides the article (picklable)."""

    stages: StageOptions = field(default_factory=StageOptions)
    dash_style: str = AUTO  # the newsroom's house style for spaced dashes: en, em, auto
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


def stages_of(settings: AnalysisSettings) -> list[Stage]:
    """The stages of a run, built once per process."""
    return build_stages(settings.stages)


def _suggestion_model(stages: Sequence[Stage]) -> Any:
    for stage in stages:
        if stage.name == "suggestions":
            return getattr(stage, "model", None)
    return None


def describe_model(settings: AnalysisSettings) -> dict[str, Any]:
    """What each stage reports about itself, and the suggestion model's card."""
    stages = stages_of(settings)
    described: dict[str, Any] = {"stages": [stage.describe() for stage in stages]}
    for stage in stages:
        card = getattr(stage, "card", None)
        if card is not None:
            described["card"] = card
    return described


def warm_up(settings: AnalysisSettings) -> dict[str, Any]:
    """Load every stage (spaCy, the model, the gazetteer) by analysing a short article."""
    [result] = analyze_items([Item(**WARM_UP)], settings)
    return result


def _repairs(repairs: dict[str, list[Repair]]) -> list[dict[str, Any]]:
    listed = [
        {
            "field": field,
            "step": repair.step,
            "before": repair.before,
            "after": repair.after,
            "reason": repair.reason,
        }
        for field in ("title", "body")
        for repair in repairs[field]
    ]
    return listed[:MAX_REPAIRS_LISTED]


def _key(label: str) -> str:
    return label.casefold()


def categories_for(model: Any, article: Article, item: Item, settings: AnalysisSettings) -> list:
    """The top three categories, without those the editors rejected, with evidence."""
    if model is None or getattr(model, "category", None) is None:
        return []
    accepted = {_key(label) for label in item.accepted.get("category", [])}
    found = explain_categories(
        model.category,
        article.title,
        article.body,
        top=3,
        evidence=settings.evidence,
        exclude=item.rejected.get("category", []),
    )
    return [
        {
            **c.to_dict(),
            "suggested": c.rank == 1,
            "status": "accepted" if _key(c.label) in accepted else None,
        }
        for c in found
    ]


def tags_for(
    model: Any,
    article: Article,
    item: Item,
    settings: AnalysisSettings,
) -> list[dict[str, Any]]:
    """The tags the model suggests (the rule a run applies) and the best others, each with
    score, threshold and evidence; then the tags the editors accepted or added that are
    not among them."""
    tagger = getattr(model, "tags", None) if model is not None else None
    rejected = item.rejected.get("tag", [])
    accepted = item.accepted.get("tag", [])
    accepted_keys = {_key(label) for label in accepted}
    found: list[dict[str, Any]] = []
    if tagger is not None:
        for t in explain_tags(
            tagger,
            article.title,
            article.body,
            candidates=settings.candidates,
            evidence=settings.evidence,
            exclude=rejected,
        ):
            found.append(
                {
                    **t.to_dict(),
                    "new": False,
                    "status": "accepted" if _key(t.label) in accepted_keys else None,
                }
            )
    listed = {_key(tag["label"]) for tag in found}
    vocabulary = {_key(label) for label in getattr(tagger, "labels_", [])}
    for label in accepted:
        if _key(label) not in listed:
            listed.add(_key(label))
            found.append(_editor_tag(label, new=_key(label) not in vocabulary))
    return found


def _editor_tag(label: str, new: bool) -> dict[str, Any]:
    return {
        "label": label,
        "score": None,
        "threshold": None,
        "passed": None,
        "suggested": False,
        "reason": None,
        "new": new,
        "status": "accepted",
        "evidence": [],
    }


def new_tags_for(
    tagger: Any,
    mentions: list[dict[str, Any]],
    listed: Iterable[str],
    rejected: Iterable[str],
    limit: int,
) -> list[dict[str, Any]]:
    """Tag candidates from the article's entities that are not tags of the model yet: the
    most mentioned people, organisations, places, units... with their mentions as evidence.

    >>> mentions = [{"label": "PERSON", "canonical": "Kim Hong-kyun", "field": "body",
    ...              "start_char": 0, "end_char": 3, "text": "Kim"}] * 2
    >>> [(t["label"], t["score"], t["new"]) for t in new_tags_for(None, mentions, [], [], 5)]
    [('Kim Hong-kyun', 1.0, True)]
    """
    vocabulary = {_key(label) for label in getattr(tagger, "labels_", [])}
    skip = vocabulary | {_key(label) for label in listed} | {_key(label) for label in rejected}
    grouped: dict[str, list[dict[str, Any]]] = {}
    for mention in mentions:
        if mention["label"] in TAGGABLE and _key(mention["canonical"]) not in skip:
            grouped.setdefault(mention["canonical"], []).append(mention)
    total = sum(len(group) for group in grouped.values())
    ranked = sorted(
        grouped.items(),
        key=lambda item: (-len(item[1]), min(m["field"] != "title" for m in item[1])),
    )
    return [
        {
            "label": canonical,
            "score": round(len(group) / total, 6),
            "threshold": None,
            "passed": None,
            "suggested": False,
            "reason": "entity",
            "new": True,
            "status": None,
            "evidence": [
                {
                    "feature": f"{group[0]['label']} mentions",
                    "weight": None,
                    "value": float(len(group)),
                    "contribution": None,
                    "spans": [
                        {key: m[key] for key in ("field", "start_char", "end_char", "text")}
                        for m in group
                    ],
                }
            ],
        }
        for canonical, group in ranked[:limit]
    ]


def _article(item: Item, position: int) -> tuple[Article | ErrorRecord, dict[str, list[Repair]]]:
    fields = {"id": item.article_id or "", "title": item.title, "body": item.body}
    return explain_article(RawRecord("service", f"item {position}", fields))


def _rows_by_article(tables: dict[str, list[dict[str, Any]]], table: str) -> dict[str, list]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in tables.get(table, []):
        grouped.setdefault(row["article_id"], []).append(row)
    return grouped


def analyze_items(items: Sequence[Item], settings: AnalysisSettings) -> list[dict[str, Any]]:
    """Analyse a batch: one answer per item, in order (``{"error": reason}`` for an item
    that is no article once repaired, say only zero-width characters)."""
    stages = stages_of(settings)
    with house_style(settings.dash_style):
        explained = [_article(item, i) for i, item in enumerate(items)]
    articles = [a for a, _ in explained if isinstance(a, Article)]
    tables: dict[str, list[dict[str, Any]]] = {}
    model = _suggestion_model(stages)
    if articles:
        # The suggestions stage's rows are not asked for: the explanations below apply the
        # same rule to the features they compute anyway (one transform, not two).
        for stage in stages:
            if stage.name == "suggestions":
                continue
            for table, rows in stage.annotate(articles).items():
                tables.setdefault(table, []).extend(rows)
    mentions = _rows_by_article(tables, "mentions")
    model_info = {stage.name: stage.describe() for stage in stages if stage.name == "suggestions"}
    answers = []
    for item, (article, repairs) in zip(items, explained, strict=True):
        if isinstance(article, ErrorRecord):
            answers.append({"error": article.reason})
            continue
        rows = sorted(
            mentions.get(article.article_id, []),
            key=lambda m: (m["field"] != "title", m["start_char"]),
        )
        entities = [{k: v for k, v in m.items() if k != "article_id"} for m in rows]
        tags = tags_for(model, article, item, settings)
        if item.allow_new:
            tags += new_tags_for(
                getattr(model, "tags", None),
                entities,
                [t["label"] for t in tags],
                item.rejected.get("tag", []),
                settings.new_tags,
            )
        answers.append(
            {
                "article_id": article.article_id,
                "title": article.title,
                "body": article.body,
                "repair_count": article.repairs,
                "repairs": _repairs(repairs),
                "entities": entities,
                "categories": categories_for(model, article, item, settings),
                "tags": tags,
                "excluded": {kind: sorted(labels) for kind, labels in item.rejected.items()},
                "model": model_info.get("suggestions", {}),
            }
        )
    return answers
