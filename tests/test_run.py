"""End to end: the CLI reads dumps and writes the tables."""

from __future__ import annotations

import json

import duckdb
import pandas as pd
from typer.testing import CliRunner

from pipeline.classify.metrics import tag_metrics
from pipeline.classify.stage import BUNDLED_MODEL
from pipeline.cli import app
from pipeline.core.config import RunConfig
from pipeline.ingest.lossy import damage
from tests.support import SAMPLE, plain, sample_records, write_jsonl
from tests.toy_stage import only

runner = CliRunner()


def test_normalize_seed(seed_file):
    result = runner.invoke(app, ["normalize", str(seed_file)])
    assert result.exit_code == 0
    for fixed in ("Moscow’s", "South Korea’s", "Seoul’s"):
        assert fixed in result.output
    assert "â??" not in result.output


def test_normalize_stdin_explain():
    result = runner.invoke(app, ["normalize", "-", "--explain"], input="Kimâ??s cafÃ©\n")
    assert result.exit_code == 0
    assert result.output.startswith("Kim’s café\n")
    listed = result.output.split("---\n", 1)[1]
    summary, repairs = listed.split("\n\n", 1)
    # The steps that changed something, in the chain's order, with their count and purpose.
    assert [line.split()[:2] for line in summary.splitlines()] == [
        ["lossy-mojibake", "1"],
        ["ftfy", "1"],
    ]
    assert "restored from context" in summary
    assert [line.split()[0] for line in repairs.splitlines()] == ["lossy-mojibake", "ftfy"]


def test_normalize_reads_lossy_mojibake_saved_as_latin1(tmp_path):
    # Detection alone names cp1250 for these bytes ("LĂłpez"), a reading no repair undoes.
    clean = "Ana López from Cádiz – the árbitro’s call was “fair”."
    path = tmp_path / "draft.txt"
    path.write_bytes(damage(clean).encode("latin-1"))
    result = runner.invoke(app, ["normalize", str(path), "--explain"])
    assert result.output.startswith(clean + "\n")
    assert "decoded as cp1252" in result.output


def test_normalize_prints_the_text_with_its_own_spacing(tmp_path):
    path = tmp_path / "draft.txt"
    path.write_bytes("  Kimâ??s cafÃ©  \r\n\r\n\r\nEnd\xa0".encode())
    result = runner.invoke(app, ["normalize", str(path)])
    assert result.exit_code == 0
    assert result.output == "  Kim’s café  \n\n\nEnd\xa0\n"  # one newline added at the end
    path.write_bytes(b"ends with a line break\n")
    assert runner.invoke(app, ["normalize", str(path)]).output == "ends with a line break\n"


def test_run_seed(seed_file, tmp_path):
    result = runner.invoke(app, ["run", str(seed_file), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    articles = pd.read_parquet(tmp_path / "articles")
    assert len(articles) == 1
    article = articles.iloc[0]
    assert article.title.startswith("Tensions Mount as South Korea Demands")
    assert article.category == "World News"
    assert len(article.tags) == 8 and article.tags[3] == "Pyongyang soldiers in Russia"
    assert article.published == "2024-10-21" and article.author == "asjred"
    assert str(article.published_date) == "2024-10-21"
    assert "Moscow’s" in article.body
    for leak in ("Category", "Tags", "Date Created", "asjred"):
        assert leak not in article.body


def test_run_sample_accounts_for_every_record(tmp_path):
    result = runner.invoke(
        app, ["run", str(SAMPLE), "--out", str(tmp_path), "-q", "--batch-size", "25"]
    )
    assert result.exit_code == 0, result.output
    articles = pd.read_parquet(tmp_path / "articles")
    errors = pd.read_parquet(tmp_path / "errors")
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["counts"]["records_read"] == len(articles) + len(errors)
    assert len(articles) >= 60 and articles.category.nunique() >= 6
    assert articles.article_id.is_unique
    assert not articles.body.str.contains(r"â\?\?|â€|Ã©", regex=True).any()
    assert set(errors.reason.str.split(":").str[0]) >= {
        "malformed JSON",
        "record has neither a title nor a body",
    }
    assert len(list((tmp_path / "articles").glob("part-*.parquet"))) > 1
    with duckdb.connect(str(tmp_path / "pipeline.duckdb")) as connection:
        count = connection.execute("select count(*) from articles").fetchone()[0]
        assert count == len(articles)
        tags = connection.execute(
            "select count(*) from (select unnest(tags) from articles)"
        ).fetchone()[0]
        assert tags == articles.tags.map(len).sum()


def test_overwrite_starts_afresh(tmp_path):
    for _ in range(2):
        result = runner.invoke(
            app, ["run", str(SAMPLE / "feed.jsonl"), "--out", str(tmp_path), "-q", "--overwrite"]
        )
        assert result.exit_code == 0
    assert len(pd.read_parquet(tmp_path / "articles")) == 9  # 8 stories and a brief


def test_run_writes_mentions_and_entities(seed_file, tmp_path):
    result = runner.invoke(
        app, ["run", str(seed_file), "--out", str(tmp_path), "-q", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    article = pd.read_parquet(tmp_path / "articles").iloc[0]
    mentions = pd.read_parquet(tmp_path / "mentions")
    entities = pd.read_parquet(tmp_path / "entities")
    assert list(mentions.columns)[:8] == [
        "article_id",
        "field",
        "start_char",
        "end_char",
        "text",
        "label",
        "canonical",
        "country_code",
    ]
    for row in mentions.itertuples():
        text = article.title if row.field == "title" else article.body
        assert text[row.start_char : row.end_char] == row.text
    assert set(mentions.field) == {"title", "body"}
    # Metadata never becomes an entity: the tag list and trailer are not in any field.
    assert not mentions.text.isin(["Storm Corps deployment", "asjred", "October 21, 2024"]).any()
    assert ("Storm Corps", "MILITARY_UNIT") in set(
        zip(entities.canonical, entities.label, strict=True)
    )
    per_entity = mentions.groupby(["canonical", "label"]).size()
    for row in entities.itertuples():
        assert per_entity[(row.canonical, row.label)] == row.mentions
    with duckdb.connect(str(tmp_path / "pipeline.duckdb")) as connection:
        codes = {
            r[0]
            for r in connection.execute(
                "select distinct country_code from entities where country_code is not null"
            ).fetchall()
        }
    assert {"KR", "KP", "RU", "UA", "GB"} <= codes


def test_summary_lists_every_table(tmp_path):
    from pipeline.tables.summary import summarize

    result = runner.invoke(app, ["run", str(SAMPLE / "feed.jsonl"), "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    text = summarize(tmp_path)
    for table in ("articles", "errors", "mentions", "entities", "suggestions"):
        assert f"  {table} " in text


def test_duplicates_across_pieces_are_settled_the_same_with_any_worker_count(tmp_path):
    # 230 records cut into pieces of 100: copies of "a5" sit in the first and third piece,
    # copies of "a120" within the second; each copy after the first becomes an error row.
    dump = tmp_path / "dump.jsonl"
    records = [
        {
            "id": f"a{i}",
            "title": f"Ministers of country {i} met",
            "body": f"Talks in Paris, day {i}.",
        }
        for i in range(228)
    ]
    records.insert(205, {**records[5], "body": "A second copy of a5, from Berlin."})
    records.insert(130, {**records[120], "body": "A second copy of a120, from Rome."})
    dump.write_text("".join(json.dumps(r) + "\n" for r in records))
    tables = {}
    for workers in ("1", "2"):
        out = tmp_path / f"out{workers}"
        args = ["run", str(dump), "--out", str(out), "-q", "--workers", workers]
        result = runner.invoke(app, [*args, "--batch-size", "1000", "--no-suggestions"])
        assert result.exit_code == 0, result.output
        tables[workers] = {
            name: pd.read_parquet(out / name) for name in ("articles", "errors", "mentions")
        }
    for name, frame in tables["1"].items():
        pd.testing.assert_frame_equal(frame, tables["2"][name], obj=name)
    articles, errors, mentions = tables["1"].values()
    assert len(articles) == 228 and articles.article_id.is_unique
    assert sorted(errors.reason) == [
        f"duplicate article_id 'a120' (first at {dump}#line 121)",
        f"duplicate article_id 'a5' (first at {dump}#line 6)",
    ]
    first_copy = articles.set_index("article_id").loc["a5", "body"]
    assert "Paris" in first_copy
    a5_places = set(mentions[mentions.article_id == "a5"].text)
    assert "Paris" in a5_places and "Berlin" not in a5_places  # the second copy left no rows


def test_progress_moves_through_a_single_large_file(tmp_path):
    from pipeline.run import run

    dump = tmp_path / "dump.jsonl"
    filler = "Markets were calm. " * 200  # several buffer-fulls of bytes
    dump.write_text(
        "".join(
            json.dumps({"id": f"a{i}", "title": f"Story {i}", "body": filler}) + "\n"
            for i in range(60)
        )
    )
    seen = []
    config = only(batch_size=10)  # repair alone: progress, not the stages, is under test
    run([dump], tmp_path / "out", config, progress=lambda p: seen.append(p.bytes_done))
    assert len(seen) >= 6  # one per chunk (an empty last one included)
    assert seen == sorted(seen) and 0 < seen[0] < seen[2] < seen[-1]
    assert seen[-1] == dump.stat().st_size


def test_progress_moves_per_piece_before_a_chunk_is_committed(tmp_path):
    # One chunk of 120 records (the default batch is 1000): without per-piece progress the
    # first report would come only when the whole chunk is committed.
    from pipeline.run import LocalEngine, run

    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        "".join(json.dumps({"id": f"a{i}", "title": f"Story {i}"}) + "\n" for i in range(120))
    )
    for workers in (1, 2):
        seen = []
        run(
            [dump],
            tmp_path / f"out{workers}",
            only(),
            engine=LocalEngine(workers),
            progress=lambda p, seen=seen: seen.append((p.records, p.articles, p.bytes_done)),
        )
        # Piece by piece (pieces of 50, 50 and 20 records, in whatever order they finish).
        assert seen[0][0] in (20, 50) and len(seen) >= 3
        assert seen[-1] == (120, 120, dump.stat().st_size)  # settled to the committed chunk
        assert [b for _, _, b in seen] == sorted(b for _, _, b in seen)


def test_progress_display_bar_on_a_terminal_log_lines_otherwise():
    import io

    from rich.console import Console

    from pipeline.core.progress import RunProgress, progress_display

    progress = RunProgress(bytes_total=1000, bytes_done=400, records=50, articles=48)
    for terminal in (True, False):
        screen = io.StringIO()
        console = Console(file=screen, force_terminal=terminal, width=120)
        with progress_display(console, log_every=0) as report:
            report(progress)
        text = screen.getvalue()
        assert "48 articles" in text and "40%" in text
        # A log line names records and the ETA; the bar draws with terminal control codes.
        assert ("\x1b[" in text) is terminal and ("50 records" in text) is not terminal


def test_a_missing_input_fails_before_any_work(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(SAMPLE), str(tmp_path / "no-such-dump"), "--out", str(out)]
    )
    assert result.exit_code == 3
    assert "input not found" in plain(result.output) and "no-such-dump" in plain(result.output)
    assert not out.exists()


def test_a_missing_file_inside_a_folder_is_still_an_error_row(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ok.jsonl").write_text(json.dumps({"title": "T", "body": "B"}) + "\n")
    (tmp_path / "in" / "dangling.jsonl").symlink_to(tmp_path / "gone.jsonl")
    result = runner.invoke(app, ["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    errors = pd.read_parquet(tmp_path / "out" / "errors")
    assert list(errors.reason) == ["input not found (broken link)"]


def test_an_unusable_model_is_a_clear_error(tmp_path):
    result = runner.invoke(
        app, ["run", str(SAMPLE), "--out", str(tmp_path / "o"), "--model", str(tmp_path)]
    )
    assert result.exit_code == 2 and "is not a model folder" in plain(result.output)
    assert "Traceback" not in result.output


def test_briefs_are_articles_and_run_scores_as_evaluate_does(tmp_path):
    # Labelled articles plus briefs (a headline and tags, no body) and one empty record.
    records = sample_records()
    briefs = [
        {"id": f"brief-{i}", "title": r["title"], "tags": r["tags"], "category": r["category"]}
        for i, r in enumerate(records)
    ]
    dump = write_jsonl(tmp_path / "labelled.jsonl", [*records, *briefs, {"id": "empty"}])
    out = tmp_path / "out"
    args = ["run", str(dump), "--out", str(out), "-q", "--model", str(BUNDLED_MODEL)]
    assert runner.invoke(app, args).exit_code == 0
    articles = pd.read_parquet(out / "articles")
    errors = pd.read_parquet(out / "errors")
    assert len(articles) == 2 * len(records) and list(errors.reason) == [
        "record has neither a title nor a body"
    ]
    mentions = pd.read_parquet(out / "mentions")
    brief_ids = {b["id"] for b in briefs}
    assert mentions.article_id.isin(brief_ids).any()  # entities from the headline alone
    suggestions = pd.read_parquet(out / "suggestions")
    # Briefs are suggested for (their categories at least: a headline alone may be too
    # little for a tag the model is sure of).
    assert brief_ids <= set(suggestions.article_id[suggestions.source == "model"])
    tags = suggestions[(suggestions.kind == "tag") & (suggestions.source == "model")]
    labelled = articles[articles.tags.map(len) > 0]
    suggested = tags.groupby("article_id").label.apply(list)
    from_run = tag_metrics(
        [list(t) for t in labelled.tags], [suggested.get(i, []) for i in labelled.article_id]
    )
    report_dir = tmp_path / "report"
    args = ["evaluate", str(dump), "--model", str(BUNDLED_MODEL), "--out", str(report_dir)]
    assert runner.invoke(app, args).exit_code == 0
    report = json.loads((report_dir / "report.json").read_text())
    assert report["tags"]["articles"] == len(labelled)
    assert from_run["micro_f1"] == report["tags"]["micro_f1"]
    assert from_run["macro_f1"] == report["tags"]["macro_f1"]


def test_workers_build_each_stage_once_from_its_spec():
    # Workers rebuild stages from their specs; the same spec hits the per-process cache,
    # and a spec survives pickling (a Dask worker never saw the registry).
    import pickle

    specs = RunConfig.build({"entities": {"home_country": "GB", "dump_country": "US"}}).specs()
    assert [s.name for s in specs][:3] == ["repair", "entities", "suggestions"]
    for spec in specs:
        assert spec.build() is pickle.loads(pickle.dumps(spec)).build()
