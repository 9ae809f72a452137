"""``OUT/_state/run.json``: the configuration a run was started with, recorded before any chunk.

``manifest.json`` is written only when a run ends, so a run resumed after a crash cannot
learn from it how the crashed run cut and settled its chunks. ``run.json`` records, as the
run starts, its :class:`~pipeline.core.config.RunConfig` exactly as
:meth:`~pipeline.core.config.RunConfig.to_dict` writes it (the batch size, every stage's
options with what ``prepare`` settled, such as the inferred dump country) and each
stage's model (the spaCy pipeline and version, the suggestion model's sha256).

A resumed run must be configured the same, or the chunks it adds would not line up with or
be settled like the committed ones: another batch size cuts other chunks (records read
twice), another house dash style repairs new articles unlike the old, other stages leave
tables covering only some chunks. :func:`check_resumable` compares by equality and refuses
anything else unless ``--overwrite``, naming the options that differ.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.core.config import SHORTCUTS, RunConfig
from pipeline.core.errors import PipelineError
from pipeline.core.files import write_bytes_atomically
from pipeline.run.state import SETTINGS_FILE, STATE_DIR

# What a user types for the options the command line has flags for (else --set).
FLAGS = {(stage, option): flag for stage, option, flag in SHORTCUTS.values()}


@dataclass(frozen=True)
class RunSettings:
    """What a run into a folder was started with: its configuration and its stages' models."""

    config: RunConfig
    models: Mapping[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"config": self.config.to_dict(), "models": dict(self.models)}


def settings_path(out: str | Path) -> Path:
    return Path(out) / STATE_DIR / SETTINGS_FILE


def write_run_settings(out: str | Path, settings: RunSettings) -> Path:
    """Record ``settings`` in ``OUT/_state/run.json`` (atomically)."""
    path = settings_path(out)
    write_bytes_atomically(path, json.dumps(settings.to_dict(), indent=2).encode("utf-8"))
    return path


def read_run_settings(out: str | Path) -> RunSettings | None:
    """What the earlier run into ``out`` was started with; None when nothing says.

    >>> read_run_settings("no/such/run") is None
    True
    """
    try:
        recorded = json.loads(settings_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or not isinstance(recorded.get("config"), dict):
        raise PipelineError(
            f"{out} holds a run started by an older version of the pipeline: start afresh "
            "with --overwrite"
        )
    models = recorded.get("models") if isinstance(recorded.get("models"), dict) else {}
    return RunSettings(RunConfig.from_dict(recorded["config"]), models)


def check_resumable(
    out: str | Path, config: RunConfig, models: Mapping[str, str] | None = None
) -> None:
    """Refuse to resume the run in ``out`` with another configuration (or, with ``models``,
    other models) than it was started with; :class:`PipelineError` (exit code 2) naming
    what differs and how to resume."""
    recorded = read_run_settings(out)
    if recorded is None:
        return
    before = recorded.config
    for flag, ran, wanted in (
        ("--batch-size", before.batch_size, config.batch_size),
        ("--batch-chars", before.batch_chars, config.batch_chars),
    ):
        if ran != wanted:
            raise PipelineError(
                f"{out} holds a run with {flag} {ran}: resume it with {flag} {ran}, "
                "or start afresh with --overwrite"
            )
    ran, wanted = _names(before), _names(config)
    if ran != wanted:
        raise PipelineError(
            f"{out} holds a run of the stages {', '.join(ran)}, not {', '.join(wanted)}: "
            "resume it with the same options, or start afresh with --overwrite"
        )
    for (stage, old), (_, new) in zip(before.stages, config.stages, strict=False):
        if stage in ran and old != new:
            raise PipelineError(_options_differ(out, stage, old.model_dump(), new.model_dump()))
    for stage, model in recorded.models.items():
        if models is not None and models.get(stage, model) != model:
            raise PipelineError(
                f"{out} holds a run whose {stage} stage used the model {model}, not "
                f"{models[stage]}: resume it with that model, or start afresh with --overwrite"
            )


def _names(config: RunConfig) -> list[str]:
    return [stage.name for stage in config.enabled()]


def _options_differ(out: str | Path, stage: str, old: dict, new: dict) -> str:
    said = [
        _as_typed(stage, option, old[option])
        for option in sorted(old)
        if old[option] != new.get(option)
    ]
    return (
        f"{out} holds a run with {', '.join(said)}: resume it with that, or start afresh "
        "with --overwrite"
    )


def _as_typed(stage: str, option: str, value: Any) -> str:
    """How a user gives ``stage.option=value``: its flag when it has one, else ``--set``.

    >>> _as_typed("entities", "home_country", None), _as_typed("repair", "dash_style", "en")
    ('no --home-country', '--dash-style en')
    >>> _as_typed("word_count", "fields", ["body"])
    '--set word_count.fields=["body"]'
    """
    flag = FLAGS.get((stage, option))
    if flag:
        return f"{flag} {value}" if value is not None else f"no {flag}"
    return f"--set {stage}.{option}={json.dumps(value)}"
