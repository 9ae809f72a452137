"""The repair stage's options: how damaged text is restored (as ftfy's ``TextFixerConfig``).

>>> RepairOptions(dash_style="EM").dash_style
'em'
>>> RepairOptions().dash_style, RepairOptions().house_prior, RepairOptions().dump_style
('auto', None, True)
"""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from pipeline.core.options import StageOptions
from pipeline.ingest.dates import DateOrder

DashStyle = Literal["auto", "en", "em"]


class RepairOptions(StageOptions):
    """``dash_style``: the publisher's house style for spaced dashes, which lossy damage
    erases (– and — both become ``â??``): ``en`` or ``em`` for every article; ``auto``
    guesses each article's own: its undamaged spaced dashes, else the evidence it keeps,
    leaning on the dump's house style (``house_prior``) when there is one, and the
    commoner style when the guess is unsure.

    ``house_prior``: the dump's house style (``en``, ``em``), a prior that an article's
    own evidence can overturn (not an override, as ``dash_style`` is). A run settles it
    before it starts (``pipeline.ingest.stage.settle_house_style``: articles sampled across
    the input files whose spaced dashes survived) and records it; a resumed run reuses it.
    Given, it is kept. ``dump_style=False``: no dump-level prior is inferred.
    ``detect_language``: give each article its language (the ``language`` column), so
    stages read only the languages they know.

    ``date_order``: how a numeric date such as ``04/03/2024`` reads, ``day-first`` or
    ``month-first``; ``auto`` (the default): settled once for the dump from a sample of its
    dates (``pipeline.ingest.stage.settle_date_order``) and recorded; month first when no
    sampled date tells."""

    dash_style: DashStyle = "auto"
    house_prior: Literal["en", "em"] | None = None
    dump_style: bool = True
    detect_language: bool = True
    date_order: DateOrder = "auto"

    @field_validator("dash_style", "house_prior", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value
