"""The batch run: read -> repair -> (entities) -> (suggestions) -> tables, streaming.

This module sits on top of every stage (as the CLI does); stages never import it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import platform
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.ingest import read_articles
from pipeline.ingest.sources import iter_source_files
from pipeline.model import Article, ErrorRecord
from pipeline.tables import TableSet

ProgressHook = Callable[[int, int], None]


@dataclass
class RunResult:
    out: Path
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def describe_inputs(inputs: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Every input file (archives as a whole) with its size and sha256, for the manifest."""
    described = []
    for item in inputs:
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                described.append(
                    {"path": str(file), "bytes": file.stat().st_size, "sha256": _file_digest(file)}
                )
    return described


def _versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for package in ("newsdump-pipeline", "spacy", "scikit-learn", "ftfy", "pyarrow", "duckdb"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    return versions


def run(
    inputs: list[str | Path],
    out: str | Path,
    *,
    annotators: Iterable[Any] = (),
    overwrite: bool = False,
    batch_size: int = 2000,
    progress: ProgressHook | None = None,
) -> RunResult:
    """Read ``inputs`` and write the tables under ``out``.

    ``annotators`` are later stages (entities, suggestions): each has ``tables``
    (the table names it fills) and ``annotate(articles) -> {table: rows}``, called
    once per batch of articles so that models work on batches (``nlp.pipe``).
    """
    started = time.perf_counter()
    out = Path(out)
    annotators = list(annotators)
    tables = ["articles", "errors", *[t for a in annotators for t in a.tables]]
    writer = TableSet(out, tables, batch_rows=batch_size, overwrite=overwrite)
    records = 0
    batch: list[Article] = []

    def flush_batch() -> None:
        for annotator in annotators:
            try:
                produced = annotator.annotate(batch)
            except Exception as exc:  # an annotator failure is recorded, the batch goes on
                for article in batch:
                    writer.add(
                        "errors",
                        ErrorRecord(
                            article.source,
                            article.locator,
                            f"{type(exc).__name__}: {exc}",
                            stage=annotator.name,
                        ).to_row(),
                    )
                continue
            for table, rows in produced.items():
                for row in rows:
                    writer.add(table, row)
        batch.clear()

    for item in read_articles(inputs):
        records += 1
        if isinstance(item, ErrorRecord):
            writer.add("errors", item.to_row())
        else:
            writer.add("articles", item.to_row())
            batch.append(item)
            if len(batch) >= batch_size:
                flush_batch()
        if progress:
            progress(records, writer.counts["articles"])
    if batch:
        flush_batch()
    writer.close()
    seconds = time.perf_counter() - started
    counts = {"records_read": records, **{f"{t}_rows": n for t, n in writer.counts.items()}}
    manifest = {
        "inputs": describe_inputs(inputs),
        "counts": counts,
        "annotators": [a.describe() for a in annotators],
        "versions": _versions(),
        "timings": {"total_seconds": round(seconds, 3)},
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
    return RunResult(out, counts, seconds)


def count_source_files(inputs: Iterable[str | Path]) -> int:
    return sum(1 for _ in iter_source_files(inputs))
