"""The one small interface every format reader implements (as Annif's corpus readers do)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from pipeline.core.model import ErrorRecord, RawRecord
from pipeline.ingest.sources import SourceFile

# Field names seen in the wild, mapped onto the canonical ones of RawRecord.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "guid", "uuid", "post_id"),
    "title": ("title", "headline", "heading"),
    "body": ("body", "text", "content", "article", "content_encoded"),
    "author": ("author", "byline", "authors", "creator"),
    "published": ("published", "date", "pubdate", "date_published", "published_at", "created"),
    "category": ("category", "section", "categories"),
    "tags": ("tags", "keywords", "topics", "labels"),
    "dateline": ("dateline",),
}


def canonical_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """Pick the canonical fields out of a record, whatever its columns are called.

    >>> canonical_fields({"ID": 7, "text": "Body", "date": "2024-01-02"})
    {'id': 7, 'body': 'Body', 'published': '2024-01-02'}
    """
    lowered = {str(key).strip().lower(): value for key, value in record.items()}
    fields: dict[str, Any] = {}
    for name, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            value = lowered.get(alias)
            if value is not None and not (isinstance(value, str) and not value.strip()):
                fields[name] = value
                break
    return fields


class Reader(ABC):
    """Turns one source file into raw records (or error records): streaming, never raising."""

    format: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def sniff(cls, head: bytes) -> bool:
        """Whether the first bytes of an unknown file look like this format."""
        return False

    @abstractmethod
    def records(self, source: SourceFile) -> Iterator[RawRecord | ErrorRecord]:
        """Yield every record of ``source``; a bad record becomes an ErrorRecord, never raises."""
