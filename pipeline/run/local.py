"""The local engine: chunks processed on this machine's cores, committed by the driver.

Each chunk is cut into pieces; with several workers, forked worker processes repair the
pieces and run the stages on them (stages rebuilt from their specs once per worker, so a
pipeline loaded in the driver before the fork is shared, not loaded again) and the driver
joins and commits each chunk, in input order, keeping a bounded number of chunks in flight
so memory stays flat. A *light* stage (``StageDefinition.light``: little work per article,
a model slow to load) runs in the driver instead, on each piece as it comes back: its
model loads once, while the workers are already busy, rather than once per worker
(docs/guides/figures.md has what that saves).
"""

from __future__ import annotations

import gc
import multiprocessing
from collections import deque
from collections.abc import Iterator
from typing import Any

from pipeline.core.model import Article
from pipeline.core.stage import Rows, Stage, StageSpec
from pipeline.run.annotate import annotate_records, join_pieces, run_stage
from pipeline.run.chunks import Chunk, Record
from pipeline.run.commit import ChunkWriter, PieceHook, process_chunk
from pipeline.run.plan import Plan

# Chunks submitted ahead of the one being committed, per worker.
READ_AHEAD_PER_WORKER = 2
# Garbage-collection thresholds of a batch process: youngest generation, middle, whole heap.
BATCH_GC_THRESHOLDS = (10_000, 50, 50)


def collect_less_often() -> None:
    """Rarer garbage collections in this process, for a batch (``pipeline run``): a batch
    makes millions of short-lived objects (tokens, spans, rows, phrase candidates), and
    Python's default collects its youngest ones every 700 allocations and the whole heap
    every 70,000. With these thresholds and the loaded models frozen while the workers run
    (:meth:`LocalEngine.process`), the collector took 0.3 s of a 1,000-article run's CPU,
    not 1.3 s (docs/guides/figures.md); the objects die young anyway. Not set by a library
    call (``pipeline.run.run``): a notebook's process is its user's."""
    gc.set_threshold(*BATCH_GC_THRESHOLDS)


# Set in each worker process by its initializer (the pool's documented way to give workers
# state): the stages, or why they could not be built.
_worker_plan: Plan | BaseException | None = None


def _start_worker(specs: list[StageSpec]) -> None:
    global _worker_plan
    try:
        _worker_plan = Plan.from_specs(specs)
    except Exception as exc:  # raised with the first piece: a failing initializer loops forever
        _worker_plan = exc


def _annotate_piece(records: list[Record]) -> Rows:
    if isinstance(_worker_plan, BaseException):
        raise _worker_plan
    assert _worker_plan is not None
    return annotate_records(records, _worker_plan.repair, _worker_plan.stages)


class LocalEngine:
    """``workers`` processes on this machine (1: everything in the driver process)."""

    def __init__(self, workers: int = 1):
        self.workers = max(1, workers)
        self.name = "local"

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def describe(self, plan: Plan) -> list[dict[str, Any]]:
        """The stages' manifest entries; loads their models here, before workers fork."""
        return plan.describe()

    def process(
        self,
        chunks: Iterator[Chunk],
        plan: Plan,
        writer: ChunkWriter,
        on_piece: PieceHook | None = None,
    ) -> Iterator[tuple[Chunk, dict[str, Any]]]:
        """Process and commit every chunk; yields each with its summary, in input order.
        ``on_piece(chunk, records, articles)`` hears of each piece as it is done (from the
        pool's result thread), so progress moves long before a chunk is committed."""
        for chunk, rows in self._results(chunks, plan, on_piece):
            yield chunk, writer.commit(chunk, rows)

    def _results(
        self, chunks: Iterator[Chunk], plan: Plan, on_piece: PieceHook | None
    ) -> Iterator[tuple[Chunk, Rows]]:
        if self.workers == 1:
            for chunk in chunks:
                yield chunk, process_chunk(chunk, plan, on_piece)
            return
        specs, in_driver = plan.split()
        context = multiprocessing.get_context("fork")
        # The models loaded so far live as long as the run: frozen, the collector no longer
        # walks them at each full collection, in the driver or in the workers (and does not
        # write to their pages, which the forked workers then keep sharing).
        gc.collect()
        gc.freeze()
        try:
            yield from self._pooled(chunks, specs, in_driver, context, on_piece)
        finally:
            gc.unfreeze()

    def _pooled(
        self,
        chunks: Iterator[Chunk],
        specs: list[StageSpec],
        in_driver: list[Stage],
        context: Any,
        on_piece: PieceHook | None,
    ) -> Iterator[tuple[Chunk, Rows]]:
        with context.Pool(self.workers, initializer=_start_worker, initargs=(specs,)) as pool:
            pending: deque[tuple[Chunk, list[Any]]] = deque()
            for chunk in chunks:
                pieces = [
                    pool.apply_async(
                        _annotate_piece, (piece,), callback=_heard(on_piece, chunk, piece)
                    )
                    for piece in chunk.pieces()
                ]
                pending.append((chunk, pieces))
                if len(pending) > READ_AHEAD_PER_WORKER * self.workers:
                    yield self._joined(*pending.popleft(), in_driver)
            while pending:
                yield self._joined(*pending.popleft(), in_driver)

    @staticmethod
    def _joined(chunk: Chunk, pieces: list[Any], in_driver: list[Stage]) -> tuple[Chunk, Rows]:
        return chunk, join_pieces(_with_stages(piece.get(), in_driver) for piece in pieces)


def _heard(on_piece: PieceHook | None, chunk: Chunk, piece: list[Record]) -> Any:
    """The pool callback telling ``on_piece`` that ``piece`` of ``chunk`` is done."""
    if on_piece is None:
        return None
    return lambda rows: on_piece(chunk, len(piece), len(rows["articles"]))


def _with_stages(rows: Rows, stages: list[Stage]) -> Rows:
    """A piece's rows with those of ``stages``, run here on its articles."""
    if stages:
        articles = [Article(**row) for row in rows["articles"]]
        for stage in stages:
            run_stage(stage, articles, rows)
    return rows
