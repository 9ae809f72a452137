"""The stage protocol: what every step after ingestion looks like to whoever runs it.

A stage turns a batch of repaired articles into rows of its own tables. The local
engine, the Dask engine, :func:`pipeline.analyze` and the editors' service run the same
stages (listed once, in :mod:`pipeline.core.registry`) through this interface alone, so a new
stage needs a module of its own and a line in that list, nothing in the engines.

A stage also gives a :class:`StageSpec`: a small picklable recipe (an import path and
keyword options) that rebuilds the same stage in another process, once per process.

>>> spec = StageSpec.of("collections:Counter", seoul=2)  # any factory; a stage class in practice
>>> spec.build(), spec.build() is spec.build()
(Counter({'seoul': 2}), True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any, Protocol, runtime_checkable

import pyarrow as pa

from pipeline.core.model import Article
from pipeline.core.schemas import CORE_TABLES

# Rows of each table, as plain dicts: {"mentions": [{...}, ...], ...}.
Rows = dict[str, list[dict[str, Any]]]


@runtime_checkable
class Stage(Protocol):
    """One step of a run after ingestion."""

    name: str
    tables: Mapping[str, pa.Schema]  # the tables it writes, with their columns
    # Optional: ``light = True`` says a stage does little work per article next to the
    # others; the local engine runs it in its driver process rather than in every worker.

    def annotate(self, articles: Sequence[Article]) -> Rows:
        """The rows of :attr:`tables` for ``articles`` (a table without rows may be absent)."""
        ...

    def describe(self) -> dict[str, Any]:
        """What the manifest records about this stage (model names, versions, hashes)."""
        ...

    def spec(self) -> StageSpec:
        """A picklable recipe that rebuilds this stage in another process."""
        ...


@dataclass(frozen=True)
class StageSpec:
    """How to build a stage: ``factory`` (``"module:attribute"``) called with ``options``."""

    factory: str
    options: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, factory: str, **options: Any) -> StageSpec:
        return cls(factory, tuple(sorted(options.items())))

    def resolve(self) -> Any:
        """The factory itself (importing its module), e.g. to read a class's ``tables``."""
        module, _, attribute = self.factory.partition(":")
        return getattr(import_module(module), attribute)

    def build(self) -> Stage:
        """The stage, built once per process and spec: models load once and are shared."""
        return _build(self)


@cache
def _build(spec: StageSpec) -> Stage:
    return spec.resolve()(**dict(spec.options))


def table_schemas(stages: Sequence[Stage]) -> dict[str, pa.Schema]:
    """Every table a run with ``stages`` writes, with its schema: articles, errors, then theirs."""
    schemas = dict(CORE_TABLES)
    for stage in stages:
        schemas.update(stage.tables)
    return schemas
