"""Write tables as Parquet part files, atomically, plus a DuckDB file of views over them.

Part names are chosen by the caller and deterministic (``part-<unit>.parquet``), so a
unit of work that is redone after a crash overwrites its own parts instead of adding
duplicates. Each part is written under a temporary name and renamed into place.
"""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.tables.schemas import SCHEMAS

EMPTY_PART = "part-empty.parquet"
TEMPORARY_SUFFIX = ".tmp"


def _to_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def typed_rows(table: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as an Arrow table of the table's schema (derived columns filled in)."""
    if table == "articles":
        rows = [{**row, "published_date": _to_date(row.get("published"))} for row in rows]
    return pa.Table.from_pylist(rows, schema=SCHEMAS[table])


def write_atomically(data: pa.Table, path: Path) -> None:
    temporary = path.with_name(f".{path.name}{TEMPORARY_SUFFIX}")
    pq.write_table(data, temporary)
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class TableSet:
    """The output folder: one sub-folder of part files per table."""

    def __init__(self, out: Path, tables: list[str]):
        self.out = Path(out)
        self.tables = tables
        for name in tables:
            (self.out / name).mkdir(parents=True, exist_ok=True)

    @staticmethod
    def clear(out: Path) -> None:
        """Remove every table, the DuckDB file and the run state (``--overwrite``)."""
        for name in [*SCHEMAS, "_state"]:
            if (Path(out) / name).is_dir():
                shutil.rmtree(Path(out) / name)
        for name in ("pipeline.duckdb", "manifest.json"):
            (Path(out) / name).unlink(missing_ok=True)

    def remove_temporary_files(self) -> None:
        for name in self.tables:
            for leftover in (self.out / name).glob(f".*{TEMPORARY_SUFFIX}"):
                leftover.unlink()

    def write_part(self, table: str, part: str, rows: list[dict[str, Any]]) -> None:
        """Write (or rewrite) ``part`` of ``table``; an empty part is written too, as a record."""
        empty = self.out / table / EMPTY_PART
        if rows and empty.exists():
            empty.unlink()
        if rows:
            write_atomically(typed_rows(table, rows), self.out / table / f"part-{part}.parquet")
        else:
            (self.out / table / f"part-{part}.parquet").unlink(missing_ok=True)

    def remove_parts(self, part_prefix: str) -> None:
        for name in self.tables:
            for path in (self.out / name).glob(f"part-{part_prefix}*.parquet"):
                path.unlink()

    def remove_parts_except(self, keep: set[str]) -> None:
        """Delete every part whose key is not in ``keep`` (uncommitted work)."""
        for name in self.tables:
            for path in (self.out / name).glob("part-*.parquet"):
                key = path.stem.removeprefix("part-")
                if key != "empty" and key not in keep:
                    path.unlink()

    def column(self, table: str, name: str) -> list[Any]:
        """One column of a table across its parts (for rebuilding state on resume)."""
        parts = sorted((self.out / table).glob("part-*.parquet"))
        values: list[Any] = []
        for path in parts:
            values += pq.read_table(path, columns=[name]).column(name).to_pylist()
        return values

    def finalize(self) -> Path:
        """An empty part for each table without rows (so its schema is there), then DuckDB views."""
        for name in self.tables:
            folder = self.out / name
            if not any(folder.glob("part-*.parquet")):
                write_atomically(SCHEMAS[name].empty_table(), folder / EMPTY_PART)
        return write_duckdb_views(self.out, self.tables)


def write_duckdb_views(out: Path, tables: list[str]) -> Path:
    """``pipeline.duckdb`` beside the tables, with one view per table over its Parquet folder."""
    import duckdb

    path = Path(out) / "pipeline.duckdb"
    with duckdb.connect(str(path)) as connection:
        for name in tables:
            pattern = (Path(out).resolve() / name / "*.parquet").as_posix().replace("'", "''")
            connection.execute(
                f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{pattern}')"
            )
    return path
