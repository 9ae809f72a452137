"""Format readers, one per input format, chosen by extension and then by sniffing."""

from __future__ import annotations

from pipeline.ingest.readers.base import Reader, canonical_fields
from pipeline.ingest.readers.csvfile import CsvReader
from pipeline.ingest.readers.jsonl import JsonLinesReader
from pipeline.ingest.readers.parquet import ParquetReader
from pipeline.ingest.readers.plaintext import PlainTextReader
from pipeline.ingest.readers.webpage import WebPageReader
from pipeline.ingest.readers.wxr import WxrReader
from pipeline.ingest.sources import SourceFile

READERS: tuple[type[Reader], ...] = (
    JsonLinesReader,
    CsvReader,
    ParquetReader,
    WxrReader,
    WebPageReader,
    PlainTextReader,
)

__all__ = ["READERS", "Reader", "canonical_fields", "reader_for"]


def reader_for(source: SourceFile, head: bytes) -> Reader | None:
    """The reader for ``source``: by extension first, then by its first bytes; None if binary."""
    for reader in READERS:
        if source.suffix in reader.extensions:
            return reader()
    for reader in READERS:
        if reader.sniff(head):
            return reader()
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    return PlainTextReader()
