"""The one small interface every format reader implements (as Annif's corpus readers do)."""

from __future__ import annotations

import datetime
import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from decimal import Decimal
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
    "url": ("url", "link", "permalink", "canonical_url", "web_url", "article_url"),
    "publisher": (
        "publisher",
        "publication",
        "source_name",
        "site_name",
        "site",
        "outlet",
        "newspaper",
    ),
}
# Envelopes a search engine's export wraps each record in (Elasticsearch, OpenSearch).
ENVELOPES = ("_source",)
# Keys under which a JSON API nests a field's text (WordPress: {"rendered": "..."}), or a
# term's or a person's name ({"name": "Jane Roe", "email": ...}), best first.
TEXT_KEYS = ("rendered", "value", "text", "#text", "raw", "name", "display_name", "title", "label")
# Fields taken only from text (a JSON object under ``site`` stays in meta).
_TEXT_ONLY = frozenset({"url", "publisher"})
# A field of these names holding a web address is the article's url when it has no other.
URL_FALLBACKS = ("guid",)


def canonical_fields(record: Mapping[str, Any]) -> dict[str, Any]:
    """Pick the canonical fields out of a record, whatever its columns are called.

    >>> canonical_fields({"ID": 7, "text": "Body", "date": "2024-01-02"})
    {'id': 7, 'body': 'Body', 'published': '2024-01-02'}
    """
    return _found_fields(_lowered(record))[0]


def _lowered(record: Mapping[str, Any]) -> dict[str, tuple[str, Any]]:
    """A record's keys, trimmed and lower-cased -> (the key as written, its value); the
    first of two keys differing only in case wins."""
    lowered: dict[str, tuple[str, Any]] = {}
    for key, value in record.items():
        lowered.setdefault(str(key).strip().lower(), (str(key).strip(), value))
    return lowered


def _found_fields(lowered: dict[str, tuple[str, Any]]) -> tuple[dict[str, Any], set[str]]:
    """The canonical fields found among a record's keys (:func:`_lowered`), and the keys
    they were found under."""
    fields: dict[str, Any] = {}
    used: set[str] = set()
    for name, aliases in FIELD_ALIASES.items():
        for alias in aliases:
            value = lowered.get(alias, (None, None))[1]
            if name not in _TEXT_ONLY:
                value = nested_text(value)
            elif not isinstance(value, str):
                continue  # an object ({"name": ...}) is not a url or a name: meta keeps it
            if not _is_empty(value):
                fields[name] = value
                used.add(alias)
                break
    if "url" not in fields:
        for alias in URL_FALLBACKS:
            value = lowered.get(alias, (None, None))[1]
            if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
                fields["url"] = value
                used.add(alias)  # kept as the id too when it is the id
                break
    return fields, used


def split_fields(record: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The canonical fields of a record, and every other field it has, as text (``meta``).

    A field is canonical when its name is an alias of one (the first alias present wins;
    a second one, ``date`` beside ``published``, goes to ``meta`` with the rest). Values of
    ``meta`` are text: strings as they are, anything else as JSON. Empty values say nothing
    and are left out. A ``guid`` that is a web address is the url of a record without one.

    >>> fields, meta = split_fields(
    ...     {"title": "T", "link": "https://x.org/a", "Publisher": "X", "views": 3, "kw": ["a"]})
    >>> fields
    {'title': 'T', 'url': 'https://x.org/a', 'publisher': 'X'}
    >>> meta
    {'views': '3', 'kw': '["a"]'}
    >>> split_fields({"title": "T", "site": {"name": "X"}})
    ({'title': 'T'}, {'site': '{"name": "X"}'})
    """
    lowered = _lowered(record)
    fields, used = _found_fields(lowered)
    meta = {
        key: meta_text(value)
        for name, (key, value) in lowered.items()
        if name not in used and not _is_empty(value)
    }
    return fields, meta


def nested_text(value: Any) -> Any:
    """A field's text where a JSON API nests it (:data:`TEXT_KEYS`; WordPress's REST API:
    ``{"rendered": "..."}``); any other value as it is.

    >>> nested_text({"rendered": "Rain", "protected": False}), nested_text(["a"])
    ('Rain', ['a'])
    """
    if isinstance(value, Mapping):
        for key in TEXT_KEYS:
            if isinstance(value.get(key), str):
                return value[key]
    return value


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if hasattr(value, "tolist"):  # numpy arrays and scalars from Parquet
        return value.tolist()
    if hasattr(value, "isoformat"):  # pandas Timestamp
        return value.isoformat()
    return str(value)


def meta_text(value: Any) -> str:
    """A field's value as ``meta`` keeps it: text as it is, anything else as JSON.

    >>> [meta_text(v) for v in ("a", 3, True, 1.5, {"k": [1, None]}, datetime.date(2024, 1, 2))]
    ['a', '3', 'true', '1.5', '{"k": [1, null]}', '2024-01-02']
    """
    if isinstance(value, str):
        return value
    if isinstance(value, datetime.date | datetime.time | Decimal | bytes):
        return _jsonable(value)
    if hasattr(value, "tolist") and not isinstance(value, list | tuple | dict):
        value = value.tolist()
        if isinstance(value, str):
            return value
    return json.dumps(value, ensure_ascii=False, default=_jsonable)


def raw_record(
    source: str, locator: str, record: Mapping[str, Any], encoding: str = "utf-8"
) -> RawRecord:
    """A RawRecord of ``record``: its canonical fields, and the rest as ``meta``; a record
    in a search engine's envelope is read from inside it, and a field's text nested as a
    JSON API nests it is taken out.

    >>> raw = raw_record("s", "1", {"_id": "a1", "_index": "news", "_source": {
    ...     "headline": {"rendered": "Rain"}, "body": "Rain and wind."}})
    >>> raw.fields, raw.meta
    ({'id': 'a1', 'title': 'Rain', 'body': 'Rain and wind.'}, {'_index': 'news'})
    """
    fields, meta = split_fields(unwrapped(record))
    for name in ("tags", "category", "author"):
        terms = fields.get(name)
        if hasattr(terms, "tolist") and not isinstance(terms, str):
            terms = terms.tolist()  # a Parquet list column
        if isinstance(terms, list | tuple):  # terms as objects: their names
            terms = [nested_text(term) for term in terms]
        ids = _ids(terms)
        if ids:  # numbers for names (WordPress's REST API: "tags": [12, 34]): kept aside
            meta.setdefault(f"{name.removesuffix('s')}_ids", meta_text(ids))
            terms = [term for term in terms if term not in ids] if isinstance(terms, list) else None
        if terms is None or terms == []:
            fields.pop(name, None)
        else:
            fields[name] = terms
    categories = fields.get("category")
    if isinstance(categories, list) and categories:
        # One category an article, as editors file it: the first; all of them in meta.
        fields["category"] = categories[0]
        if len(categories) > 1:
            meta.setdefault("categories", meta_text(categories))
    return RawRecord(source, locator, fields, encoding, meta)


def _ids(terms: Any) -> list[int | float]:
    """The numbers among a field's terms (an API's ids, not names).

    >>> _ids([12, "Rain", 34.0, True]), _ids(7), _ids("7")
    ([12, 34.0], [7], [])
    """
    listed = terms if isinstance(terms, list) else [terms]
    return [t for t in listed if isinstance(t, int | float) and not isinstance(t, bool)]


def unwrapped(record: Mapping[str, Any]) -> Mapping[str, Any]:
    """``record`` out of an envelope (:data:`ENVELOPES`) when its text is inside it: the
    envelope's id (``_id``) the record's own unless it has one, the envelope's other keys
    kept beside it.

    >>> unwrapped({"_id": "7", "_score": 1.0, "_source": {"title": "T"}})
    {'title': 'T', 'id': '7', '_score': 1.0}
    >>> unwrapped({"title": "T", "_source": {"title": "U"}})["title"]
    'T'
    """
    for key in ENVELOPES:
        inner = record.get(key)
        if not isinstance(inner, Mapping) or has_text(record):
            continue
        merged = dict(inner)
        if "_id" in record and "id" not in canonical_fields(inner):
            merged["id"] = record["_id"]
        for outer, value in record.items():
            if outer not in (key, "_id"):
                merged.setdefault(outer, value)
        return merged
    return record


def has_text(record: Mapping[str, Any]) -> bool:
    """Whether a record has a title or a body under any of their names."""
    fields = canonical_fields(record)
    return "title" in fields or "body" in fields


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
