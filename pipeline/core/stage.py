"""The stage protocols: what every step of a run looks like to whoever runs it.

There are three kinds of stage (:attr:`pipeline.core.registry.StageDefinition.kind`):

- ``repair``: the one stage that turns raw records into articles (:class:`RepairStage`),
  with rows of its own tables (what it repaired);
- ``chunk``: a stage that turns a batch of articles into rows of its tables
  (:class:`Stage`): entities, suggestions, a plugin's word counts;
- ``run``: a pass over a run's finished tables once every chunk is committed
  (:class:`RunPass`), for what needs the whole run (resolving names across articles).

The local engine, the Dask engine, :func:`pipeline.analyze` and the editors' service run
the same stages through these interfaces alone; which stages exist comes from the
registry (:mod:`pipeline.core.registry`), what each is given from the run's configuration
(:mod:`pipeline.core.config`). A stage never needs an ``if`` anywhere else.

A :class:`StageSpec` (a stage's name and its options) is the small picklable recipe that
rebuilds the same stage in another process, once per process:

>>> from pipeline.core.registry import StageDefinition
>>> counter = StageDefinition("counter", factory="collections:Counter")
>>> spec = StageSpec(counter, StageOptions())
>>> spec.build() is spec.build(), spec.name
(True, 'counter')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import pyarrow as pa

from pipeline.core.model import Article, ErrorRecord, RawRecord
from pipeline.core.options import StageOptions

if TYPE_CHECKING:
    from pipeline.core.registry import StageDefinition

# Rows of each table, as plain dicts: {"mentions": [{...}, ...], ...}.
Rows = dict[str, list[dict[str, Any]]]


@runtime_checkable
class Stage(Protocol):
    """A ``chunk`` stage: one step of a run after repair, over a batch of articles.

    It may also have ``explain(articles, requests, rows) -> list[dict]``: what the editors'
    service shows for each article (suggestions with their evidence, entities); a stage
    without it is shown by its rows.
    """

    name: str
    tables: Mapping[str, pa.Schema]  # the tables it writes, with their columns

    def annotate(self, articles: Sequence[Article]) -> Rows:
        """The rows of :attr:`tables` for ``articles`` (a table without rows may be absent).
        A stage with ``reads`` (the tables of earlier stages it needs, as its declaration
        says) is called ``annotate(articles, rows)`` with those tables' rows so far."""
        ...

    def describe(self) -> dict[str, Any]:
        """What the manifest records about this stage beyond its options: ``model`` (what
        its rows depend on besides the options: a model's name and version or hash)."""
        ...


@runtime_checkable
class RepairStage(Protocol):
    """The ``repair`` stage: raw records into articles (or error rows), and its own rows."""

    name: str
    tables: Mapping[str, pa.Schema]

    def repair(
        self, records: Sequence[RawRecord | ErrorRecord]
    ) -> tuple[list[Article | ErrorRecord], Rows]:
        """One article or error per record, in order, and the rows of :attr:`tables`."""
        ...

    def describe(self) -> dict[str, Any]: ...


class RunTables(Protocol):
    """A finished run's tables, as a ``run`` pass sees them."""

    def read(self, table: str) -> pa.Table:
        """Every committed row of ``table`` (an empty table with its schema if none)."""
        ...

    def replace(self, table: str, rows: pa.Table) -> None:
        """Make ``rows`` the whole of ``table`` (written atomically)."""
        ...

    def parts(self, table: str) -> list[str]:
        """The keys of ``table``'s parts (one per committed chunk)."""
        ...

    def read_part(self, table: str, part: str) -> list[dict[str, Any]]:
        """The rows of one part."""
        ...

    def read_columns(self, table: str, part: str, columns: list[str]) -> dict[str, list[Any]]:
        """Some columns of one part, as lists."""
        ...

    def write_part(self, table: str, part: str, rows: list[dict[str, Any]]) -> None:
        """Rewrite one part (atomically): a pass that changes another stage's rows does it
        part by part, so a resumed run redoes only what changed."""
        ...


@runtime_checkable
class RunPass(Protocol):
    """A ``run`` stage: reads the committed tables once every chunk is done and writes
    its own (whole-run) tables, or rewrites a column of another's."""

    name: str
    tables: Mapping[str, pa.Schema]

    def finish(self, tables: RunTables) -> None: ...

    def describe(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class StageSpec:
    """How to build a stage in any process: its declaration and its options (both
    picklable, so a Dask worker that never saw the registry builds the same stage)."""

    definition: StageDefinition
    options: StageOptions

    @property
    def name(self) -> str:
        return self.definition.name

    def build(self) -> Any:
        """The stage, built once per process and spec: models load once and are shared."""
        return _build(self.definition.factory, self.options)


@cache
def _build(factory: str, options: StageOptions) -> Any:
    from pipeline.core.registry import resolve

    return resolve(factory)(options)


def annotate_with(stage: Any, articles: Sequence[Article], rows: Rows) -> Rows:
    """``stage``'s rows for ``articles``; a stage that ``reads`` earlier stages' tables (its
    class attribute, as its declaration says) gets those of ``rows``."""
    reads = getattr(stage, "reads", ())
    if not reads:
        return stage.annotate(articles)
    return stage.annotate(articles, {table: rows.get(table, []) for table in reads})


def mentions_by_article(rows: Rows) -> dict[str, list[dict[str, Any]]]:
    """The ``mentions`` rows of ``rows`` grouped by article, each article's title first and
    then in text order: what a stage that reads the entities stage's mentions works on.

    >>> rows = {"mentions": [{"article_id": "a", "field": "body", "start_char": 9},
    ...                      {"article_id": "a", "field": "title", "start_char": 4}]}
    >>> [m["field"] for m in mentions_by_article(rows)["a"]]
    ['title', 'body']
    """
    grouped: dict[str, list[dict[str, Any]]] = {}
    for mention in sorted(
        rows.get("mentions", []), key=lambda m: (m["field"] != "title", m["start_char"])
    ):
        grouped.setdefault(mention["article_id"], []).append(mention)
    return grouped
