"""Classification: learn editors' categories and tags, suggest them with scores."""

from pipeline.classify.category import CategoryClassifier
from pipeline.classify.model import ModelError, SuggestionModel, TrainingOptions, train
from pipeline.classify.tags import TagSuggester

__all__ = [
    "CategoryClassifier",
    "ModelError",
    "SuggestionModel",
    "TagSuggester",
    "TrainingOptions",
    "train",
]
