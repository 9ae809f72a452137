"""Arrow schemas of the built-in tables: the column contract documented in docs/ARCHITECTURE.md.

The base layer, beside :mod:`pipeline.core.model`: every stage names the tables it writes with
these schemas (``Stage.tables``), and the table writer needs nothing else. A stage of
your own declares its tables' schemas in its own module.
"""

from __future__ import annotations

import pyarrow as pa

ARTICLES = pa.schema(
    [
        ("article_id", pa.string()),
        ("source", pa.string()),
        ("locator", pa.string()),
        ("title", pa.string()),
        ("body", pa.string()),
        ("author", pa.string()),
        ("published", pa.string()),  # ISO date or datetime, as parsed
        ("published_date", pa.date32()),  # the calendar date, typed, for filtering
        ("category", pa.string()),
        ("tags", pa.list_(pa.string())),
        ("encoding", pa.string()),
        ("repairs", pa.int32()),
    ]
)

ERRORS = pa.schema(
    [
        ("source", pa.string()),
        ("locator", pa.string()),
        ("reason", pa.string()),
        ("stage", pa.string()),
    ]
)

MENTIONS = pa.schema(
    [
        ("article_id", pa.string()),
        ("field", pa.string()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("text", pa.string()),
        ("label", pa.string()),
        ("canonical", pa.string()),
        ("country_code", pa.string()),
    ]
)

ENTITIES = pa.schema(
    [
        ("article_id", pa.string()),
        ("canonical", pa.string()),
        ("label", pa.string()),
        ("country_code", pa.string()),
        ("mentions", pa.int32()),
    ]
)

SUGGESTIONS = pa.schema(
    [
        ("article_id", pa.string()),
        ("kind", pa.string()),
        ("label", pa.string()),
        ("score", pa.float64()),
        ("rank", pa.int32()),
    ]
)

# The tables of every run, whatever its stages.
CORE_TABLES: dict[str, pa.Schema] = {"articles": ARTICLES, "errors": ERRORS}
