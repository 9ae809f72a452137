"""The filters every analysis of a :class:`~pipeline.analysis.Run` takes, applied in one place.

``since=``, ``until=`` (the articles' ``published_date``, both ends included), ``category=``,
``source=`` (an input file: as the ``source`` column names it, its file name, or a folder
holding it), ``publisher=`` (a ``publisher`` column of ``articles``, else the ``publisher``
key of its ``meta`` map) and ``label=`` (entity labels). Each takes one value or a list of
them. :func:`select_articles` turns them into the ids of the articles they keep; every
analysis then reads only those articles' rows. ``label`` also chooses which entities an
analysis of entities counts.

An answer that comes out empty says why, as an :class:`EmptyAnswer` warning: the run lacks
the data (no dates, no editors' tags, no entities stage, ...) or the filters kept nothing.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
import warnings
from collections.abc import Iterable, Mapping
from typing import Any, TypedDict

import numpy as np
import pandas as pd

DateLike = str | datetime.date | datetime.datetime | pd.Timestamp


class Filters(TypedDict, total=False):
    """The keyword filters of every analysis (all optional)."""

    since: DateLike
    until: DateLike
    category: str | Iterable[str]
    source: str | Iterable[str]
    publisher: str | Iterable[str]
    label: str | Iterable[str]


FILTERS = tuple(Filters.__annotations__)


class EmptyAnswer(UserWarning):
    """An analysis found nothing, and this is why (the run lacks the data, or the filters
    kept no article)."""


_HERE = os.path.dirname(os.path.abspath(__file__))


def warn(message: str) -> None:
    """``warnings.warn`` pointing at the first caller outside this package (the notebook
    cell or script that asked), however deep inside the package it is raised."""
    level, frame = 2, sys._getframe(1)
    while frame is not None and os.path.dirname(os.path.abspath(frame.f_code.co_filename)) == _HERE:
        level, frame = level + 1, frame.f_back
    warnings.warn(message, EmptyAnswer, stacklevel=level)


def as_list(value: Any) -> list[Any]:
    """One value or several, as a list (``None`` -> ``[]``)."""
    if value is None:
        return []
    if isinstance(value, str | datetime.date | pd.Timestamp):
        return [value]
    return list(value)


def check(filters: Mapping[str, Any]) -> dict[str, Any]:
    """The filters that were given (``None`` values dropped); an unknown name is a TypeError.

    >>> check({"since": "2024-10-01", "label": None})
    {'since': '2024-10-01'}
    >>> check({"publisher_name": "x"})
    Traceback (most recent call last):
    ...
    TypeError: unknown filter 'publisher_name'; the filters are since, until, category, ...
    """
    unknown = [name for name in filters if name not in FILTERS]
    if unknown:
        raise TypeError(f"unknown filter {unknown[0]!r}; the filters are {', '.join(FILTERS)}")
    return {name: value for name, value in filters.items() if value is not None}


def describe(filters: Mapping[str, Any]) -> str:
    """``since='2024-10-01', category='World'``: the filters as they were given."""
    return ", ".join(f"{name}={value!r}" for name, value in filters.items())


def _meta_value(meta: Any, key: str) -> Any:
    """``meta[key]`` whatever shape the map arrived in: a dict, Arrow's list of (key, value)
    pairs, or a JSON object string."""
    if meta is None or (isinstance(meta, float) and np.isnan(meta)):
        return None
    if isinstance(meta, str):
        try:
            meta = json.loads(meta)
        except ValueError:
            return None
    if isinstance(meta, Mapping):
        return meta.get(key)
    try:
        return dict(list(meta)).get(key)
    except (TypeError, ValueError):
        return None


def publishers(articles: pd.DataFrame) -> pd.Series | None:
    """Each article's publisher: the ``publisher`` column, else ``meta['publisher']``; None
    when ``articles`` has neither.

    >>> articles = pd.DataFrame({"article_id": ["a", "b"],
    ...     "meta": [[("publisher", "nytimes.com"), ("lang", "en")], None]})
    >>> publishers(articles).tolist()
    ['nytimes.com', None]
    """
    if "publisher" in articles.columns:
        values = articles["publisher"]
    elif "meta" in articles.columns:
        values = articles["meta"].map(lambda meta: _meta_value(meta, "publisher"))
    else:
        return None
    values = values.astype(object).where(values.notna(), None)
    return values.where(values != "", None).rename("publisher")


NO_PUBLISHER = (
    "this run's articles have no publisher: neither a `publisher` column nor a `meta` map "
    "with a 'publisher' key (give the dump's records a `publisher` field)"
)


def _dates(articles: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(articles["published_date"], errors="coerce")


def _day(value: DateLike) -> pd.Timestamp:
    return pd.Timestamp(value).tz_localize(None).normalize()


def _source_matches(sources: pd.Series, wanted: list[str]) -> pd.Series:
    """A source matches as written, by its file name, or by a folder holding it."""
    text = sources.astype(object).fillna("").astype(str)
    names = text.map(os.path.basename)
    keep = pd.Series(False, index=sources.index)
    for value in wanted:
        value = str(value).rstrip("/")
        keep |= (text == value) | (names == value) | text.str.startswith(value + "/")
    return keep


def article_mask(
    articles: pd.DataFrame, filters: Mapping[str, Any], labelled: Iterable[str] = ()
) -> pd.Series:
    """Which rows of ``articles`` the filters keep (``labelled``: the ids of the articles
    that name an entity of the ``label`` filter, used when it is given).

    >>> articles = pd.DataFrame({"article_id": ["a", "b", "c"],
    ...     "source": ["in/feed.jsonl", "in/feed.jsonl", "other.xml"],
    ...     "category": ["World", "Sport", "World"],
    ...     "published_date": pd.to_datetime(["2024-10-01", "2024-10-05", None]).date})
    >>> article_mask(articles, {"source": "feed.jsonl", "since": "2024-10-02"}).tolist()
    [False, True, False]
    >>> article_mask(articles, {"category": ["World", "Culture"]}).tolist()
    [True, False, True]
    """
    keep = pd.Series(True, index=articles.index)
    if "since" in filters or "until" in filters:
        dates = _dates(articles)
        if "since" in filters:
            keep &= dates >= _day(filters["since"])
        if "until" in filters:
            keep &= dates <= _day(filters["until"])
    if "category" in filters:
        keep &= articles["category"].isin(as_list(filters["category"]))
    if "source" in filters:
        keep &= _source_matches(articles["source"], as_list(filters["source"]))
    if "publisher" in filters:
        names = publishers(articles)
        if names is None:
            raise ValueError(f"cannot filter by publisher: {NO_PUBLISHER}")
        keep &= names.isin(as_list(filters["publisher"]))
    if "label" in filters:
        keep &= articles["article_id"].isin(pd.Index(list(labelled)))
    return keep


def why_nothing(articles: pd.DataFrame, filters: Mapping[str, Any], labelled: Any) -> str:
    """Which filter kept no article on its own, with what the run has instead."""
    if articles.empty:
        return "this run has no articles"
    groups = [[name] for name in filters if name not in ("since", "until")]
    dates = [name for name in ("since", "until") if name in filters]
    notes = []
    for group in [dates, *groups] if dates else groups:
        alone = {name: filters[name] for name in group}
        if not article_mask(articles, alone, labelled).any():
            notes.append(_hint(articles, group[0], alone))
    return "; ".join(notes) or "each filter keeps some articles, but none passes them all"


def _hint(articles: pd.DataFrame, name: str, alone: Mapping[str, Any]) -> str:
    kept = f"{describe(alone)} keeps no article"
    if name in ("since", "until"):
        dates = _dates(articles).dropna()
        if dates.empty:
            return f"{kept}: no article in this run has a published date"
        first, last = f"{dates.min():%Y-%m-%d}", f"{dates.max():%Y-%m-%d}"
        return f"{kept}: the articles' dates run from {first} to {last}"
    if name == "category":
        names = sorted(articles["category"].dropna().unique())[:12]
        return f"{kept}: the run's categories are {', '.join(map(str, names)) or 'none'}"
    if name == "label":
        return f"{kept}: no article names an entity of that label"
    return kept


def select_articles(
    articles: pd.DataFrame, filters: Mapping[str, Any], labelled: Iterable[str] = ()
) -> pd.Index | None:
    """The ids of the articles the filters keep (None: no filter, every article)."""
    if not filters:
        return None
    labelled = pd.Index(list(labelled))
    return pd.Index(articles.loc[article_mask(articles, filters, labelled), "article_id"])


def keep(frame: pd.DataFrame, ids: pd.Index | None) -> pd.DataFrame:
    """The rows of ``frame`` about the chosen articles (all of them when ``ids`` is None)."""
    if ids is None or "article_id" not in frame.columns:
        return frame
    return frame[frame["article_id"].isin(ids)]
