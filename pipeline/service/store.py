"""The feedback database of the service: SQLite in the data folder, one row per decision,
and the text of each draft analysed under an article id (the latest text per id), so that
``pipeline train --feedback`` can learn from drafts that are in no dump.

Each row is committed (``synchronous=FULL``: on disk, not only in the page cache) before
the service answers. WAL mode lets readers (``pipeline train --feedback``) read while the
service writes. The table itself is defined in :mod:`pipeline.classify.feedback`, which
also reads it back for training.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

from pipeline.classify.feedback import (
    DB_NAME,
    SCHEMA,
    Draft,
    FeedbackRow,
    Standing,
    decisions,
    fetch_drafts,
    fetch_rows,
)


def _migrate(connection: sqlite3.Connection) -> None:
    """A database written before ``undone`` existed gets the table's new check, rows kept."""
    found = connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'feedback'"
    ).fetchone()
    if found is None or "'undone'" in found[0]:
        return
    connection.execute("ALTER TABLE feedback RENAME TO feedback_before_undone")
    connection.execute("DROP INDEX IF EXISTS feedback_by_article")
    connection.executescript(SCHEMA)
    connection.execute("INSERT INTO feedback SELECT * FROM feedback_before_undone")
    connection.execute("DROP TABLE feedback_before_undone")


class FeedbackStore:
    """Writes and reads editors' decisions; safe to share between threads.

    >>> import tempfile
    >>> store = FeedbackStore(Path(tempfile.mkdtemp()))
    >>> store.add("a1", "tag", "oil", "rejected").decision
    'rejected'
    >>> store.standing("a1").is_rejected("tag", "Oil"), store.count()
    (True, 1)
    >>> store.keep_draft("a1", "Oil rises", "Crude rose."); store.drafts()["a1"].title
    'Oil rises'
    >>> store.add("a1", "tag", "energy", "added").id, store.count(after=1), store.labels("tag")
    (2, 1, ['energy'])
    """

    def __init__(self, data_dir: Path):
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DB_NAME
        self._local = threading.local()
        with self._connection() as connection:
            _migrate(connection)
            connection.executescript(SCHEMA)

    def _connection(self) -> sqlite3.Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=FULL")
            self._local.connection = connection
        return connection

    def add(
        self,
        article_id: str,
        kind: str,
        label: str,
        decision: str,
        to: str | None = None,
        model_sha256: str | None = None,
    ) -> FeedbackRow:
        """Store one decision and commit it; the row as stored."""
        created = datetime.now(UTC).isoformat(timespec="milliseconds")
        connection = self._connection()
        with connection:  # one transaction, committed on leaving the block
            cursor = connection.execute(
                "INSERT INTO feedback (created, article_id, kind, label, decision, to_label, "
                "model_sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (created, article_id, kind, label, decision, to, model_sha256),
            )
        return FeedbackRow(
            int(cursor.lastrowid or 0), created, article_id, kind, label, decision, to
        )

    def rows(self, article_id: str | None = None) -> list[FeedbackRow]:
        """Stored rows, oldest first (of one article when given)."""
        return fetch_rows(self._connection(), article_id)

    def standing(self, article_id: str) -> Standing:
        """An article's standing decisions (see :func:`pipeline.classify.feedback.decisions`)."""
        return decisions(self.rows(article_id)).get(article_id, Standing())

    def count(self, after: int = 0) -> int:
        """How many rows are stored (with an id above ``after``: not yet learnt from)."""
        query = "SELECT count(*) FROM feedback WHERE id > ?"
        return int(self._connection().execute(query, (after,)).fetchone()[0])

    def last_id(self) -> int:
        """The id of the latest row (0: none)."""
        row = self._connection().execute("SELECT max(id) FROM feedback").fetchone()
        return int(row[0] or 0)

    def keep_draft(self, article_id: str, title: str, body: str) -> None:
        """Keep the text of a draft analysed under ``article_id`` (its latest text wins)."""
        updated = datetime.now(UTC).isoformat(timespec="milliseconds")
        connection = self._connection()
        with connection:
            connection.execute(
                "INSERT INTO drafts (article_id, updated, title, body) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET updated = excluded.updated, "
                "title = excluded.title, body = excluded.body",
                (article_id, updated, title, body),
            )

    def drafts(self) -> dict[str, Draft]:
        """The kept drafts, by article id."""
        return fetch_drafts(self._connection())

    def labels(self, kind: str) -> list[str]:
        """Labels of ``kind`` the editors accepted, added or edited in, most used first."""
        rows = self._connection().execute(
            "SELECT coalesce(to_label, label) AS name, count(*) FROM feedback "
            "WHERE kind = ? AND decision IN ('accepted', 'added', 'edited') "
            "GROUP BY lower(name) ORDER BY count(*) DESC, name",
            (kind,),
        )
        return [name for name, _ in rows.fetchall()]
