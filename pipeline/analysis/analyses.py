"""The analyses of a run as methods (mixed into :class:`~pipeline.analysis.Run`), each taking
the same filters (:mod:`pipeline.analysis.filters`), applied once by :meth:`Analyses.scope`.

Each method narrows the run's tables to the articles the filters keep and hands them to the
function of the same purpose in :mod:`pipeline.analysis.queries` or
:mod:`pipeline.analysis.provenance`. An empty answer comes with an
:class:`~pipeline.analysis.filters.EmptyAnswer` warning that says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from pipeline.analysis import provenance, queries
from pipeline.analysis.filters import (
    NO_PUBLISHER,
    as_list,
    check,
    describe,
    keep,
    publishers,
    select_articles,
    warn,
    why_nothing,
)
from pipeline.analysis.queries import By, Freq

if TYPE_CHECKING:
    from typing import Unpack

    from pipeline.analysis.filters import Filters
    from pipeline.analysis.plots import Plots


def _lacks(run: Analyses, need: str) -> str | None:
    """Why the run cannot answer what needs ``need``, or None when it can."""
    tables = run.tables
    if need in ("entities", "mentions") and need not in tables:
        return (
            f"this run has no {need}: it was made without the entities stage "
            "(--no-entities); run `pipeline run` with entities to get them"
        )
    if need == "suggestions" and ("suggestions" not in tables or run.table("suggestions").empty):
        return (
            "this run has no suggestions: it was made without the suggestions stage "
            "(--no-suggestions)"
        )
    if need == "repairs" and "repairs" not in tables:
        return "this run has no repairs table: it was written before repairs were recorded"
    if need in ("tags", "dates", "publisher") and "articles" not in tables:
        return "this run has no articles table"
    articles = run.table("articles") if "articles" in tables else None
    if need == "tags" and not articles["tags"].map(_has_items).any():
        return (
            "the dump has no editors' tags (no article has any), so there is nothing to "
            "compare the model's tag suggestions with"
        )
    if need == "dates" and articles["published_date"].isna().all():
        return "no article in this run has a published date (the dump's records gave none)"
    if need == "publisher" and publishers(articles) is None:
        return NO_PUBLISHER
    return None


def _has_items(value: Any) -> bool:
    return value is not None and not isinstance(value, float) and len(value) > 0


@dataclass
class Scope:
    """The articles an analysis reads after the filters: ``table(name)`` gives a table's rows
    about them, ``labels`` the entity labels asked for (None: all)."""

    run: Analyses
    filters: dict[str, Any]
    ids: pd.Index | None
    labels: list[str] | None
    lacking: set[str] = field(default_factory=set)  # what the run lacks of the needs
    warned: bool = False

    def table(self, name: str) -> pd.DataFrame:
        return keep(self.run.table(name), self.ids)

    def answer(self, frame: pd.DataFrame, what: str) -> pd.DataFrame:
        """``frame``, with a warning when it is empty and nothing said why yet."""
        if frame.empty and not self.warned:
            where = f"the articles {describe(self.filters)} keeps" if self.filters else "this run"
            warn(f"no {what} in {where}")
        return frame


class Analyses:
    """The analyses, mixed into :class:`~pipeline.analysis.Run` (which gives ``tables`` and
    ``table(name)``)."""

    tables: list[str]

    def table(self, name: str) -> pd.DataFrame:  # pragma: no cover - Run's
        raise NotImplementedError

    def scope(self, filters: dict[str, Any], needs: Iterable[str] = ()) -> Scope:
        """The articles the ``filters`` keep, warning when the run lacks what ``needs`` names
        (``entities``, ``mentions``, ``suggestions``, ``tags``, ``dates``, ``repairs``,
        ``publisher``) or when the filters keep no article."""
        filters = check(filters)
        labels = as_list(filters.get("label")) or None
        lacking = {need: reason for need in needs if (reason := _lacks(self, need))}
        for reason in lacking.values():
            warn(reason)
        if not filters:
            return Scope(self, filters, None, labels, set(lacking), warned=bool(lacking))
        labelled: Any = ()
        if labels is not None:
            entities = self.table("entities")
            labelled = entities.loc[entities["label"].isin(labels), "article_id"].unique()
        articles = self._articles_for(filters, labelled)
        ids = select_articles(articles, filters, labelled)
        nothing = ids is not None and ids.empty and not lacking
        if nothing:
            why = why_nothing(articles, filters, labelled)
            warn(f"no article matches {describe(filters)}: {why}")
        return Scope(self, filters, ids, labels, set(lacking), warned=bool(lacking) or nothing)

    def _articles_for(self, filters: dict[str, Any], labelled: Any) -> pd.DataFrame:
        if "articles" in self.tables:
            return self.table("articles")
        if set(filters) - {"label"}:
            raise ValueError(f"filtering by {describe(filters)} needs the run's articles table")
        return pd.DataFrame({"article_id": pd.Index(labelled)})

    # Who and where.

    def top_entities(
        self,
        label: str | Iterable[str] | None = None,
        country: str | Iterable[str] | None = None,
        n: int | None = 10,
        **filters: Unpack[Filters],
    ) -> pd.DataFrame:
        """Entities in most articles: ``canonical``, ``label``, ``articles``, ``mentions``
        (:func:`~pipeline.analysis.queries.top_entities`); ``country`` keeps entities of
        those ISO codes."""
        scope = self.scope({**filters, "label": label}, needs=["entities"])
        table = queries.top_entities(scope.table("entities"), scope.labels, country, n)
        return scope.answer(table, "entities" if label is None else f"{label} entities")

    def top_countries(self, n: int | None = 10, **filters: Unpack[Filters]) -> pd.DataFrame:
        """Countries in most articles: ``country_code``, ``country``, ``articles``,
        ``mentions`` (:func:`~pipeline.analysis.queries.top_countries`)."""
        scope = self.scope(filters, needs=["entities"])
        countries = queries.top_countries(scope.table("entities"), n, scope.labels)
        return scope.answer(countries, "countries")

    def cooccurrence(
        self,
        by: By = "country",
        label: str | Iterable[str] | None = None,
        top: int | None = 20,
        **filters: Unpack[Filters],
    ) -> pd.DataFrame:
        """Articles naming both of two items, as a matrix
        (:func:`~pipeline.analysis.queries.cooccurrence`)."""
        scope = self.scope({**filters, "label": label}, needs=["entities"])
        matrix = queries.cooccurrence(scope.table("entities"), by, scope.labels, top)
        return scope.answer(matrix, f"{by} items")

    def cooccurrence_edges(
        self,
        by: By = "country",
        label: str | Iterable[str] | None = None,
        min_weight: int = 1,
        **filters: Unpack[Filters],
    ) -> pd.DataFrame:
        """The same as an edge list ``source, target, weight``
        (:func:`~pipeline.analysis.queries.cooccurrence_edges`)."""
        scope = self.scope({**filters, "label": label}, needs=["entities"])
        edges = queries.cooccurrence_edges(scope.table("entities"), by, scope.labels, min_weight)
        return scope.answer(edges, f"pairs of {by} items named together")

    def person_country(
        self, people: int | None = 15, countries: int | None = 10, **filters: Unpack[Filters]
    ) -> pd.DataFrame:
        """People (rows) x countries (columns, ISO codes): articles naming both
        (:func:`~pipeline.analysis.queries.person_country`). ``label=`` chooses the entities
        that give the countries."""
        scope = self.scope(filters, needs=["entities"])
        entities = scope.table("entities")
        matrix = queries.person_country(entities, people, countries, scope.labels)
        return scope.answer(matrix, "people named with a country")

    def person_country_edges(
        self, min_articles: int = 1, **filters: Unpack[Filters]
    ) -> pd.DataFrame:
        """People and countries named together: ``person``, ``country_code``, ``country``,
        ``articles`` (:func:`~pipeline.analysis.queries.person_country_pairs`)."""
        scope = self.scope(filters, needs=["entities"])
        pairs = queries.person_country_pairs(scope.table("entities"), scope.labels)
        pairs = pairs[pairs["articles"] >= min_articles].reset_index(drop=True)
        return scope.answer(pairs, "people named with a country")

    def units_by_country(self, **filters: Unpack[Filters]) -> pd.DataFrame:
        """Military units by their state (:func:`~pipeline.analysis.queries.units_by_country`)."""
        scope = self.scope(filters, needs=["mentions"])
        return scope.answer(queries.units_by_country(scope.table("mentions")), "military units")

    # Over time.

    def timeline(
        self,
        items: str | Iterable[str] | None = None,
        by: By = "entity",
        freq: Freq = "week",
        count: Literal["mentions", "articles"] = "mentions",
        label: str | Iterable[str] | None = None,
        **filters: Unpack[Filters],
    ) -> pd.DataFrame:
        """Mentions (or articles) per day, week or month: ``freq="D"|"W"|"M"`` (or ``"day"``,
        ``"week"``, ``"month"``) (:func:`~pipeline.analysis.queries.timeline`)."""
        queries.freq_name(freq)  # a wrong freq is an error before any warning
        scope = self.scope({**filters, "label": label}, needs=["entities", "dates"])
        table = queries.timeline(
            scope.table("entities"), scope.table("articles"), items, by, freq, count, scope.labels
        )
        return scope.answer(table, "dated mentions of these items")

    # Editors and model.

    def tag_disagreements(
        self, high: float = 0.5, low: float = 0.2, **filters: Unpack[Filters]
    ) -> pd.DataFrame:
        """Per article and tag, where editors and model disagree
        (:func:`~pipeline.analysis.queries.tag_disagreements`)."""
        scope = self.scope(filters, needs=["suggestions", "tags"])
        if scope.lacking:
            return _empty_like(queries.tag_disagreements, high, low)
        table = queries.tag_disagreements(
            scope.table("articles"), scope.table("suggestions"), high, low
        )
        return scope.answer(table, "disagreements between editors' tags and the model")

    def tag_agreement(
        self, high: float = 0.5, low: float = 0.2, **filters: Unpack[Filters]
    ) -> pd.DataFrame:
        """Per tag, agreement and disagreement counts
        (:func:`~pipeline.analysis.queries.tag_agreement`); when the dump has no editors' tags
        (or the run no suggestions) it warns and is empty, not 0 everywhere."""
        scope = self.scope(filters, needs=["suggestions", "tags"])
        if scope.lacking:
            return _empty_like(queries.tag_agreement, high, low)
        articles, suggestions = scope.table("articles"), scope.table("suggestions")
        table = queries.tag_agreement(articles, suggestions, high, low)
        return scope.answer(table, "tags")

    # Sources and repairs.

    def repairs(
        self,
        field: str | Iterable[str] | None = None,
        step: str | Iterable[str] | None = None,
        **filters: Unpack[Filters],
    ) -> pd.DataFrame:
        """The ``repairs`` table's rows (``article_id``, ``field``, ``start_char``,
        ``end_char``, ``before``, ``after``, ``step``, ``reason``) of the chosen articles,
        ``field`` and ``step`` (:func:`~pipeline.analysis.provenance.repair_rows`)."""
        scope = self.scope(filters, needs=["repairs"])
        rows = provenance.repair_rows(scope.table("repairs"), field, step)
        return scope.answer(rows, "text repairs (the text needed none)")

    def repair_counts(
        self, by: provenance.RepairsBy = "change", **filters: Unpack[Filters]
    ) -> pd.DataFrame:
        """Repairs and repaired articles per ``change`` (before -> after), ``step``,
        ``reason`` or ``field`` (:func:`~pipeline.analysis.provenance.repair_counts`)."""
        scope = self.scope(filters, needs=["repairs"])
        counts = provenance.repair_counts(scope.table("repairs"), by)
        return scope.answer(counts, "text repairs (the text needed none)")

    def repairs_by_source(self, **filters: Unpack[Filters]) -> pd.DataFrame:
        """Repairs per file and encoding (:func:`~pipeline.analysis.queries.repairs_by_source`)."""
        scope = self.scope(filters)
        return scope.answer(queries.repairs_by_source(scope.table("articles")), "articles")

    def publishers(self, n: int | None = None, **filters: Unpack[Filters]) -> pd.DataFrame:
        """Per publisher (a ``publisher`` column, else ``meta['publisher']``): ``articles``,
        ``repaired``, ``repairs`` (:func:`~pipeline.analysis.provenance.publisher_counts`);
        empty, with a warning, when the run's articles have no publisher."""
        scope = self.scope(filters, needs=["publisher"])
        articles = scope.table("articles")
        names = publishers(articles)
        if names is None or scope.lacking:
            return pd.DataFrame(columns=["publisher", "articles", "repaired", "repairs"])
        counts = provenance.publisher_counts(articles, names)
        return scope.answer(counts if n is None else counts.head(n), "articles")

    # Out of the notebook.

    @property
    def plot(self) -> Plots:
        """The figures: ``run.plot.top_entities(...)``, ``run.plot.timeline(...)``, ... each
        one matplotlib Axes (:class:`~pipeline.analysis.plots.Plots`)."""
        from pipeline.analysis.plots import Plots

        return Plots(self)

    def export(
        self, what: str | pd.DataFrame, path: str | Path, **filters: Unpack[Filters]
    ) -> Path:
        """Write a table of the run (by name, narrowed by the filters) or any DataFrame an
        analysis returned to ``path``: ``.csv``, ``.xlsx`` (the ``excel`` extra),
        ``.parquet`` or ``.json`` (:func:`~pipeline.analysis.export.export`)."""
        from pipeline.analysis.export import export

        if isinstance(what, str):
            what = self.scope(filters).table(what)
        elif filters:
            raise TypeError("filters apply to a table named by the run, not to a DataFrame")
        return export(what, path)


def _empty_like(function: Any, high: float, low: float) -> pd.DataFrame:
    """The columns ``function`` answers with, no rows."""
    articles = pd.DataFrame({"article_id": [], "title": [], "tags": []})
    suggestions = pd.DataFrame({"article_id": [], "kind": [], "label": [], "score": []})
    return function(articles, suggestions, high, low)
