"""The suggestions stage of a run, and where the bundled default model lives."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any

from pipeline.classify.card import verify_model_dir
from pipeline.model import Article

MODEL_ENV = "PIPELINE_MODEL"
BUNDLED_MODEL = Path(__file__).resolve().parents[2] / "models" / "default"


def default_model_dir() -> Path | None:
    """``$PIPELINE_MODEL``, else the bundled ``models/default``; None if there is neither."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return Path(configured)
    return BUNDLED_MODEL if (BUNDLED_MODEL / "model.json").exists() else None


class SuggestionAnnotator:
    name = "suggestions"
    tables = ("suggestions",)

    def __init__(self, model_dir: str | Path):
        self.model_dir = Path(model_dir)
        # Verified now (cheap); unpickled on first use, which imports scikit-learn.
        self.card = verify_model_dir(self.model_dir)

    @cached_property
    def model(self) -> Any:
        from pipeline.classify.model import SuggestionModel

        return SuggestionModel.load(self.model_dir)

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "model_dir": str(self.model_dir),
            "model_sha256": self.card["artifact"]["sha256"],
            "trained": self.card.get("created"),
        }

    def annotate(self, articles: list[Article]) -> dict[str, list[dict[str, Any]]]:
        return {"suggestions": self.model.suggestion_rows(articles)}
