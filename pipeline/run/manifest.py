"""``manifest.json``: what a run read, what it wrote, with what, and how long it took.

Written the same way by every engine, so two runs over the same inputs can be compared.
"""

from __future__ import annotations

import contextlib
import json
import platform
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from pipeline.core.config import RunConfig
from pipeline.core.files import write_bytes_atomically
from pipeline.ingest.sources import file_sha256
from pipeline.tables.writer import MANIFEST

_PACKAGES = ("newsdump-pipeline", "spacy", "scikit-learn", "ftfy", "pyarrow", "duckdb")


def versions() -> dict[str, str]:
    """Python's and the main libraries' versions."""
    found = {"python": platform.python_version()}
    for package in _PACKAGES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found[package] = metadata.version(package)
    return found


def describe_inputs(inputs: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Every input file (archives as a whole) with its size and sha256."""
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


def write_manifest(
    out: Path,
    *,
    inputs: Iterable[str | Path],
    tables: list[str],
    counts: dict[str, int],
    this_run: dict[str, Any],
    stages: list[dict[str, Any]],
    seconds: float,
    config: RunConfig,
) -> Path:
    """Write ``OUT/manifest.json``; see docs/ARCHITECTURE.md for its fields."""
    manifest = {
        "inputs": describe_inputs(inputs),
        "tables": tables,
        "counts": counts,
        "this_run": this_run,
        "stages": stages,
        "versions": versions(),
        "timings": {"total_seconds": round(seconds, 3)},
        "config": config.to_dict(),  # as run.json records it: batch size, stages' options
    }
    path = Path(out) / MANIFEST
    # UTF-8 whatever the locale (read_manifest reads UTF-8); atomic, so a crash while it is
    # written leaves the previous run's manifest, not half of one.
    write_bytes_atomically(path, json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))
    return path
