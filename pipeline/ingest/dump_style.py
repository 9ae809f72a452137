"""The dump's house dash style, from the articles whose dashes survived.

A dump usually comes from one publisher, and a publisher keeps one house style for its
spaced dashes, en (``–``) or em (``—``). Lossy damage erases it (both become ``â??``), but
dumps come in mixed encodings: articles saved cleanly, or whose mojibake kept every byte
(``â€“``), still show it, and they tell the style of the damaged ones. In the typographic
corpus a document's style is its publisher's other documents' majority style in 328 of
384 cases (85%), against 59% for the best guess from a damaged document's own words.

:func:`dash_style_of` reads the style each article shows and takes the dump's when enough
articles show one and nearly all agree (:data:`MIN_ARTICLES`, :data:`MIN_AGREEMENT`):
a dump of many publishers, whose styles disagree, gets none and each damaged article
is guessed on its own.

>>> dash_style_of(["Talks – at last – began."] * 6 + ["A â?? B."] * 20).style
'en'
>>> dash_style_of(["Talks – at last – began.", "Talks — at last — began."] * 5) is None
True
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.model import RawRecord

MIN_ARTICLES = 5  # articles showing a style, at least
MIN_AGREEMENT = 0.8  # share of them showing the leading style, at least
SAMPLE_RECORDS = 250  # records read from the start of a dump

# A spaced dash, undamaged or in mojibake that kept its bytes (UTF-8 read as cp1252).
_SHOWN_DASH_RE = re.compile(r"(?<=\s)(–|—|â€“|â€”)(?=\s)")
_EN_FORMS = frozenset({"–", "â€“"})


@dataclass(frozen=True)
class DashStyleGuess:
    """The dump's style, the articles showing it and the articles showing any."""

    style: str  # "en" or "em"
    agreeing: int
    showing: int

    def describe(self) -> str:
        """One line for the user: what was inferred from what.

        >>> DashStyleGuess("en", 12, 13).describe()
        'en (12 of the 13 articles whose spaced dashes survived)'
        """
        shown = f"{self.agreeing} of the {self.showing} articles whose spaced dashes survived"
        return f"{self.style} ({shown})"


def shown_style(text: str) -> str | None:
    """The style of the spaced dashes ``text`` shows undamaged (its majority), if any.

    >>> shown_style("Ties – and rifts — and more – still"), shown_style("A â?? B")
    ('en', None)
    """
    dashes = _SHOWN_DASH_RE.findall(text)
    if not dashes:
        return None
    en = sum(dash in _EN_FORMS for dash in dashes)
    return "en" if en * 2 >= len(dashes) else "em"


def dash_style_of(texts: Iterable[str]) -> DashStyleGuess | None:
    """The house style most of ``texts`` show, when enough show one and nearly all agree."""
    shown = Counter(style for text in texts if (style := shown_style(text)))
    if not shown:
        return None
    (style, agreeing), showing = shown.most_common(1)[0], shown.total()
    if showing < MIN_ARTICLES or agreeing < MIN_AGREEMENT * showing:
        return None
    return DashStyleGuess(style, agreeing, showing)


def infer_dump_dash_style(inputs: Iterable[str | Path]) -> DashStyleGuess | None:
    """The dump's dash style, from the raw text of the first :data:`SAMPLE_RECORDS`
    records of ``inputs`` (before any repair guesses a dash)."""
    from pipeline.ingest import iter_records

    records = (r for r in iter_records(inputs) if isinstance(r, RawRecord))
    return dash_style_of(
        " ".join(str(value) for value in record.fields.values() if isinstance(value, str))
        for record in itertools.islice(records, SAMPLE_RECORDS)
    )
