"""The analyses' filters, on small frames (``Run.from_frames``): every analysis under every
filter gives what a hand-written DuckDB query over the same frames gives, with the filter
as a ``where`` on the articles; person x country, day/week/month and the warnings that say
why an answer is empty."""

from __future__ import annotations

import datetime
import warnings

import numpy as np
import pandas as pd
import pytest

from pipeline.analysis import EmptyAnswer, Run
from pipeline.analysis.queries import NOT_NAMES
from tests.support import same

D = datetime.date

# Six dated articles over three months, one undated; two sources, two publishers (and one
# without), three categories, tags on most.
ARTICLES = pd.DataFrame(
    {
        "article_id": ["a1", "a2", "a3", "a4", "a5", "a6", "a7"],
        "source": ["in/feed.jsonl"] * 4 + ["in/wp/export.xml"] * 3,
        "locator": [f"line {i}" for i in range(1, 8)],
        "title": [f"Title {i}" for i in range(1, 8)],
        "body": [""] * 7,
        "author": [None] * 7,
        "published": [None] * 7,
        "published_date": [
            D(2024, 9, 30),
            D(2024, 10, 2),
            D(2024, 10, 9),
            D(2024, 10, 10),
            D(2024, 11, 4),
            D(2024, 11, 30),
            None,
        ],
        "category": ["World", "World", "Politics", "World", "Sport", "Politics", "World"],
        "tags": [
            ["war"],
            ["war", "diplomacy"],
            ["elections"],
            [],
            ["football"],
            ["war"],
            ["diplomacy"],
        ],
        "encoding": ["utf-8"] * 5 + ["cp1252"] * 2,
        "repairs": [2, 0, 1, 0, 0, 3, 1],
        "publisher": [
            "bbc.co.uk",
            "bbc.co.uk",
            "reuters.com",
            "reuters.com",
            "bbc.co.uk",
            None,
            "reuters.com",
        ],
    }
)

_ENTITIES = [
    # article, canonical, label, country, mentions
    ("a1", "Vladimir Putin", "PERSON", None, 3),
    ("a1", "Russia", "GPE", "RU", 2),
    ("a1", "Ukraine", "GPE", "UA", 1),
    ("a1", "Black Sea Fleet", "MILITARY_UNIT", "RU", 1),
    ("a2", "Vladimir Putin", "PERSON", None, 1),
    ("a2", "Joe Biden", "PERSON", None, 2),
    ("a2", "two", "CARDINAL", None, 5),  # not a name: left out unless asked for
    ("a2", "Russia", "GPE", "RU", 1),
    ("a2", "United States", "GPE", "US", 2),
    ("a3", "Joe Biden", "PERSON", None, 1),
    ("a3", "Washington", "GPE", "US", 4),
    ("a3", "NATO", "ORG", None, 1),
    ("a4", "Yoon Suk-yeol", "PERSON", None, 1),
    ("a4", "Seoul", "GPE", "KR", 2),
    ("a4", "Russia", "GPE", "RU", 1),
    ("a4", "Storm Corps", "MILITARY_UNIT", "KP", 2),
    ("a5", "Lionel Messi", "PERSON", None, 2),
    ("a5", "Argentina", "GPE", "AR", 1),
    ("a6", "Joe Biden", "PERSON", None, 1),
    ("a6", "Vladimir Putin", "PERSON", None, 1),
    ("a6", "Moscow", "GPE", "RU", 1),
    ("a6", "Americans", "NORP", "US", 1),
    ("a7", "Vladimir Putin", "PERSON", None, 1),
    ("a7", "Kremlin", "ORG", "RU", 1),
]
ENTITIES = pd.DataFrame(
    _ENTITIES, columns=["article_id", "canonical", "label", "country_code", "mentions"]
)
MENTIONS = (
    ENTITIES.loc[ENTITIES.index.repeat(ENTITIES["mentions"])]
    .drop(columns="mentions")
    .assign(field="body", start_char=0, end_char=1, text="x")
    .reset_index(drop=True)
)
SUGGESTIONS = pd.DataFrame(
    [
        ("a1", "tag", "war", 0.9, 1),
        ("a1", "tag", "diplomacy", 0.6, 2),
        ("a2", "tag", "war", 0.1, 1),
        ("a3", "tag", "elections", 0.8, 1),
        ("a4", "tag", "war", 0.7, 1),
        ("a5", "tag", "football", 0.95, 1),
        ("a6", "tag", "diplomacy", 0.55, 1),
        ("a7", "tag", "war", 0.3, 1),
        ("a1", "category", "World", 0.8, 1),
    ],
    columns=["article_id", "kind", "label", "score", "rank"],
).assign(source="model")
REPAIRS = pd.DataFrame(
    [
        ("a1", "body", 10, 11, "â€™", "’", "ftfy", None),
        ("a1", "title", 0, 1, "â€œ", "“", "ftfy", None),
        ("a3", "body", 5, 6, "â??", "’", "lossy-mojibake", "encode cp1252, decode utf-8"),
        ("a6", "body", 1, 2, "â€™", "’", "ftfy", None),
        ("a6", "body", 7, 8, "â€™", "’", "ftfy", None),
        ("a6", "body", 9, 10, "Ã©", "é", "lossy-mojibake", "encode latin-1, decode utf-8"),
        ("a7", "body", 0, 0, "\x07", "", "control-characters", None),
    ],
    columns=["article_id", "field", "start_char", "end_char", "before", "after", "step", "reason"],
)


def make_run(**changes: pd.DataFrame | None) -> Run:
    frames = {
        "articles": ARTICLES,
        "entities": ENTITIES,
        "mentions": MENTIONS,
        "suggestions": SUGGESTIONS,
        "repairs": REPAIRS,
    } | changes
    return Run.from_frames(**{name: frame for name, frame in frames.items() if frame is not None})


@pytest.fixture(scope="module")
def run() -> Run:
    return make_run()


FILTERS = [
    {},
    {"since": "2024-10-01"},
    {"until": D(2024, 10, 9)},
    {"since": "2024-10-01", "until": "2024-11-04"},
    {"category": "World"},
    {"category": ["Politics", "Sport"]},
    {"source": "feed.jsonl"},
    {"source": "in/wp"},
    {"publisher": "bbc.co.uk"},
    {"publisher": ["reuters.com"], "since": "2024-10-05"},
    {"label": "MILITARY_UNIT"},
    {"label": ["PERSON", "ORG"], "category": "World"},
]


def label_list(filters: dict) -> list[str] | None:
    label = filters.get("label")
    return None if label is None else [label] if isinstance(label, str) else list(label)


def quoted(values) -> str:
    values = [values] if isinstance(values, str) else values
    return ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)


def chosen_sql(filters: dict) -> str:
    """The articles the filters keep, in SQL."""
    where = ["true"]
    if "since" in filters:
        where.append(f"published_date >= DATE '{filters['since']}'")
    if "until" in filters:
        where.append(f"published_date <= DATE '{filters['until']}'")
    if "category" in filters:
        where.append(f"category in ({quoted(filters['category'])})")
    if "source" in filters:
        value = filters["source"]
        where.append(
            f"(source = '{value}' or regexp_extract(source, '[^/]*$') = '{value}' "
            f"or starts_with(source, '{value}/'))"
        )
    if "publisher" in filters:
        where.append(f"publisher in ({quoted(filters['publisher'])})")
    if "label" in filters:
        where.append(
            "article_id in (select article_id from entities "
            f"where label in ({quoted(label_list(filters))}))"
        )
    return f"(select article_id from articles where {' and '.join(where)})"


def countries_sql(filters: dict) -> str:
    labels = label_list(filters)
    kind = f"label in ({quoted(labels)})" if labels else "label <> 'MILITARY_UNIT'"
    return f"""(select distinct article_id, country_code as item from entities
                where country_code is not null and {kind}
                and article_id in {chosen_sql(filters)})"""


def quiet(call, *args, **kwargs):
    """An analysis' answer, its EmptyAnswer warnings (if any) dropped."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", EmptyAnswer)
        return call(*args, **kwargs)


def test_each_filter_keeps_some_articles_and_not_all(run):
    for filters in FILTERS[1:]:
        kept = run.sql(f"select count(*) as n from {chosen_sql(filters)}").n[0]
        assert 0 < kept < len(ARTICLES), filters


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_top_entities_and_countries_equal_sql(run, filters):
    labels = label_list(filters)
    kind = (
        f"and label in ({quoted(labels)})" if labels else f"and label not in ({quoted(NOT_NAMES)})"
    )
    expected = run.sql(
        f"""select canonical, label, count(distinct article_id) as articles,
                   sum(mentions) as mentions
            from entities where article_id in {chosen_sql(filters)} {kind}
            group by canonical, label order by articles desc, mentions desc, canonical"""
    )
    same(quiet(run.top_entities, n=None, **filters), expected)
    countries = run.sql(
        f"""select c.item as country_code, count(distinct c.article_id) as articles,
                   sum(e.mentions) as mentions
            from {countries_sql(filters)} c join entities e
              on e.article_id = c.article_id and e.country_code = c.item
              {"and e.label in (" + quoted(labels) + ")" if labels else "and e.label <> 'MILITARY_UNIT'"}
            group by 1 order by articles desc, mentions desc, country_code"""
    )
    same(quiet(run.top_countries, n=None, **filters).drop(columns="country"), countries)


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_cooccurrence_equals_sql(run, filters):
    expected = run.sql(
        f"""with items as {countries_sql(filters)}
            select a.item as source, b.item as target, count(*) as weight
            from items a join items b on a.article_id = b.article_id and a.item < b.item
            group by 1, 2 order by weight desc, source, target"""
    )
    same(quiet(run.cooccurrence_edges, **filters), expected)
    matrix = quiet(run.cooccurrence, top=None, **filters)
    diagonal = run.sql(f"select item, count(*) as n from {countries_sql(filters)} group by 1")
    assert sorted(matrix.index) == sorted(diagonal.item)
    for item, n in zip(diagonal.item, diagonal.n, strict=True):
        assert matrix.loc[item, item] == n
    for source, target, weight in expected.itertuples(index=False):
        assert matrix.loc[source, target] == matrix.loc[target, source] == weight


def person_country_sql(filters: dict) -> str:
    return f"""with people as (select distinct article_id, canonical as person from entities
                               where label = 'PERSON' and article_id in {chosen_sql(filters)}),
                    places as {countries_sql(filters)}
               select person, item as country_code, count(*) as articles
               from people join places using (article_id)
               group by 1, 2 order by articles desc, person, country_code"""


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_person_country_equals_sql(run, filters):
    expected = run.sql(person_country_sql(filters))
    edges = quiet(run.person_country_edges, **filters)
    same(edges.drop(columns="country"), expected)
    matrix = quiet(run.person_country, people=None, countries=None, **filters)
    assert set(matrix.index) == set(expected.person)
    assert set(matrix.columns) == set(expected.country_code)
    cells = {(p, c): n for p, c, n in expected.itertuples(index=False)}
    for person in matrix.index:
        for code in matrix.columns:
            assert matrix.loc[person, code] == cells.get((person, code), 0)


def test_person_country_keeps_the_people_and_countries_in_most_articles(run):
    matrix = run.person_country(people=2, countries=2)
    # Putin is named with a country in 4 articles, Biden in 3 (Messi and Yoon in 1); RU is
    # named in 5 articles that name someone, US in 3 (KR and AR in 1).
    assert list(matrix.index) == ["Vladimir Putin", "Joe Biden"]
    assert list(matrix.columns) == ["RU", "US"]
    assert matrix.loc["Vladimir Putin", "RU"] == 4 and matrix.loc["Joe Biden", "US"] == 3
    assert run.person_country_edges(min_articles=3).articles.min() == 3


@pytest.mark.parametrize("filters", FILTERS, ids=str)
@pytest.mark.parametrize("freq,trunc", [("D", "day"), ("W", "week"), ("M", "month")])
def test_timeline_by_freq_equals_sql(run, filters, freq, trunc):
    expected = run.sql(
        f"""select date_trunc('{trunc}', a.published_date) as period, i.item, count(*) as n
            from {countries_sql(filters)} i join articles a using (article_id)
            where i.item in ('RU', 'US') and a.published_date is not null
            group by 1, 2 order by 1, 2"""
    )
    table = quiet(run.timeline, ["RU", "US"], by="country", freq=freq, count="articles", **filters)
    cells = table.stack().rename("n").reset_index()
    cells = cells[cells.n > 0].sort_values(["period", "item"]).reset_index(drop=True)
    same(cells, expected.assign(period=pd.to_datetime(expected.period)))
    long_name = quiet(run.timeline, ["RU", "US"], "country", trunc, "articles", **filters)
    pd.testing.assert_frame_equal(table, long_name)


def test_timeline_freq_steps_and_a_wrong_freq(run):
    for freq, step in [("D", 1), ("W", 7)]:
        index = run.timeline(["RU"], by="country", freq=freq).index
        assert set(np.diff(index.values).astype("timedelta64[D]").astype(int)) == {step}
    months = run.timeline(["RU"], by="country", freq="M").index
    assert [d.strftime("%Y-%m-%d") for d in months] == ["2024-09-01", "2024-10-01", "2024-11-01"]
    with pytest.raises(ValueError, match="freq must be one of D, W, M"):
        run.timeline(freq="Q")


@pytest.mark.parametrize("filters", FILTERS, ids=str)
def test_units_tags_and_repairs_equal_sql(run, filters):
    chosen = chosen_sql(filters)
    units = run.sql(
        f"""select country_code, canonical as unit, count(*) as mentions,
                   count(distinct article_id) as articles
            from mentions where label = 'MILITARY_UNIT' and article_id in {chosen}
            group by 1, 2 order by country_code nulls last, mentions desc, unit"""
    )
    same(quiet(run.units_by_country, **filters), units)
    agreement = run.sql(
        f"""with tagged as (select distinct article_id, unnest(tags) as tag from articles
                            where article_id in {chosen}),
                 suggested as (select article_id, label as tag, score from suggestions
                               where kind = 'tag' and article_id in {chosen}),
                 pairs as (select coalesce(t.tag, s.tag) as tag, t.tag is not null as tagged,
                                  s.tag is not null as suggested, coalesce(s.score, 0) as score
                           from tagged t full join suggested s using (article_id, tag))
            select tag, count(*) filter (tagged) as tagged,
                   count(*) filter (suggested) as suggested,
                   count(*) filter (tagged and suggested) as agreed,
                   count(*) filter (not tagged and score >= 0.5) as suggested_not_tagged,
                   count(*) filter (tagged and score < 0.2) as tagged_scored_low,
                   count(*) filter (tagged and not suggested) as tagged_not_suggested
            from pairs group by tag
            order by suggested_not_tagged + tagged_scored_low desc, tag"""
    )
    same(quiet(run.tag_agreement, **filters), agreement)
    disagreements = quiet(run.tag_disagreements, **filters)
    assert set(disagreements.article_id) <= set(run.sql(f"select * from {chosen}").article_id)
    repairs = run.sql(
        f"""select * from repairs where article_id in {chosen}
            order by article_id, field, start_char"""
    )
    same(quiet(run.repairs, **filters), repairs)
    by_step = run.sql(
        f"""select step, count(*) as repairs, count(distinct article_id) as articles
            from repairs where article_id in {chosen}
            group by 1 order by repairs desc, articles desc, step"""
    )
    same(quiet(run.repair_counts, by="step", **filters), by_step)
    by_source = run.sql(
        f"""select source, encoding, count(*) as articles,
                   count(*) filter (repairs > 0) as repaired, sum(repairs) as repairs
            from articles where article_id in {chosen}
            group by 1, 2 order by repairs desc, source, encoding"""
    )
    same(quiet(run.repairs_by_source, **filters), by_source)
    publishers = run.sql(
        f"""select publisher, count(*) as articles, count(*) filter (repairs > 0) as repaired,
                   sum(repairs) as repairs
            from articles where article_id in {chosen}
            group by 1 order by publisher is null, articles desc, repairs desc, publisher"""
    )
    same(quiet(run.publishers, **filters), publishers)


def test_numbers_count_only_when_asked_for(run):
    assert "two" not in run.top_entities(n=None).canonical.tolist()
    assert "two" not in run.timeline().columns  # the default items are names
    assert run.top_entities(label="CARDINAL").canonical.tolist() == ["two"]


def test_repairs_by_field_and_step(run):
    rows = run.repairs(field="body", step=["ftfy"])
    assert list(rows.columns) == list(REPAIRS.columns)
    assert set(rows.field) == {"body"} and set(rows.step) == {"ftfy"} and len(rows) == 3
    changes = run.repair_counts()
    assert changes.iloc[0].tolist() == ["'â€™' -> '’'", 3, 2]
    assert "'\\x07' -> ''" in changes.change.tolist()  # what cannot be seen is spelled out


def test_publisher_from_a_meta_map_gives_the_same_answers(run):
    def meta(publisher):
        return [("lang", "en")] + ([("publisher", publisher)] if publisher else [])

    articles = ARTICLES.drop(columns="publisher").assign(meta=ARTICLES.publisher.map(meta))
    from_meta = make_run(articles=articles)
    for filters in (
        {"publisher": "bbc.co.uk"},
        {"publisher": ["reuters.com"], "since": "2024-10-05"},
    ):
        same(from_meta.top_entities(n=None, **filters), run.top_entities(n=None, **filters))
        same(from_meta.repairs(**filters), run.repairs(**filters))
    same(from_meta.publishers(), run.publishers())
    as_dicts = make_run(articles=articles.assign(meta=articles.meta.map(dict)))
    same(as_dicts.publishers(), run.publishers())


def test_a_run_without_publishers_says_so(run):
    bare = make_run(articles=ARTICLES.drop(columns="publisher"))
    with pytest.raises(
        ValueError,
        match=r"cannot filter by publisher: .* neither a `publisher` column nor a `meta`",
    ):
        bare.top_entities(publisher="bbc.co.uk")
    with pytest.warns(EmptyAnswer, match="no publisher") as caught:
        assert bare.publishers().empty
    assert caught[0].filename == __file__  # the warning points at the caller


def test_filters_are_checked_and_apply_to_what_is_counted(run):
    with pytest.raises(TypeError, match="unknown filter 'categry'"):
        run.top_countries(categry="World")
    # label chooses the entities counted: units' countries only
    assert run.top_countries(label="MILITARY_UNIT").country_code.tolist() == ["KP", "RU"]
    # since/until include both ends
    assert run.timeline(
        ["RU"], by="country", freq="D", since="2024-09-30", until="2024-09-30"
    ).iloc[:, 0].tolist() == [2]


def warned(call, *args, **kwargs) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        answer = call(*args, **kwargs)
    messages = [str(w.message) for w in caught if issubclass(w.category, EmptyAnswer)]
    assert answer.empty == bool(messages), (answer, messages)
    return messages


def test_an_answer_is_empty_only_with_a_warning_that_says_why(run):
    undated = make_run(articles=ARTICLES.assign(published_date=None))
    (message,) = warned(undated.timeline)
    assert "no article in this run has a published date" in message
    messages = warned(undated.top_entities, since="2024-10-01")
    assert any(
        "keeps no article: no article in this run has a published date" in m for m in messages
    )

    untagged = make_run(articles=ARTICLES.assign(tags=[[] for _ in range(len(ARTICLES))]))
    for analysis in (untagged.tag_agreement, untagged.tag_disagreements):
        (message,) = warned(analysis)
        assert "no editors' tags" in message
    assert list(quiet(untagged.tag_agreement).columns) == list(run.tag_agreement().columns)

    (message,) = warned(make_run(suggestions=None).tag_agreement)
    assert "no suggestions" in message and "--no-suggestions" in message
    no_entities = make_run(entities=None, mentions=None)
    for analysis in (
        no_entities.top_entities,
        no_entities.person_country,
        no_entities.cooccurrence_edges,
    ):
        (message,) = warned(analysis)
        assert "no entities" in message and "--no-entities" in message
    (message,) = warned(make_run(repairs=None).repairs)
    assert "no repairs table" in message
    (message,) = warned(make_run(repairs=REPAIRS.iloc[:0]).repair_counts)
    assert "no text repairs" in message

    (message,) = warned(run.top_entities, category="Weather")
    assert "category='Weather' keeps no article" in message and "Politics, Sport, World" in message
    (message,) = warned(run.top_entities, since="2025-01-01")
    assert "dates run from 2024-09-30 to 2024-11-30" in message
    (message,) = warned(run.top_entities, label="MILITARY_UNIT", category="Sport")
    assert "none passes them all" in message
    (message,) = warned(run.units_by_country, category="Politics")
    assert message.startswith("no military units in the articles category='Politics' keeps")

    for analysis in (
        run.top_entities,
        run.timeline,
        run.tag_agreement,
        run.repairs,
        run.publishers,
    ):
        assert warned(analysis) == []  # a full answer comes without a warning


def test_a_run_of_entities_alone_takes_the_label_filter():
    only = Run.from_frames(entities=ENTITIES)
    assert only.top_countries(label="MILITARY_UNIT").country_code.tolist() == ["KP", "RU"]
    with pytest.raises(ValueError, match="needs the run's articles table"):
        only.top_countries(category="World")
