"""The analyses analysts ask for, as functions of a run's tables (pandas DataFrames).

Each function takes the tables it needs (``articles``, ``mentions``, ``entities``,
``suggestions``, as :class:`pipeline.analysis.Run` loads them) and returns a small
DataFrame; :class:`~pipeline.analysis.Run` has a method of the same name that passes its
own tables. The tests check every one against a hand-written SQL query on
``pipeline.duckdb``.

Countries are the ``country_code`` of every entity except military units: a unit's code is
the state whose forces it is, not a place the article names (``UNIT``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse

from pipeline.core.country_names import country_name

UNIT = "MILITARY_UNIT"
By = Literal["country", "entity"]
Freq = Literal["day", "week", "month", "D", "W", "M"]

# The disagreement kinds of tag_disagreements, in the order they are listed.
SUGGESTED_NOT_TAGGED = "suggested, not tagged"
TAGGED_SCORED_LOW = "tagged, scored low"
TAGGED_NOT_SUGGESTED = "tagged, not suggested"
ISSUES = [SUGGESTED_NOT_TAGGED, TAGGED_SCORED_LOW, TAGGED_NOT_SUGGESTED]


# spaCy's labels of numbers and times: not names, left out when no label is asked for
# ("one" and "first" would otherwise top every list of entities).
NOT_NAMES = frozenset({"CARDINAL", "ORDINAL", "DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"})


def _as_list(value: str | Iterable[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def _of_label(frame: pd.DataFrame, label: str | Iterable[str] | None) -> pd.DataFrame:
    """The rows of ``label`` (one or several); with None, every row but numbers and times."""
    if label is None:
        return frame[~frame["label"].isin(NOT_NAMES)]
    return frame[frame["label"].isin(_as_list(label))]


def items_of(
    entities: pd.DataFrame, by: By = "country", label: str | Iterable[str] | None = None
) -> pd.DataFrame:
    """``article_id``, ``item`` and ``mentions`` of each entity row that counts as an item.

    ``by="country"``: the ISO code of every entity that has one, military units excepted;
    ``by="entity"``: the canonical name. ``label`` keeps only entities of that label (or
    labels); without it, numbers and times (:data:`NOT_NAMES`) are left out.

    >>> entities = pd.DataFrame({
    ...     "article_id": ["a", "a", "a"], "canonical": ["Russia", "Black Sea Fleet", "Putin"],
    ...     "label": ["GPE", "MILITARY_UNIT", "PERSON"], "country_code": ["RU", "RU", None],
    ...     "mentions": [2, 1, 3]})
    >>> items_of(entities).item.tolist(), items_of(entities, "entity", "PERSON").item.tolist()
    (['RU'], ['Putin'])
    """
    frame = _of_label(entities, label)
    if by == "country":
        keep = frame["country_code"].notna()
        if label is None:
            keep &= frame["label"] != UNIT
        frame = frame[keep]
        frame = frame.assign(item=frame["country_code"])
    elif by == "entity":
        frame = frame.assign(item=frame["canonical"])
    else:
        raise ValueError(f"by must be 'country' or 'entity', not {by!r}")
    return frame[["article_id", "item", "mentions"]].reset_index(drop=True)


def _ranked(frame: pd.DataFrame, name: str, n: int | None) -> pd.DataFrame:
    ranked = frame.sort_values(["articles", "mentions", name], ascending=[False, False, True])
    return (ranked if n is None else ranked.head(n)).reset_index(drop=True)


def top_entities(
    entities: pd.DataFrame,
    label: str | Iterable[str] | None = None,
    country: str | Iterable[str] | None = None,
    n: int | None = 10,
) -> pd.DataFrame:
    """The entities in most articles: ``canonical``, ``label``, ``articles``, ``mentions``.

    ``label`` and ``country`` (ISO codes) filter (without ``label``, numbers and times
    are left out); ties go to more mentions, then the name.

    >>> entities = pd.DataFrame({
    ...     "article_id": ["a", "a", "b", "b"], "label": ["PERSON"] * 4,
    ...     "canonical": ["Dmitry Peskov", "Yoon Suk-yeol", "Dmitry Peskov", "Kim Jong Un"],
    ...     "country_code": [None] * 4, "mentions": [2, 1, 1, 4]})
    >>> top_entities(entities, label="PERSON", n=2)
           canonical   label  articles  mentions
    0  Dmitry Peskov  PERSON         2         3
    1    Kim Jong Un  PERSON         1         4
    """
    frame = _of_label(entities, label)
    if country is not None:
        frame = frame[frame["country_code"].isin(_as_list(country))]
    counts = frame.groupby(["canonical", "label"], as_index=False).agg(
        articles=("article_id", "nunique"), mentions=("mentions", "sum")
    )
    return _ranked(counts, "canonical", n)


def top_countries(
    entities: pd.DataFrame, n: int | None = 10, label: str | Iterable[str] | None = None
) -> pd.DataFrame:
    """The countries in most articles: ``country_code``, ``country``, ``articles``, ``mentions``.

    A country counts in an article when any entity there has its code (``Seoul`` and
    ``Yoon Suk-yeol``'s ``South Korean`` both count for KR), military units excepted
    unless ``label`` names them (``label`` keeps only entities of those labels).

    >>> entities = pd.DataFrame({
    ...     "article_id": ["a", "a", "b", "b"], "label": ["GPE", "GPE", "GPE", "ORG"],
    ...     "canonical": ["Seoul", "Russia", "Russia", "Kremlin"],
    ...     "country_code": ["KR", "RU", "RU", "RU"], "mentions": [1, 2, 1, 1]})
    >>> top_countries(entities)
      country_code      country  articles  mentions
    0           RU       Russia         2         4
    1           KR  South Korea         1         1
    """
    items = items_of(entities, "country", label)
    counts = items.groupby("item", as_index=False).agg(
        articles=("article_id", "nunique"), mentions=("mentions", "sum")
    )
    counts = counts.rename(columns={"item": "country_code"})
    counts.insert(1, "country", [country_name(code) for code in counts["country_code"]])
    return _ranked(counts, "country_code", n)


def _incidence(items: pd.DataFrame) -> tuple[sparse.csr_matrix, pd.Index]:
    """A 0/1 article x item matrix, and the items (columns)."""
    pairs = items[["article_id", "item"]].drop_duplicates()
    rows, _ = pd.factorize(pairs["article_id"])
    columns, names = pd.factorize(pairs["item"], sort=True)
    shape = (int(rows.max()) + 1 if len(rows) else 0, len(names))
    data = np.ones(len(pairs), dtype=np.int64)
    return sparse.csr_matrix((data, (rows, columns)), shape=shape), pd.Index(names, name="item")


def cooccurrence(
    entities: pd.DataFrame, by: By = "country", label: str | None = None, top: int | None = 20
) -> pd.DataFrame:
    """How many articles name both of two items, as a symmetric matrix (a DataFrame).

    The diagonal is the number of articles that name the item at all. ``top`` keeps the
    items in most articles (all with ``None``), in that order. ``by`` and ``label`` choose the
    items as in :func:`items_of`.

    >>> entities = pd.DataFrame({
    ...     "article_id": ["a", "a", "b", "b", "c"], "canonical": ["", "", "", "", ""],
    ...     "label": ["GPE"] * 5, "country_code": ["KR", "RU", "KR", "RU", "KR"],
    ...     "mentions": [1] * 5})
    >>> cooccurrence(entities)  # doctest: +NORMALIZE_WHITESPACE
    item  KR  RU
    item
    KR     3   2
    RU     2   2
    """
    matrix, names = _incidence(items_of(entities, by, label))
    articles = np.asarray(matrix.sum(axis=0)).ravel()
    order = sorted(range(len(names)), key=lambda i: (-articles[i], names[i]))[:top]
    chosen = matrix[:, order]  # only the chosen columns: the product stays small
    counts = (chosen.T @ chosen).toarray()
    return pd.DataFrame(counts, index=names[order], columns=names[order])


def cooccurrence_edges(
    entities: pd.DataFrame, by: By = "country", label: str | None = None, min_weight: int = 1
) -> pd.DataFrame:
    """The pairs of items named in the same articles: ``source``, ``target``, ``weight``.

    One row per unordered pair (``source`` < ``target``), ``weight`` = articles naming both,
    heaviest first: ready for ``networkx.from_pandas_edgelist(edges, edge_attr="weight")`` or
    Gephi's edge-list CSV import.

    >>> entities = pd.DataFrame({
    ...     "article_id": ["a", "a", "a", "b", "b"], "canonical": [""] * 5,
    ...     "label": ["GPE"] * 5, "country_code": ["KR", "RU", "US", "RU", "US"],
    ...     "mentions": [1] * 5})
    >>> cooccurrence_edges(entities)
      source target  weight
    0     RU     US       2
    1     KR     RU       1
    2     KR     US       1
    """
    matrix, names = _incidence(items_of(entities, by, label))
    upper = sparse.triu(matrix.T @ matrix, k=1).tocoo()
    edges = pd.DataFrame(
        {
            "source": names[upper.row].astype(object),
            "target": names[upper.col].astype(object),
            "weight": upper.data.astype(np.int64),
        }
    )
    edges = edges[edges["weight"] >= min_weight]
    ordered = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True])
    return ordered.reset_index(drop=True)


PERSON = "PERSON"


def person_country_pairs(entities: pd.DataFrame, label: str | None = None) -> pd.DataFrame:
    """People and the countries named in the same articles: ``person``, ``country_code``,
    ``country``, ``articles`` (naming both), most first.

    People are ``PERSON`` entities; countries are items as in :func:`items_of` (``label``
    chooses the entities that give them; by default all but military units).

    >>> entities = pd.DataFrame({
    ...     "article_id": ["a", "a", "a", "b", "b"],
    ...     "label": ["PERSON", "GPE", "GPE", "PERSON", "GPE"],
    ...     "canonical": ["Peskov", "Seoul", "Russia", "Peskov", "Moscow"],
    ...     "country_code": [None, "KR", "RU", None, "RU"], "mentions": [1] * 5})
    >>> person_country_pairs(entities)
       person country_code      country  articles
    0  Peskov           RU       Russia         2
    1  Peskov           KR  South Korea         1
    """
    people = entities.loc[entities["label"] == PERSON, ["article_id", "canonical"]]
    places = items_of(entities, "country", label)[["article_id", "item"]]
    pairs = people.drop_duplicates().merge(places.drop_duplicates(), on="article_id")
    counts = pairs.groupby(["canonical", "item"], as_index=False).agg(
        articles=("article_id", "nunique")
    )
    counts = counts.rename(columns={"canonical": "person", "item": "country_code"})
    counts.insert(2, "country", [country_name(code) for code in counts["country_code"]])
    ordered = counts.sort_values(
        ["articles", "person", "country_code"], ascending=[False, True, True]
    )
    return ordered.astype({"articles": np.int64}).reset_index(drop=True)


def person_country(
    entities: pd.DataFrame,
    people: int | None = 15,
    countries: int | None = 10,
    label: str | None = None,
) -> pd.DataFrame:
    """People (rows) x countries (columns): the articles naming both.

    The ``people`` people and ``countries`` countries in most such articles (all with
    ``None``), in that order; columns are ISO codes.

    >>> entities = pd.DataFrame({
    ...     "article_id": ["a", "a", "a", "b", "b"],
    ...     "label": ["PERSON", "GPE", "PERSON", "PERSON", "GPE"],
    ...     "canonical": ["Peskov", "Seoul", "Yoon", "Peskov", "Moscow"],
    ...     "country_code": [None, "KR", None, None, "RU"], "mentions": [1] * 5})
    >>> person_country(entities)  # doctest: +NORMALIZE_WHITESPACE
    country_code  KR  RU
    person
    Peskov         1   1
    Yoon           1   0
    """
    pairs = person_country_pairs(entities, label)
    people_ids = entities.loc[entities["label"] == PERSON, ["article_id", "canonical"]]
    places = items_of(entities, "country", label)

    def ranked(frame: pd.DataFrame, key: str, top: int | None) -> list[str]:
        named = frame[frame["article_id"].isin(pairs_articles)]
        counts = named.groupby(key)["article_id"].nunique()
        order = sorted(counts.index, key=lambda item: (-counts[item], item))
        return order if top is None else order[:top]

    pairs_articles = people_ids.merge(places, on="article_id")["article_id"].unique()
    rows = ranked(people_ids, "canonical", people)
    columns = ranked(places, "item", countries)
    table = pairs.pivot_table("articles", "person", "country_code", aggfunc="sum", fill_value=0)
    table = table.reindex(
        index=pd.Index(rows, name="person"),
        columns=pd.Index(columns, name="country_code"),
        fill_value=0,
    )
    return table.astype(np.int64)


_PERIODS = {"day": "D", "week": "W-MON", "month": "MS"}
_FREQS = {"D": "day", "W": "week", "M": "month", **{name: name for name in _PERIODS}}


def freq_name(freq: str) -> str:
    """``"D"``, ``"W"``, ``"M"`` (pandas' letters) or ``"day"``, ``"week"``, ``"month"``, as
    the latter.

    >>> freq_name("W"), freq_name("month")
    ('week', 'month')
    """
    if freq not in _FREQS:
        raise ValueError(f"freq must be one of D, W, M (or day, week, month), not {freq!r}")
    return _FREQS[freq]


def period_start(dates: pd.Series, freq: Freq) -> pd.Series:
    """The first day of each date's day, week (weeks start on Monday) or month.

    >>> dates = pd.Series(pd.to_datetime(["2024-10-23", "2024-11-03"]))
    >>> period_start(dates, "week").dt.strftime("%Y-%m-%d").tolist()
    ['2024-10-21', '2024-10-28']
    >>> period_start(dates, "month").dt.strftime("%Y-%m-%d").tolist()
    ['2024-10-01', '2024-11-01']
    """
    dates = pd.to_datetime(dates).dt.normalize()
    freq = freq_name(freq)
    if freq == "day":
        return dates
    if freq == "week":
        return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    return dates.dt.to_period("M").dt.start_time


def timeline(
    entities: pd.DataFrame,
    articles: pd.DataFrame,
    items: str | Iterable[str] | None = None,
    by: By = "entity",
    freq: Freq = "week",
    count: Literal["mentions", "articles"] = "mentions",
    label: str | None = None,
) -> pd.DataFrame:
    """Mentions (or articles) per day, week or month of chosen items, by ``published_date``.

    One column per item (canonical names, or ISO codes with ``by="country"``; by default
    the five with most mentions), one row per period from the first to the last in which
    any of them appears, zeros where none. Articles without a date are left out.

    >>> articles = pd.DataFrame({"article_id": ["a", "b", "c"],
    ...     "published_date": pd.to_datetime(["2024-10-01", "2024-10-02", "2024-10-15"]).date})
    >>> entities = pd.DataFrame({
    ...     "article_id": ["a", "b", "c"], "canonical": ["Storm Corps"] * 3,
    ...     "label": ["MILITARY_UNIT"] * 3, "country_code": ["KP"] * 3, "mentions": [2, 1, 1]})
    >>> timeline(entities, articles, "Storm Corps")  # doctest: +NORMALIZE_WHITESPACE
    item        Storm Corps
    period
    2024-09-30            3
    2024-10-07            0
    2024-10-14            1
    """
    freq = freq_name(freq)
    data = items_of(entities, by, label)
    if items is None:
        totals = data.groupby("item")["mentions"].sum()
        items = totals.sort_values(ascending=False, kind="stable").head(5).index.tolist()
    chosen = _as_list(items)
    data = data[data["item"].isin(chosen)].merge(
        articles[["article_id", "published_date"]], on="article_id"
    )
    data = data[data["published_date"].notna()]
    data = data.assign(period=period_start(data["published_date"], freq))
    if count == "mentions":
        table = data.pivot_table("mentions", "period", "item", aggfunc="sum", fill_value=0)
    elif count == "articles":
        table = data.pivot_table("article_id", "period", "item", aggfunc="nunique", fill_value=0)
    else:
        raise ValueError(f"count must be 'mentions' or 'articles', not {count!r}")
    periods = (
        pd.date_range(table.index.min(), table.index.max(), freq=_PERIODS[freq], name="period")
        if len(table)
        else pd.DatetimeIndex([], name="period")
    )
    columns = pd.Index(chosen, name="item")
    return table.reindex(index=periods, columns=columns, fill_value=0).astype(np.int64)


def units_by_country(mentions: pd.DataFrame) -> pd.DataFrame:
    """Military units by the state whose forces they are: ``country_code``, ``unit``,
    ``mentions``, ``articles``.

    From the ``mentions`` table (label ``MILITARY_UNIT``); a unit whose state was not
    resolved has an empty ``country_code`` and comes last.

    >>> mentions = pd.DataFrame({
    ...     "article_id": ["a", "a", "b", "b"], "label": ["MILITARY_UNIT"] * 4,
    ...     "canonical": ["Storm Corps", "Storm Corps", "Black Sea Fleet", "3rd Brigade"],
    ...     "country_code": ["KP", "KP", "RU", None]})
    >>> units_by_country(mentions)
      country_code             unit  mentions  articles
    0           KP      Storm Corps         2         1
    1           RU  Black Sea Fleet         1         1
    2          NaN      3rd Brigade         1         1
    """
    units = mentions[mentions["label"] == UNIT]
    counts = units.groupby(["country_code", "canonical"], dropna=False, as_index=False).agg(
        mentions=("article_id", "size"), articles=("article_id", "nunique")
    )
    counts = counts.rename(columns={"canonical": "unit"})
    ordered = counts.sort_values(
        ["country_code", "mentions", "unit"], ascending=[True, False, True], na_position="last"
    )
    return ordered.reset_index(drop=True)


def _tags_and_scores(articles: pd.DataFrame, suggestions: pd.DataFrame) -> pd.DataFrame:
    """Every (article, tag) that is tagged or suggested: ``tagged``, ``suggested``, ``score``."""
    tagged = (
        articles[["article_id", "tags"]]
        .explode("tags")
        .dropna(subset=["tags"])
        .rename(columns={"tags": "tag"})
        .drop_duplicates()
    )
    # The trained model's tags only: tags from the text (source entity, phrase) are no
    # learned labels to agree or disagree with the editors'.
    model = suggestions["source"] == "model" if "source" in suggestions else True
    suggested = suggestions.loc[
        (suggestions["kind"] == "tag") & model, ["article_id", "label", "score"]
    ]
    suggested = suggested.rename(columns={"label": "tag"})
    both = tagged.merge(suggested, how="outer", on=["article_id", "tag"], indicator=True)
    return both.assign(
        tagged=both["_merge"] != "right_only",
        suggested=both["_merge"] != "left_only",
        score=both["score"].fillna(0.0).astype(float),
    ).drop(columns="_merge")


def tag_disagreements(
    articles: pd.DataFrame, suggestions: pd.DataFrame, high: float = 0.5, low: float = 0.2
) -> pd.DataFrame:
    """Where the editors' tags and the model disagree, one row per article and tag:
    ``article_id``, ``title``, ``tag``, ``score``, ``issue``.

    ``issue`` is ``"suggested, not tagged"`` (scored ``high`` or more, not among the tags),
    ``"tagged, scored low"`` (a tag the model scored below ``low``) or ``"tagged, not
    suggested"``. The suggestions table holds only the tags the model suggested, so a tag
    it did not suggest has no score: it counts as score 0, below any ``low``. Listed in that
    order, the strongest disagreement first.

    >>> articles = pd.DataFrame({"article_id": ["a"], "title": ["Seoul protests"],
    ...                          "tags": [["diplomacy", "sanctions", "refugees"]]})
    >>> suggestions = pd.DataFrame({"article_id": ["a"] * 3, "kind": ["tag"] * 3,
    ...     "label": ["ceasefire", "diplomacy", "sanctions"], "score": [0.7, 0.9, 0.1]})
    >>> tag_disagreements(articles, suggestions)[["tag", "score", "issue"]]
             tag  score                  issue
    0  ceasefire    0.7  suggested, not tagged
    1  sanctions    0.1     tagged, scored low
    2   refugees    0.0  tagged, not suggested
    """
    pairs = _tags_and_scores(articles, suggestions)
    issue = np.select(
        [
            ~pairs["tagged"] & (pairs["score"] >= high),
            pairs["tagged"] & pairs["suggested"] & (pairs["score"] < low),
            pairs["tagged"] & ~pairs["suggested"],
        ],
        ISSUES,
        default="",
    )
    found = pairs.assign(issue=issue)
    found = found[found["issue"] != ""]
    found = found.merge(articles[["article_id", "title"]], on="article_id", how="left")
    order = found["issue"].map({name: i for i, name in enumerate(ISSUES)})
    strength = np.where(found["issue"] == SUGGESTED_NOT_TAGGED, -found["score"], found["score"])
    found = found.assign(_order=order, _strength=strength).sort_values(
        ["_order", "_strength", "article_id", "tag"]
    )
    columns = ["article_id", "title", "tag", "score", "issue"]
    return found[columns].reset_index(drop=True)


def tag_agreement(
    articles: pd.DataFrame, suggestions: pd.DataFrame, high: float = 0.5, low: float = 0.2
) -> pd.DataFrame:
    """Per tag, how often editors and model agree: ``tag``, ``tagged`` (articles with the
    tag), ``suggested`` (articles where the model suggested it), ``agreed`` (both),
    ``suggested_not_tagged`` (suggested at ``high`` or more, not tagged), ``tagged_scored_low``
    (tagged, scored below ``low``; a tag not suggested scores 0 and counts here),
    ``tagged_not_suggested``. Most disagreements first.

    >>> articles = pd.DataFrame({"article_id": ["a", "b"], "title": ["", ""],
    ...                          "tags": [["sanctions"], ["sanctions", "refugees"]]})
    >>> suggestions = pd.DataFrame({"article_id": ["a", "b", "b"], "kind": ["tag"] * 3,
    ...     "label": ["sanctions", "sanctions", "ceasefire"], "score": [0.9, 0.1, 0.6]})
    >>> table = tag_agreement(articles, suggestions)
    >>> table[["tag", "tagged", "suggested", "suggested_not_tagged", "tagged_scored_low"]]
             tag  tagged  suggested  suggested_not_tagged  tagged_scored_low
    0  ceasefire       0          1                     1                  0
    1   refugees       1          0                     0                  1
    2  sanctions       2          2                     0                  1
    """
    pairs = _tags_and_scores(articles, suggestions)
    counts = pairs.assign(
        agreed=pairs["tagged"] & pairs["suggested"],
        suggested_not_tagged=~pairs["tagged"] & (pairs["score"] >= high),
        tagged_scored_low=pairs["tagged"] & (pairs["score"] < low),
        tagged_not_suggested=pairs["tagged"] & ~pairs["suggested"],
    )
    columns = [
        "tagged",
        "suggested",
        "agreed",
        "suggested_not_tagged",
        "tagged_scored_low",
        "tagged_not_suggested",
    ]
    table = counts.groupby("tag", as_index=False)[columns].sum()
    table[columns] = table[columns].astype(np.int64)
    disagreements = table["suggested_not_tagged"] + table["tagged_scored_low"]
    ordered = table.assign(_d=disagreements).sort_values(["_d", "tag"], ascending=[False, True])
    return ordered.drop(columns="_d").reset_index(drop=True)


def repairs_by_source(articles: pd.DataFrame) -> pd.DataFrame:
    """Text repairs per input file and encoding: ``source``, ``encoding``, ``articles``,
    ``repaired`` (articles with at least one repair), ``repairs`` (total), most first.

    >>> articles = pd.DataFrame({"source": ["feed.jsonl", "feed.jsonl", "a.txt"],
    ...     "encoding": ["utf-8", "utf-8", "cp1252"], "repairs": [3, 0, 1]})
    >>> repairs_by_source(articles)
           source encoding  articles  repaired  repairs
    0  feed.jsonl    utf-8         2         1        3
    1       a.txt   cp1252         1         1        1
    """
    counts = articles.assign(repaired=articles["repairs"] > 0).groupby(
        ["source", "encoding"], as_index=False, dropna=False
    )
    table = counts.agg(
        articles=("repairs", "size"), repaired=("repaired", "sum"), repairs=("repairs", "sum")
    )
    table[["repaired", "repairs"]] = table[["repaired", "repairs"]].astype(np.int64)
    ordered = table.sort_values(["repairs", "source", "encoding"], ascending=[False, True, True])
    return ordered.reset_index(drop=True)
