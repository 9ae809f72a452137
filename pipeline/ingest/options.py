"""The repair stage's options: how damaged text is restored (as ftfy's ``TextFixerConfig``).

>>> RepairOptions(dash_style="EM").dash_style
'em'
>>> RepairOptions().dash_style
'auto'
"""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from pipeline.core.options import StageOptions

DashStyle = Literal["auto", "en", "em"]


class RepairOptions(StageOptions):
    """``dash_style``: the publisher's house style for spaced dashes, which lossy damage
    erases (– and — both become ``â??``): ``en`` or ``em``; ``auto`` guesses each
    article's own from the evidence it keeps. ``detect_language``: give each article its
    language (the ``language`` column), so stages read only the languages they know."""

    dash_style: DashStyle = "auto"
    detect_language: bool = True

    @field_validator("dash_style", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value
