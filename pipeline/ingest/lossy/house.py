"""The dump's house dash style, from the articles whose spaced dashes survived.

A dump usually comes from one publisher, and a publisher keeps one house style for its
spaced dashes, en (``–``) or em (``—``). Lossy damage erases it (both become ``â??``), but
dumps come in mixed encodings: articles saved cleanly, or whose mojibake kept every byte
(``â€“``), still show it. Their majority becomes the dump's *prior*
(``RepairOptions.house_prior``): a damaged article with no dash of its own leans that way,
and its own evidence can still overturn it (:func:`pipeline.ingest.lossy.style.guess_style`);
an article's undamaged dashes are never overruled.

The sample is spread over the dump (:mod:`pipeline.ingest.sampling`: files evenly across
the inputs, and places across a large JSON Lines file, not its first lines only: a dump
grouped by publisher would otherwise lend its first publisher's style to all).
The dump's style is taken when at least :data:`MIN_ARTICLES` sampled articles show one and
:data:`MIN_AGREEMENT` of them agree: a dump of publishers that disagree gets none.

>>> house_style_of(["Talks – at last – began."] * 6 + ["A â?? B."] * 20).style
'en'
>>> house_style_of(["Talks – at last – began.", "Talks — at last — began."] * 5) is None
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.ingest.sampling import SAMPLE_FILES, SAMPLE_RECORDS, WINDOWS

__all__ = [
    "MIN_AGREEMENT",
    "MIN_ARTICLES",
    "SAMPLE_FILES",
    "SAMPLE_RECORDS",
    "WINDOWS",
    "HouseStyle",
    "house_style_of",
    "infer_house_style",
    "shown_style",
]

MIN_ARTICLES = 3  # sampled articles showing a style, at least (docs/guides/repair.md)
MIN_AGREEMENT = 0.8  # share of them showing the leading style, at least

# A spaced dash, undamaged or in mojibake that kept its bytes (UTF-8 read as cp1252).
_SHOWN_DASH_RE = re.compile(r"(?<=\s)(–|—|â€“|â€”)(?=\s)")
_EN_FORMS = frozenset({"–", "â€“"})


@dataclass(frozen=True)
class HouseStyle:
    """The dump's style, the sampled articles showing it, showing any, sampled."""

    style: str  # "en" or "em"
    agreeing: int
    showing: int
    sampled: int

    def describe(self) -> str:
        """One line for the user: what was inferred from what.

        >>> HouseStyle("en", 12, 13, 500).describe()
        'en, as a prior (12 of 13 sampled articles whose spaced dashes survived; 500 sampled)'
        """
        shown = f"{self.agreeing} of {self.showing} sampled articles whose spaced dashes"
        return f"{self.style}, as a prior ({shown} survived; {self.sampled} sampled)"


def shown_style(text: str) -> str | None:
    """The style of the spaced dashes ``text`` shows undamaged (its majority; a tie is en,
    as :func:`pipeline.ingest.lossy.style.guess_style` settles it), if any.

    >>> shown_style("Ties – and rifts — and more – still"), shown_style("A â?? B")
    ('en', None)
    >>> shown_style("Ties â€” and rifts")
    'em'
    """
    dashes = _SHOWN_DASH_RE.findall(text)
    if not dashes:
        return None
    en = sum(dash in _EN_FORMS for dash in dashes)
    return "en" if en * 2 >= len(dashes) else "em"


def house_style_of(texts: Iterable[str]) -> HouseStyle | None:
    """The style most of ``texts`` show, when enough show one and nearly all agree."""
    shown: Counter[str] = Counter()
    sampled = 0
    for text in texts:
        sampled += 1
        style = shown_style(text)
        if style:
            shown[style] += 1
    if not shown:
        return None
    (style, agreeing), showing = shown.most_common(1)[0], shown.total()
    if showing < MIN_ARTICLES or agreeing < MIN_AGREEMENT * showing:
        return None
    return HouseStyle(style, agreeing, showing, sampled)


def record_text(fields: dict) -> str:
    """A record's title and body, as the house style is read from them."""
    return "\n".join(str(fields.get(name) or "") for name in ("title", "body"))


def infer_house_style(records: Iterable[dict]) -> HouseStyle | None:
    """The dump's house dash style from records sampled over its inputs (their raw title
    and body, before any repair: :func:`pipeline.ingest.sampling.sample_records`), or
    None."""
    return house_style_of(map(record_text, records))
