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

import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pipeline.core.config import RunConfig
from pipeline.core.errors import InputNotFound
from pipeline.core.model import ErrorRecord
from pipeline.core.progress import ProgressHook, RunProgress
from pipeline.core.registry import PrepareContext
from pipeline.ingest.sources import SourceFile, iter_source_files
from pipeline.run.chunks import Chunk, iter_chunks
from pipeline.run.commit import ChunkWriter
from pipeline.run.local import LocalEngine
from pipeline.run.manifest import write_manifest
from pipeline.run.plan import Plan
from pipeline.run.settings import (
    RunSettings,
    check_resumable,
    read_run_settings,
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

    def describe(self, plan: Plan) -> list[dict[str, Any]]: ...

    def process(self, chunks, plan: Plan, writer: ChunkWriter, on_piece=None): ...


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


def settle_config(
    config: RunConfig,
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    overwrite: bool = False,
    report: Callable[[str], None] | None = None,
) -> RunConfig:
    """The configuration with what depends on the run settled by each stage's ``prepare``
    (the dump's country inferred, or taken from the earlier run into ``out`` unless
    ``overwrite``; a stage without a model turned off), before anything is built."""
    recorded = None if overwrite else read_run_settings(out)
    for stage in config.enabled():
        if stage.prepare:
            before = recorded.config.options(stage.name) if recorded else None
            context = PrepareContext(tuple(str(i) for i in inputs), before, report)
            settled = stage.settle(config.options(stage.name), context)
            config = config.with_options(stage.name, **settled.model_dump())
    return config


def run(
    inputs: Sequence[str | Path],
    out: str | Path,
    config: RunConfig | None = None,
    *,
    engine: Engine | None = None,
    overwrite: bool = False,
    progress: ProgressHook | None = None,
    report: Callable[[str], None] | None = None,
) -> RunResult:
    """Read ``inputs``, run the stages ``config`` enables on every article and write the
    tables under ``out``.

    Resumes what a previous run into ``out`` left unless ``overwrite``; a run started with
    another configuration or other models is not resumed
    (:class:`~pipeline.core.errors.PipelineError`, see :mod:`pipeline.run.settings`).
    ``config`` defaults to every registered stage with its default options
    (:meth:`RunConfig.build`); ``engine`` to one local process; ``report`` hears what the
    stages settled (the inferred dump country).
    """
    check_inputs(inputs)
    engine = engine or LocalEngine()
    out = Path(out).resolve()
    config = settle_config(
        config or RunConfig.build(), inputs, out, overwrite=overwrite, report=report
    )
    plan = Plan.of(config)
    schemas = plan.schemas()
    # A stage that cannot run here fails now, before --overwrite deletes anything.
    descriptions = engine.describe(plan)
    settings = RunSettings(config, plan.models(descriptions))
    if not overwrite:  # the same configuration and models as the run it resumes, or none
        check_resumable(out, config, settings.models)
    if overwrite:
        TableSet.clear(out, [*schemas, *read_manifest(out).get("tables", [])])
    out.mkdir(parents=True, exist_ok=True)
    # Before any chunk: a run that crashes is resumed from what it was started with.
    write_run_settings(out, settings)
    tables, state = TableSet(out, schemas), RunState(out)
    sources, input_errors = expand(inputs)
    prepare(tables, state, {source.key for source in sources}, input_errors)

    tracker = RunProgress(bytes_total=sum(source.size or 0 for source in sources))
    counter = _PieceCounter(tracker, progress)
    chunks = iter_chunks(sources, config.batch_size, state, tracker, config.batch_chars)
    writer = ChunkWriter(str(out), schemas)
    for chunk, summary in engine.process(chunks, plan, writer, on_piece=counter.piece_done):
        counter.chunk_done(chunk, summary)

    state = RunState(out)  # every marker, wherever it was written
    settle_parts(tables, state, [source.key for source in sources])
    for run_pass in plan.passes:
        run_pass.finish(tables)
    tables.finalize()
    seconds = time.perf_counter() - tracker.started
    counts = totals(state, tables)
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
        config=config,
        languages=languages_of(tables),
    )
    return RunResult(out, counts, seconds)


def languages_of(tables: TableSet) -> dict[str, int]:
    """How many articles the run has in each language (``undetermined``: the text did not
    say clearly), most first; what each stage reads is in its options."""
    column = tables.read("articles", ["language"]).column("language").to_pylist()
    counted = Counter(language or "undetermined" for language in column)
    return dict(counted.most_common())


class _PieceCounter:
    """Moves the run's progress as pieces finish (an engine that reports them, from its
    threads), and settles each chunk's counts to its committed summary."""

    def __init__(self, tracker: RunProgress, progress: ProgressHook | None):
        self.tracker, self.progress = tracker, progress
        self.heard: dict[str, tuple[int, int, int]] = {}  # chunk -> records, articles, bytes
        self.lock = threading.Lock()

    def piece_done(self, chunk: Chunk, records: int, articles: int) -> None:
        share = chunk.bytes_done * records // max(1, len(chunk.records))
        with self.lock:
            before = self.heard.get(chunk.key, (0, 0, 0))
            self.heard[chunk.key] = (before[0] + records, before[1] + articles, before[2] + share)
            self._add(records, articles, share)

    def chunk_done(self, chunk: Chunk, summary: dict[str, Any]) -> None:
        with self.lock:
            records, articles, share = self.heard.pop(chunk.key, (0, 0, 0))
            self._add(
                summary["records"] - records,
                summary.get("articles", 0) - articles,
                chunk.bytes_done - share,
            )

    def _add(self, records: int, articles: int, share: int) -> None:
        self.tracker.records += records
        self.tracker.articles += articles
        self.tracker.bytes_done += share
        if self.progress:
            self.progress(self.tracker)
