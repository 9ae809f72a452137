"""Parquet files of articles, read in record batches."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.core.model import ErrorRecord, RawRecord
from pipeline.ingest.readers.base import Reader, raw_record
from pipeline.ingest.sources import SourceFile

BATCH_ROWS = 1024


class ParquetReader(Reader):
    format = "parquet"
    extensions = (".parquet", ".pq")

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return head.startswith(b"PAR1")

    def records(self, source: SourceFile) -> Iterator[RawRecord | ErrorRecord]:
        try:
            handle = source.open_plain()
            if source.compression or not handle.seekable():  # seeks in a stream: slow
                with handle as stream:
                    handle = io.BytesIO(stream.read())
            parquet = pq.ParquetFile(handle)
        except (pa.ArrowException, OSError) as exc:
            yield ErrorRecord(source.name, "", f"unreadable Parquet file: {exc}")
            return
        row = 0
        try:
            for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
                for record in batch.to_pylist():
                    row += 1
                    yield raw_record(source.name, f"row {row}", record)
        except (pa.ArrowException, OSError) as exc:
            yield ErrorRecord(source.name, f"after row {row}", f"corrupt Parquet data: {exc}")
        finally:
            handle.close()
