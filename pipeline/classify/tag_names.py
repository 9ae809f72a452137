"""The ``tag_names`` run pass: an entity's tag carries the name the run settled on.

Text tags are made article by article, before the ``people`` pass names a person across
the run ("Obama" in an article that says no more becomes "Barack Obama" where the run
names no other Obama). Without this pass the ``suggestions`` table would tag 30 articles
of the typographic corpus "Obama" and 13 "Barack Obama", while ``mentions`` and
``people`` say one person. An entity tag's evidence spans are its mentions, so the pass
gives each entity tag the name the run gives its mentions.

- Only a tag made from one entity is renamed: every evidence span that is a mention is
  one of the tag's own name within the article ("Google Chrome", whose spans include
  mentions of "Google", keeps its name; spans where the model saw no entity are the
  same name written elsewhere, and do not count). A known tag (the site's or the model's
  spelling) keeps its spelling: the editors' word.
- The name the tag had in its article stays in ``article_label``, and the pass renames
  from it, so a resumed run whose people pass names a person otherwise ends with a
  fresh run's tags (as ``mentions.article_canonical`` does for the people pass).
- Two tags of one article that become one name are one tag, the better ranked; the
  article's text tags are ranked 1.. again.
- The pass reads one chunk's ``suggestions`` and ``mentions`` parts at a time and
  rewrites a part only when a tag changes.

>>> tag = {"article_id": "a", "kind": "tag", "label": "Obama", "rank": 1, "source": "entity",
...     "known": False, "evidence": '[{"field":"body","start_char":4,"end_char":9}]'}
>>> [(r["label"], r["article_label"])
...  for r in renamed_tags([tag], {("a", "body", 4): ("Obama", "Barack Obama")})]
[('Barack Obama', 'Obama')]
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from pipeline.core.options import StageOptions
from pipeline.core.registry import StageDefinition
from pipeline.core.stage import RunTables

TEXT_TAG_SOURCES = ("entity", "phrase")
MENTION_COLUMNS = ["article_id", "field", "start_char", "article_canonical", "canonical"]
Span = tuple[str, str, int]  # article_id, field, start_char
Names = dict[Span, tuple[str, str]]  # a mention's start -> (name in its article, the run's)


def _is_entity_tag(row: dict[str, Any]) -> bool:
    return row.get("kind") == "tag" and row.get("source") == "entity" and not row.get("known")


def run_name(row: dict[str, Any], names: Names) -> str | None:
    """The run's name for an entity tag made from one entity, else None.

    >>> row = {"article_id": "a", "label": "Obama",
    ...        "evidence": '[{"field":"body","start_char":0},{"field":"body","start_char":9}]'}
    >>> run_name(row, {("a", "body", 0): ("Obama", "Barack Obama"),
    ...                ("a", "body", 9): ("Obama", "Barack Obama")})
    'Barack Obama'
    >>> run_name(row, {("a", "body", 0): ("Obama", "Barack Obama"),
    ...                ("a", "body", 9): ("Michelle Obama", "Michelle Obama")}) is None
    True
    """
    own = (row.get("article_label") or row["label"]).casefold()
    found = set()
    for span in json.loads(row.get("evidence") or "[]"):
        name = names.get((row["article_id"], span["field"], span["start_char"]))
        if name is None:  # the name written where the model saw no entity
            continue
        if name[0].casefold() != own:
            return None
        found.add(name[1])
    return found.pop() if len(found) == 1 else None


def renamed_tags(rows: list[dict[str, Any]], names: Names) -> list[dict[str, Any]]:
    """``rows`` (one part of ``suggestions``) with each entity tag named as the run names
    its entity; tags of one article that come to share a name merged, the better ranked
    kept, and the article's text tags ranked 1.. again. Other rows are left as they are.

    >>> def tag(label, rank, start):
    ...     return {"article_id": "a", "kind": "tag", "label": label, "rank": rank,
    ...             "source": "entity", "known": False,
    ...             "evidence": json.dumps([{"field": "body", "start_char": start}])}
    >>> rows = renamed_tags([tag("Obama", 1, 0), tag("Barack Obama", 2, 40)],
    ...     {("a", "body", 0): ("Obama", "Barack Obama"),
    ...      ("a", "body", 40): ("Barack Obama", "Barack Obama")})
    >>> [(r["label"], r["rank"]) for r in rows]
    [('Barack Obama', 1)]
    """
    for row in rows:
        if not _is_entity_tag(row):
            continue
        own = row.get("article_label") or row["label"]
        name = run_name(row, names) or own
        row["label"], row["article_label"] = name, (own if name != own else None)
    by_article: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.get("kind") == "tag" and row.get("source") in TEXT_TAG_SOURCES:
            by_article[row["article_id"]].append(row)
    dropped: set[int] = set()
    for tags in by_article.values():
        seen: set[str] = set()
        for row in sorted(tags, key=lambda r: r["rank"]):
            if row["label"].casefold() in seen:
                dropped.add(id(row))
                continue
            seen.add(row["label"].casefold())
            row["rank"] = len(seen)
    return [row for row in rows if id(row) not in dropped]


class TagNamesPass:
    """The ``tag_names`` run pass (a :class:`pipeline.core.stage.RunPass`)."""

    name = "tag_names"
    tables: dict[str, Any] = {}  # noqa: RUF012  (it rewrites suggestions, owns no table)

    def __init__(self, options: StageOptions | None = None):
        self.options = options or StageOptions()

    def describe(self) -> dict[str, Any]:
        return {}

    def finish(self, tables: RunTables) -> None:
        """Name each entity tag of the run as its mention is named now."""
        with_mentions = set(tables.parts("mentions"))
        for key in tables.parts("suggestions"):
            rows = tables.read_part("suggestions", key)
            if key not in with_mentions or not any(_is_entity_tag(row) for row in rows):
                continue
            columns = tables.read_columns("mentions", key, MENTION_COLUMNS)
            names = {
                (article_id, field, start): (own, run)
                for article_id, field, start, own, run in zip(*columns.values(), strict=True)
            }
            before = [(r["label"], r["rank"], r.get("article_label")) for r in rows]
            rows = renamed_tags(rows, names)
            if [(r["label"], r["rank"], r.get("article_label")) for r in rows] != before:
                tables.write_part("suggestions", key, rows)


TAG_NAMES = StageDefinition(
    name="tag_names",
    factory="pipeline.classify.tag_names:TagNamesPass",
    kind="run",
    # After the people pass (10), which names people across the run.
    order=20,
    help="Entity tags named as the run names their entity (after people: Obama -> Barack Obama).",
)
