"""Classification: learn editors' categories and tags, suggest them with scores.

The estimators import scikit-learn, which is slow to import; they are loaded on first
use so that ``pipeline.classify.card`` and ``pipeline.classify.annotate`` stay light.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "CategoryClassifier": "pipeline.classify.category",
    "ModelError": "pipeline.classify.card",
    "SuggestionModel": "pipeline.classify.model",
    "TagSuggester": "pipeline.classify.tags",
    "TrainingOptions": "pipeline.classify.model",
    "train": "pipeline.classify.model",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(name)
