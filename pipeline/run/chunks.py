"""Chunks: the unit of work and of commit, and the keys that name them.

A chunk is up to ``batch_size`` consecutive records of one input file, and up to about
``batch_chars`` characters of their text (what bounds memory on long articles), keyed
``<file key>-<index>`` (the file key hashes the file's name, size and mtime, so a changed
file gets new keys). Every table's part file of a chunk is ``part-<chunk key>.parquet``.
Chunks are cut into pieces of :data:`PIECE_SIZE` records for worker processes, the same
pieces on every engine, so every engine writes the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from pipeline.core.model import ErrorRecord, RawRecord
from pipeline.core.progress import RunProgress
from pipeline.ingest import records_of
from pipeline.ingest.sources import SourceFile

# Records a worker annotates at a time: small enough that both workers stay busy to the
# end of a run whatever the chunk size, large enough for nlp.pipe's batching.
PIECE_SIZE = 50
# Inputs that could not be opened at all form one chunk of their own, redone every run.
INPUTS_FILE_KEY = "inputs"

Record = RawRecord | ErrorRecord


def chunk_key(file_key: str, index: int) -> str:
    """The key of a file's ``index``-th chunk.

    >>> chunk_key("0a1b2c3d4e5f", 7)
    '0a1b2c3d4e5f-00007'
    """
    return f"{file_key}-{index:05d}"


def file_key_of(key: str) -> str:
    """The file part of a chunk key (or of a part file's name).

    >>> file_key_of("0a1b2c3d4e5f-00007"), file_key_of("part-0a1b2c3d4e5f-00007.parquet")
    ('0a1b2c3d4e5f', '0a1b2c3d4e5f')
    """
    return key.removeprefix("part-").split("-", 1)[0]


def chunk_index_of(key: str) -> int:
    """The chunk part of a chunk key: which chunk of its file it is.

    >>> chunk_index_of("0a1b2c3d4e5f-00007")
    7
    """
    return int(key.rsplit("-", 1)[1])


def chunk_order(key: str, file_rank: dict[str, int]) -> tuple[int, int]:
    """Sort key putting chunks in input order: by their file's rank, then by index (as a
    number: past 99,999 chunks a key's index has more digits and its text sorts wrong).

    >>> sorted(["b-00001", "a-00000", "b-00000"], key=lambda k: chunk_order(k, {"b": 0, "a": 1}))
    ['b-00000', 'b-00001', 'a-00000']
    >>> sorted(["b-100000", "b-99999"], key=lambda k: chunk_order(k, {"b": 0}))
    ['b-99999', 'b-100000']
    """
    return file_rank.get(file_key_of(key), -1), chunk_index_of(key)


@dataclass
class Chunk:
    key: str
    records: list[Record]
    bytes_done: int = 0  # bytes of its file read since the previous chunk (progress)
    last: bool = False  # the file's final chunk

    def pieces(self, size: int = PIECE_SIZE) -> list[list[Record]]:
        """The records cut into consecutive pieces of at most ``size``.

        >>> [len(p) for p in Chunk("k", list(range(120))).pieces()]
        [50, 50, 20]
        """
        return [self.records[i : i + size] for i in range(0, len(self.records), size)] or [[]]


class Committed(Protocol):
    """What chunking needs to know of the run's state (:class:`pipeline.run.state.RunState`)."""

    done: dict[str, dict[str, Any]]

    def file_complete(self, file_key: str) -> bool: ...

    def chunks_of(self, file_key: str) -> list[str]: ...


def iter_chunks(
    sources: list[SourceFile],
    batch_size: int,
    state: Committed,
    progress: RunProgress,
    batch_chars: int | None = None,
) -> Iterator[Chunk]:
    """Chunks still to do, in input order; done ones are read past, not processed.

    Each chunk carries the bytes of its file read since the previous chunk, so progress
    (and the ETA) moves through a single large file, not only from file to file. A chunk
    ends after ``batch_size`` records or once its records hold ``batch_chars`` characters.
    """
    for source in sources:
        if state.file_complete(source.key):
            progress.chunks_skipped += len(state.chunks_of(source.key))
            progress.bytes_done += source.size or 0
            continue
        index, buffer, counted, chars = 0, [], 0, 0
        for record in records_of(source):
            buffer.append(record)
            chars += text_chars(record)
            if len(buffer) == batch_size or (batch_chars and chars >= batch_chars):
                read = min(source.bytes_read, source.size or 0) - counted
                counted += read
                chunk = Chunk(chunk_key(source.key, index), buffer, read)
                yield from _unless_done(chunk, state, progress)
                index, buffer, chars = index + 1, [], 0
        rest = (source.size or 0) - counted
        chunk = Chunk(chunk_key(source.key, index), buffer, rest, True)
        yield from _unless_done(chunk, state, progress)


def text_chars(record: Record) -> int:
    """Characters of text in a record's fields (an error record: none).

    >>> text_chars(RawRecord("f", "1", {"id": "1", "title": "Hi", "body": "Hello.", "tags": []}))
    9
    """
    if isinstance(record, ErrorRecord):
        return 0
    return sum(len(value) for value in record.fields.values() if isinstance(value, str | bytes))


def _unless_done(chunk: Chunk, state: Committed, progress: RunProgress) -> Iterator[Chunk]:
    if chunk.key in state.done:
        progress.chunks_skipped += 1
        progress.bytes_done += chunk.bytes_done
        return
    yield chunk
