"""Editors' feedback on suggestions: the SQLite table, and what it teaches the model.

The editors' service (:mod:`pipeline.service`) writes one row per decision an editor
makes on a suggestion: ``accepted`` or ``rejected`` (a suggested label), ``added`` (a
label the model did not suggest), ``edited`` (a suggested label changed to ``to``) or
``undone`` (the editor takes back their decision on a label: it stands undecided again).
This module owns the table and reads it back:

- :func:`read_feedback` returns the rows, oldest first;
- :func:`decisions` folds them into each article's standing decisions (the latest
  decision on a label wins, so an editor can change their mind);
- :func:`read_drafts` returns the drafts the service analysed (their repaired title and
  body, the latest text per article id), so that decisions on an article that is in no
  dump still teach the model;
- :func:`apply_feedback` applies those decisions to training articles before a model is
  fitted (``pipeline train --feedback DB``): accepted and added tags become positives,
  rejected ones negatives (removed from the article's tags), an edit does both; a decided
  draft that is not among the training articles becomes one (its tags: those accepted or
  added; a tag no dump has becomes a tag of the model);
- :func:`accepted_labels` and :func:`rejected_labels` serve the WordPress round trip and
  the service (a rejected tag is never suggested again for that article).

>>> rows = [FeedbackRow(1, "", "a1", "tag", "oil", "rejected"),
...         FeedbackRow(2, "", "a1", "tag", "energy", "added"),
...         FeedbackRow(3, "", "a1", "tag", "crude", "edited", "crude oil")]
>>> standing = decisions(rows)["a1"]
>>> standing.accepted("tag"), sorted(standing.rejected("tag"))
(['energy', 'crude oil'], ['crude', 'oil'])
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError
from pipeline.core.model import Article
from pipeline.core.records import FeedbackRow

DB_NAME = "feedback.sqlite3"
KINDS = ("tag", "category")
DECISIONS = ("accepted", "rejected", "added", "edited", "undone")

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    article_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN {KINDS!r}),
    label TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN {DECISIONS!r}),
    to_label TEXT,
    model_sha256 TEXT,
    CHECK (decision != 'edited' OR to_label IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS feedback_by_article ON feedback (article_id);
CREATE TABLE IF NOT EXISTS drafts (
    article_id TEXT PRIMARY KEY,
    updated TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL
);
"""

_COLUMNS = "id, created, article_id, kind, label, decision, to_label"


def _key(label: str) -> str:
    return label.casefold().strip()


@dataclass
class Standing:
    """An article's standing decisions: per kind, label key -> (label as written, positive?)."""

    labels: dict[str, dict[str, tuple[str, bool]]] = field(default_factory=dict)

    def record(self, kind: str, label: str, positive: bool) -> None:
        by_label = self.labels.setdefault(kind, {})
        by_label.pop(_key(label), None)  # re-inserted last: later decisions come later
        by_label[_key(label)] = (label, positive)

    def forget(self, kind: str, label: str) -> None:
        self.labels.get(kind, {}).pop(_key(label), None)

    def accepted(self, kind: str) -> list[str]:
        """Labels accepted, added or edited in, in the order they were decided."""
        return [label for label, positive in self.labels.get(kind, {}).values() if positive]

    def rejected(self, kind: str) -> set[str]:
        """Labels rejected or edited away."""
        return {label for label, positive in self.labels.get(kind, {}).values() if not positive}

    def is_rejected(self, kind: str, label: str) -> bool:
        """Whether ``label`` (any case) stands rejected.

        >>> s = Standing(); s.record("tag", "Oil", False); s.is_rejected("tag", "oil")
        True
        """
        decided = self.labels.get(kind, {}).get(_key(label))
        return decided is not None and not decided[1]


def decisions(rows: Iterable[FeedbackRow]) -> dict[str, Standing]:
    """Each article's standing decisions, replaying ``rows`` oldest first.

    >>> rows = [FeedbackRow(1, "", "a", "tag", "oil", "rejected"),
    ...         FeedbackRow(2, "", "a", "tag", "Oil", "accepted")]
    >>> decisions(rows)["a"].accepted("tag")
    ['Oil']
    >>> decisions([*rows, FeedbackRow(3, "", "a", "tag", "OIL", "undone")])["a"].accepted("tag")
    []
    """
    standing: dict[str, Standing] = {}
    for row in sorted(rows, key=lambda r: r.id):
        article = standing.setdefault(row.article_id, Standing())
        if row.decision in ("accepted", "added"):
            article.record(row.kind, row.label, True)
        elif row.decision == "rejected":
            article.record(row.kind, row.label, False)
        elif row.decision == "edited" and row.to:
            article.record(row.kind, row.label, False)
            article.record(row.kind, row.to, True)
        elif row.decision == "undone":
            article.forget(row.kind, row.label)
    return standing


def db_path(location: str | Path) -> Path:
    """The database file: ``location`` itself, or ``feedback.sqlite3`` in it if a folder.

    >>> db_path("no-such-folder/editors.db").as_posix()
    'no-such-folder/editors.db'
    """
    path = Path(location)
    return path / DB_NAME if path.is_dir() else path


def read_feedback(location: str | Path, article_id: str | None = None) -> list[FeedbackRow]:
    """The feedback rows of a database (file or data folder), oldest first; of one article
    if ``article_id`` is given. Opened read-only; a missing database is a PipelineError."""
    path = db_path(location)
    if not path.exists():
        raise PipelineError(f"no feedback database at {path}")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return fetch_rows(connection, article_id)
    except sqlite3.DatabaseError as exc:
        raise PipelineError(f"{path} is not a feedback database: {exc}") from exc
    finally:
        connection.close()


def fetch_rows(connection: sqlite3.Connection, article_id: str | None = None) -> list[FeedbackRow]:
    """Rows through an open connection (the service keeps one), oldest first.

    >>> connection = sqlite3.connect(":memory:"); connection.executescript(SCHEMA) and None
    >>> fetch_rows(connection)
    []
    """
    query = f"SELECT {_COLUMNS} FROM feedback"
    parameters: tuple[Any, ...] = ()
    if article_id is not None:
        query += " WHERE article_id = ?"
        parameters = (article_id,)
    rows = connection.execute(query + " ORDER BY id", parameters).fetchall()
    return [FeedbackRow(*row) for row in rows]


@dataclass(frozen=True)
class Draft:
    """A text the service analysed: its repaired title and body, as last analysed."""

    article_id: str
    title: str
    body: str
    updated: str = ""


def fetch_drafts(connection: sqlite3.Connection) -> dict[str, Draft]:
    """The stored drafts by article id (an older database without the table has none).

    >>> connection = sqlite3.connect(":memory:"); connection.executescript(SCHEMA) and None
    >>> fetch_drafts(connection)
    {}
    """
    try:
        rows = connection.execute("SELECT article_id, title, body, updated FROM drafts").fetchall()
    except sqlite3.OperationalError:  # written before drafts were kept
        return {}
    return {row[0]: Draft(*row) for row in rows}


def read_drafts(location: str | Path) -> dict[str, Draft]:
    """The drafts the service kept in a database (file or data folder), by article id."""
    path = db_path(location)
    if not path.exists():
        raise PipelineError(f"no feedback database at {path}")
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return fetch_drafts(connection)
    except sqlite3.DatabaseError as exc:
        raise PipelineError(f"{path} is not a feedback database: {exc}") from exc
    finally:
        connection.close()


def accepted_labels(standing: dict[str, Standing], article_id: str, kind: str = "tag") -> list[str]:
    """Labels of ``kind`` the editors accepted, added or edited in for an article.

    >>> accepted_labels(decisions([FeedbackRow(1, "", "a", "tag", "oil", "added")]), "a")
    ['oil']
    """
    article = standing.get(article_id)
    return article.accepted(kind) if article else []


def rejected_labels(standing: dict[str, Standing], article_id: str, kind: str = "tag") -> set[str]:
    """Labels of ``kind`` the editors rejected (or edited away) for an article.

    >>> rejected_labels(decisions([FeedbackRow(1, "", "a", "tag", "oil", "rejected")]), "a")
    {'oil'}
    """
    article = standing.get(article_id)
    return article.rejected(kind) if article else set()


@dataclass
class FeedbackApplied:
    """What :func:`apply_feedback` did, for the model card."""

    rows: int = 0
    articles_changed: int = 0
    tags_added: int = 0
    tags_removed: int = 0
    categories_changed: int = 0
    drafts_used: int = 0
    unmatched_articles: list[str] = field(default_factory=list)
    last_row: int = 0
    sha256: str = ""

    def as_card(self, source: str) -> dict[str, Any]:
        return {
            "source": source,
            "rows": self.rows,
            "last_row": self.last_row,
            "sha256": self.sha256,
            "articles_changed": self.articles_changed,
            "drafts_used": self.drafts_used,
            "tags_added": self.tags_added,
            "tags_removed": self.tags_removed,
            "categories_changed": self.categories_changed,
            "unmatched_articles": len(self.unmatched_articles),
        }


def rows_sha256(rows: Sequence[FeedbackRow], drafts: Iterable[Draft] = ()) -> str:
    """A hash of the decisions (not their timestamps) and of the drafts' texts used."""
    digest = hashlib.sha256()
    for row in rows:
        for part in (row.article_id, row.kind, row.label, row.decision, row.to or ""):
            digest.update(part.encode())
            digest.update(b"\x1f")
        digest.update(b"\x1e")
    for draft in drafts:
        for part in (draft.article_id, draft.title, draft.body):
            digest.update(part.encode())
            digest.update(b"\x1f")
        digest.update(b"\x1d")
    return digest.hexdigest()


def _retagged(article: Article, standing: Standing) -> tuple[list[str], int, int]:
    """The article's tags without the rejected ones, with the accepted ones (in the
    editors' spelling: an edit from "Opec" to "OPEC" renames the tag), and the counts."""
    rejected = {_key(label) for label in standing.rejected("tag")}
    spelling = {_key(label): label for label in standing.accepted("tag")}
    kept = [spelling.get(_key(tag), tag) for tag in article.tags if _key(tag) not in rejected]
    present = {_key(tag) for tag in kept}
    added = []
    for label in standing.accepted("tag"):
        if _key(label) not in present:
            present.add(_key(label))
            added.append(label)
    return kept + added, len(added), len(article.tags) - len(kept)


def _recategorised(article: Article, standing: Standing) -> str | None:
    accepted = standing.accepted("category")
    if accepted:
        return accepted[-1]
    if article.category and standing.is_rejected("category", article.category):
        return None  # the editors said this is not its category: it teaches none
    return article.category


def _draft_article(draft: Draft) -> Article:
    """A decided draft as a training article with no labels yet (the decisions add them)."""
    return Article(
        draft.article_id, "feedback", f"draft {draft.article_id}", draft.title, draft.body
    )


def apply_feedback(
    articles: Sequence[Article],
    rows: Sequence[FeedbackRow],
    drafts: dict[str, Draft] | None = None,
) -> tuple[list[Article], FeedbackApplied]:
    """Training articles with the editors' decisions applied to their tags and category.

    Accepted and added tags are positives (added to the article's tags), rejected tags
    negatives (removed: a tag an article lacks is a negative example for it); an edit
    removes the old label and adds the new. A decided article that is not among
    ``articles`` but is in ``drafts`` (the texts the service analysed) becomes a training
    article of its own, labelled by the decisions alone (``drafts_used``); one that is in
    neither is counted in ``unmatched_articles`` and otherwise ignored.

    >>> article = Article("a1", "dump", "", "Oil rises", "Crude rose.", tags=["oil", "gas"])
    >>> rows = [FeedbackRow(1, "", "a1", "tag", "gas", "rejected"),
    ...         FeedbackRow(2, "", "a1", "tag", "energy", "added"),
    ...         FeedbackRow(3, "", "d1", "tag", "energy", "added")]
    >>> changed, summary = apply_feedback([article], rows, {"d1": Draft("d1", "Power", "")})
    >>> [(a.article_id, a.tags) for a in changed], summary.drafts_used
    ([('a1', ['oil', 'energy']), ('d1', ['energy'])], 1)
    """
    drafts = drafts or {}
    standing = decisions(rows)
    known = {a.article_id for a in articles}
    used = [drafts[i] for i in sorted(set(standing) - known) if i in drafts]
    summary = FeedbackApplied(
        rows=len(rows),
        sha256=rows_sha256(rows, used),
        last_row=max((row.id for row in rows), default=0),
        drafts_used=len(used),
    )
    summary.unmatched_articles = sorted(set(standing) - known - set(drafts))
    changed_articles = []
    for article in [*articles, *(_draft_article(d) for d in used)]:
        article_standing = standing.get(article.article_id)
        if article_standing is None:
            changed_articles.append(article)
            continue
        tags, added, removed = _retagged(article, article_standing)
        category = _recategorised(article, article_standing)
        if article.article_id in known and (tags != article.tags or category != article.category):
            summary.articles_changed += 1
        summary.tags_added += added
        summary.tags_removed += removed
        summary.categories_changed += category != article.category
        changed_articles.append(replace(article, tags=tags, category=category))
    return changed_articles, summary
