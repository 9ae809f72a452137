"""The ``suggestions`` stage as the registry knows it: its options, table and factory.

Importing this module loads no scikit-learn; the model is unpickled where the stage runs.

>>> SuggestionsOptions(model_dir="models/site").model_dir
'models/site'
"""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import Field

from pipeline.core.options import StageOptions
from pipeline.core.registry import PrepareContext, StageDefinition
from pipeline.core.schemas import SUGGESTIONS as SUGGESTIONS_TABLE

MODEL_ENV = "PIPELINE_MODEL"
BUNDLED_MODEL = Path(__file__).resolve().parents[2] / "models" / "default"


def default_model_dir() -> Path | None:
    """``$PIPELINE_MODEL``, else the bundled ``models/default``; None if there is neither."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return Path(configured)
    return BUNDLED_MODEL if (BUNDLED_MODEL / "model.json").exists() else None


class SuggestionsOptions(StageOptions):
    """``model_dir``: the suggestion model's folder (None: ``$PIPELINE_MODEL`` or the
    bundled ``models/default``); ``limit``: at most this many tags (and categories, up to
    three) an article, as Annif's ``--limit``; ``min_score``: no tag scoring under it
    (0..1), as Annif's ``--min-score`` (the model's own floor applies anyway);
    ``languages``: the languages the model was trained on (ISO codes): an article detected
    in another gets no suggestions (its ``language`` column says why)."""

    model_dir: str | None = None
    limit: int = Field(10, ge=1)
    min_score: float | None = Field(None, ge=0.0)
    languages: tuple[str, ...] = ("en",)

    def resolved_model_dir(self) -> Path | None:
        return Path(self.model_dir) if self.model_dir else default_model_dir()


def settle_model(options: SuggestionsOptions, context: PrepareContext) -> SuggestionsOptions:
    """A run without any suggestion model skips the stage and says so."""
    if options.resolved_model_dir() is not None:
        return options
    if context.report is not None:
        context.report("no suggestion model (models/default is missing): skipping suggestions")
    return options.model_copy(update={"enabled": False})


SUGGESTIONS = StageDefinition(
    name="suggestions",
    factory="pipeline.classify.annotate:SuggestionAnnotator.from_options",
    options=SuggestionsOptions,
    tables={"suggestions": SUGGESTIONS_TABLE},
    kind="chunk",
    order=20,
    # ~0.2 ms an article, but scikit-learn and the model take a second to load.
    light=True,
    prepare="pipeline.classify.stage:settle_model",
    help="Categories and tags with scores, learned from the editors' labelled archive.",
)
