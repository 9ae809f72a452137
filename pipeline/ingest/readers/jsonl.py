"""JSON Lines (one article object per line); also a JSON file holding one array of articles,
or an object wrapping one (``{"articles": [...]}``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pipeline.core.model import ErrorRecord, RawRecord
from pipeline.ingest.encoding import decode_bytes
from pipeline.ingest.readers.base import Reader, has_text, raw_record
from pipeline.ingest.sources import SourceFile


class JsonLinesReader(Reader):
    format = "jsonl"
    extensions = (".jsonl", ".ndjson", ".json")

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")

    def records(self, source: SourceFile) -> Iterator[RawRecord | ErrorRecord]:
        with source.open() as handle:
            first = handle.peek(1)[:1] if hasattr(handle, "peek") else b""
            if source.suffix == ".json" or first == b"[":
                yield from self._json_array(source, handle.read())
                return
            empty = True
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                empty = False
                yield self._record(source, f"line {number}", line)
            if empty:
                yield ErrorRecord(source.name, "", "empty file")

    def _record(self, source: SourceFile, locator: str, line: bytes) -> RawRecord | ErrorRecord:
        text, encoding = decode_bytes(line)
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            return ErrorRecord(
                source.name, locator, f"malformed JSON: {exc.msg} at column {exc.colno}"
            )
        if not isinstance(value, dict):
            return ErrorRecord(
                source.name, locator, f"expected a JSON object, got {type(value).__name__}"
            )
        return raw_record(source.name, locator, value, encoding)

    def _json_array(self, source: SourceFile, data: bytes) -> Iterator[RawRecord | ErrorRecord]:
        text, encoding = decode_bytes(data)
        if not text.strip():
            yield ErrorRecord(source.name, "", "empty file")
            return
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            # Perhaps JSON Lines after all, under a .json name.
            lines = [line for line in data.splitlines() if line.strip()]
            if len(lines) > 1:
                for number, line in enumerate(data.splitlines(), start=1):
                    if line.strip():
                        yield self._record(source, f"line {number}", line)
                return
            yield ErrorRecord(source.name, "", f"malformed JSON: {exc.msg} at line {exc.lineno}")
            return
        key, items = wrapped_records(value)
        where = f"{key} item" if key else "item"
        for index, item in enumerate(items, start=1):
            if isinstance(item, dict):
                yield raw_record(source.name, f"{where} {index}", item, encoding)
            else:
                yield ErrorRecord(source.name, f"{where} {index}", "expected a JSON object")


def wrapped_records(value: Any) -> tuple[str | None, list[Any]]:
    """The records of a JSON document: an array's items; the one array of objects an
    object wraps them in (an API's answer: ``{"status": "ok", "articles": [...]}``), with
    its key; else the object itself.

    >>> wrapped_records({"status": "ok", "totalResults": 2, "articles": [{"title": "A"}]})
    ('articles', [{'title': 'A'}])
    >>> wrapped_records({"title": "A", "tags": [{"name": "x"}]})
    (None, [{'title': 'A', 'tags': [{'name': 'x'}]}])
    >>> wrapped_records([{"title": "A"}, {"title": "B"}])[1][1]
    {'title': 'B'}
    """
    if isinstance(value, list):
        return None, value
    if not isinstance(value, dict):
        return None, [value]
    if has_text(value):
        return None, [value]  # an article, whatever lists it holds
    arrays = [
        (str(key), items)
        for key, items in value.items()
        if isinstance(items, list) and items and all(isinstance(i, dict) for i in items)
    ]
    return arrays[0] if len(arrays) == 1 else (None, [value])
