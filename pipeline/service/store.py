"""The feedback database of the service: SQLite in the data folder, one row per decision.

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

from pipeline.classify.feedback import DB_NAME, SCHEMA, FeedbackRow, Standing, decisions, fetch_rows


class FeedbackStore:
    """Writes and reads editors' decisions; safe to share between threads.

    >>> import tempfile
    >>> store = FeedbackStore(Path(tempfile.mkdtemp()))
    >>> store.add("a1", "tag", "oil", "rejected").decision
    'rejected'
    >>> store.standing("a1").is_rejected("tag", "Oil"), store.count()
    (True, 1)
    """

    def __init__(self, data_dir: Path):
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DB_NAME
        self._local = threading.local()
        with self._connection() as connection:
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

    def count(self) -> int:
        """How many rows are stored."""
        return int(self._connection().execute("SELECT count(*) FROM feedback").fetchone()[0])
