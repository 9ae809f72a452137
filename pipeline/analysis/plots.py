"""One figure per question, one call each: ``run.plot.top_entities(label="PERSON")``,
``run.plot.timeline(["RU", "US"], by="country")``, ``run.plot.cooccurrence()``, ...

Every method takes the analysis' arguments and filters, an optional ``ax`` to draw on (a new
figure otherwise), and returns the matplotlib Axes. Lines differ in colour, marker and
dash and are drawn thinner on top of thicker ones, so a line under another still shows;
legends sit outside the plotting area, where they hide no line. An empty answer draws its
reason (the warning's) in the Axes.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pipeline.core.country_names import country_name

if TYPE_CHECKING:
    from typing import Unpack

    from matplotlib.axes import Axes

    from pipeline.analysis.filters import Filters

BAR = "#4c72b0"
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
DASHES = ["-", "--", "-.", ":"]


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _asked(call: Callable[[], Any]) -> tuple[Any, str | None]:
    """The answer of an analysis and the reason it gave for being empty (its warning),
    the warning passed on as well."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        answer = call()
    for warning in caught:
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    reasons = [str(w.message) for w in caught]
    return answer, reasons[0] if reasons else None


def _say(ax: Axes, reason: str | None, title: str) -> Axes:
    """An Axes with nothing to draw: the title, and why."""
    import textwrap

    ax.set_title(title)
    text = textwrap.fill(reason or "nothing to show", 60)
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=9)
    ax.set_xticks([])
    ax.set_yticks([])
    return ax


def _bars(ax: Axes, names: Iterable[str], values: Iterable[int], title: str, xlabel: str) -> Axes:
    from matplotlib.ticker import MaxNLocator

    names, values = list(names), list(values)
    ax.barh(names[::-1], values[::-1], color=BAR)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return ax


def _heatmap(ax: Axes, matrix: pd.DataFrame, title: str, mask_diagonal: bool) -> Axes:
    shown = matrix.to_numpy(dtype=float, copy=True)
    if mask_diagonal:
        np.fill_diagonal(shown, np.nan)
    image = ax.imshow(shown, cmap="Blues", aspect="auto")
    ax.set_xticks(range(matrix.shape[1]), [str(c) for c in matrix.columns], rotation=90)
    ax.set_yticks(range(matrix.shape[0]), [str(i) for i in matrix.index])
    top = np.nanmax(shown) if np.isfinite(shown).any() else 0
    for (i, j), value in np.ndenumerate(shown):
        if np.isfinite(value) and value:
            color = "white" if value > top / 2 else "black"
            ax.text(j, i, int(value), ha="center", va="center", color=color, fontsize=8)
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, shrink=0.8, label="articles")
    return ax


class Plots:
    """The figures of one run (``run.plot``)."""

    def __init__(self, run: Any):  # a Run (not imported: run.plot imports this module)
        self.run = run

    def top_entities(
        self,
        label: str | Iterable[str] | None = None,
        n: int = 10,
        ax: Axes | None = None,
        **filters: Unpack[Filters],
    ) -> Axes:
        """Bars: the ``n`` entities in most articles (one bar each)."""
        table, why = _asked(lambda: self.run.top_entities(label=label, n=n, **filters))
        ax = _axes(ax, (7, 0.9 + 0.32 * n))
        title = "Entities" if label is None else f"{', '.join(_listed(label))} entities"
        if table.empty:
            return _say(ax, why, title)
        return _bars(ax, table["canonical"], table["articles"], title, "articles")

    def top_countries(
        self, n: int = 10, ax: Axes | None = None, **filters: Unpack[Filters]
    ) -> Axes:
        """Bars: the ``n`` countries in most articles."""
        table, why = _asked(lambda: self.run.top_countries(n=n, **filters))
        ax = _axes(ax, (7, 0.9 + 0.32 * n))
        if table.empty:
            return _say(ax, why, "Countries")
        return _bars(ax, table["country"], table["articles"], "Countries", "articles")

    def timeline(
        self,
        items: str | Iterable[str] | None = None,
        by: str = "entity",
        freq: str = "week",
        count: str = "mentions",
        label: str | Iterable[str] | None = None,
        ax: Axes | None = None,
        **filters: Unpack[Filters],
    ) -> Axes:
        """Lines: one per item, per day/week/month (``freq="D"|"W"|"M"``). Countries are
        named in the legend (``RU Russia``)."""
        call = lambda: self.run.timeline(items, by, freq, count, label, **filters)  # noqa: E731
        table, why = _asked(call)
        ax = _axes(ax, (10, 4))
        title = f"{count.capitalize()} per {_FREQ_NAMES.get(freq, freq)}"
        if table.empty:
            return _say(ax, why, title)
        return _lines(ax, table, by, title, count)

    def cooccurrence(
        self,
        by: str = "country",
        label: str | Iterable[str] | None = None,
        top: int = 12,
        ax: Axes | None = None,
        **filters: Unpack[Filters],
    ) -> Axes:
        """Heat map: articles naming both of two items (the diagonal, each item's own
        articles, left blank)."""
        matrix, why = _asked(lambda: self.run.cooccurrence(by, label, top, **filters))
        ax = _axes(ax, (7.5, 6.5))
        title = "Articles naming both " + ("countries" if by == "country" else "entities")
        if matrix.empty:
            return _say(ax, why, title)
        return _heatmap(ax, matrix, title, mask_diagonal=True)

    def person_country(
        self,
        people: int = 12,
        countries: int = 10,
        ax: Axes | None = None,
        **filters: Unpack[Filters],
    ) -> Axes:
        """Heat map: people (rows) x countries (columns), articles naming both."""
        matrix, why = _asked(lambda: self.run.person_country(people, countries, **filters))
        ax = _axes(ax, (1.5 + 0.55 * countries, 1.2 + 0.4 * people))
        title = "Articles naming the person and the country"
        if matrix.empty:
            return _say(ax, why, title)
        return _heatmap(ax, matrix, title, mask_diagonal=False)

    def units_by_country(self, ax: Axes | None = None, **filters: Unpack[Filters]) -> Axes:
        """Bars: unit mentions per state (``?``: not resolved), the units named beside."""
        table, why = _asked(lambda: self.run.units_by_country(**filters))
        ax = _axes(ax, (9, 3.5))
        if table.empty:
            return _say(ax, why, "Military units by country")
        table = table.fillna({"country_code": "?"})
        per_country = (
            table.groupby("country_code")
            .agg(mentions=("mentions", "sum"), units=("unit", list))
            .sort_values("mentions", ascending=False)
        )
        title = "Military units by country"
        _bars(ax, per_country.index, per_country["mentions"], title, "unit mentions")
        for y, (mentions, names) in enumerate(per_country[::-1].itertuples(index=False)):
            note = ", ".join(names[:3]) + (" ..." if len(names) > 3 else "")
            ax.text(mentions, y, f"  {note}", va="center", fontsize=8)
        ax.margins(x=0.6)
        return ax

    def repairs(
        self, by: str = "change", n: int = 10, ax: Axes | None = None, **filters: Unpack[Filters]
    ) -> Axes:
        """Bars: the ``n`` commonest repairs by ``change`` (before -> after), ``step``,
        ``reason`` or ``field``."""
        table, why = _asked(lambda: self.run.repair_counts(by, **filters))
        ax = _axes(ax, (8, 0.9 + 0.32 * n))
        title = f"Text repairs by {by}"
        if table.empty:
            return _say(ax, why, title)
        table = table.head(n)
        return _bars(ax, table[by].astype(str), table["repairs"], title, "repairs")

    def publishers(self, n: int = 10, ax: Axes | None = None, **filters: Unpack[Filters]) -> Axes:
        """Bars: the ``n`` publishers with most articles."""
        table, why = _asked(lambda: self.run.publishers(n=n, **filters))
        ax = _axes(ax, (7, 0.9 + 0.32 * n))
        if table.empty:
            return _say(ax, why, "Publishers")
        names = table["publisher"].fillna("(none)")
        return _bars(ax, names, table["articles"], "Publishers", "articles")


_FREQ_NAMES = {"D": "day", "W": "week", "M": "month"}


def _listed(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _lines(ax: Axes, table: pd.DataFrame, by: str, title: str, count: str) -> Axes:
    """One line per column, each styled apart; thicker first, so none hides another."""
    from matplotlib.ticker import MaxNLocator

    styles = zip(itertools.cycle(MARKERS), itertools.cycle(DASHES), strict=False)
    widths = np.linspace(3.5, 1.2, max(len(table.columns), 2))
    for number, (item, (marker, dash)) in enumerate(zip(table.columns, styles, strict=False)):
        name = f"{item} {country_name(item)}" if by == "country" else str(item)
        ax.plot(
            table.index,
            table[item],
            marker=marker,
            linestyle=dash,
            linewidth=widths[number],
            markersize=4 + widths[number],
            alpha=0.85,
            label=name,
            zorder=2 + number,
        )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.set_ylabel(count)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, fontsize=8)
    return ax
