"""Committing a chunk from wherever it was processed: the driver, or a Dask worker."""

from __future__ import annotations

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
        return commit(tables, RunState(Path(self.out), load=False), chunk, rows)


def process_chunk(chunk: Chunk, plan: Plan) -> Rows:
    """A chunk's rows, its pieces annotated one after another in this process."""
    return join_pieces(
        annotate_records(piece, plan.repair, plan.stages) for piece in chunk.pieces()
    )
