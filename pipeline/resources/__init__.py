"""Curated data files (gazetteers, demonyms, patterns, priors), read once per process."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    """A JSON data file of this package, parsed."""
    return json.loads(resources.files(__name__).joinpath(name).read_text("utf-8"))


@cache
def load_lines(name: str) -> tuple[str, ...]:
    """A text data file of this package: its non-empty lines, without # comments."""
    text = resources.files(__name__).joinpath(name).read_text("utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(line for line in lines if line)
