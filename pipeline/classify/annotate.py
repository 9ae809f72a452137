"""The suggestions stage of a run (declared in :mod:`pipeline.classify.stage`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.classify.card import demo_note, verify_model_dir
from pipeline.classify.stage import SUGGESTIONS as DEFINITION
from pipeline.classify.stage import SuggestionsOptions
from pipeline.core.errors import PipelineError
from pipeline.core.model import Article, EditorRequest
from pipeline.core.stage import Rows, mentions_by_article


class SuggestionAnnotator:
    """Category and tag suggestions with scores: the ``suggestions`` stage of a run
    (a :class:`pipeline.core.stage.Stage`)."""

    name = DEFINITION.name
    tables = DEFINITION.tables
    # The service's explanations apply the run's rule to the features they compute anyway:
    # it need not annotate first (one transform, not two).
    explains_alone = True

    def __init__(
        self,
        model_dir: str | Path,
        limit: int | None = None,
        min_score: float | None = None,
        languages: tuple[str, ...] = ("en",),
    ):
        self.model_dir = Path(model_dir)
        self.limit = limit
        self.min_score = min_score
        self.languages = languages
        # Verified now (cheap); unpickled on first use, which imports scikit-learn.
        self.card = verify_model_dir(self.model_dir)

    @classmethod
    def from_options(cls, options: SuggestionsOptions) -> SuggestionAnnotator:
        model_dir = options.resolved_model_dir()
        if model_dir is None:
            raise PipelineError(
                "no suggestion model: give --model DIR (or train one with pipeline train)"
            )
        return cls(model_dir, options.limit, options.min_score, options.languages)

    @cached_property
    def model(self) -> Any:
        from pipeline.classify.model import SuggestionModel

        return SuggestionModel.load(self.model_dir)

    def describe(self) -> dict[str, Any]:
        """The model's identity; ``demo`` and ``note`` say whether it is a demonstration
        model (trained on a few sample articles) that users must be told about."""
        note = demo_note(self.card)
        return {
            "model": self.card["artifact"]["sha256"],
            "model_dir": str(self.model_dir),
            "model_sha256": self.card["artifact"]["sha256"],
            "trained": self.card.get("created"),
            "training_articles": self.card.get("training_data", {}).get("articles"),
            "demo": note is not None,
            **({"note": note} if note else {}),
        }

    def annotate(self, articles: Sequence[Article]) -> Rows:
        read = [a for a in articles if a.written_in(self.languages)]
        return {"suggestions": self.model.suggestion_rows(read, self.limit, self.min_score)}

    def explain(
        self, articles: Sequence[Article], requests: Sequence[EditorRequest], rows: Rows
    ) -> list[dict[str, Any]]:
        """What the editors' service shows of each article: the categories and tags with
        score, threshold and evidence, the run's rule applied to the features the
        explanations compute anyway (not a second transform), the editor's decisions
        honoured; with ``allow_new``, tags new to the model from the article's entities
        (``rows["mentions"]``, from the entities stage)."""
        from pipeline.classify.editor import categories_for, new_tags_for, tags_for

        model = self.model
        mentions = mentions_by_article(rows)
        answers = []
        why = model.unfamiliar([(a.title, a.body) for a in articles]) if articles else []
        for article, request, unfamiliar in zip(articles, requests, why, strict=True):
            tags = tags_for(model, article, request, unfamiliar)
            if request.allow_new:
                tags += new_tags_for(
                    getattr(model, "tags", None),
                    mentions.get(article.article_id, []),
                    [t["label"] for t in tags],
                    request.rejected.get("tag", []),
                    request.new_tags,
                )
            answers.append(
                {
                    "categories": categories_for(model, article, request, unfamiliar),
                    "tags": tags,
                    "unfamiliar": unfamiliar,
                    "model": {"name": self.name, **self.describe()},
                }
            )
        return answers
