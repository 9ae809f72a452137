"""A run's stages, built from its configuration: repair, the chunk stages, the run passes.

The engines hand the configuration's :class:`~pipeline.core.stage.StageSpec` s to their
workers, which build the same stages once per process (:meth:`Plan.from_specs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from pipeline.core.config import RunConfig
from pipeline.core.registry import table_schemas
from pipeline.core.stage import RepairStage, RunPass, Stage, StageSpec


@dataclass
class Plan:
    """The built stages of a run, by kind, and the specs they were built from."""

    repair: RepairStage
    stages: list[Stage] = field(default_factory=list)
    passes: list[RunPass] = field(default_factory=list)
    specs: list[StageSpec] = field(default_factory=list)

    @classmethod
    def from_specs(cls, specs: Sequence[StageSpec]) -> Plan:
        """Build each stage (once per process and spec)."""
        by_kind: dict[str, list[Any]] = {"repair": [], "chunk": [], "run": []}
        for spec in specs:
            by_kind[spec.definition.kind].append(spec.build())
        [repair] = by_kind["repair"]
        return cls(repair, by_kind["chunk"], by_kind["run"], list(specs))

    @classmethod
    def of(cls, config: RunConfig) -> Plan:
        return cls.from_specs(config.specs())

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.specs]

    def schemas(self) -> dict[str, pa.Schema]:
        """Every table the run writes: articles, errors, then each stage's, in order."""
        return table_schemas(self.names)

    def split(self) -> tuple[list[StageSpec], list[Stage]]:
        """The specs workers build (repair and the heavy chunk stages), and the light chunk
        stages the driver runs itself (see :attr:`StageDefinition.light`)."""
        light = {spec.name for spec in self.specs if spec.definition.light}
        in_workers = [
            spec for spec in self.specs if spec.name not in light and spec.definition.kind != "run"
        ]
        return in_workers, [stage for stage in self.stages if stage.name in light]

    def describe(self) -> list[dict[str, Any]]:
        """Each stage's manifest entry: name, kind, options, and what ``describe()`` adds."""
        built = [self.repair, *self.stages, *self.passes]
        by_name = {stage.name: stage for stage in built}
        return [
            {
                "name": spec.name,
                "kind": spec.definition.kind,
                "options": spec.options.model_dump(mode="json"),
                **by_name[spec.name].describe(),
            }
            for spec in self.specs
        ]

    def models(self, described: list[dict[str, Any]]) -> dict[str, str]:
        """Each stage's model, from its manifest entry (resume refuses another)."""
        return {entry["name"]: str(entry["model"]) for entry in described if entry.get("model")}
