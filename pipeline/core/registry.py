"""The stages of a run, listed once.

Every way the pipeline runs takes its stages from :func:`stage_specs`: ``pipeline run``
on either engine, :func:`pipeline.analyze`, and the editors' service. The tables a run
writes and the manifest's ``stages`` come from the stages themselves (``Stage.tables``,
``Stage.describe()``). To add a stage: write it in a module of its own (see
:class:`pipeline.core.stage.Stage`), then append it here.

Factories are import paths, so listing the stages imports nothing heavy: spaCy and
scikit-learn load only where a stage is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.classify.annotate import default_model_dir
from pipeline.core.stage import Stage, StageSpec

ENTITIES = "pipeline.nlp.extract:EntityExtractor"
SUGGESTIONS = "pipeline.classify.annotate:SuggestionAnnotator"


@dataclass(frozen=True)
class StageOptions:
    """What a user chooses about the stages (the ``pipeline run`` options of the same names)."""

    entities: bool = True
    spacy_model: str | None = None  # None: $PIPELINE_SPACY_MODEL or en_core_web_sm
    home_country: str | None = None  # the publisher's country (ISO code), when known
    dump_country: str | None = None  # the country the dump names most (inferred by the run)
    suggestions: bool = True
    model_dir: str | Path | None = None  # None: $PIPELINE_MODEL or the bundled models/default


def stage_specs(options: StageOptions = StageOptions()) -> list[StageSpec]:
    """The stages to run, in order: entities, then suggestions.

    >>> [s.factory for s in stage_specs(StageOptions(suggestions=False))]
    ['pipeline.nlp.extract:EntityExtractor']
    """
    specs = []
    if options.entities:
        specs.append(
            StageSpec.of(
                ENTITIES,
                model=options.spacy_model,
                home_country=options.home_country,
                dump_country=options.dump_country,
            )
        )
    if options.suggestions:
        model_dir = options.model_dir or default_model_dir()
        if model_dir is not None:
            specs.append(StageSpec.of(SUGGESTIONS, model_dir=str(model_dir)))
    return specs


def build_stages(options: StageOptions = StageOptions()) -> list[Stage]:
    """The stages of :func:`stage_specs`, built (once per process)."""
    return [spec.build() for spec in stage_specs(options)]
