"""Duplicate article ids: the first copy in input order is the article, later ones errors.

One rule for every way a run goes (``ingest.Deduplicator`` decides who was first):
within a piece the ingest step applies it as records are read; :func:`settle_rows` applies it
to the rows of a piece or a committed part; and :func:`settle_parts`, the last step of
every run on either engine, walks all committed parts in input order. A resumed run whose
new file holds an id that an earlier run committed from a later file therefore ends with
the same tables as a clean run over all the files.
"""

from __future__ import annotations

from typing import Any

from pipeline.core.model import ErrorRecord
from pipeline.core.stage import Rows
from pipeline.ingest import Deduplicator
from pipeline.run.chunks import chunk_order
from pipeline.run.state import RunState
from pipeline.tables import TableSet


def location(row: dict[str, Any]) -> str:
    """Where an article came from, as error messages name it: ``dump.jsonl#line 3``.

    >>> location({"source": "dump.jsonl", "locator": "line 3"})
    'dump.jsonl#line 3'
    >>> location({"source": "a.txt", "locator": ""})
    'a.txt'
    """
    return f"{row['source']}#{row['locator']}" if row["locator"] else row["source"]


def _claim_all(articles: list[dict[str, Any]], deduplicator: Deduplicator) -> dict[str, str]:
    """Claim every article's id in order; the ids already taken, with where they were first."""
    taken = {}
    for row in articles:
        first = deduplicator.claim(row["article_id"], location(row))
        if first is not None:
            taken[row["article_id"]] = first
    return taken


def _move_to_errors(rows: Rows, taken: dict[str, str]) -> None:
    """Drop the articles with ``taken`` ids and every row of theirs; add an error row each."""
    displaced = [row for row in rows["articles"] if row["article_id"] in taken]
    for table, table_rows in rows.items():
        if table != "errors":
            rows[table] = [row for row in table_rows if row.get("article_id") not in taken]
    errors = rows.setdefault("errors", [])
    known = {tuple(sorted(error.items())) for error in errors}
    for row in displaced:
        error = ErrorRecord(row["source"], row["locator"], _reason(row["article_id"], taken))
        key = tuple(sorted(error.to_row().items()))
        if key not in known:  # a pass redone after a crash adds it once
            known.add(key)
            errors.append(error.to_row())


def _reason(article_id: str, taken: dict[str, str]) -> str:
    return f"duplicate article_id {article_id!r} (first at {taken[article_id]})"


def settle_rows(rows: Rows, deduplicator: Deduplicator) -> int:
    """Settle the rows of one piece or part (whose ids are unique within it) against the ids
    ``deduplicator`` has seen; how many articles became errors."""
    taken = _claim_all(rows.get("articles", []), deduplicator)
    if taken:
        _move_to_errors(rows, taken)
    return len(taken)


def settle_parts(tables: TableSet, state: RunState, file_order: list[str]) -> int:
    """The run's last step: settle every committed part, in input order; parts that lose an
    article are rewritten and their marker says so (``settled``). Returns how many."""
    rank = {file_key: i for i, file_key in enumerate(file_order)}
    deduplicator = Deduplicator()
    settled = 0
    for key in sorted(tables.parts("articles"), key=lambda k: chunk_order(k, rank)):
        columns = tables.read_columns("articles", key, ["article_id", "source", "locator"])
        articles = [
            dict(zip(columns, values, strict=True))
            for values in zip(*columns.values(), strict=True)
        ]
        taken = _claim_all(articles, deduplicator)
        if not taken:
            continue
        rows = {table: tables.read_part(table, key) for table in tables.tables}
        _move_to_errors(rows, taken)
        summary = dict(state.done.get(key, {}))
        # The articles part last: until it is rewritten, a crash leaves the duplicate there
        # and the next run's pass settles this part again.
        for table in sorted(tables.tables, key=lambda name: name == "articles"):
            tables.write_part(table, key, rows[table])
            summary[table] = len(rows[table])
        state.mark(key, {**summary, "settled": True})
        settled += len(taken)
    return settled
