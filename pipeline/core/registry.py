"""The stage registry: every stage a run can have, each declared once.

A stage is declared by a :class:`StageDefinition`: its name, its kind (``repair``,
``chunk`` or ``run``, see :mod:`pipeline.core.stage`), its options model, its tables with
their schemas, and the import path of the factory that builds it from its options.
Declarations are found through the entry-point group ``newsdump_pipeline.stages``, the
built-in ones (``repair``, ``entities``, ``suggestions``, declared in this project's
``pyproject.toml``) exactly like a third-party package's (see ``examples/stage-plugin``)::

    [project.entry-points."newsdump_pipeline.stages"]
    word_count = "word_count_stage:WORD_COUNT"

Everything else derives from the registry: the command line's ``--set stage.option=value``
and ``--no-STAGE``, :func:`pipeline.analyze`, the service, the run's tables and its manifest.
A declaration imports nothing heavy (spaCy and scikit-learn load only where a stage is
built), as spaCy's factories are found by name before any model is loaded.

>>> [d.name for d in definitions()][:3]
['repair', 'entities', 'suggestions']
>>> definition("entities").kind, sorted(definition("entities").tables)
('chunk', ['entities', 'mentions'])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from importlib.metadata import entry_points
from typing import Any, Literal

import pyarrow as pa

from pipeline.core.errors import PipelineError
from pipeline.core.options import StageOptions

ENTRY_POINT_GROUP = "newsdump_pipeline.stages"
Kind = Literal["repair", "chunk", "run"]
KIND_ORDER = {"repair": 0, "chunk": 1, "run": 2}


@dataclass(frozen=True)
class StageDefinition:
    """One stage as the registry knows it, before it is built.

    ``factory`` is ``"module:callable"``, called with the stage's options (an instance of
    ``options``) to build the stage. ``order`` places it among stages of its kind (lower
    first; the built-ins use 10, 20, ...). ``light``: little work per article next to the
    others, a model slow to load: the local engine runs it in its driver process rather than
    in every worker. ``prepare`` (``"module:callable"``, optional) settles options that
    depend on the run before anything is built: ``prepare(options, context) -> options``
    with a :class:`PrepareContext` (the entities stage infers the dump's country there).
    ``reads``: tables of earlier stages it needs (``("mentions",)``); the stage's class says
    the same in its ``reads`` attribute, and its ``annotate`` is then called as
    ``annotate(articles, rows)`` with those tables' rows so far for the same articles.
    """

    name: str
    factory: str
    options: type[StageOptions] = StageOptions
    tables: Mapping[str, pa.Schema] = field(default_factory=dict)
    kind: Kind = "chunk"
    order: int = 100
    light: bool = False
    prepare: str | None = None
    reads: tuple[str, ...] = ()
    help: str = ""

    def build(self, options: StageOptions) -> Any:
        """The stage itself (imports its module: spaCy, scikit-learn... load here)."""
        return resolve(self.factory)(options)

    def settle(self, options: StageOptions, context: PrepareContext) -> StageOptions:
        """The options with what depends on the run settled (see ``prepare``)."""
        return resolve(self.prepare)(options, context) if self.prepare else options


@dataclass(frozen=True)
class PrepareContext:
    """What a stage's ``prepare`` may look at: the run's inputs, and the options the earlier
    run into the same folder recorded for this stage (None: a fresh run)."""

    inputs: tuple[str, ...] = ()
    recorded: StageOptions | None = None
    report: Callable[[str], None] | None = None


def resolve(path: str) -> Any:
    """``"module:name"`` or ``"module:Class.method"``, imported."""
    module, _, attributes = path.partition(":")
    found: Any = import_module(module)
    for attribute in attributes.split("."):
        found = getattr(found, attribute)
    return found


_registered: dict[str, StageDefinition] = {}


def register(stage: StageDefinition) -> StageDefinition:
    """Add a stage for this process (tests, notebooks); installed packages use entry points."""
    _registered[stage.name] = stage
    definitions.cache_clear()
    return stage


def unregister(name: str) -> None:
    _registered.pop(name, None)
    definitions.cache_clear()


@cache
def _installed() -> tuple[StageDefinition, ...]:
    found = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        stage = entry.load()
        if not isinstance(stage, StageDefinition):
            raise PipelineError(
                f"entry point {entry.name} = {entry.value} in {ENTRY_POINT_GROUP} is not a "
                "StageDefinition"
            )
        found.append(stage)
    return tuple(found)


@cache
def definitions() -> tuple[StageDefinition, ...]:
    """Every registered stage, in the order a run runs them: repair, chunk stages, passes."""
    by_name: dict[str, StageDefinition] = {}
    for stage in (*_installed(), *_registered.values()):
        by_name[stage.name] = stage
    if "repair" not in by_name:
        raise PipelineError(
            "the built-in stages are not registered: install the project (pip install -e .)"
        )
    return tuple(sorted(by_name.values(), key=lambda d: (KIND_ORDER[d.kind], d.order, d.name)))


def definition(name: str) -> StageDefinition:
    """The stage registered as ``name``; a clear error naming the others if there is none."""
    for stage in definitions():
        if stage.name == name:
            return stage
    known = ", ".join(d.name for d in definitions())
    raise PipelineError(f"no stage named {name!r} (the stages: {known})")


def table_schemas(names: list[str] | tuple[str, ...]) -> dict[str, pa.Schema]:
    """Every table a run of the stages ``names`` writes, with its schema: articles and
    errors first, then each stage's, in stage order."""
    from pipeline.core.schemas import CORE_TABLES

    schemas = dict(CORE_TABLES)
    for stage in definitions():
        if stage.name in names:
            schemas.update(stage.tables)
    return schemas
