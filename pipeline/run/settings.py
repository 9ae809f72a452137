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
- ``home_country``: the publisher's country the run was given.
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

    @classmethod
    def of_stages(cls, batch_size: int, descriptions: Sequence[dict[str, Any]]) -> RunSettings:
        """The settings of a run of stages described by their ``describe()``.

        >>> RunSettings.of_stages(50, [{"name": "entities", "dump_country": "GB"}])
        RunSettings(batch_size=50, entities=True, dump_country='GB', home_country=None)
        """
        for description in descriptions:
            if "dump_country" in description:
                return cls(
                    batch_size,
                    entities=True,
                    dump_country=_code_or_none(description.get("dump_country")),
                    home_country=_code_or_none(description.get("home_country")),
                )
        return cls(batch_size)


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
    return RunSettings(
        batch_size=_int_or_none(recorded.get("batch_size")),
        entities=recorded.get("entities") is True,
        dump_country=_code_or_none(recorded.get("dump_country")),
        home_country=_code_or_none(recorded.get("home_country")),
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
    )


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _code_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def check_resumable(out: str | Path, batch_size: int) -> None:
    """Refuse to resume the run in ``out`` with another batch size than it was started with:
    its committed chunks would not line up with the new ones and their records would be
    read twice. Raises :class:`~pipeline.errors.PipelineError` (exit code 2)."""
    recorded = read_run_settings(out)
    if recorded is not None and recorded.batch_size not in (None, batch_size):
        raise PipelineError(
            f"{out} holds a run with --batch-size {recorded.batch_size}: resume it with "
            f"--batch-size {recorded.batch_size}, or start afresh with --overwrite"
        )


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
