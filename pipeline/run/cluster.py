"""The Dask engine: the same chunks and stages, one task per chunk on a Dask cluster.

    pipeline run DUMP --out DIR --engine dask --scheduler tcp://HOST:PORT

The client reads the inputs and sends each pending chunk to the cluster with the stages'
specs, keeping a bounded number in flight so its memory stays flat; a large single file is
spread over every worker. A task processes its chunk exactly as the local engine does (the
stages built once per worker process) and commits it itself, so workers need ``--out`` at
the same path (a shared filesystem), and the suggestion model folder at the same path too:
the stages' specs carry the client's path (``--model`` as given, so give it absolute, or
the checkout's absolute ``models/default``, which is not installed with the package). The
workers do not need the inputs.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

from pipeline.core.stage import StageSpec
from pipeline.run.chunks import Chunk
from pipeline.run.commit import ChunkWriter, process_chunk
from pipeline.run.plan import Plan


def _describe_on_worker(specs: list[StageSpec]) -> list[dict[str, Any]]:
    return Plan.from_specs(specs).describe()


def _process_on_worker(chunk: Chunk, specs: list[StageSpec], writer: ChunkWriter) -> dict[str, Any]:
    return writer.commit(chunk, process_chunk(chunk, Plan.from_specs(specs)))


class DaskEngine:
    """Runs chunks as tasks on the Dask scheduler at ``scheduler`` (``tcp://HOST:PORT``)."""

    def __init__(self, scheduler: str):
        from dask.distributed import Client

        self.scheduler = scheduler
        self.name = f"dask ({scheduler})"
        self.client = Client(scheduler)

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.client.close()

    def describe(self, plan: Plan) -> list[dict[str, Any]]:
        """The stages' manifest entries, as a worker builds them (the client loads no model)."""
        return self.client.submit(_describe_on_worker, plan.specs, pure=False).result()

    def process(
        self, chunks: Iterator[Chunk], plan: Plan, writer: ChunkWriter, on_piece: Any = None
    ) -> Iterator[tuple[Chunk, dict[str, Any]]]:
        """Submit every chunk as a task; yields each with its summary as tasks finish
        (progress moves per chunk: ``on_piece`` is not called)."""
        from dask.distributed import as_completed

        specs = [spec for spec in plan.specs if spec.definition.kind != "run"]
        # Task keys unique to this run: Dask hands back a known key's result, so two runs
        # of the same dump (into other folders, or with other stages) must not share one.
        run = uuid.uuid4().hex[:8]
        # Enough chunks in flight to keep every worker thread busy, few enough that the
        # client and the scheduler hold a bounded number of records.
        window = 2 * max(1, sum(self.client.nthreads().values()))
        in_flight = as_completed(with_results=True)
        submitted: dict[str, Chunk] = {}
        for chunk in chunks:
            task = self.client.submit(
                _process_on_worker,
                chunk,
                specs,
                writer,
                key=f"process-{chunk.key}-{run}",
                pure=False,
            )
            submitted[task.key] = chunk
            in_flight.add(task)
            while in_flight.count() >= window:
                future, summary = next(in_flight)
                yield _done(submitted, future, summary)
        for future, summary in in_flight:
            yield _done(submitted, future, summary)


def _done(
    submitted: dict[str, Chunk], future: Any, summary: dict[str, Any]
) -> tuple[Chunk, dict[str, Any]]:
    chunk = submitted.pop(future.key)
    chunk.records = []  # the client need not hold the records any longer
    return chunk, summary
