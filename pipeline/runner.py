"""The batch run: read -> repair -> entities -> suggestions -> tables, resumable.

Work is cut into *chunks*: up to ``batch_size`` consecutive records of one input
file. A chunk is the unit of commit: its part files (``part-<file>-<chunk>``) are
written atomically, then a marker in ``OUT/_state/`` says it is done. Running the
same command again skips what is marked done and redoes the rest, overwriting any
part a crash left behind, so the tables end up exactly as after an uninterrupted
run. A file whose content key changed (new size or mtime) is processed afresh;
its old parts are removed.

This module sits on top of every stage (as the CLI does); stages never import it.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import platform
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.ingest import Deduplicator, records_of, to_article
from pipeline.ingest.sources import SourceFile, file_sha256, iter_source_files
from pipeline.model import Article, ErrorRecord, RawRecord
from pipeline.tables import TableSet

STATE_DIR = "_state"
ProgressHook = Callable[["RunProgress"], None]


@dataclass
class RunProgress:
    bytes_total: int = 0
    bytes_done: int = 0
    records: int = 0
    articles: int = 0
    chunks_skipped: int = 0
    started: float = field(default_factory=time.perf_counter)


@dataclass
class Chunk:
    key: str
    records: list[RawRecord | ErrorRecord]
    bytes_done: int = 0
    last: bool = False  # the file's final chunk


Rows = dict[str, list[dict[str, Any]]]

# Records a worker annotates at a time. A chunk (the unit of commit) is cut into pieces
# so that both workers stay busy to the end of a run and the driver adds suggestions
# while the workers go on; the pieces' rows are joined again before the chunk is written.
PIECE_SIZE = 100

# The stages of the run, set in the parent before the worker pool forks.
_WORKER_STAGES: tuple[Any, Any] = (None, None)


def _annotate_in_worker(records: list[RawRecord | ErrorRecord]) -> Rows:
    return annotate_records(records, _WORKER_STAGES)


def run_stage(stage: Any, articles: list[Article], errors: list[dict[str, Any]]) -> Rows:
    """A stage's rows for ``articles``; if it fails, each article gets an error row for it."""
    try:
        return stage.annotate(articles)
    except Exception as exc:  # recorded, and the run goes on
        errors += [
            ErrorRecord(
                a.source, a.locator, f"{type(exc).__name__}: {exc}", stage=stage.name
            ).to_row()
            for a in articles
        ]
        return {}


def annotate_records(records: list[RawRecord | ErrorRecord], stages: tuple[Any, ...]) -> Rows:
    """Everything a piece of records needs short of writing: repair, then each stage's rows.

    Never raises: a stage that fails turns its articles into error rows for that stage.
    Article ids repeated within ``records`` are settled here; across pieces, by the driver.
    """
    deduplicator = Deduplicator()
    articles: list[Article] = []
    rows: Rows = {"articles": [], "errors": []}
    for record in records:
        item = to_article(record, deduplicator)
        if isinstance(item, Article):
            articles.append(item)
            rows["articles"].append(item.to_row())
        else:
            rows["errors"].append(item.to_row())
    for stage in stages:
        if stage is not None:
            rows.update(run_stage(stage, articles, rows["errors"]))
    return rows


def pieces_of(chunk: Chunk, size: int = PIECE_SIZE) -> list[list[RawRecord | ErrorRecord]]:
    """A chunk's records cut into consecutive pieces of at most ``size``.

    >>> [len(p) for p in pieces_of(Chunk("k", list(range(250))))]
    [100, 100, 50]
    """
    return [chunk.records[i : i + size] for i in range(0, len(chunk.records), size)] or [[]]


@dataclass
class RunResult:
    out: Path
    counts: dict[str, int]
    seconds: float


class RunState:
    """Which chunks are done, from the markers under ``OUT/_state``.

    With ``load=False`` the markers are only written (a Dask task commits one chunk and
    need not read the markers of every other).
    """

    def __init__(self, out: Path, load: bool = True):
        self.folder = out / STATE_DIR
        self.folder.mkdir(parents=True, exist_ok=True)
        self.done: dict[str, dict[str, Any]] = {}
        for marker in self.folder.glob("*.json") if load else ():
            with contextlib.suppress(json.JSONDecodeError):
                self.done[marker.stem] = json.loads(marker.read_text())

    def remove_temporary_files(self) -> None:
        for leftover in self.folder.glob(".*.tmp"):
            leftover.unlink()

    def mark(self, key: str, summary: dict[str, Any]) -> None:
        temporary = self.folder / f".{key}.json.tmp"
        temporary.write_text(json.dumps(summary))
        os.replace(temporary, self.folder / f"{key}.json")
        self.done[key] = summary

    def forget_files_except(self, file_keys: set[str], tables: TableSet) -> None:
        """Drop chunks of files that are gone or changed, with their parts."""
        for key in list(self.done):
            file_key = key.split("-", 1)[0]
            if file_key not in file_keys:
                tables.remove_parts(f"{file_key}-")
                (self.folder / f"{key}.json").unlink(missing_ok=True)
                del self.done[key]

    def file_complete(self, file_key: str) -> bool:
        return any(k.startswith(f"{file_key}-") and v.get("last") for k, v in self.done.items())


def iter_chunks(
    sources: list[SourceFile], batch_size: int, state: RunState, progress: RunProgress
) -> Iterator[Chunk]:
    """Chunks still to do, in input order; done ones are read past, not processed.

    Each chunk carries the bytes of its file read since the previous chunk, so progress
    (and the ETA) moves through a single large file, not only from file to file.
    """
    for source in sources:
        if state.file_complete(source.key):
            progress.chunks_skipped += sum(1 for k in state.done if k.startswith(f"{source.key}-"))
            progress.bytes_done += source.size or 0
            continue
        index, buffer, counted = 0, [], 0
        for record in records_of(source):
            buffer.append(record)
            if len(buffer) == batch_size:
                read = min(source.bytes_read, source.size or 0) - counted
                counted += read
                key = f"{source.key}-{index:05d}"
                yield from _unless_done(key, buffer, state, progress, size=read)
                index, buffer = index + 1, []
        yield from _unless_done(
            f"{source.key}-{index:05d}",
            buffer,
            state,
            progress,
            last=True,
            size=(source.size or 0) - counted,
        )


def _unless_done(
    key: str,
    records: list,
    state: RunState,
    progress: RunProgress,
    last: bool = False,
    size: int = 0,
) -> Iterator[Chunk]:
    """The chunk to process, unless a marker says it is done; ``size``: its bytes."""
    if key in state.done:
        progress.chunks_skipped += 1
        progress.bytes_done += size
        return
    yield Chunk(key, records, bytes_done=size, last=last)


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in ("newsdump-pipeline", "spacy", "scikit-learn", "ftfy", "pyarrow", "duckdb"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    return versions


def describe_inputs(inputs: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Every input file (archives as a whole) with its size and sha256, for the manifest."""
    described = []
    for item in inputs:
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                described.append(
                    {"path": str(file), "bytes": file.stat().st_size, "sha256": file_sha256(file)}
                )
    return described


def table_names(entities: bool, suggestions: bool) -> list[str]:
    """The tables a run writes, given its stages."""
    names = ["articles", "errors"]
    if entities:
        names += ["mentions", "entities"]
    if suggestions:
        names.append("suggestions")
    return names


class Runner:
    """Runs the chain over chunks, committing each; see the module docstring."""

    def __init__(
        self,
        out: Path,
        extractor: Any = None,
        suggester: Any = None,
        batch_size: int = 1000,
        tables: list[str] | None = None,
        workers: int = 1,
        state: RunState | None = None,
    ):
        self.out = out
        self.extractor = extractor
        self.suggester = suggester
        self.batch_size = batch_size
        self.workers = workers
        if tables is None:
            tables = table_names(extractor is not None, suggester is not None)
        self.tables = TableSet(out, tables)
        self.state = state if state is not None else RunState(out)

    # -- steps --------------------------------------------------------------------------
    def _settle_duplicates(self, rows: Rows, deduplicator: Deduplicator) -> None:
        """Ids already taken by an earlier piece: that article becomes an error row instead.

        ``rows`` are one piece's, whose own repeats are already settled, so an id here
        belongs to one article only.
        """
        duplicates: dict[str, str] = {}
        for row in rows["articles"]:
            where = f"{row['source']}#{row['locator']}" if row["locator"] else row["source"]
            first = deduplicator.claim(row["article_id"], where)
            if first is not None:
                duplicates[row["article_id"]] = first
        if not duplicates:
            return
        settled = [row for row in rows["articles"] if row["article_id"] in duplicates]
        for table, table_rows in rows.items():
            if table != "errors":
                rows[table] = [r for r in table_rows if r["article_id"] not in duplicates]
        for row in settled:
            first = duplicates[row["article_id"]]
            reason = f"duplicate article_id {row['article_id']!r} (first at {first})"
            rows["errors"].append(ErrorRecord(row["source"], row["locator"], reason).to_row())

    def _commit(self, chunk: Chunk, rows: Rows) -> dict[str, Any]:
        for table in self.tables.tables:
            self.tables.write_part(table, chunk.key, rows.get(table, []))
        summary = {
            "records": len(chunk.records),
            "last": chunk.last,
            **{table: len(rows.get(table, [])) for table in self.tables.tables},
        }
        self.state.mark(chunk.key, summary)
        return summary

    def _results(self, chunks: Iterator[Chunk]) -> Iterator[tuple[Chunk, Iterator[Rows]]]:
        """Each chunk with its pieces' rows, in input order, computed on ``workers`` processes.

        With several workers, they run repair and entities piece by piece; the driver,
        otherwise idle, adds the suggestions, so that loading the suggestion model
        (scikit-learn's import is slow) overlaps with the workers' first pieces instead
        of delaying the fork.
        """
        stages = (self.extractor, self.suggester)
        if self.workers <= 1:
            for chunk in chunks:
                yield chunk, (annotate_records(piece, stages) for piece in pieces_of(chunk))
            return
        global _WORKER_STAGES
        _WORKER_STAGES = (self.extractor, None)  # inherited by the forked workers
        context = multiprocessing.get_context("fork")
        with context.Pool(self.workers) as pool:
            pending: deque[tuple[Chunk, list[Any]]] = deque()

            def submitted(chunk: Chunk) -> tuple[Chunk, list[Any]]:
                return chunk, [
                    pool.apply_async(_annotate_in_worker, (piece,)) for piece in pieces_of(chunk)
                ]

            def collected(chunk: Chunk, futures: list[Any]) -> tuple[Chunk, Iterator[Rows]]:
                return chunk, (self._with_suggestions(future.get()) for future in futures)

            for chunk in chunks:
                pending.append(submitted(chunk))
                if len(pending) > 2 * self.workers:  # bounded read-ahead: memory stays flat
                    yield collected(*pending.popleft())
            while pending:
                yield collected(*pending.popleft())

    def _with_suggestions(self, rows: Rows) -> Rows:
        if self.suggester is not None:
            articles = [Article(**row) for row in rows["articles"]]
            rows.update(run_stage(self.suggester, articles, rows["errors"]))
        return rows

    # -- the run ----------------------------------------------------------------------------
    def expand(self, inputs: list[str | Path]) -> tuple[list[SourceFile], list[ErrorRecord]]:
        """The input files, and errors for inputs that could not be opened at all."""
        sources, errors = [], []
        for item in iter_source_files(inputs):
            (errors if isinstance(item, ErrorRecord) else sources).append(item)
        return sources, errors

    def prepare(self, sources: list[SourceFile], input_errors: list[ErrorRecord]) -> Deduplicator:
        """Forget changed files and uncommitted parts; record input errors; rebuild seen ids.

        Run once, by whoever drives the run, before any chunk is processed.
        """
        self.tables.remove_temporary_files()
        self.state.remove_temporary_files()
        self.state.forget_files_except({s.key for s in sources} | {"inputs"}, self.tables)
        # Parts without a done marker are what a crash left behind: their chunk is redone.
        self.tables.remove_parts_except(set(self.state.done))
        # Inputs that could not be opened at all form one chunk of their own, redone each run.
        self.tables.write_part("errors", "inputs-00000", [e.to_row() for e in input_errors])
        self.state.mark("inputs-00000", {"records": len(input_errors), "errors": len(input_errors)})
        return Deduplicator(
            dict.fromkeys(self.tables.column("articles", "article_id"), "an earlier run")
        )

    def process(
        self,
        sources: list[SourceFile],
        deduplicator: Deduplicator,
        progress: RunProgress,
        progress_hook: ProgressHook | None = None,
    ) -> None:
        """Process and commit every chunk of ``sources`` that is not done yet."""
        chunks = iter_chunks(sources, self.batch_size, self.state, progress)
        self.process_chunks(chunks, deduplicator, progress, progress_hook)

    def process_chunks(
        self,
        chunks: Iterable[Chunk],
        deduplicator: Deduplicator,
        progress: RunProgress,
        progress_hook: ProgressHook | None = None,
    ) -> None:
        """Process and commit ``chunks``, in order (the Dask engine's task calls this)."""
        for chunk, pieces in self._results(iter(chunks)):
            rows: Rows = {}
            for piece in pieces:
                self._settle_duplicates(piece, deduplicator)
                for table, table_rows in piece.items():
                    rows.setdefault(table, []).extend(table_rows)
            summary = self._commit(chunk, rows)
            progress.records += summary["records"]
            progress.articles += summary["articles"]
            progress.bytes_done += chunk.bytes_done
            if progress_hook:
                progress_hook(progress)

    def finish(
        self,
        inputs: list[str | Path],
        progress: RunProgress,
        engine: str,
        stages: list[dict[str, Any]] | None = None,
    ) -> RunResult:
        """Finalize the tables and write the manifest."""
        self.tables.finalize()
        seconds = time.perf_counter() - progress.started
        counts = self._totals()
        manifest = {
            "inputs": describe_inputs(inputs),
            "counts": counts,
            "this_run": {
                "engine": engine,
                "records_processed": progress.records,
                "chunks_skipped": progress.chunks_skipped,
            },
            "stages": stages
            if stages is not None
            else [s.describe() for s in (self.extractor, self.suggester) if s is not None],
            "versions": _versions(),
            "timings": {"total_seconds": round(seconds, 3)},
            "batch_size": self.batch_size,
        }
        (self.out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        return RunResult(self.out, counts, seconds)

    def run(self, inputs: list[str | Path], progress_hook: ProgressHook | None = None) -> RunResult:
        sources, input_errors = self.expand(inputs)
        deduplicator = self.prepare(sources, input_errors)
        progress = RunProgress(bytes_total=sum(s.size or 0 for s in sources))
        self.process(sources, deduplicator, progress, progress_hook)
        return self.finish(inputs, progress, engine="local")

    def _totals(self) -> dict[str, int]:
        totals = {"records_read": 0, **{f"{t}_rows": 0 for t in self.tables.tables}}
        for summary in self.state.done.values():
            totals["records_read"] += summary.get("records", 0)
            for table in self.tables.tables:
                totals[f"{table}_rows"] += summary.get(table, 0)
        return totals


def run(
    inputs: list[str | Path],
    out: str | Path,
    *,
    extractor: Any = None,
    suggester: Any = None,
    overwrite: bool = False,
    batch_size: int = 1000,
    workers: int = 1,
    progress: ProgressHook | None = None,
) -> RunResult:
    """Read ``inputs`` and write the tables under ``out``, resuming unless ``overwrite``.

    ``extractor`` and ``suggester`` are the entity and suggestion stages (objects with
    ``name``, ``tables``, ``annotate(articles)`` and ``describe()``); chunks are processed
    on ``workers`` processes.
    """
    out = Path(out)
    if overwrite:
        TableSet.clear(out)
    out.mkdir(parents=True, exist_ok=True)
    return Runner(out, extractor, suggester, batch_size, workers=workers).run(inputs, progress)
