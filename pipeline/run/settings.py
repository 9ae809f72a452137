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
- ``stages``: the names of the stages it ran.

A resumed run must run the same stages with the same countries, or the chunks it adds
would not be settled like the committed ones (a run of entities resumed with suggestions
would leave a suggestions table that covers only the new chunks): anything else is
refused unless ``--overwrite`` (:func:`check_resumable`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.files import write_bytes_atomically
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

    @classmethod
    def of_stages(cls, batch_size: int, descriptions: Sequence[dict[str, Any]]) -> RunSettings:
        """The settings of a run of stages described by their ``describe()``.

        >>> RunSettings.of_stages(50, [{"name": "entities", "dump_country": "GB"}])
        ... # doctest: +NORMALIZE_WHITESPACE
        RunSettings(batch_size=50, entities=True, dump_country='GB', home_country=None,
                    stages=('entities',))
        """
        names = tuple(str(description.get("name")) for description in descriptions)
        for description in descriptions:
            if "dump_country" in description:
                return cls(
                    batch_size,
                    entities=True,
                    dump_country=_code_or_none(description.get("dump_country")),
                    home_country=_code_or_none(description.get("home_country")),
                    stages=names,
                )
        return cls(batch_size, stages=names)


def settings_path(out: str | Path) -> Path:
    return Path(out) / STATE_DIR / SETTINGS_FILE


def write_run_settings(out: str | Path, settings: RunSettings) -> Path:
    """Record ``settings`` in ``OUT/_state/run.json`` (atomically)."""
    path = settings_path(out)
    recorded = asdict(settings)
    recorded["stages"] = list(settings.stages) if settings.stages is not None else None
    write_bytes_atomically(path, json.dumps(recorded, indent=2).encode("utf-8"))
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
    return RunSettings(
        batch_size=_int_or_none(recorded.get("batch_size")),
        entities=recorded.get("entities") is True,
        dump_country=_code_or_none(recorded.get("dump_country")),
        home_country=_code_or_none(recorded.get("home_country")),
        stages=_names_or_none(recorded.get("stages")),
    )


def _settings_in_manifest(manifest: dict[str, Any]) -> RunSettings | None:
    if not manifest:
        return None
    stages = [stage for stage in manifest.get("stages", []) if isinstance(stage, dict)]
    settings = RunSettings.of_stages(0, stages)
    return RunSettings(
        _int_or_none(manifest.get("batch_size")),
        entities=settings.entities,
        dump_country=settings.dump_country,
        home_country=settings.home_country,
        stages=settings.stages,
    )


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
    records read twice); other stages, or the entities stage with another dump or home
    country, would settle the new chunks unlike the committed ones. Settings ``wanted``
    leaves unknown (``stages=None``) are not compared. Raises
    :class:`~pipeline.errors.PipelineError` (exit code 2).
    """
    recorded = read_run_settings(out)
    if recorded is None:
        return
    if recorded.batch_size not in (None, wanted.batch_size):
        raise PipelineError(
            f"{out} holds a run with --batch-size {recorded.batch_size}: resume it with "
            f"--batch-size {recorded.batch_size}, or start afresh with --overwrite"
        )
    if None not in (recorded.stages, wanted.stages) and recorded.stages != wanted.stages:
        raise PipelineError(
            f"{out} holds a run of the stages {', '.join(recorded.stages or ()) or 'none'}, "
            f"not {', '.join(wanted.stages or ()) or 'none'}: resume it with the same "
            "options, or start afresh with --overwrite"
        )
    countries = (recorded.dump_country, recorded.home_country)
    if (
        recorded.entities
        and wanted.entities
        and countries
        != (
            wanted.dump_country,
            wanted.home_country,
        )
    ):
        raise PipelineError(
            f"{out} holds a run with --dump-country {_option(recorded.dump_country)} "
            f"--home-country {_option(recorded.home_country)}: resume it with those, or "
            "start afresh with --overwrite"
        )


def _option(code: str | None) -> str:
    return code or DUMP_COUNTRY_NONE


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
