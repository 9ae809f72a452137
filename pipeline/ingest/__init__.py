"""Ingestion: read dumps of any supported format into repaired Articles, streaming.

>>> from pipeline.ingest import read_articles
>>> for item in read_articles(["data/sample"]):  # doctest: +SKIP
...     print(item)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.core.model import Article, ErrorRecord, RawRecord
from pipeline.ingest.articles import build_article, explain_article, parse_tags
from pipeline.ingest.normalize import explain_normalization, normalize_text
from pipeline.ingest.options import RepairOptions
from pipeline.ingest.readers import reader_for
from pipeline.ingest.sources import CorruptCompressedFile, SourceFile, iter_source_files

__all__ = [
    "Deduplicator",
    "RepairOptions",
    "build_article",
    "explain_article",
    "explain_normalization",
    "iter_records",
    "normalize_text",
    "parse_tags",
    "read_articles",
    "records_of",
    "to_article",
]

_HEAD_BYTES = 4096


def records_of(source: SourceFile) -> Iterator[RawRecord | ErrorRecord]:
    try:
        with source.open_plain() as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError as exc:  # a damaged compressed file too (CorruptCompressedFile)
        yield ErrorRecord(source.name, "", f"unreadable file: {exc}")
        return
    if not head.strip():
        yield ErrorRecord(source.name, "", "empty file")
        return
    reader = reader_for(source, head)
    if reader is None:
        yield ErrorRecord(source.name, "", "binary file of unknown format")
        return
    try:
        yield from reader.records(source)
    except Exception as exc:  # a reader bug must not stop the batch
        if isinstance(exc, CorruptCompressedFile):
            reason = str(exc)  # the data, not the reader
        else:
            reason = f"{reader.format} reader failed: {type(exc).__name__}: {exc}"
        yield ErrorRecord(source.name, "", reason)


def iter_records(inputs: Iterable[str | Path]) -> Iterator[RawRecord | ErrorRecord]:
    """Every raw record (or error) of every file under ``inputs``, in a stable order."""
    for source in iter_source_files(inputs):
        if isinstance(source, ErrorRecord):
            yield source
        else:
            yield from records_of(source)


class Deduplicator:
    """Turns a second article with an id already seen into an error, naming the first."""

    def __init__(self, seen: dict[str, str] | None = None):
        self.seen: dict[str, str] = dict(seen or {})

    def claim(self, article_id: str, where: str) -> str | None:
        """Record ``article_id`` as seen at ``where``; if it was seen before, where that was."""
        first = self.seen.setdefault(article_id, where)
        return None if first is where else first

    def check(self, article: Article) -> Article | ErrorRecord:
        where = f"{article.source}#{article.locator}" if article.locator else article.source
        first = self.claim(article.article_id, where)
        if first is None:
            return article
        return ErrorRecord(
            article.source,
            article.locator,
            f"duplicate article_id {article.article_id!r} (first at {first})",
        )


def to_article(
    record: RawRecord | ErrorRecord,
    deduplicator: Deduplicator,
    options: RepairOptions | None = None,
) -> Article | ErrorRecord:
    """One raw record -> an Article repaired with ``options`` (None: the defaults), or the
    ErrorRecord saying why not; never raises."""
    if isinstance(record, ErrorRecord):
        return record
    try:
        item = build_article(record, options)
    except Exception as exc:  # repair must never stop the batch
        return ErrorRecord(
            record.source, record.locator, f"repair failed: {type(exc).__name__}: {exc}"
        )
    return deduplicator.check(item) if isinstance(item, Article) else item


def read_articles(
    inputs: Iterable[str | Path], options: RepairOptions | None = None
) -> Iterator[Article | ErrorRecord]:
    """Repaired articles and error records for ``inputs``; each input record yields exactly one.
    ``options`` say how to repair (None: the defaults; ``RepairOptions(dash_style="en")``
    for a publisher whose house style is the en dash).

    A second article with an id already seen becomes an error (``duplicate article_id``)
    rather than silently replacing or duplicating the first.
    """
    deduplicator = Deduplicator()
    for record in iter_records(inputs):
        yield to_article(record, deduplicator, options)
