"""Records to rows: the repair stage makes articles, then every chunk stage adds its rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pipeline.core.model import Article, ErrorRecord
from pipeline.core.stage import RepairStage, Rows, Stage, annotate_with
from pipeline.ingest import Deduplicator
from pipeline.run.chunks import Record
from pipeline.run.settle import settle_rows


def run_stage(stage: Stage, articles: Sequence[Article], rows: Rows) -> None:
    """Add ``stage``'s rows for ``articles`` to ``rows``; if the stage fails, each article
    gets an error row naming it instead, and the run goes on."""
    try:
        produced = annotate_with(stage, articles, rows)
    except Exception as exc:  # recorded, never fatal
        reason = f"{type(exc).__name__}: {exc}"
        rows["errors"] += [
            ErrorRecord(a.source, a.locator, reason, stage=stage.name).to_row() for a in articles
        ]
        return
    for table in stage.tables:
        rows.setdefault(table, []).extend(produced.get(table, []))


def annotate_records(
    records: Sequence[Record], repair: RepairStage, stages: Sequence[Stage]
) -> Rows:
    """Everything a piece of records needs short of writing: the repair stage's articles and
    rows, then each stage's rows.

    Never raises. An article id repeated within ``records`` becomes an error row here;
    across pieces, :func:`join_pieces` and the run's final pass settle them.
    """
    items, repaired = repair.repair(records)
    articles: list[Article] = []
    rows: Rows = {"articles": [], "errors": [], **repaired}
    for item in items:
        if isinstance(item, Article):
            articles.append(item)
            rows["articles"].append(item.to_row())
        else:
            rows["errors"].append(item.to_row())
    for stage in stages:
        run_stage(stage, articles, rows)
    return rows


def join_pieces(pieces: Iterable[Rows]) -> Rows:
    """One chunk's rows from its pieces' rows, in order; an id already used by an earlier
    piece turns that article into an error row."""
    deduplicator = Deduplicator()
    joined: Rows = {"articles": [], "errors": []}
    for piece in pieces:
        settle_rows(piece, deduplicator)
        for table, table_rows in piece.items():
            joined.setdefault(table, []).extend(table_rows)
    return joined
