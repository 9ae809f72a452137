"""The data model every stage shares: articles, raw records, error records."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class RawRecord:
    """One record as a reader found it, before repair: field name -> raw value.

    ``fields`` uses the canonical names (``id``, ``title``, ``body``, ``author``,
    ``published``, ``category``, ``tags``, ``url``, ``publisher``); readers map their
    format's names onto them. ``meta`` keeps every other field the record had, as text.
    ``plain_text``: the reader made the title and body text already (a WordPress export's
    HTML, a web page's main text), so repair reads no HTML in them again (an author's
    ``<p>``, written about, stays).
    """

    source: str
    locator: str
    fields: dict[str, Any]
    encoding: str = "utf-8"
    meta: dict[str, str] = field(default_factory=dict)
    plain_text: bool = False


@dataclass(slots=True)
class Article:
    """A repaired article, the unit every later stage works on.

    ``url`` and ``publisher`` are the record's own (any of their aliases); ``meta`` is
    every other field the input had, name -> text (JSON for lists and objects), so what
    the dump said about the article is kept. ``language``: ISO 639-1, as the repair stage
    detected it (None: the text does not say clearly).
    """

    article_id: str
    source: str
    locator: str
    title: str
    body: str
    author: str | None = None
    published: str | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    encoding: str = "utf-8"
    repairs: int = 0
    url: str | None = None
    publisher: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    language: str | None = None

    def to_row(self) -> dict[str, Any]:
        return asdict(self)

    def written_in(self, languages: Collection[str]) -> bool:
        """Whether a stage reading ``languages`` (ISO codes; ``*``: any) reads this article:
        an article whose language is undetermined is read by every stage.

        >>> Article("a", "", "", "Talks", "", language="ru").written_in(["en"])
        False
        """
        return self.language is None or self.language in languages or "*" in languages


@dataclass(slots=True)
class ErrorRecord:
    """A record or file that could not become an article, and why. Never dropped silently."""

    source: str
    locator: str
    reason: str
    stage: str = "ingest"

    def to_row(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class EditorRequest:
    """What an editor asks of an analysis besides the article: their standing decisions
    (kind -> labels rejected or accepted), whether tags new to the model may be offered,
    and how much to list (candidates per kind, evidence per label, new tags, at most
    ``limit`` suggested tags scoring at least ``min_score``)."""

    allow_new: bool = False
    rejected: dict[str, list[str]] = field(default_factory=dict)
    accepted: dict[str, list[str]] = field(default_factory=dict)
    candidates: int = 10
    evidence: int = 5
    new_tags: int = 5
    limit: int | None = None  # at most this many suggested tags (Annif's limit)
    min_score: float | None = None  # no suggested tag scoring less (Annif's threshold)


def content_id(title: str, body: str) -> str:
    """A stable id for an article without one: a hash of its repaired title and body.

    >>> content_id("Title", "Body") == content_id("Title", "Body")
    True
    """
    digest = hashlib.sha256(f"{title}\n\n{body}".encode()).hexdigest()
    return f"sha256:{digest[:20]}"
