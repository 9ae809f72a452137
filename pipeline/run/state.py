"""Run state: which chunks are committed, kept as marker files under ``OUT/_state``.

A chunk is committed by writing every table's part (atomically: temporary name, fsync,
rename), then its marker ``_state/<chunk key>.json`` with its row counts. A part without
a marker is what a crash left behind; the next run deletes it and redoes the chunk.
``_state/run.json`` (:data:`SETTINGS_FILE`, see :mod:`.settings`) is the one file there that
is not a marker.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

from pipeline.core.files import write_bytes_atomically
from pipeline.core.stage import Rows
from pipeline.run.chunks import INPUTS_FILE_KEY, Chunk, chunk_index_of, chunk_key, file_key_of
from pipeline.tables import TableSet

STATE_DIR = "_state"
SETTINGS_FILE = "run.json"  # what a run was started with, beside the markers


class RunState:
    """The markers of committed chunks. With ``load=False`` markers are only written (a Dask
    task commits one chunk and need not read every other marker).

    Besides ``done`` (chunk key -> marker summary) it keeps, per file key, the indices of the
    file's committed chunks and of those marked ``last``, so that asking about one file
    reads only that file's entries: a resumed run over many files asks about each once.
    """

    def __init__(self, out: Path, load: bool = True):
        self.folder = Path(out) / STATE_DIR
        self.folder.mkdir(parents=True, exist_ok=True)
        self.done: dict[str, dict[str, Any]] = {}
        self._finished_indices: dict[str, set[int]] = {}
        self._last_indices: dict[str, set[int]] = {}
        for marker in self.folder.glob("*.json") if load else ():
            if marker.name == SETTINGS_FILE:
                continue
            with contextlib.suppress(json.JSONDecodeError):
                self._remember(marker.stem, json.loads(marker.read_text()))

    def mark(self, key: str, summary: dict[str, Any]) -> None:
        write_bytes_atomically(self.folder / f"{key}.json", json.dumps(summary).encode())
        self._remember(key, summary)

    def forget(self, key: str) -> None:
        (self.folder / f"{key}.json").unlink(missing_ok=True)
        self.done.pop(key, None)
        index = _index_of(key)
        if index is not None:
            self._finished_indices.get(file_key_of(key), set()).discard(index)
            self._last_indices.get(file_key_of(key), set()).discard(index)

    def _remember(self, key: str, summary: dict[str, Any]) -> None:
        self.done[key] = summary
        index = _index_of(key)
        if index is None:  # not a chunk's marker: prepare() forgets it
            return
        file_key = file_key_of(key)
        self._finished_indices.setdefault(file_key, set()).add(index)
        lasts = self._last_indices.setdefault(file_key, set())
        if summary.get("last"):
            lasts.add(index)
        else:  # a marker rewritten without ``last``
            lasts.discard(index)

    def chunks_of(self, file_key: str) -> list[str]:
        """The keys of the file's committed chunks, in order."""
        return [chunk_key(file_key, index) for index in sorted(self._finished(file_key))]

    def file_complete(self, file_key: str) -> bool:
        """Whether every chunk of the file up to its last is committed. The Dask engine
        commits chunks as they finish, so a crash may leave the last without the ones
        before it: such a file is read again and its missing chunks redone. Of several
        chunks marked last (markers a crash left from other runs), the furthest counts, so
        a stale marker never makes a file look complete while records are missing."""
        lasts = self._last_indices.get(file_key)
        if not lasts:
            return False
        finished = self._finished(file_key)
        return all(index in finished for index in range(max(lasts) + 1))

    def _finished(self, file_key: str) -> set[int]:
        return self._finished_indices.get(file_key, set())

    def remove_temporary_files(self) -> None:
        for leftover in self.folder.glob(".*.tmp"):
            leftover.unlink()


def _index_of(key: str) -> int | None:
    """The chunk index in a marker's key, or None when the key names no chunk.

    >>> _index_of("0a1b2c3d4e5f-00007"), _index_of("notes")
    (7, None)
    """
    try:
        return chunk_index_of(key)
    except (IndexError, ValueError):
        return None


def commit(tables: TableSet, state: RunState, chunk: Chunk, rows: Rows) -> dict[str, Any]:
    """Write ``chunk``'s part of every table, then its marker; the marker's summary."""
    for table in tables.tables:
        tables.write_part(table, chunk.key, rows.get(table, []))
    summary = {
        "records": len(chunk.records),
        "last": chunk.last,
        **{table: len(rows.get(table, [])) for table in tables.tables},
    }
    state.mark(chunk.key, summary)
    return summary


def prepare(
    tables: TableSet, state: RunState, file_keys: set[str], input_errors: list[dict[str, Any]]
) -> None:
    """Make ``OUT`` consistent before a run processes anything.

    Drops what a crash left (temporary files, parts without a marker) and the chunks of
    files that are gone or changed. Chunks that lost an article to a duplicate of an id in
    another file are redone too when any file went away, since the first copy may be gone.
    Input errors (paths that could not be opened) are recorded as a chunk of their own.
    """
    tables.remove_temporary_files()
    state.remove_temporary_files()
    gone = [key for key in state.done if file_key_of(key) not in file_keys | {INPUTS_FILE_KEY}]
    if gone:
        gone += [key for key, summary in state.done.items() if summary.get("settled")]
    for key in set(gone):
        tables.remove_parts(key)
        state.forget(key)
    tables.remove_parts_except(set(state.done))
    key = chunk_key(INPUTS_FILE_KEY, 0)
    tables.write_part("errors", key, input_errors)
    state.mark(key, {"records": len(input_errors), "errors": len(input_errors), "last": True})


def totals(state: RunState, tables: TableSet) -> dict[str, int]:
    """The run's counts: records read (from the chunks' markers) and the rows of every table
    as its files hold them (a run pass may have rewritten a table after its chunks were
    marked; a file's row count is in its footer)."""
    counts = {"records_read": sum(s.get("records", 0) for s in state.done.values())}
    for table in tables.tables:
        counts[f"{table}_rows"] = tables.row_count(table)
    return counts
