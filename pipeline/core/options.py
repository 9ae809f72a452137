"""The base of every stage's options: a frozen, strict pydantic model.

A stage declares its options as a subclass (see :class:`pipeline.core.registry.StageDefinition`);
the command line (flags, ``--set stage.option=value``, ``--config FILE``), ``analyze()``
and the service all build them through the same model, so a value is validated once, at
the edge, and travels as a typed, hashable value from there on.

>>> class Greeting(StageOptions):
...     name: str = "Seoul"
>>> Greeting(name="Kyiv") == Greeting(name="Kyiv"), Greeting().enabled
(True, True)
>>> Greeting(nme="typo")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Greeting
nme
  Extra inputs are not permitted [type=extra_forbidden, input_value='typo', input_type=str]
    For further information visit https://errors.pydantic.dev/.../v/extra_forbidden
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StageOptions(BaseModel):
    """What a user chooses about one stage; ``enabled`` turns the stage off altogether."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)

    enabled: bool = True
