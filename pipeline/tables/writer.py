"""Write tables as Parquet part files, atomically, plus a DuckDB file of views over them."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.tables.schemas import SCHEMAS


def _to_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


class TableSet:
    """Buffers rows per table and flushes them as numbered Parquet part files.

    Each part is written to a temporary name and renamed, so a reader (or a crash)
    never sees half a file.
    """

    def __init__(
        self, out: Path, tables: list[str], batch_rows: int = 2000, overwrite: bool = False
    ):
        self.out = Path(out)
        self.tables = tables
        self.batch_rows = batch_rows
        if overwrite and self.out.exists():
            for name in [*SCHEMAS, "pipeline.duckdb"]:
                target = self.out / name
                if target.is_dir():
                    shutil.rmtree(target)
                elif target.exists():
                    target.unlink()
        self.buffers: dict[str, list[dict[str, Any]]] = {name: [] for name in tables}
        self.parts: dict[str, int] = {}
        self.counts: dict[str, int] = dict.fromkeys(tables, 0)
        for name in tables:
            folder = self.out / name
            folder.mkdir(parents=True, exist_ok=True)
            self.parts[name] = len(list(folder.glob("part-*.parquet")))

    def add(self, table: str, row: dict[str, Any]) -> None:
        if table == "articles":
            row = {**row, "published_date": _to_date(row.get("published"))}
        buffer = self.buffers[table]
        buffer.append(row)
        self.counts[table] += 1
        if len(buffer) >= self.batch_rows:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else self.tables:
            rows = self.buffers[name]
            if rows:
                self._write_part(name, pa.Table.from_pylist(rows, schema=SCHEMAS[name]))
                self.buffers[name] = []

    def _write_part(self, name: str, data: pa.Table) -> None:
        folder = self.out / name
        final = folder / f"part-{self.parts[name]:05d}.parquet"
        temporary = folder / f".{final.name}.tmp"
        pq.write_table(data, temporary)
        os.replace(temporary, final)
        self.parts[name] += 1

    def close(self) -> None:
        """Flush every buffer; a table without rows gets one empty part, so its schema is there."""
        self.flush()
        for name in self.tables:
            if self.parts[name] == 0:
                self._write_part(name, SCHEMAS[name].empty_table())
        write_duckdb_views(self.out, self.tables)


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
