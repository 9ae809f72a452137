"""Entity extraction: spaCy NER plus our components (military units, countries, people)."""

from pipeline.nlp.extract import EntityExtractor, Mention, entity_rows, mentions_of
from pipeline.nlp.loader import add_components, default_model_name, load_nlp

__all__ = [
    "EntityExtractor",
    "Mention",
    "add_components",
    "default_model_name",
    "entity_rows",
    "load_nlp",
    "mentions_of",
]
