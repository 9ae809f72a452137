"""``OUT/_state/run.json``: what a run was started with, recorded before any chunk.

``manifest.json`` is written only when a run ends, so a run resumed after a crash cannot
learn from it how the crashed run cut and settled its chunks. ``run.json`` records, as the
run starts:

- ``batch_size``: chunk keys count chunks of that many records, so a resumed run must cut
  its files alike or it reads records again under other keys (a different batch size is
  refused unless ``--overwrite``);
- ``entities``: whether the run found entities, the stage that uses the countries below;
- ``dump_country``: the country ``--dump-country`` settled on (``auto``: inferred), reused
  when the run is resumed so that every chunk leans to the same country, even when files
  were added at the front of the dump;
- ``home_country``: the publisher's country the run was given;
- ``stages`` and ``models``: the names of the stages it ran, and their models (the spaCy
  pipeline and version, the suggestion model's sha256);
- ``dash_style``: the house style its repair gave spaced dashes (``en``, ``em``; null:
  each article's most likely one).

A resumed run must run the same stages with the same models and countries, or the chunks it adds
would not be settled like the committed ones (a run of entities resumed with suggestions
would leave a suggestions table that covers only the new chunks): anything else is
refused unless ``--overwrite`` (:func:`check_resumable`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError
from pipeline.core.files import write_bytes_atomically
from pipeline.ingest.lossy import AUTO, current_dash_style, dash_style_option
from pipeline.run.state import SETTINGS_FILE, STATE_DIR
from pipeline.tables.writer import read_manifest

DUMP_COUNTRY_AUTO = "auto"
DUMP_COUNTRY_NONE = "none"


@dataclass(frozen=True)
class RunSettings:
    batch_size: int | None  # None: not recorded (a manifest written before run.json was)
    entities: bool = False  # whether the countries below were used
    dump_country: str | None = None
    home_country: str | None = None
    stages: tuple[str, ...] | None = None  # None: not known (not described yet, or old)
    # Each stage's model: the spaCy pipeline and version, the suggestion model's sha256.
    models: dict[str, str] | None = None
    dash_style: str | None = None  # the repair's house style (en, em); None: guessed

    @classmethod
    def of_stages(cls, batch_size: int, descriptions: Sequence[dict[str, Any]]) -> RunSettings:
        """The settings of a run of stages described by their ``describe()``.

        >>> RunSettings.of_stages(50, [{"name": "entities", "dump_country": "GB"}])
        ... # doctest: +NORMALIZE_WHITESPACE
        RunSettings(batch_size=50, entities=True, dump_country='GB', home_country=None,
                    stages=('entities',), models={}, dash_style=None)
        """
        names = tuple(str(description.get("name")) for description in descriptions)
        models = {
            str(description.get("name")): model
            for description in descriptions
            if (model := _model_of(description))
        }
        for description in descriptions:
            if "dump_country" in description:
                return cls(
                    batch_size,
                    entities=True,
                    dump_country=_code_or_none(description.get("dump_country")),
                    home_country=_code_or_none(description.get("home_country")),
                    stages=names,
                    models=models,
                )
        return cls(batch_size, stages=names, models=models)


def _model_of(description: dict[str, Any]) -> str | None:
    """What a stage's rows depend on besides its options: its model."""
    if description.get("model_sha256"):
        return str(description["model_sha256"])
    if description.get("spacy_model"):
        return f"{description['spacy_model']} {description.get('spacy_model_version', '')}".strip()
    return None


def settings_path(out: str | Path) -> Path:
    return Path(out) / STATE_DIR / SETTINGS_FILE


def write_run_settings(out: str | Path, settings: RunSettings) -> Path:
    """Record ``settings`` in ``OUT/_state/run.json`` (atomically)."""
    path = settings_path(out)
    write_bytes_atomically(path, json.dumps(asdict(settings), indent=2).encode("utf-8"))
    return path


def read_run_settings(out: str | Path) -> RunSettings | None:
    """What the earlier run into ``out`` was started with; None when nothing says.

    Output written before ``run.json`` existed has the same values in its manifest, when
    its run got to the end.

    >>> read_run_settings("no/such/run") is None
    True
    """
    try:
        recorded = json.loads(settings_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return _settings_in_manifest(read_manifest(out))
    if not isinstance(recorded, dict):
        return None
    settings = RunSettings(
        batch_size=_int_or_none(recorded.get("batch_size")),
        entities=recorded.get("entities") is True,
        dump_country=_code_or_none(recorded.get("dump_country")),
        home_country=_code_or_none(recorded.get("home_country")),
        stages=_names_or_none(recorded.get("stages")),
        models=_models_or_none(recorded.get("models")),
        dash_style=_code_or_none(recorded.get("dash_style")),
    )
    if settings.stages is None:  # run.json from before stages were recorded
        finished = _settings_in_manifest(read_manifest(out))
        if finished is not None:
            settings = replace(settings, stages=finished.stages, models=finished.models)
    return settings


def _settings_in_manifest(manifest: dict[str, Any]) -> RunSettings | None:
    if not manifest:
        return None
    stages = [stage for stage in manifest.get("stages", []) if isinstance(stage, dict)]
    return replace(
        RunSettings.of_stages(0, stages),
        batch_size=_int_or_none(manifest.get("batch_size")),
        dash_style=_code_or_none(manifest.get("dash_style")),
    )


def _models_or_none(value: Any) -> dict[str, str] | None:
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return {str(k): v for k, v in value.items()}
    return None


def _names_or_none(value: Any) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(name, str) for name in value):
        return tuple(value)
    return None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _code_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def check_resumable(out: str | Path, wanted: RunSettings) -> None:
    """Refuse to resume the run in ``out`` with other settings than it was started with.

    Another batch size would cut chunks that do not line up with the committed ones (their
    records read twice); another house dash style would repair the new chunks' articles
    unlike the committed ones; other stages, other models, or the entities stage with
    another dump or home country would settle the new chunks unlike the committed ones.
    With ``wanted.stages`` None (the stages not built yet) only the batch size and the
    dash style are compared; what the earlier run did not record is not compared. Raises
    :class:`~pipeline.core.errors.PipelineError` (exit code 2).
    """
    recorded = read_run_settings(out)
    if recorded is None:
        return
    if recorded.batch_size not in (None, wanted.batch_size):
        raise PipelineError(
            f"{out} holds a run with --batch-size {recorded.batch_size}: resume it with "
            f"--batch-size {recorded.batch_size}, or start afresh with --overwrite"
        )
    if recorded.dash_style != wanted.dash_style:
        raise PipelineError(
            f"{out} holds a run with --dash-style {recorded.dash_style or 'auto'}: resume it "
            "with that, or start afresh with --overwrite"
        )
    if wanted.stages is None:
        return
    stages_differ = (
        recorded.stages is not None and recorded.stages != wanted.stages
    ) or recorded.entities != wanted.entities
    if stages_differ:
        raise PipelineError(
            f"{out} holds a run of the stages {_listed(recorded.stages)}, not "
            f"{_listed(wanted.stages)}: resume it with the same options, or start afresh "
            "with --overwrite"
        )
    for stage, model in (recorded.models or {}).items():
        if (wanted.models or {}).get(stage, model) != model:
            raise PipelineError(
                f"{out} holds a run whose {stage} stage used the model {model}, not "
                f"{(wanted.models or {})[stage]}: resume it with that model, or start "
                "afresh with --overwrite"
            )
    countries = (recorded.dump_country, recorded.home_country)
    if recorded.entities and countries != (wanted.dump_country, wanted.home_country):
        home = (
            f"--home-country {recorded.home_country}"
            if recorded.home_country
            else "no --home-country"
        )
        raise PipelineError(
            f"{out} holds a run with --dump-country {recorded.dump_country or DUMP_COUNTRY_NONE} "
            f"and {home}: resume it with those, or start afresh with --overwrite"
        )


def check_dash_style(value: str | None) -> str | None:
    """The house style for spaced dashes a run records: ``en``, ``em``, or None (guessed
    per article). ``value`` as the options take it: en, em, auto (any case), or None for
    the style set around the call (:func:`pipeline.ingest.lossy.house_style`), if any.

    >>> check_dash_style("EN"), check_dash_style("auto"), check_dash_style(None)
    ('en', None, None)
    """
    try:
        option = dash_style_option(value)
    except ValueError as exc:
        raise PipelineError(str(exc)) from None
    if option is None:
        return current_dash_style()
    return None if option == AUTO else option


def _listed(stages: tuple[str, ...] | None) -> str:
    return ", ".join(stages) if stages else "(none)"


def resolve_dump_country(
    choice: str,
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    overwrite: bool = False,
    home_country: str | None = None,
    report: Callable[[str], None] | None = None,
) -> str | None:
    """The dump country a run into ``out`` uses for ``--dump-country choice``.

    ``choice`` is an ISO code, ``none``, or ``auto``: no country when ``home_country``
    already says where the publisher is; else the country the earlier run into ``out``
    recorded (unless ``overwrite``), so a resumed run settles every chunk alike; else the
    country inferred from the first articles of ``inputs``, described to ``report``.

    >>> resolve_dump_country("gb", [], "no/such/run"), resolve_dump_country("none", [], "x")
    ('GB', None)
    """
    if choice.lower() != DUMP_COUNTRY_AUTO:
        return None if choice.lower() == DUMP_COUNTRY_NONE else choice.upper()
    if home_country:
        return None
    recorded = None if overwrite else read_run_settings(out)
    if recorded is not None and recorded.entities:
        return recorded.dump_country
    from pipeline.nlp.dump_country import infer_dump_country

    guess = infer_dump_country(inputs)
    if guess is not None and report is not None:
        report(f"the dump's country: {guess.describe()}")
    return guess.code if guess else None
