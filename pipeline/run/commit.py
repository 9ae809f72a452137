"""Committing a chunk from wherever it was processed: the driver, or a Dask worker."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.core.stage import Rows
from pipeline.run.annotate import annotate_records, join_pieces
from pipeline.run.chunks import Chunk
from pipeline.run.plan import Plan
from pipeline.run.state import RunState, commit
from pipeline.tables import TableSet


@dataclass(frozen=True)
class ChunkWriter:
    """Writes a chunk's parts and marker under ``out``; small and picklable, so a Dask task
    can commit its own chunk on the worker (the folder must be shared)."""

    out: str
    schemas: dict[str, pa.Schema]

    def commit(self, chunk: Chunk, rows: Rows) -> dict[str, Any]:
        """The parts, then the marker; the marker's summary (records and rows per table)."""
        tables = TableSet(Path(self.out), self.schemas)
        state = RunState(Path(self.out), load=False)
        if _test_fault_due():
            state = _DieBeforeMarker(Path(self.out), load=False)
        summary = commit(tables, state, chunk, rows)
        _count_commit()
        return summary


# Told of each piece of a chunk as it is done: the chunk, its records and articles.
PieceHook = Callable[[Chunk, int, int], None]


def process_chunk(chunk: Chunk, plan: Plan, on_piece: PieceHook | None = None) -> Rows:
    """A chunk's rows, its pieces annotated one after another in this process."""
    pieces = []
    for piece in chunk.pieces():
        pieces.append(annotate_records(piece, plan.repair, plan.stages))
        if on_piece is not None:
            on_piece(chunk, len(piece), len(pieces[-1]["articles"]))
    return join_pieces(pieces)


# -- test-only fault injection -----------------------------------------------------------------
#
# Tests crash a run at a known point instead of killing it after a random sleep: with
# PIPELINE_FAULT_AFTER_CHUNKS=k in its environment, a process that commits chunks (the driver
# of a local run, a Dask worker) commits k chunks, then writes every part of the next one
# and dies at once with os._exit(FAULT_EXIT_CODE) before that chunk's marker: no cleanup,
# no manifest, parts without a marker left behind, as a kill there would leave them. Unset
# (always, outside the tests), it costs one environment lookup per chunk.

FAULT_ENV = "PIPELINE_FAULT_AFTER_CHUNKS"
FAULT_EXIT_CODE = 86
_committed_here = 0
_committed_lock = threading.Lock()


def _test_fault_due() -> bool:
    """Whether this commit is the one PIPELINE_FAULT_AFTER_CHUNKS says to die in."""
    after = os.environ.get(FAULT_ENV)
    return after is not None and _committed_here >= int(after)


def _count_commit() -> None:
    global _committed_here
    with _committed_lock:
        _committed_here += 1


class _DieBeforeMarker(RunState):
    """A run state whose marking kills the process: the chunk's parts are on disk, its
    marker never is (test-only, see FAULT_ENV)."""

    def mark(self, key: str, summary: dict[str, Any]) -> None:
        os._exit(FAULT_EXIT_CODE)
