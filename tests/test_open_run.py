"""``open_run``: every analysis gives the numbers of a hand-written SQL query on the run's
``pipeline.duckdb`` (a run of the bundled sample), and the run behaves as a notebook needs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import pipeline
from pipeline import analyze
from pipeline.analysis import Run, open_run
from pipeline.analysis.filters import EmptyAnswer
from pipeline.analysis.queries import (
    SUGGESTED_NOT_TAGGED,
    TAGGED_NOT_SUGGESTED,
    TAGGED_SCORED_LOW,
    tag_agreement,
    tag_disagreements,
)
from pipeline.cli import app
from pipeline.run import LocalEngine, run
from tests.support import SAMPLE, same
from tests.toy_stage import only

pytestmark = pytest.mark.slow  # one run of the sample (about 15 s) for the module

# Sample thresholds: the bundled model was trained on the sample, so it agrees with the
# editors closely; these still find both kinds of disagreement there.
HIGH, LOW = 0.1, 0.15


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sample-run")
    result = CliRunner().invoke(app, ["run", str(SAMPLE), "--out", str(folder), "-q"])
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="module")
def db(out: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def sample(out: Path) -> Run:
    return open_run(out)


def query(db: duckdb.DuckDBPyConnection, sql: str) -> pd.DataFrame:
    return db.sql(sql).df()


def test_tables_are_read_on_first_use_once(out, monkeypatch):
    reads = []
    real = pd.read_parquet
    monkeypatch.setattr(pd, "read_parquet", lambda path, **kw: reads.append(path) or real(path))
    run_ = open_run(out)
    assert reads == []
    assert len(run_.articles) == len(run_.articles) > 0
    assert [Path(p).name for p in reads] == ["articles"]


def test_tables_and_rows_are_the_manifests(sample, out, db):
    manifest = json.loads((out / "manifest.json").read_text())
    assert sample.tables == manifest["tables"] == sample.manifest["tables"]
    for name in sample.tables:
        rows = query(db, f"select count(*) as n from {name}").n[0]
        assert len(sample.table(name)) == rows == manifest["counts"][f"{name}_rows"]


def test_sql_returns_what_pipeline_duckdb_returns(sample, db):
    sql = "select category, count(*) as n, sum(repairs) as r from articles group by 1 order by 1"
    same(sample.sql(sql), query(db, sql))
    assert sample.sql("select count(*) as n from mentions where label = ?", ["PERSON"]).n[0] > 0


def test_sql_works_while_another_process_holds_the_duckdb_file(out, tmp_path):
    out = Path(shutil.copytree(out, tmp_path / "copy"))  # the module's reader holds the original
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(60)",
            str(out / "pipeline.duckdb"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(duckdb.IOException):  # the file itself is locked
            duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
        first, second = open_run(out), open_run(out)
        sql = "select count(*) as n from entities"
        assert first.sql(sql).n[0] == second.sql(sql).n[0] == len(first.entities) > 0
    finally:
        holder.kill()
        holder.wait()


def test_top_entities_equal_sql(sample, db):
    for label in ("PERSON", "GPE"):
        sql = f"""
            select canonical, label, count(distinct article_id) as articles,
                   sum(mentions) as mentions
            from entities where label = '{label}' group by canonical, label
            order by articles desc, mentions desc, canonical"""
        expected = query(db, sql)
        assert len(expected) > 3
        same(sample.top_entities(label=label, n=None), expected)
        same(sample.top_entities(label=label, n=3), expected.head(3))
    by_country = query(
        db,
        """select canonical, label, count(distinct article_id) as articles,
                  sum(mentions) as mentions
           from entities where country_code = 'RU' group by canonical, label
           order by articles desc, mentions desc, canonical""",
    )
    same(sample.top_entities(country="RU", n=None), by_country)


def test_top_countries_equal_sql(sample, db):
    expected = query(
        db,
        """select country_code, count(distinct article_id) as articles,
                  sum(mentions) as mentions
           from entities where country_code is not null and label <> 'MILITARY_UNIT'
           group by country_code order by articles desc, mentions desc, country_code""",
    )
    ours = sample.top_countries(n=None)
    same(ours.drop(columns="country"), expected)
    assert dict(zip(ours.country_code, ours.country, strict=True))["RU"] == "Russia"


COUNTRY_ITEMS = """
    with items as (select distinct article_id, country_code as item from entities
                   where country_code is not null and label <> 'MILITARY_UNIT')"""


def test_cooccurrence_edges_equal_sql(sample, db):
    expected = query(
        db,
        COUNTRY_ITEMS
        + """select a.item as source, b.item as target, count(*) as weight
             from items a join items b on a.article_id = b.article_id and a.item < b.item
             group by 1, 2 order by weight desc, source, target""",
    )
    assert len(expected) > 3
    same(sample.cooccurrence_edges(), expected)
    same(sample.cooccurrence_edges(min_weight=2), expected[expected.weight >= 2])


def test_cooccurrence_matrix_equals_sql(sample, db):
    diagonal = query(db, COUNTRY_ITEMS + "select item, count(*) as n from items group by 1")
    pairs = query(
        db,
        COUNTRY_ITEMS
        + """select a.item as source, b.item as target, count(*) as weight
             from items a join items b on a.article_id = b.article_id and a.item <> b.item
             group by 1, 2""",
    )
    matrix = sample.cooccurrence(top=None)
    assert sorted(matrix.index) == sorted(diagonal.item)
    for item, n in zip(diagonal.item, diagonal.n, strict=True):
        assert matrix.loc[item, item] == n
    weights = {(s, t): w for s, t, w in pairs.itertuples(index=False)}
    for source in matrix.index:
        for target in matrix.columns:
            if source != target:
                assert matrix.loc[source, target] == weights.get((source, target), 0)
    top = sample.cooccurrence(top=4)
    expected_top = diagonal.sort_values(["n", "item"], ascending=[False, True]).item.head(4)
    assert list(top.index) == list(top.columns) == list(expected_top)


def test_cooccurrence_of_people(sample, db):
    expected = query(
        db,
        """with items as (select distinct article_id, canonical as item from entities
                          where label = 'PERSON')
           select a.item as source, b.item as target, count(*) as weight
           from items a join items b on a.article_id = b.article_id and a.item < b.item
           group by 1, 2 order by weight desc, source, target""",
    )
    same(sample.cooccurrence_edges(by="entity", label="PERSON"), expected)


@pytest.mark.parametrize("freq", ["day", "week", "month"])
def test_timeline_equals_sql(sample, db, freq):
    top = query(
        db,
        """select canonical from entities where label in ('GPE', 'PERSON')
           group by 1 order by sum(mentions) desc, canonical limit 3""",
    ).canonical.tolist()
    names = ", ".join(f"'{name}'" for name in top)
    expected = query(
        db,
        f"""select date_trunc('{freq}', a.published_date) as period, e.canonical as item,
                   sum(e.mentions) as n
            from entities e join articles a using (article_id)
            where e.canonical in ({names}) and a.published_date is not null
            group by 1, 2""",
    )
    table = sample.timeline(top, freq=freq)
    assert list(table.columns) == top
    cells = table.stack().rename("n").reset_index()
    cells = cells[cells.n > 0].sort_values(["period", "item"]).reset_index(drop=True)
    expected = expected.assign(period=pd.to_datetime(expected.period))
    same(cells, expected.sort_values(["period", "item"])[["period", "item", "n"]])
    steps = {"day": 1, "week": 7}
    if freq in steps:  # every period between the first and the last, none skipped
        assert set(np.diff(table.index.values).astype("timedelta64[D]").astype(int)) <= {
            steps[freq]
        }
    assert table.index.min() == expected.period.min()
    assert table.index.max() == expected.period.max()


def test_timeline_of_countries_counts_articles(sample, db):
    expected = query(
        db,
        COUNTRY_ITEMS
        + """select date_trunc('month', a.published_date) as period, i.item, count(*) as n
             from items i join articles a using (article_id)
             where i.item in ('RU', 'US') and a.published_date is not null group by 1, 2""",
    )
    table = sample.timeline(["RU", "US"], by="country", freq="month", count="articles")
    cells = table.stack().rename("n").reset_index()
    cells = cells[cells.n > 0].sort_values(["period", "item"]).reset_index(drop=True)
    expected = expected.assign(period=pd.to_datetime(expected.period))
    same(cells, expected.sort_values(["period", "item"]))


def test_units_by_country_equal_sql(sample, db):
    expected = query(
        db,
        """select country_code, canonical as unit, count(*) as mentions,
                  count(distinct article_id) as articles
           from mentions where label = 'MILITARY_UNIT' group by 1, 2
           order by country_code nulls last, mentions desc, unit""",
    )
    assert len(expected) >= 2
    same(sample.units_by_country(), expected)


DISAGREEMENTS = """
    with tagged as (select article_id, unnest(tags) as tag from articles),
         suggested as (select article_id, label as tag, score from suggestions
                       where kind = 'tag' and source = 'model')
    select s.article_id, s.tag, s.score, '{missing}' as issue
    from suggested s left join tagged t using (article_id, tag)
    where t.tag is null and s.score >= {high}
    union all
    select t.article_id, t.tag, s.score, '{low_issue}'
    from tagged t join suggested s using (article_id, tag) where s.score < {low}
    union all
    select t.article_id, t.tag, 0.0, '{absent}'
    from tagged t left join suggested s using (article_id, tag) where s.tag is null"""


def disagreements_sql(high: float, low: float) -> str:
    return DISAGREEMENTS.format(
        high=high,
        low=low,
        missing=SUGGESTED_NOT_TAGGED,
        low_issue=TAGGED_SCORED_LOW,
        absent=TAGGED_NOT_SUGGESTED,
    )


def sorted_rows(frame: pd.DataFrame) -> pd.DataFrame:
    columns = ["article_id", "tag", "score", "issue"]
    return frame[columns].sort_values(["issue", "article_id", "tag"]).reset_index(drop=True)


def test_tag_disagreements_equal_sql(sample, db):
    expected = query(db, disagreements_sql(HIGH, LOW))
    assert {SUGGESTED_NOT_TAGGED, TAGGED_SCORED_LOW} <= set(expected.issue)
    ours = sample.tag_disagreements(high=HIGH, low=LOW)
    same(sorted_rows(ours), sorted_rows(expected))
    titles = dict(zip(sample.articles.article_id, sample.articles.title, strict=True))
    assert ours.title.tolist() == [titles[a] for a in ours.article_id]
    missing = ours[ours.issue == SUGGESTED_NOT_TAGGED].score
    assert missing.is_monotonic_decreasing  # the strongest disagreement first


def test_tags_the_model_did_not_suggest_score_zero(sample):
    """The sample's model suggests every tag the editors gave; drop each article's best tag
    suggestion and those tags become 'tagged, not suggested', as the SQL finds them too."""
    model = sample.suggestions[sample.suggestions.source == "model"]
    tags = model[model.kind == "tag"]
    suggestions = model.drop(tags[tags["rank"] == 1].index)
    articles = sample.articles
    with duckdb.connect() as connection:
        connection.register("articles", articles)
        connection.register("suggestions", suggestions)
        expected = connection.sql(disagreements_sql(HIGH, LOW)).df()
    ours = tag_disagreements(articles, suggestions, HIGH, LOW)
    assert (ours.issue == TAGGED_NOT_SUGGESTED).sum() >= len(articles) // 2
    same(sorted_rows(ours), sorted_rows(expected))
    per_tag = tag_agreement(articles, suggestions, HIGH, LOW).set_index("tag")
    absent = ours[ours.issue == TAGGED_NOT_SUGGESTED].tag.value_counts()
    assert (per_tag.loc[absent.index, "tagged_not_suggested"] == absent).all()


def test_tag_agreement_equals_sql(sample, db):
    expected = query(
        db,
        f"""with tagged as (select distinct article_id, unnest(tags) as tag from articles),
                 suggested as (select article_id, label as tag, score from suggestions
                               where kind = 'tag' and source = 'model'),
                 pairs as (select coalesce(t.article_id, s.article_id) as article_id,
                                  coalesce(t.tag, s.tag) as tag, t.tag is not null as tagged,
                                  s.tag is not null as suggested,
                                  coalesce(s.score, 0) as score
                           from tagged t full join suggested s using (article_id, tag))
            select tag, count(*) filter (tagged) as tagged,
                   count(*) filter (suggested) as suggested,
                   count(*) filter (tagged and suggested) as agreed,
                   count(*) filter (not tagged and score >= {HIGH}) as suggested_not_tagged,
                   count(*) filter (tagged and score < {LOW}) as tagged_scored_low,
                   count(*) filter (tagged and not suggested) as tagged_not_suggested
            from pairs group by tag
            order by suggested_not_tagged + tagged_scored_low desc, tag""",
    )
    same(sample.tag_agreement(high=HIGH, low=LOW), expected)


def test_repairs_by_source_equal_sql(sample, db):
    expected = query(
        db,
        """select source, encoding, count(*) as articles,
                  count(*) filter (repairs > 0) as repaired, sum(repairs) as repairs
           from articles group by 1, 2 order by repairs desc, source, encoding""",
    )
    assert expected.repairs.sum() > 0 and expected.encoding.nunique() >= 2
    same(sample.repairs_by_source(), expected)


def test_show_marks_every_mention_and_lists_the_suggestions(sample, db):
    article_id, title = query(
        db,
        """select article_id, any_value(title) as title from mentions join articles
           using (article_id) where mentions.label = 'MILITARY_UNIT'
           group by 1 order by 1 limit 1""",
    ).iloc[0]
    mentions = query(db, f"select * from mentions where article_id = '{article_id}'")
    suggested = query(db, f"select label, score from suggestions where article_id = '{article_id}'")
    page = sample.show(article_id, jupyter=False)
    assert isinstance(page, str)
    assert page.count('<mark class="entity"') == len(mentions)
    assert page.count(">MILITARY_UNIT") == (mentions.label == "MILITARY_UNIT").sum()
    for label, score in suggested.itertuples(index=False):
        assert f"{label}" in page and f"{score:.2f}" in page
    assert title.split()[-1] in page
    people = sample.show(article_id, labels=["PERSON"], jupyter=False)
    assert people.count('<mark class="entity"') == (mentions.label == "PERSON").sum()
    with pytest.raises(KeyError):
        sample.show("no such article", jupyter=False)


def test_a_run_with_a_table_of_its_own_and_no_entities(tmp_path):
    out = tmp_path / "run"
    run([SAMPLE], out, only("toy_word_counts"), engine=LocalEngine(1))
    mine = pipeline.open_run(out)
    assert isinstance(pipeline.open_run(out), Run)  # still the function once its module loaded
    assert mine.tables == ["articles", "errors", "repairs", "word_counts"]
    assert len(mine.word_counts) == len(mine.articles) > 0  # a listed table is an attribute
    assert mine.sql("select sum(words) as n from word_counts").n[0] == mine.word_counts.words.sum()
    assert mine.mentions.empty and "country_code" in mine.mentions.columns
    for analysis in (mine.top_entities, mine.cooccurrence, mine.timeline):
        with pytest.warns(EmptyAnswer, match="no entities: it was made without the entities"):
            assert analysis().empty
    with pytest.warns(EmptyAnswer, match="no mentions"):
        assert mine.units_by_country().empty
    with pytest.warns(EmptyAnswer, match="no suggestions"):  # not every tag "not suggested"
        assert mine.tag_disagreements().empty and mine.tag_agreement().empty
    with pytest.raises(AttributeError):
        _ = mine.places


def test_open_run_stays_out_of_the_import_of_pipeline():
    code = "import sys, pipeline; print(sorted({'pandas', 'duckdb'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_show_what_analyze_found():
    result = analyze(
        "Kremlin rebuffs Seoul",
        "Kremlin spokesman Dmitry Peskov said the Black Sea Fleet would stay. Peskov said so.",
    )
    page = Run.from_analysis(result).show(jupyter=False)
    assert page.count('<mark class="entity"') == len(result.mentions)
    for label, score in result.categories + result.tags:
        assert f"{label}" in page and f"{score:.2f}" in page


def test_show_escapes_what_the_tables_say_and_keeps_displacy_marks():
    from pipeline.analysis.show import article_html

    article = {
        "article_id": "<id>",
        "title": "Seoul <b>protests</b>",
        "body": "Peskov & co.",
        "category": "<World>",
        "tags": ["war & peace"],
    }
    mentions = pd.DataFrame(
        {
            "field": ["title", "body"],
            "start_char": [0, 0],
            "end_char": [5, 6],
            "text": ["Seoul", "Peskov"],
            "label": ["GPE", "PERSON"],
            "canonical": ["Seoul", "Dmitry <Peskov>"],
            "country_code": ["KR", None],
        }
    )
    suggestions = pd.DataFrame(
        {
            "kind": ["category", "tag", "tag"],
            "label": ["<World>", "war & peace", "<script>"],
            "score": [0.815, 0.4, 0.25],
            "rank": [1, 1, 2],
        }
    )
    page = article_html(article, mentions, suggestions)
    assert page.count('<mark class="entity"') == 2
    assert "<b>protests" not in page and "<script>" not in page and "<World>" not in page
    assert "&lt;b&gt;protests&lt;/b&gt;" in page
    assert "&lt;World&gt; ✓" in page and "war &amp; peace ✓" in page and "&lt;script&gt;" in page
    assert "Dmitry &lt;Peskov&gt;" in page and "&lt;id&gt;" in page and "0.81" in page
    assert "Editors: <b>&lt;World&gt;</b>; tags: war &amp; peace." in page
