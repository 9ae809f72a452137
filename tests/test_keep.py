"""What the input had is kept (url, publisher, every other field in ``meta``), and a run
folder answers SQL from wherever it is moved or copied."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from pipeline.analysis import open_run
from pipeline.cli import app
from pipeline.core.model import Article
from pipeline.ingest import read_articles

RECORDS = [
    {
        "id": "k1",
        "title": "Port strike ends",
        "body": "Dock workers returned on Monday.",
        "url": "https://news.example.org/k1",
        "publisher": "Example Wire",
        "published": "2024-05-02",
        "date": "2 May 2024",  # a second date alias: kept, not lost
        "word_count": 5,
        "paywalled": False,
        "authors_detail": [{"name": "Ann Lee", "role": "reporter"}],
        "source": {"id": None, "name": "Example Wire"},
        "empty_note": "",
    },
    {
        "id": "k2",
        "title": "Rates held",
        "body": "The bank kept rates where they were.",
        "link": "https://news.example.org/k2",
        "site_name": "Northern Ledger",
        "published": "sometime last spring",  # unparsed: kept as given
    },
    {"id": "k3", "title": "Brief", "guid": "https://news.example.org/k3"},
]


def articles_of(*paths: Path) -> dict[str, Article]:
    items = list(read_articles(list(paths)))
    assert all(isinstance(item, Article) for item in items), items
    return {item.article_id: item for item in items}


def run(inputs: list[Path], out: Path, *more: str) -> None:
    arguments = ["run", *map(str, inputs), "--out", str(out), "-q", *more]
    result = CliRunner().invoke(app, [*arguments, "--no-entities", "--no-suggestions"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dump") / "feed.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def out(dump: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kept-run")
    run([dump], folder)
    return folder


def test_jsonl_fields_are_columns_or_meta():
    article = articles_of(write_jsonl(RECORDS[:1]))["k1"]
    assert (article.url, article.publisher) == ("https://news.example.org/k1", "Example Wire")
    assert article.published == "2024-05-02"
    assert article.meta == {
        "date": "2 May 2024",
        "word_count": "5",
        "paywalled": "false",
        "authors_detail": '[{"name": "Ann Lee", "role": "reporter"}]',
        "source": '{"id": null, "name": "Example Wire"}',
    }


def write_jsonl(records: list[dict], name: str = "feed.jsonl") -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_aliases_and_a_guid_that_is_a_web_address_give_the_url():
    articles = articles_of(write_jsonl(RECORDS))
    assert articles["k2"].url == "https://news.example.org/k2"
    assert articles["k2"].publisher == "Northern Ledger"
    assert articles["k2"].meta == {"published": "sometime last spring"}
    assert articles["k2"].published is None
    assert articles["k3"].url == "https://news.example.org/k3"
    assert articles["k3"].meta == {}


def test_a_run_keeps_every_field_for_pandas_duckdb_and_open_run(out: Path):
    sample = open_run(out)
    articles = sample.articles.set_index("article_id")
    assert articles.loc["k1", "url"] == "https://news.example.org/k1"
    assert articles.loc["k2", "publisher"] == "Northern Ledger"
    assert dict(articles.loc["k1", "meta"])["authors_detail"] == json.dumps(
        RECORDS[0]["authors_detail"]
    )
    assert dict(pd.read_parquet(out / "articles").set_index("article_id").loc["k1", "meta"]) == (
        articles_of(write_jsonl(RECORDS[:1]))["k1"].meta
    )
    sql = "select article_id, meta['word_count'] as words from articles order by 1"
    with duckdb.connect(str(out / "pipeline.duckdb"), read_only=True) as connection:
        from_file = connection.sql(sql).fetchall()
    assert from_file == [("k1", "5"), ("k2", None), ("k3", None)]
    through_open_run = sample.sql(sql).astype(object)
    assert (
        list(
            through_open_run.where(through_open_run.notna(), None).itertuples(
                index=False, name=None
            )
        )
        == from_file
    )


def test_csv_extra_columns_are_meta(tmp_path: Path):
    path = tmp_path / "export.csv"
    path.write_text(
        "id,headline,text,permalink,Outlet,section,views,editor_note\n"
        "c1,Flood warning,Rivers rose overnight.,https://x.org/c1,River Times,Weather,1200,\n",
        encoding="utf-8",
    )
    article = articles_of(path)["c1"]
    assert (article.url, article.publisher, article.category) == (
        "https://x.org/c1",
        "River Times",
        "Weather",
    )
    assert article.meta == {"views": "1200"}  # an empty cell says nothing


def test_parquet_extra_columns_are_meta_as_text(tmp_path: Path):
    table = pa.table(
        {
            "id": ["p1"],
            "title": ["Budget passed"],
            "body": ["MPs voted late."],
            "score": pa.array([0.5]),
            "regions": pa.array([["north", "south"]]),
            "fetched": pa.array([pd.Timestamp("2024-03-01T10:00:00")]),
        }
    )
    pq.write_table(table, tmp_path / "dump.parquet")
    article = articles_of(tmp_path / "dump.parquet")["p1"]
    assert article.meta == {
        "score": "0.5",
        "regions": '["north", "south"]',
        "fetched": "2024-03-01T10:00:00",
    }


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Harbour Gazette</title>
  <link>https://harbour.example</link>
  <item>
    <title>Ferry timetable changes</title>
    <link>https://harbour.example/2024/ferry</link>
    <guid isPermaLink="false">https://harbour.example/?p=12</guid>
    <dc:creator><![CDATA[mjones]]></dc:creator>
    <content:encoded><![CDATA[<p>New times start in June.</p>]]></content:encoded>
    <excerpt:encoded><![CDATA[Summer times]]></excerpt:encoded>
    <wp:post_id>12</wp:post_id>
    <wp:post_date><![CDATA[2024-05-20 08:00:00]]></wp:post_date>
    <wp:post_name><![CDATA[ferry]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <category domain="category" nicename="local"><![CDATA[Local]]></category>
    <category domain="category" nicename="transport"><![CDATA[Transport]]></category>
    <category domain="post_tag" nicename="ferry"><![CDATA[ferry]]></category>
    <category domain="series" nicename="summer"><![CDATA[Summer guide]]></category>
    <wp:postmeta>
      <wp:meta_key><![CDATA[_yoast_wpseo_metadesc]]></wp:meta_key>
      <wp:meta_value><![CDATA[Ferry times for summer]]></wp:meta_value>
    </wp:postmeta>
    <wp:postmeta>
      <wp:meta_key><![CDATA[print_page]]></wp:meta_key>
      <wp:meta_value><![CDATA[A4]]></wp:meta_value>
    </wp:postmeta>
    <wp:comment><wp:comment_content><![CDATA[Great news]]></wp:comment_content></wp:comment>
  </item>
</channel>
</rss>
"""


def test_wxr_keeps_link_site_postmeta_and_taxonomies(tmp_path: Path):
    path = tmp_path / "export.xml"
    path.write_text(WXR, encoding="utf-8")
    article = articles_of(path)["12"]
    assert (article.url, article.publisher) == (
        "https://harbour.example/2024/ferry",
        "Harbour Gazette",
    )
    assert (article.category, article.tags, article.body) == (
        "Local",
        ["ferry"],
        "New times start in June.",
    )
    assert article.meta == {
        "guid": "https://harbour.example/?p=12",
        "excerpt": "Summer times",
        "post_name": "ferry",
        "categories": '["Local", "Transport"]',
        "series": '["Summer guide"]',
        "_yoast_wpseo_metadesc": "Ferry times for summer",
        "print_page": "A4",
    }


def test_plain_text_name_value_lines_are_kept(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text(
        "Bridge reopens\n\nTraffic flowed again on Friday.\n\nCategory\n\n1. Local\n\n"
        "Date Created May 3, 2024 Author desk\nURL: https://x.org/bridge\n"
        "Publisher: Town Post\nWord count: 5\n",
        encoding="utf-8",
    )
    [article] = articles_of(path).values()
    assert (article.url, article.publisher, article.body) == (
        "https://x.org/bridge",
        "Town Post",
        "Traffic flowed again on Friday.",
    )
    assert article.meta == {"Word count": "5"}


def test_a_moved_or_copied_run_answers_sql_from_anywhere(dump, tmp_path, monkeypatch):
    run([dump], tmp_path / "original")
    moved = Path(shutil.move(tmp_path / "original", tmp_path / "moved"))
    copied = Path(shutil.copytree(moved, tmp_path / "elsewhere" / "copy"))
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    for folder in (Path("../moved"), copied):
        with duckdb.connect(str(folder / "pipeline.duckdb"), read_only=True) as connection:
            assert connection.execute("select count(*) from articles").fetchone() == (len(RECORDS),)
            assert connection.execute("select count(*) from errors").fetchone() == (0,)
        sample = open_run(folder)
        assert len(sample.articles) == len(RECORDS)
        assert sample.sql("select count(url) as n from articles").n[0] == len(RECORDS)
    shutil.rmtree(moved)
    with duckdb.connect(str(copied / "pipeline.duckdb"), read_only=True) as connection:
        assert connection.execute("select count(*) from articles").fetchone() == (len(RECORDS),)


def test_the_manifest_names_no_absolute_path(out: Path, dump: Path):
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    strings: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            strings.append(value)

    walk(manifest)
    assert [s for s in strings if s.startswith("/") or str(out) in s or str(dump.parent) in s] == []
    assert [entry["path"] for entry in manifest["inputs"]] == ["feed.jsonl"]


def test_a_folder_input_is_named_from_the_folder_down(tmp_path: Path):
    from pipeline.run.manifest import describe_inputs

    (tmp_path / "dump" / "2024").mkdir(parents=True)
    (tmp_path / "dump" / "2024" / "a.txt").write_text("A\n\nB", encoding="utf-8")
    assert [entry["path"] for entry in describe_inputs([tmp_path / "dump"])] == ["dump/2024/a.txt"]


def test_a_rerun_replaces_the_duckdb_file_a_reader_holds(dump: Path, tmp_path: Path):
    run([dump], tmp_path)
    reader = duckdb.connect(str(tmp_path / "pipeline.duckdb"), read_only=True)
    try:
        run([dump], tmp_path, "--overwrite")
        assert reader.execute("select count(*) from articles").fetchone() == (len(RECORDS),)
    finally:
        reader.close()
    assert [p.name for p in tmp_path.glob(".pipeline.duckdb*")] == []
    with duckdb.connect(str(tmp_path / "pipeline.duckdb"), read_only=True) as connection:
        assert connection.execute("select count(*) from articles").fetchone() == (len(RECORDS),)


def test_the_summary_says_what_was_kept(out: Path):
    from pipeline.tables.summary import summarize

    text = summarize(out)
    assert f"with a url: {len(RECORDS)} of {len(RECORDS)}" in text
    assert "publishers: 2, " in text and "Northern Ledger (1)" in text
    assert "word_count (1)" in text and "authors_detail (1)" in text
