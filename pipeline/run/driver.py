"""A batch run from start to end, on any engine: read -> stages -> tables, resumable.

1. prepare ``OUT``: record what the run is started with (``_state/run.json``, see
   :mod:`.settings`), drop what a crash left, forget changed files, record input errors;
2. the engine processes and commits every chunk not committed yet (see :mod:`.chunks`);
3. settle duplicate article ids over all committed parts, in input order (:mod:`.settle`);
4. finalize the tables (empty parts, DuckDB views) and write the manifest.

Running the same command again after a crash picks up where it stopped; the tables end up
exactly as after an uninterrupted run, whichever engine ran which part.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from pipeline.core.errors import InputNotFound
from pipeline.core.model import ErrorRecord
from pipeline.core.progress import ProgressHook, RunProgress
from pipeline.core.stage import Stage, table_schemas
from pipeline.ingest.lossy import AUTO
from pipeline.ingest.sources import SourceFile, iter_source_files
from pipeline.run.chunks import Chunk, iter_chunks
from pipeline.run.commit import ChunkWriter
from pipeline.run.local import LocalEngine
from pipeline.run.manifest import write_manifest
from pipeline.run.settings import (
    RunSettings,
    check_dash_style,
    check_resumable,
    write_run_settings,
)
from pipeline.run.settle import settle_parts
from pipeline.run.state import RunState, prepare, totals
from pipeline.tables import TableSet
from pipeline.tables.writer import read_manifest


class Engine(Protocol):
    """Where chunks are processed: :class:`~pipeline.run.local.LocalEngine` or
    :class:`~pipeline.run.cluster.DaskEngine`."""

    name: str

    def describe(self, stages: list[Stage]) -> list[dict[str, Any]]: ...

    def process(self, chunks, stages: list[Stage], writer: ChunkWriter): ...


@dataclass
class RunResult:
    out: Path
    counts: dict[str, int]
    seconds: float


def check_inputs(inputs: Sequence[str | Path]) -> None:
    """Every input path must exist: a typo must fail before any work, not look like success."""
    missing = [str(item) for item in inputs if not Path(item).exists()]
    if missing:
        raise InputNotFound(f"input not found: {', '.join(missing)}")


def expand(inputs: Sequence[str | Path]) -> tuple[list[SourceFile], list[dict[str, Any]]]:
    """The input files, and error rows for inputs that could not be opened at all."""
    sources, errors = [], []
    for item in iter_source_files(inputs):
        if isinstance(item, ErrorRecord):
            errors.append(item.to_row())
        else:
            sources.append(item)
    return sources, errors


def run(
    inputs: Sequence[str | Path],
    out: str | Path,
    stages: Sequence[Stage] = (),
    *,
    engine: Engine | None = None,
    overwrite: bool = False,
    batch_size: int = 1000,
    progress: ProgressHook | None = None,
    dash_style: str | None = None,
) -> RunResult:
    """Read ``inputs``, run ``stages`` on every article and write the tables under ``out``.

    Resumes what a previous run into ``out`` left unless ``overwrite``; a run started with
    another ``batch_size``, other stages, models, countries or dash style is not resumed
    (:class:`~pipeline.core.errors.PipelineError`, :func:`~pipeline.run.settings.check_resumable`).
    ``stages`` are :class:`pipeline.core.stage.Stage` objects, usually
    :func:`pipeline.core.registry.build_stages`; a run whose dump country was inferred resumes only
    with that country, so build them with the one
    :func:`pipeline.run.settings.resolve_dump_country` returns for ``auto``. ``engine``
    defaults to one local process. ``dash_style``: the publisher's house style for spaced
    dashes, ``"en"`` or ``"em"``; ``"auto"``: each article's most likely one; None: the
    style set around the call with :func:`pipeline.ingest.lossy.house_style`, else auto.
    """
    check_inputs(inputs)
    dash_style = check_dash_style(dash_style)
    stages, engine = list(stages), engine or LocalEngine()
    out = Path(out).resolve()
    if not overwrite:  # what is known before any stage is built, first
        check_resumable(out, RunSettings(batch_size, dash_style=dash_style))
    schemas = table_schemas(stages)
    # A stage that cannot run here fails now, before --overwrite deletes anything.
    descriptions = engine.describe(stages)
    settings = replace(RunSettings.of_stages(batch_size, descriptions), dash_style=dash_style)
    if not overwrite:
        check_resumable(out, settings)
    if overwrite:
        TableSet.clear(out, [*schemas, *read_manifest(out).get("tables", [])])
    out.mkdir(parents=True, exist_ok=True)
    # Before any chunk: a run that crashes is resumed from what it was started with.
    write_run_settings(out, settings)
    tables, state = TableSet(out, schemas), RunState(out)
    sources, input_errors = expand(inputs)
    prepare(tables, state, {source.key for source in sources}, input_errors)

    tracker = RunProgress(bytes_total=sum(source.size or 0 for source in sources))
    chunks = iter_chunks(sources, batch_size, state, tracker, dash_style or AUTO)
    for chunk, summary in engine.process(chunks, stages, ChunkWriter(str(out), schemas)):
        _advance(tracker, chunk, summary)
        if progress:
            progress(tracker)

    state = RunState(out)  # every marker, wherever it was written
    settle_parts(tables, state, [source.key for source in sources])
    tables.finalize()
    seconds = time.perf_counter() - tracker.started
    counts = totals(state, tables.tables)
    write_manifest(
        out,
        inputs=inputs,
        tables=tables.tables,
        counts=counts,
        this_run={
            "engine": engine.name,
            "records_processed": tracker.records,
            "chunks_skipped": tracker.chunks_skipped,
        },
        stages=descriptions,
        seconds=seconds,
        batch_size=batch_size,
        dash_style=dash_style,
    )
    return RunResult(out, counts, seconds)


def _advance(tracker: RunProgress, chunk: Chunk, summary: dict[str, Any]) -> None:
    tracker.records += summary["records"]
    tracker.articles += summary.get("articles", 0)
    tracker.bytes_done += chunk.bytes_done
