"""``manifest.json``: what a run read, what it wrote, with what, and how long it took.

Written the same way by every engine, so two runs over the same inputs can be compared.
It names no absolute path, so it reads the same wherever the run folder is moved or copied:
an input is named as it was given without the folders above it (``articles.jsonl``,
``dump/2024/a.txt``) and known by its size and sha256; a folder a stage describes (a model's
``model_dir``) is named relative to the run, or to the code for a bundled model, else by its
own name (the model's sha256 beside it says which it is). Resuming needs none of it: the run
state in ``_state`` keeps what a resumed run must match.
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


CODE_ROOT = Path(__file__).resolve().parents[2]  # the checkout: bundled models live here


def describe_inputs(inputs: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Every input file (archives as a whole) with its size and sha256, named from the input
    as given down (a folder's files under its name), never by an absolute path."""
    described = []
    for item in inputs:
        path = Path(item)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                described.append(
                    {
                        "path": _from(file, path.absolute().parent),
                        "bytes": file.stat().st_size,
                        "sha256": file_sha256(file),
                    }
                )
    return described


def _from(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` (POSIX separators)."""
    return path.absolute().relative_to(root).as_posix()


def portable(value: Any, out: Path) -> Any:
    """``value`` with every absolute path in it made relative: to the run folder ``out``, to
    the code (``models/default``), or else to its own folder (its name).

    >>> portable({"model_dir": str(CODE_ROOT / "models" / "default"), "n": 3}, Path("/x"))
    {'model_dir': 'models/default', 'n': 3}
    >>> portable(["/somewhere/else/site", "relative/kept"], Path("/x"))
    ['site', 'relative/kept']
    """
    if isinstance(value, dict):
        return {key: portable(item, out) for key, item in value.items()}
    if isinstance(value, list):
        return [portable(item, out) for item in value]
    if isinstance(value, str) and value.startswith("/") and "\n" not in value:
        path = Path(value)
        for root in (Path(out).absolute(), CODE_ROOT):
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix() or "."
        return path.name or value
    return value


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
    languages: dict[str, int] | None = None,
) -> Path:
    """Write ``OUT/manifest.json``; see docs/ARCHITECTURE.md for its fields."""
    manifest = {
        "inputs": describe_inputs(inputs),
        "tables": tables,
        "counts": counts,
        "this_run": portable(this_run, out),
        "stages": portable(stages, out),
        "versions": versions(),
        "timings": {"total_seconds": round(seconds, 3)},
        # as run.json records it (batch size, stages' options), its paths made relative
        "config": portable(config.to_dict(), out),
        "languages": languages or {},  # articles per detected language
    }
    path = Path(out) / MANIFEST
    # UTF-8 whatever the locale (read_manifest reads UTF-8); atomic, so a crash while it is
    # written leaves the previous run's manifest, not half of one.
    write_bytes_atomically(path, json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))
    return path
