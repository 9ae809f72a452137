"""CSV (or TSV) with a header row naming the article fields."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator

from pipeline.core.model import ErrorRecord, RawRecord
from pipeline.ingest.encoding import decode_bytes, guess_encoding
from pipeline.ingest.readers.base import Reader, raw_record
from pipeline.ingest.sources import SourceFile

# A quoted field longer than this is a quote that never closed, not an article.
MAX_FIELD_CHARS = 1_000_000
# What separates a CSV file's fields: a comma, or what spreadsheets in locales with a
# decimal comma write (a semicolon), a tab, a pipe.
DELIMITERS = (",", ";", "\t", "|")


def header_delimiter(header: str) -> str:
    """The delimiter a CSV file's header line uses: the candidate splitting it into the
    most names (field names hold none of them), a comma on a tie.

    >>> header_delimiter("headline;text;section"), header_delimiter('"id","title, full"')
    (';', ',')
    """
    counts = {d: len(next(csv.reader([header], delimiter=d), [])) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], d == ","))


class CsvReader(Reader):
    format = "csv"
    extensions = (".csv", ".tsv")

    def records(self, source: SourceFile) -> Iterator[RawRecord | ErrorRecord]:
        csv.field_size_limit(MAX_FIELD_CHARS)
        with source.open() as handle:
            lines = self._decoded_lines(handle)
            first = next(lines, "")
            delimiter = "\t" if source.suffix == ".tsv" else header_delimiter(first)
            reader = csv.reader(itertools.chain([first], lines), delimiter=delimiter, strict=True)
            try:
                header = next(reader)
            except StopIteration:
                yield ErrorRecord(source.name, "", "empty file")
                return
            except csv.Error as exc:
                yield ErrorRecord(source.name, "line 1", f"unreadable CSV header: {exc}")
                return
            header = [name.strip() for name in header]
            while True:
                start_line = reader.line_num + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield ErrorRecord(
                        source.name,
                        f"lines {start_line}-{reader.line_num}",
                        f"broken CSV quoting: {exc}",
                    )
                    continue
                locator = f"line {start_line}"
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    yield ErrorRecord(
                        source.name, locator, f"row has {len(row)} fields, header has {len(header)}"
                    )
                    continue
                yield raw_record(
                    source.name, locator, dict(zip(header, row, strict=True)), self.encoding
                )

    def _decoded_lines(self, handle) -> Iterator[str]:
        """Decode line by line so a dump mixing encodings still reads; remember the last one."""
        self.encoding = "utf-8"
        fallback: str | None = None
        for raw in handle:
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                fallback = fallback or guess_encoding(raw)
                text, self.encoding = decode_bytes(raw, fallback)
            yield text
