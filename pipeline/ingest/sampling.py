"""A sample of a dump's records, spread over its files, read before a run starts.

What a run settles once for the whole dump (the house dash style, the order of numeric
dates) is read from a sample spread over the inputs: up to :data:`SAMPLE_FILES` files
evenly across the input files, a share of :data:`SAMPLE_RECORDS` from each, and from a large
JSON Lines file, records at :data:`WINDOWS` evenly spaced places, not its first lines
only (a dump grouped by publisher would otherwise lend its first publisher's habits to all).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pipeline.core.model import RawRecord

SAMPLE_RECORDS = 500  # records read in all, about
SAMPLE_FILES = 50  # files read from, at most, evenly spread over the inputs
WINDOWS = 10  # places a large JSON Lines file is read at
WINDOWED_SIZE = 1 << 20  # a JSON Lines file this large is read at several places
_LINE_SUFFIXES = (".jsonl", ".ndjson")


def spread(items: list, count: int) -> list:
    """``count`` of ``items`` evenly spread, first and last included; all if fewer.

    >>> spread(list(range(10)), 3)
    [0, 4, 9]
    """
    if len(items) <= count:
        return items
    if count == 1:
        return items[:1]
    return [items[round(i * (len(items) - 1) / (count - 1))] for i in range(count)]


def _windowed_records(source, wanted: int) -> Iterator[dict[str, Any]]:
    """The fields of ``wanted`` records of a large JSON Lines file, read at :data:`WINDOWS`
    evenly spaced places (each place from the line after it)."""
    from pipeline.ingest.encoding import decode_bytes
    from pipeline.ingest.readers.base import raw_record

    per_window = max(1, math.ceil(wanted / WINDOWS))
    with source.opener() as handle:
        for window in range(WINDOWS):
            handle.seek(window * source.size // WINDOWS)
            if window:
                handle.readline()  # the rest of a line cut in the middle
            for line in itertools.islice(handle, per_window):
                try:
                    value = json.loads(decode_bytes(line)[0])
                except (json.JSONDecodeError, UnicodeDecodeError):
                    continue
                if isinstance(value, dict):  # as the reader reads it (an envelope opened)
                    yield raw_record(source.name, "", value).fields


def _windowed(source) -> bool:
    if source.compression or source.suffix not in _LINE_SUFFIXES:
        return False  # a compressed stream has no places to seek to
    if (source.size or 0) < WINDOWED_SIZE:
        return False
    try:
        with source.opener() as handle:
            return handle.seekable()
    except OSError:
        return False


def sample_records(
    inputs: Iterable[str | Path], records: int = SAMPLE_RECORDS
) -> Iterator[dict[str, Any]]:
    """The raw fields (before any repair) of about ``records`` records spread over
    ``inputs``: see the module's docstring. Unreadable inputs are skipped (the run reports
    them)."""
    from pipeline.ingest import records_of
    from pipeline.ingest.sources import SourceFile, iter_source_files

    sources = [s for s in iter_source_files(inputs) if isinstance(s, SourceFile)]
    chosen = spread(sources, SAMPLE_FILES)
    per_file = max(1, math.ceil(records / max(len(chosen), 1)))
    for source in chosen:
        if _windowed(source):
            yield from _windowed_records(source, per_file)
            continue
        found = (r for r in records_of(source) if isinstance(r, RawRecord))
        for record in itertools.islice(found, per_file):
            yield record.fields
