"""The service's requests and answers: validated strictly, and its OpenAPI schema.

Requests are strict: a field of the wrong type is refused rather than converted
(``"title": 5`` is an error, not ``"5"``), and unknown fields are refused, so a typo
(``"tittle"``) does not pass silently.

>>> ArticleIn(title="Seoul protests", body="").title
'Seoul protests'
>>> from pydantic import ValidationError
>>> try:
...     FeedbackIn(article_id="a1", kind="tag", label="oil", decision="edited")
... except ValidationError as exc:
...     print(exc.errors()[0]["msg"])
Value error, an edit needs "to", the label it becomes
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from pipeline.core.records import FeedbackRow, Mention, RepairRow
from pipeline.service.config import MAX_BATCH

ArticleId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Kind = Literal["tag", "category"]
Decision = Literal["accepted", "rejected", "added", "edited", "undone"]


_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})  # controls, format marks, spaces


def visible(text: str) -> bool:
    r"""Whether ``text`` has a character that shows (not spaces, controls, zero-width marks).

    >>> visible(" \u200b\n"), visible("\u200bSeoul")
    (False, True)
    """
    return any(unicodedata.category(c) not in _INVISIBLE for c in text)


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class ArticleIn(_Strict):
    """A draft to analyse: a title, a body or both."""

    title: str = Field("", max_length=2_000, description="The headline (may be empty).")
    body: str = Field("", description="The text, paragraphs separated by blank lines.")
    article_id: ArticleId | None = Field(
        None,
        description="The article's id; its editors' feedback then applies (a rejected tag "
        "is not suggested again). Default: a hash of the repaired text.",
    )
    allow_new: bool = Field(
        False, description="Also propose tags from the article's entities that are not yet tags."
    )
    limit: int | None = Field(None, ge=1, le=100, description="At most this many suggested tags.")
    min_score: float | None = Field(
        None, ge=0, le=1, description="No suggested tag scoring less (0..1)."
    )

    @model_validator(mode="after")
    def _not_empty(self) -> ArticleIn:
        if not visible(self.title) and not visible(self.body):
            raise ValueError("the article is empty: give a title or a body")
        return self


class BatchArticle(ArticleIn):
    article_id: ArticleId = Field(description="The article's id (required in a batch).")


class BatchIn(_Strict):
    """Up to 32 articles, each with its own id."""

    articles: list[BatchArticle] = Field(min_length=1, max_length=MAX_BATCH)

    @model_validator(mode="after")
    def _unique_ids(self) -> BatchIn:
        seen: set[str] = set()
        for article in self.articles:
            if article.article_id in seen:
                raise ValueError(f"article_id {article.article_id!r} appears twice")
            seen.add(article.article_id)
        return self


class FeedbackIn(_Strict):
    """An editor's decision on a suggestion, or a label they added."""

    article_id: ArticleId
    kind: Kind = Field(description="tag or category")
    label: Label = Field(description="The label decided on (for an edit: the old one).")
    decision: Decision
    to: Label | None = Field(None, description="For an edit: the label it becomes.")

    @model_validator(mode="after")
    def _edit_has_target(self) -> FeedbackIn:
        if self.decision == "edited" and self.to is None:
            raise ValueError('an edit needs "to", the label it becomes')
        if self.decision != "edited" and self.to is not None:
            raise ValueError('"to" belongs to an edit only')
        return self


class SpanOut(BaseModel):
    field: Literal["title", "body"]
    start_char: int
    end_char: int
    text: str


class EvidenceOut(BaseModel):
    feature: str = Field(
        description="The feature as the model names it (title_x: a headline word)."
    )
    weight: float | None
    value: float | None
    contribution: float | None = Field(
        description="weight x value: how far it pushed the score up."
    )
    spans: list[SpanOut]


class CategoryOut(BaseModel):
    label: str
    score: float = Field(description="Probability, 0..1.")
    rank: int
    suggested: bool = Field(description="Rank 1: the suggested category.")
    confidence: str | None = Field(
        None, description="high, medium or low (always low for an unfamiliar article)."
    )
    reason: str | None = Field(None, description="Why the confidence is low, if it is.")
    status: Literal["accepted"] | None = None
    evidence: list[EvidenceOut]


class TagOut(BaseModel):
    label: str
    score: float | None = Field(
        description="Calibrated, 0..1 (for a new tag: its share of mentions)."
    )
    threshold: float | None = Field(description="The tag's own threshold, as a score.")
    passed: bool | None = Field(description="Whether the score is above the threshold.")
    suggested: bool
    reason: str | None = Field(
        description="threshold, headline, co-tag (a lower threshold where a tag it goes "
        "with passed and the text names it), best tag, given (suggested by the caller, not "
        "by the rule now), or entity (new tags)."
    )
    new: bool = Field(
        description="Not yet a tag of the model (from allow_new, or added by an editor)."
    )
    confidence: str | None = Field(
        None,
        description="high: its precision was measured; maybe: too few examples to measure; "
        "off: never precise enough to be suggested.",
    )
    status: Literal["accepted"] | None = None
    evidence: list[EvidenceOut]


class TextTagOut(BaseModel):
    label: str
    score: float = Field(description="Relative to the article's best tag from its text (1.0).")
    source: Literal["entity", "phrase"] = Field(description="Where the tag came from.")
    new: bool = Field(description="Not yet a tag of the model or the site.")
    status: Literal["accepted"] | None = None
    evidence: list[EvidenceOut]


class AnalysisOut(BaseModel):
    article_id: str
    title: str = Field(description="The repaired title; offsets refer to it.")
    body: str = Field(description="The repaired body; offsets refer to it.")
    repair_count: int
    language: str | None = Field(
        None,
        description="The draft's language (ISO 639-1; null: unclear). A stage that does not "
        "read it (the English pipeline and model, by default) leaves it alone.",
    )
    repairs: list[RepairRow] = Field(description="Each repair, where the repaired text shows it.")
    entities: list[Mention]
    categories: list[CategoryOut]
    tags: list[TagOut]
    text_tags: list[TextTagOut] = Field(
        default_factory=list,
        description="Tags from the article itself: its names and key phrases (text_tags stage).",
    )
    excluded: dict[str, list[str]] = Field(
        description="Labels the editors rejected for this article: never suggested again."
    )
    unfamiliar: str | None = Field(
        None,
        description="Why the model suggests no tags: the article is unlike its training "
        "articles (None: it is not).",
    )
    model: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]] = Field(
        default_factory=dict,
        description="Rows of the stages the service has no explanation for (plugins), by table.",
    )


class BatchOut(BaseModel):
    results: list[AnalysisOut]


# A feedback row is answered as the store keeps it: one declaration.
FeedbackOut = FeedbackRow


class HealthOut(BaseModel):
    status: str
    workers: int
    worker_pids: list[int] = Field(description="The analysis processes (forked once loaded).")
    long_worker_pids: list[int] = Field(
        default_factory=list, description="The process that analyses long drafts apart."
    )
    feedback_rows: int


class TagsOut(BaseModel):
    model: list[str] = Field(description="The model's tags, most frequent in training first.")
    site: list[str] = Field(
        description="Tags the editors accepted or added that the model does not know yet."
    )


class RetrainOut(BaseModel):
    started: bool = Field(description="False: a retraining is already running.")
    feedback: dict[str, Any]
