"""Where the articles came from and what was done to their text: the ``repairs`` table
(one row per repair: ``article_id``, ``field``, ``start_char``, ``end_char``, ``before``,
``after``, ``step``, ``reason``) and the articles' publishers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd

from pipeline.analysis.filters import as_list

RepairsBy = Literal["change", "step", "reason", "field"]


def repair_rows(
    repairs: pd.DataFrame,
    field: str | Iterable[str] | None = None,
    step: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """The repairs of a ``field`` (``title``, ``body``, ...) and/or ``step`` (``ftfy``,
    ``lossy-mojibake``, ...), by article and place in the text.

    >>> repairs = pd.DataFrame({"article_id": ["b", "a", "a"], "field": ["body", "body", "title"],
    ...     "start_char": [3, 9, 0], "end_char": [4, 10, 1], "before": ["â€™", "Ã©", "â€œ"],
    ...     "after": ["’", "é", "“"], "step": ["ftfy", "lossy-mojibake", "ftfy"],
    ...     "reason": [None, None, None]})
    >>> repair_rows(repairs, step="ftfy")[["article_id", "field", "before", "after"]]
      article_id  field before after
    0          a  title    â€œ     “
    1          b   body    â€™     ’
    """
    rows = repairs
    if field is not None:
        rows = rows[rows["field"].isin(as_list(field))]
    if step is not None:
        rows = rows[rows["step"].isin(as_list(step))]
    ordered = rows.sort_values(["article_id", "field", "start_char"], na_position="first")
    return ordered.reset_index(drop=True)


def repair_counts(repairs: pd.DataFrame, by: RepairsBy = "change") -> pd.DataFrame:
    """How many repairs, and in how many articles, per ``change`` (``'before' -> 'after'``,
    quoted as Python would, so an empty or invisible character shows), ``step``, ``reason``
    or ``field``: most first.

    >>> repairs = pd.DataFrame({"article_id": ["a", "a", "b"], "field": ["body"] * 3,
    ...     "before": ["â€™", "â€™", "â€™"], "after": ["’"] * 3, "step": ["ftfy"] * 3,
    ...     "reason": [None] * 3})
    >>> repair_counts(repairs)
             change  repairs  articles
    0  'â€™' -> '’'        3         2
    """
    if by == "change":
        key = repairs["before"].map(repr) + " -> " + repairs["after"].map(repr)
        frame = repairs.assign(change=key)
    elif by in ("step", "reason", "field"):
        frame = repairs
    else:
        raise ValueError(f"by must be 'change', 'step', 'reason' or 'field', not {by!r}")
    counts = frame.groupby(by, as_index=False, dropna=False).agg(
        repairs=("article_id", "size"), articles=("article_id", "nunique")
    )
    counts = counts.astype({"repairs": np.int64, "articles": np.int64})
    ordered = counts.sort_values(["repairs", "articles", by], ascending=[False, False, True])
    return ordered.reset_index(drop=True)


def publisher_counts(articles: pd.DataFrame, publishers: pd.Series) -> pd.DataFrame:
    """Per publisher: ``articles``, ``repaired`` (articles with a repair), ``repairs``;
    most articles first, articles without a publisher last (``publisher`` empty).

    >>> articles = pd.DataFrame({"article_id": ["a", "b", "c"], "repairs": [2, 0, 1]})
    >>> publisher_counts(articles, pd.Series(["bbc.co.uk", "bbc.co.uk", None]))
       publisher  articles  repaired  repairs
    0  bbc.co.uk         2         1        2
    1       None         1         1        1
    """
    frame = pd.DataFrame(
        {
            "publisher": publishers.to_numpy(dtype=object),
            "repairs": articles["repairs"].to_numpy(),
        }
    )
    frame["repaired"] = frame["repairs"] > 0
    counts = frame.groupby("publisher", as_index=False, dropna=False).agg(
        articles=("repairs", "size"), repaired=("repaired", "sum"), repairs=("repairs", "sum")
    )
    counts = counts.astype({"articles": np.int64, "repaired": np.int64, "repairs": np.int64})
    named = counts["publisher"].astype(object)
    counts["publisher"] = named.where(named.notna(), None)
    ordered = counts.assign(_none=counts["publisher"].isna()).sort_values(
        ["_none", "articles", "repairs", "publisher"], ascending=[True, False, False, True]
    )
    return ordered.drop(columns="_none").reset_index(drop=True)
