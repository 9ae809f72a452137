"""One typed configuration of a run, built and validated once at each edge.

The command line, :func:`pipeline.analyze` and the editors' service each build a
:class:`RunConfig` from what their user gave (flags, ``--set stage.option=value``, a config
file, keywords), once; from there it travels as a frozen value: the engines send it to
their workers, the run records it in ``_state/run.json`` and the manifest exactly as
:meth:`RunConfig.to_dict` writes it, and a resumed run compares it by equality.

A section per stage, each validated by the options model its stage declares:

>>> config = RunConfig.build({"repair": {"dash_style": "EM"}, "suggestions": {"enabled": False}})
>>> config.options("repair").dash_style, [s.name for s in config.enabled()][:2]
('em', ['repair', 'entities'])
>>> RunConfig.from_dict(config.to_dict()) == config
True
>>> RunConfig.build({"entities": {"spacy_modle": "x"}})
Traceback (most recent call last):
...
pipeline.core.errors.PipelineError: entities.spacy_modle: Extra inputs are not permitted
"""

from __future__ import annotations

import json
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pipeline.core.errors import PipelineError
from pipeline.core.options import StageOptions
from pipeline.core.registry import StageDefinition, definition, definitions
from pipeline.core.stage import StageSpec

DEFAULT_BATCH_SIZE = 1000
# Characters of text in one batch at most: what bounds a run's memory on long articles
# (1,085 web articles of 4,800 characters on average: about 200 per batch; short wire
# stories still come 1,000 at a time). docs/guides/figures.md has the peak memory it gives.
DEFAULT_BATCH_CHARS = 1_000_000
# What a run recorded before batches had a character bound was cut by articles alone: read
# back so, a resume of it with today's default is refused instead of cutting other chunks.
NO_CHARS_BOUND = sys.maxsize
Sections = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class RunConfig:
    """The batch size (articles, and characters of text, at most) and every registered
    stage's options (disabled ones included)."""

    stages: tuple[tuple[str, StageOptions], ...]
    batch_size: int = DEFAULT_BATCH_SIZE
    batch_chars: int = DEFAULT_BATCH_CHARS

    @classmethod
    def build(
        cls,
        sections: Sections | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        batch_chars: int = DEFAULT_BATCH_CHARS,
    ) -> RunConfig:
        """The configuration with ``sections`` (stage name -> option -> value) over the
        defaults; an unknown stage or option, or a bad value, is a :class:`PipelineError`
        naming it."""
        sections = dict(sections or {})
        unknown = set(sections) - {d.name for d in definitions()}
        if unknown:
            definition(sorted(unknown)[0])  # raises, naming the known stages
        for name, value in (("batch size", batch_size), ("batch chars", batch_chars)):
            if not isinstance(value, int) or value < 1:
                raise PipelineError(f"{name} must be a positive whole number, not {value!r}")
        built = tuple(
            (stage.name, _validated(stage, sections.get(stage.name, {}))) for stage in definitions()
        )
        return cls(built, batch_size, batch_chars)

    @classmethod
    def from_dict(cls, recorded: Mapping[str, Any]) -> RunConfig:
        """The configuration :meth:`to_dict` wrote (stages registered since take defaults)."""
        return cls.build(
            recorded.get("stages", {}),
            recorded.get("batch_size", DEFAULT_BATCH_SIZE),
            recorded.get("batch_chars", NO_CHARS_BOUND),
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values: what ``run.json`` and the manifest record."""
        return {
            "batch_size": self.batch_size,
            "batch_chars": self.batch_chars,
            "stages": {name: options.model_dump(mode="json") for name, options in self.stages},
        }

    def options(self, name: str) -> Any:
        """The options of stage ``name`` (its own options model)."""
        for stage, options in self.stages:
            if stage == name:
                return options
        return definition(name)  # raises, naming the known stages

    def enabled(self, kinds: Iterable[str] = ("repair", "chunk", "run")) -> list[StageDefinition]:
        """The stages this configuration runs, in order (repair always)."""
        kinds = set(kinds)
        return [
            definition(name)
            for name, options in self.stages
            if (options.enabled or name == "repair") and definition(name).kind in kinds
        ]

    def specs(self, kinds: Iterable[str] = ("repair", "chunk", "run")) -> list[StageSpec]:
        """Picklable recipes of the enabled stages of ``kinds``, for worker processes."""
        return [StageSpec(d, self.options(d.name)) for d in self.enabled(kinds)]

    def with_options(self, name: str, **changes: Any) -> RunConfig:
        """A copy with stage ``name``'s options changed (validated again)."""
        merged = {**self.options(name).model_dump(), **changes}
        stages = tuple(
            (stage, _validated(definition(stage), merged) if stage == name else options)
            for stage, options in self.stages
        )
        return RunConfig(stages, self.batch_size, self.batch_chars)


# The built-in options that have a flag of their own on the command line and a keyword of
# their own in analyze() (any other option: --set stage.option=value, settings=):
# keyword -> (stage, option, flag). One table for the flags, the keywords and the messages.
SHORTCUTS: dict[str, tuple[str, str, str]] = {
    "dash_style": ("repair", "dash_style", "--dash-style"),
    "entities": ("entities", "enabled", "--entities"),
    "spacy_model": ("entities", "spacy_model", "--spacy-model"),
    "home_country": ("entities", "home_country", "--home-country"),
    "dump_country": ("entities", "dump_country", "--dump-country"),
    "suggestions": ("suggestions", "enabled", "--suggestions"),
    "model_dir": ("suggestions", "model_dir", "--model"),
    "limit": ("suggestions", "limit", "--limit"),
    "min_score": ("suggestions", "min_score", "--min-score"),
}


def shortcut_sections(**values: Any) -> dict[str, dict[str, Any]]:
    """Sections of the :data:`SHORTCUTS` given (None: not given).

    >>> shortcut_sections(home_country="GB", entities=None, model_dir="models/site")
    {'entities': {'home_country': 'GB'}, 'suggestions': {'model_dir': 'models/site'}}
    """
    sections: dict[str, dict[str, Any]] = {}
    for keyword, value in values.items():
        if keyword not in SHORTCUTS:
            raise TypeError(f"unexpected keyword argument {keyword!r}")
        if value is not None:
            stage, option, _ = SHORTCUTS[keyword]
            sections.setdefault(stage, {})[option] = value
    return sections


def _validated(stage: StageDefinition, values: Mapping[str, Any]) -> StageOptions:
    try:
        return stage.options.model_validate(dict(values))
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(part) for part in (stage.name, *problem["loc"]))
        raise PipelineError(f"{where}: {problem['msg']}") from None


def parse_settings(settings: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``stage.option=value`` settings as sections; values read as JSON when they parse
    (``true``, ``3``, ``"x"``, ``null``), else as text.

    >>> parse_settings(["entities.home_country=GB", "suggestions.enabled=false"])
    {'entities': {'home_country': 'GB'}, 'suggestions': {'enabled': False}}
    """
    sections: dict[str, dict[str, Any]] = {}
    for setting in settings:
        key, equals, text = setting.partition("=")
        stage, dot, option = key.strip().partition(".")
        if not equals or not dot or not stage or not option:
            raise PipelineError(f"--set takes stage.option=value, not {setting!r}")
        try:
            value: Any = json.loads(text)
        except ValueError:
            value = text
        sections.setdefault(stage, {})[option] = value
    return sections


def read_config_file(path: str | Path) -> dict[str, dict[str, Any]]:
    """A TOML file with a table per stage (``[entities]`` ``home_country = "GB"``) and an
    optional top-level ``batch_size`` and ``batch_chars``, as sections (under ``"run"``)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise PipelineError(f"cannot read the config file {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise PipelineError(f"{path} is not valid TOML: {exc}") from None
    sections: dict[str, dict[str, Any]] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            sections[key] = value
        else:
            sections.setdefault("run", {})[key] = value
    return sections


def merge_sections(*layers: Sections) -> dict[str, dict[str, Any]]:
    """Later layers win option by option (config file, then flags, then ``--set``).

    >>> merge_sections({"entities": {"a": 1, "b": 1}}, {"entities": {"b": 2}})
    {'entities': {'a': 1, 'b': 2}}
    """
    merged: dict[str, dict[str, Any]] = {}
    for layer in layers:
        for stage, values in layer.items():
            merged.setdefault(stage, {}).update(values)
    return merged
