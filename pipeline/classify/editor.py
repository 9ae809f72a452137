"""The suggestions stage's explanations for editors: each label with its score, threshold and
evidence, the editors' standing decisions applied, and tags new to the model from the
article's entities (what the service shows; :meth:`SuggestionAnnotator.explain`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipeline.classify.explain import explain_categories, explain_tags
from pipeline.core.model import Article, EditorRequest

# Entity labels whose names can become tags (not dates, numbers, money...).
TAGGABLE = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
    | {"MILITARY_UNIT"}
)


def _key(label: str) -> str:
    return label.casefold()


def categories_for(
    model: Any, article: Article, item: EditorRequest, unfamiliar: str | None = None
) -> list:
    """The top three categories, without those the editors rejected, with evidence and a
    confidence (``low`` for an article unlike the training articles, ``unfamiliar`` says
    why)."""
    from pipeline.classify.model import category_confidence

    if model is None or getattr(model, "category", None) is None:
        return []
    accepted = {_key(label) for label in item.accepted.get("category", [])}
    found = explain_categories(
        model.category,
        article.title,
        article.body,
        top=3,
        evidence=item.evidence,
        exclude=item.rejected.get("category", []),
    )
    return [
        {
            **c.to_dict(),
            "confidence": category_confidence(c.score, unfamiliar is None),
            "reason": unfamiliar,
            "suggested": c.rank == 1,
            "status": "accepted" if _key(c.label) in accepted else None,
        }
        for c in found
    ]


def tags_for(
    model: Any, article: Article, item: EditorRequest, unfamiliar: str | None = None
) -> list[dict[str, Any]]:
    """The tags the model suggests (the rule a run applies) and the best others, each with
    score, threshold and evidence; then the tags the editors accepted or added that are
    not among them. An article unlike the training articles (``unfamiliar``) gets no
    suggested tag: its best ones are listed as candidates only."""
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
            candidates=item.candidates,
            evidence=item.evidence,
            exclude=rejected,
            suggested=[] if unfamiliar else None,
        ):
            found.append(
                {
                    **t.to_dict(),
                    "new": False,
                    "status": "accepted" if _key(t.label) in accepted_keys else None,
                }
            )
    _limit_suggested(found, item.limit, item.min_score)
    listed = {_key(tag["label"]) for tag in found}
    vocabulary = {_key(label) for label in getattr(tagger, "labels_", [])}
    for label in accepted:
        if _key(label) not in listed:
            listed.add(_key(label))
            found.append(_editor_tag(label, new=_key(label) not in vocabulary))
    return found


def _limit_suggested(
    tags: list[dict[str, Any]], limit: int | None, min_score: float | None
) -> None:
    """The editor's limit and minimum score, as a run applies them: suggested tags past the
    ``limit`` best or under ``min_score`` stay listed, as candidates, not suggested.

    >>> tags = [{"score": 0.9, "suggested": True}, {"score": 0.4, "suggested": True}]
    >>> _limit_suggested(tags, limit=None, min_score=0.5); [t["suggested"] for t in tags]
    [True, False]
    """
    kept = 0
    for tag in sorted(tags, key=lambda t: -(t["score"] or 0.0)):
        if not tag["suggested"]:
            continue
        if (limit is not None and kept >= limit) or (
            min_score is not None and (tag["score"] or 0.0) < min_score
        ):
            tag["suggested"] = False
        else:
            kept += 1


def _editor_tag(label: str, new: bool) -> dict[str, Any]:
    return {
        "label": label,
        "score": None,
        "threshold": None,
        "passed": None,
        "suggested": False,
        "reason": None,
        "confidence": None,
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
            "confidence": None,
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
