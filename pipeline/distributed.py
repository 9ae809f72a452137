"""The Dask engine: the same chain as the local engine, one task per chunk.

    pipeline run DUMP --out DIR --engine dask --scheduler tcp://HOST:PORT

The client reads the inputs and sends each pending chunk (up to ``--batch-size``
records of one file) to the cluster as a task, keeping a bounded number in flight so
its memory stays flat; a large single file is spread over every worker. A task
processes and commits its chunk exactly as the local engine does, with the spaCy
pipeline and the suggestion model loaded once per worker process, so workers need
only ``--out`` at the same path (a shared filesystem), not the inputs. Duplicate article
ids across chunks cannot be seen by parallel tasks, so the client settles them
afterwards: the later copy (in input order) becomes an error row, as in a local run.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.ingest import Deduplicator
from pipeline.model import ErrorRecord
from pipeline.runner import (
    Chunk,
    Runner,
    RunProgress,
    RunResult,
    RunState,
    iter_chunks,
    table_names,
)
from pipeline.tables import TableSet


@cache
def _worker_stages(
    entities: bool, spacy_model: str | None, model_dir: str | None
) -> tuple[Any, Any]:
    """Loaded once per worker process and reused by every task on it."""
    extractor = suggester = None
    if entities:
        from pipeline.nlp import EntityExtractor

        extractor = EntityExtractor(spacy_model, n_process=1)
    if model_dir:
        from pipeline.classify.annotate import SuggestionAnnotator

        suggester = SuggestionAnnotator(model_dir)
    return extractor, suggester


def process_chunk(
    chunk: Chunk,
    out: str,
    tables: list[str],
    entities: bool,
    spacy_model: str | None,
    model_dir: str | None,
) -> dict[str, int]:
    """A Dask task: one chunk processed and committed (parts, then its marker)."""
    extractor, suggester = _worker_stages(entities, spacy_model, model_dir)
    runner = Runner(
        Path(out), extractor, suggester, tables=tables, state=RunState(Path(out), load=False)
    )
    progress = RunProgress()
    runner.process_chunks([chunk], Deduplicator(), progress)
    return {"records": progress.records, "articles": progress.articles}


def settle_duplicates(runner: Runner, file_order: list[str]) -> int:
    """Turn later copies of an article id (by input order) into error rows, in their own parts."""
    out, tables = runner.out, runner.tables
    rank = {key: i for i, key in enumerate(file_order)}
    parts = sorted(
        (out / "articles").glob("part-*.parquet"),
        key=lambda p: (rank.get(p.stem.removeprefix("part-").split("-")[0], -1), p.stem),
    )
    first_seen: dict[str, str] = {}
    settled = 0
    for path in parts:
        key = path.stem.removeprefix("part-")
        rows = pq.read_table(path).to_pylist()
        duplicates = []
        for row in rows:
            where = f"{row['source']}#{row['locator']}" if row["locator"] else row["source"]
            if first_seen.setdefault(row["article_id"], where) != where:
                duplicates.append(row)
        if not duplicates:
            continue
        settled += len(duplicates)
        dropped = {r["article_id"] for r in duplicates}
        for table in tables.tables:
            part = out / table / f"part-{key}.parquet"
            if table == "errors":
                existing = pq.read_table(part).to_pylist() if part.exists() else []
                existing += [
                    ErrorRecord(
                        r["source"],
                        r["locator"],
                        f"duplicate article_id {r['article_id']!r} "
                        f"(first at {first_seen[r['article_id']]})",
                    ).to_row()
                    for r in duplicates
                ]
                tables.write_part("errors", key, existing)
            elif part.exists():
                kept = [
                    r for r in pq.read_table(part).to_pylist() if r["article_id"] not in dropped
                ]
                tables.write_part(table, key, kept)
        summary = dict(runner.state.done[key])
        for table in tables.tables:
            part = out / table / f"part-{key}.parquet"
            summary[table] = pq.read_metadata(part).num_rows if part.exists() else 0
        runner.state.mark(key, summary)
    return settled


def run_dask(
    inputs: list[str | Path],
    out: str | Path,
    scheduler: str,
    *,
    entities: bool = True,
    spacy_model: str | None = None,
    model_dir: str | Path | None = None,
    overwrite: bool = False,
    batch_size: int = 1000,
) -> RunResult:
    """Run on a Dask cluster; tables equal a local run's, row for row."""
    from dask.distributed import Client, as_completed

    out = Path(out).resolve()
    if overwrite:
        TableSet.clear(out)
    out.mkdir(parents=True, exist_ok=True)
    inputs = [str(Path(i).resolve()) for i in inputs]
    # The client never runs the stages; it only needs their table layout.
    tables = table_names(entities, model_dir is not None)
    runner = Runner(out, batch_size=batch_size, tables=tables)
    sources, input_errors = runner.expand(inputs)
    runner.prepare(sources, input_errors)
    progress = RunProgress(bytes_total=sum(s.size or 0 for s in sources))
    with Client(scheduler) as client:
        # Enough chunks in flight to keep every worker thread busy, few enough that the
        # client and scheduler hold a bounded number of records.
        window = 2 * max(1, sum(client.nthreads().values()))
        in_flight = as_completed()

        def collect(future: Any) -> None:
            done = future.result()
            progress.records += done["records"]
            progress.articles += done["articles"]

        for chunk in iter_chunks(sources, batch_size, runner.state, progress):
            task = client.submit(
                process_chunk,
                chunk,
                str(out),
                tables,
                entities,
                spacy_model,
                str(model_dir) if model_dir else None,
                key=f"process-{chunk.key}",
                pure=False,
            )
            in_flight.add(task)
            while in_flight.count() >= window:
                collect(next(in_flight))
        for future in in_flight:
            collect(future)
    runner.state = RunState(out)  # the markers the workers wrote
    settle_duplicates(runner, [s.key for s in sources])
    stages = [{"name": "entities", "spacy_model": spacy_model or "default"}] if entities else []
    if model_dir:
        stages.append({"name": "suggestions", "model_dir": str(model_dir)})
    return runner.finish(inputs, progress, engine=f"dask ({scheduler})", stages=stages)
