"""The suggestions stage of a run, and where the bundled default model lives."""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar

import pyarrow as pa

from pipeline.classify.card import verify_model_dir
from pipeline.core.model import Article
from pipeline.core.schemas import SUGGESTIONS
from pipeline.core.stage import Rows, StageSpec

MODEL_ENV = "PIPELINE_MODEL"
BUNDLED_MODEL = Path(__file__).resolve().parents[2] / "models" / "default"


def default_model_dir() -> Path | None:
    """``$PIPELINE_MODEL``, else the bundled ``models/default``; None if there is neither."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return Path(configured)
    return BUNDLED_MODEL if (BUNDLED_MODEL / "model.json").exists() else None


class SuggestionAnnotator:
    """Category and tag suggestions with scores: the ``suggestions`` stage of a run
    (a :class:`pipeline.core.stage.Stage`)."""

    name = "suggestions"
    light = True  # ~0.2 ms an article, but scikit-learn and the model take a second to load
    tables: ClassVar[dict[str, pa.Schema]] = {"suggestions": SUGGESTIONS}

    def __init__(self, model_dir: str | Path):
        self.model_dir = Path(model_dir)
        # Verified now (cheap); unpickled on first use, which imports scikit-learn.
        self.card = verify_model_dir(self.model_dir)

    @cached_property
    def model(self) -> Any:
        from pipeline.classify.model import SuggestionModel

        return SuggestionModel.load(self.model_dir)

    def spec(self) -> StageSpec:
        return StageSpec.of(f"{__name__}:{type(self).__name__}", model_dir=str(self.model_dir))

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "model_dir": str(self.model_dir),
            "model_sha256": self.card["artifact"]["sha256"],
            "trained": self.card.get("created"),
        }

    def annotate(self, articles: Sequence[Article]) -> Rows:
        return {"suggestions": self.model.suggestion_rows(articles)}
