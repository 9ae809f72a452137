"""Crash safety and resuming: a run crashed at a chosen chunk (the run's test-only fault
injection, PIPELINE_FAULT_AFTER_CHUNKS in pipeline/run/commit.py), or resumed after files
were added, ends with the same tables as one uninterrupted run."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.errors import PipelineError
from pipeline.run import run, settle_config
from pipeline.run.settings import check_resumable, read_run_settings
from tests.support import (
    assert_same_tables,
    committed_chunks,
    crash_cli,
    make_dump,
    plain,
    run_args,
    start_cli,
    tables,
    uncommitted_parts,
    write_jsonl,
)
from tests.toy_stage import only


def test_a_file_crashed_after_its_first_chunk_resumes_as_a_clean_run(tmp_path):
    # One file of 26 lines (25 articles, a broken line) in 3 chunks of 10. The run dies hard
    # after committing chunk 1, with chunk 2's parts written and no marker for them: the
    # resumed run drops those parts, redoes chunks 2 and 3 and ends as a clean run.
    dump = make_dump(tmp_path / "dump", files=1, per_file=25)
    options = ("--batch-size", "10", "--no-entities", "--no-suggestions")
    crashed = tmp_path / "crashed"
    crash_cli(1, *run_args(dump, crashed, *options, "--workers", "2"))
    assert len(committed_chunks(crashed)) == 1
    assert len(uncommitted_parts(crashed)) == 1  # the half-written chunk
    assert not (crashed / "manifest.json").exists()
    resumed = CliRunner().invoke(app, run_args(dump, crashed, *options, "--workers", "1"))
    assert resumed.exit_code == 0, resumed.output
    assert len(committed_chunks(crashed)) == 3 and not uncommitted_parts(crashed)
    manifest = json.loads((crashed / "manifest.json").read_text())
    assert manifest["this_run"]["records_processed"] == 16
    assert manifest["this_run"]["chunks_skipped"] == 1
    assert manifest["counts"]["records_read"] == 26
    clean = CliRunner().invoke(app, run_args(dump, tmp_path / "clean", *options, "--workers", "1"))
    assert clean.exit_code == 0, clean.output
    assert_same_tables(tmp_path / "clean", crashed)


@pytest.mark.slow
@pytest.mark.parametrize("entities", [False, True])
def test_a_run_crashed_twice_then_resumed_equals_a_clean_run(tmp_path, entities):
    # 3 files of 401 lines in chunks of 50: 9 chunks a file, 27 in all. The first run dies
    # after 3 chunks, the first resumed run after 7 more (across a file boundary); each
    # leaves one chunk's parts without a marker. The last run finishes.
    dump = make_dump(tmp_path / "dump")
    extra = () if entities else ("--no-entities",)
    clean = tmp_path / "clean"
    assert start_cli(*run_args(dump, clean, *extra)).wait() == 0
    crashed = tmp_path / "crashed"
    committed = 0
    for after_chunks in (3, 7):
        crash_cli(after_chunks, *run_args(dump, crashed, *extra))
        committed += after_chunks
        assert len(committed_chunks(crashed)) == committed
        assert len(uncommitted_parts(crashed)) == 1
        assert not (crashed / "manifest.json").exists()
    assert start_cli(*run_args(dump, crashed, *extra)).wait() == 0
    assert not uncommitted_parts(crashed)
    assert_same_tables(clean, crashed)
    articles, errors = tables(crashed)["articles"], tables(crashed)["errors"]
    assert articles.article_id.is_unique
    manifest = json.loads((crashed / "manifest.json").read_text())
    assert manifest["counts"]["records_read"] == len(articles) + len(errors) == 3 * 401
    assert manifest["this_run"]["chunks_skipped"] == committed == 10
    # The first file's 9 chunks (401 records) and the second file's first were committed.
    assert manifest["this_run"]["records_processed"] == 3 * 401 - 401 - 50


@pytest.mark.slow
def test_new_files_only_are_processed(tmp_path):
    dump = make_dump(tmp_path / "dump", files=2, per_file=60)
    out = tmp_path / "out"
    assert start_cli(*run_args(dump, out, "--no-entities")).wait() == 0
    first = json.loads((out / "manifest.json").read_text())
    assert first["this_run"]["records_processed"] == 122
    make_dump(tmp_path / "more", files=3, per_file=60)
    (tmp_path / "more" / "dump-2.jsonl").rename(dump / "dump-2.jsonl")
    assert start_cli(*run_args(dump, out, "--no-entities")).wait() == 0
    second = json.loads((out / "manifest.json").read_text())
    assert second["this_run"]["records_processed"] == 61
    assert second["counts"]["records_read"] == 183
    assert len(pd.read_parquet(out / "articles")) == 180
    assert start_cli(*run_args(dump, out, "--no-entities", "--overwrite")).wait() == 0
    third = json.loads((out / "manifest.json").read_text())
    assert third["this_run"]["records_processed"] == 183


def _story(article_id: str, city: str) -> dict[str, str]:
    return {"id": article_id, "title": f"Talks in {city}", "body": f"Ministers met in {city}."}


def test_an_added_file_that_repeats_an_id_settles_as_a_clean_run(tmp_path):
    # b.jsonl is run first; a.jsonl, added later, sorts before it and repeats its id "X":
    # the resumed run must end as a clean run over both, where a's copy comes first.
    stages = ("entities",)
    folder = tmp_path / "in"
    write_jsonl(folder / "b.jsonl", [_story("X", "Berlin"), _story("b2", "Rome")])
    run([folder], tmp_path / "resumed", only(*stages))
    write_jsonl(folder / "a.jsonl", [_story("X", "Paris"), _story("a2", "Oslo")])
    run([folder], tmp_path / "resumed", only(*stages))
    run([folder], tmp_path / "clean", only(*stages))
    assert_same_tables(tmp_path / "clean", tmp_path / "resumed")
    found = tables(tmp_path / "resumed")
    assert found["articles"].set_index("article_id").loc["X", "title"] == "Talks in Paris"
    assert list(found["errors"].reason) == [
        f"duplicate article_id 'X' (first at {folder / 'a.jsonl'}#line 1)"
    ]
    assert "Berlin" not in set(found["mentions"].text)  # the displaced copy left no rows
    # Removing the first copy's file gives the second its article back.
    (folder / "a.jsonl").unlink()
    run([folder], tmp_path / "resumed", only(*stages))
    found = tables(tmp_path / "resumed")
    assert found["articles"].set_index("article_id").loc["X", "title"] == "Talks in Berlin"
    assert found["errors"].empty and "Berlin" in set(found["mentions"].text)


def test_a_file_whose_earlier_chunk_was_lost_is_read_again(tmp_path):
    # The Dask engine commits chunks as they finish: a crash may leave a file's last chunk
    # committed and an earlier one not. The file is not complete; its lost chunk is redone.
    stages: tuple[str, ...] = ()
    dump = write_jsonl(tmp_path / "in.jsonl", [_story(f"s{i}", "Rome") for i in range(45)])
    out = tmp_path / "out"
    run([dump], out, only(*stages, batch_size=20))
    [marker] = [m for m in (out / "_state").glob("*-00000.json") if m.stem != "inputs-00000"]
    marker.unlink()
    for part in out.glob(f"*/part-{marker.stem}.parquet"):
        part.unlink()
    result = run([dump], out, only(*stages, batch_size=20))
    assert result.counts["records_read"] == 45
    run([dump], tmp_path / "clean", only(*stages, batch_size=20))
    assert_same_tables(tmp_path / "clean", out)


def _crash_after_first_chunks(out, keep: int) -> None:
    """Leave ``out`` as a run that committed only the data file's first ``keep`` chunks and
    never wrote its manifest (a run killed midway)."""
    markers = sorted(m for m in (out / "_state").glob("*-*.json") if m.stem != "inputs-00000")
    for marker in markers[keep:]:
        marker.unlink()
        for part in out.glob(f"*/part-{marker.stem}.parquet"):
            part.unlink()
    (out / "manifest.json").unlink()


def test_a_run_is_not_resumed_with_another_batch_size(tmp_path):
    # 45 records in chunks of 20; the last chunk lost in a crash. Resumed in chunks of 10,
    # the records would be read again under other keys (65 read, 20 duplicate-id errors).
    stages: tuple[str, ...] = ()
    dump = write_jsonl(tmp_path / "in.jsonl", [_story(f"s{i}", "Rome") for i in range(45)])
    out = tmp_path / "out"
    run([dump], out, only(*stages, batch_size=20))
    assert json.loads((out / "_state" / "run.json").read_text())["config"]["batch_size"] == 20
    _crash_after_first_chunks(out, keep=2)
    with pytest.raises(PipelineError, match="--batch-size 20"):
        run([dump], out, only(*stages, batch_size=10))
    args = ["run", str(dump), "--out", str(out), "-q", "--no-entities", "--no-suggestions"]
    refused = CliRunner().invoke(app, [*args, "--batch-size", "10"])
    assert refused.exit_code == 2, refused.output
    assert "--overwrite" in plain(refused.output)
    assert len(pd.read_parquet(out / "articles")) == 40  # left as the crash left it
    result = run([dump], out, only(*stages, batch_size=20))
    assert (result.counts["records_read"], result.counts["errors_rows"]) == (45, 0)
    assert CliRunner().invoke(app, [*args, "--batch-size", "10", "--overwrite"]).exit_code == 0
    assert json.loads((out / "manifest.json").read_text())["counts"]["records_read"] == 45
    assert pd.read_parquet(out / "errors").empty


def test_long_articles_come_in_batches_bounded_by_characters_and_resume_so(tmp_path):
    # 30 stories of about 1,000 characters under a budget of 5,000: chunks of 5 stories
    # (the chunk that reaches the budget ends it), where 1,000 records would fit otherwise.
    stages: tuple[str, ...] = ()
    stories = [_story(f"s{i}", "Rome") for i in range(30)]
    for story in stories:
        story["body"] = (story["body"] + " ") * (1000 // len(story["body"]) + 1)
    dump = write_jsonl(tmp_path / "in.jsonl", stories)
    out = tmp_path / "out"
    run([dump], out, only(*stages, batch_chars=5000))
    parts = sorted((out / "articles").glob("part-*.parquet"))
    assert [len(pd.read_parquet(part)) for part in parts if "empty" not in part.name] == [5] * 6
    assert len(pd.read_parquet(out / "articles")) == 30
    _crash_after_first_chunks(out, keep=2)
    with pytest.raises(PipelineError, match="--batch-chars 5000"):
        run([dump], out, only(*stages, batch_chars=9000))
    result = run([dump], out, only(*stages, batch_chars=5000))
    assert (result.counts["records_read"], result.counts["errors_rows"]) == (30, 0)
    assert len(pd.read_parquet(out / "articles")) == 30


def test_a_run_recorded_before_the_character_bound_is_not_resumed_with_it(tmp_path):
    dump = write_jsonl(tmp_path / "in.jsonl", [_story(f"s{i}", "Rome") for i in range(5)])
    out = tmp_path / "out"
    run([dump], out, only())
    settings = out / "_state" / "run.json"
    recorded = json.loads(settings.read_text())
    del recorded["config"]["batch_chars"]  # as a run of the version before wrote it
    settings.write_text(json.dumps(recorded))
    with pytest.raises(PipelineError, match="--batch-chars"):
        check_resumable(out, only())


def test_a_run_crashed_before_its_manifest_resumes_with_the_dump_country_it_started_with(
    tmp_path,
):
    # Durham leans to GB only with the dump country; the dump alone names no country, so
    # a resumed run that inferred it again would settle its chunks without one.
    gala = {"id": "gala", "title": "Miners' gala", "body": "Thousands marched through Durham."}
    dump = write_jsonl(tmp_path / "gala.jsonl", [gala])
    out = tmp_path / "out"
    args = ["run", str(dump), "--out", str(out), "-q", "--no-suggestions", "--workers", "1"]
    assert CliRunner().invoke(app, [*args, "--dump-country", "gb"]).exit_code == 0
    recorded = json.loads((out / "_state" / "run.json").read_text())["config"]
    assert recorded["stages"]["entities"]["dump_country"] == "GB"
    _crash_after_first_chunks(out, keep=0)

    def settled(config, **options) -> str:
        return settle_config(config, [dump], out, **options).options("entities").dump_country

    auto = only("entities")
    assert settled(auto) == "GB"  # as the crashed run recorded it
    assert settled(auto, overwrite=True) == "none"  # inferred afresh: the dump names none
    assert settled(auto.with_options("entities", home_country="US")) == "none"
    assert CliRunner().invoke(app, args).exit_code == 0  # --dump-country auto
    mentions = pd.read_parquet(out / "mentions")
    assert list(mentions.loc[mentions.text == "Durham", "country_code"]) == ["GB"]


def test_a_run_is_not_resumed_with_other_stages_or_countries(tmp_path):
    # Chunks added with other stages or countries would be settled unlike the committed
    # ones: a suggestions table covering only the new chunks, Durham in GB only in some.
    gala = {"id": "gala", "title": "Miners' gala", "body": "Thousands marched through Durham."}
    dump = write_jsonl(tmp_path / "gala.jsonl", [gala])
    out = tmp_path / "out"
    args = ["run", str(dump), "--out", str(out), "-q", "--no-suggestions", "--workers", "1"]
    assert CliRunner().invoke(app, [*args, "--dump-country", "gb"]).exit_code == 0
    recorded = json.loads((out / "_state" / "run.json").read_text())["config"]["stages"]
    enabled = [name for name, options in recorded.items() if options["enabled"]]
    assert "entities" in enabled and "suggestions" not in enabled
    recorded = (out / "_state" / "run.json").read_text()
    for other in (["--dump-country", "us"], ["--home-country", "gb"], ["--no-entities"]):
        refused = CliRunner().invoke(app, [*args, *other])
        assert refused.exit_code == 2, (other, refused.output)
        assert "--overwrite" in plain(refused.output)
        assert (out / "_state" / "run.json").read_text() == recorded  # left as it was
    # The message names options that work: no "--home-country none".
    said = plain(CliRunner().invoke(app, [*args, "--home-country", "gb"]).output)
    assert "with --dump-country GB, no --home-country:" in " ".join(said.split())
    for same in (["--dump-country", "GB"], []):  # the recorded country, or auto
        assert CliRunner().invoke(app, [*args, *same]).exit_code == 0, same
    assert CliRunner().invoke(app, [*args, "--no-entities", "--overwrite"]).exit_code == 0
    assert not (out / "mentions").exists() or pd.read_parquet(out / "mentions").empty


def test_a_run_recorded_by_an_older_version_is_not_resumed(tmp_path):
    # run.json written before the configuration was recorded whole: what it ran cannot be
    # compared, so the run is refused, with the way out.
    dump = write_jsonl(tmp_path / "in.jsonl", [_story(f"s{i}", "Rome") for i in range(5)])
    out = tmp_path / "out"
    run([dump], out, only(batch_size=20))
    old = {"batch_size": 20, "entities": False, "dump_country": None, "home_country": None}
    (out / "_state" / "run.json").write_text(json.dumps(old))
    with pytest.raises(PipelineError, match=r"older version.*--overwrite"):
        run([dump], out, only(batch_size=20))
    resumed = run([dump], out, only(batch_size=20), overwrite=True)
    assert (resumed.counts["records_read"], resumed.counts["errors_rows"]) == (5, 0)


def test_a_run_is_not_resumed_with_another_model(tmp_path):
    dump = write_jsonl(tmp_path / "in.jsonl", [_story(f"s{i}", "Rome") for i in range(5)])
    out = tmp_path / "out"
    config = only("suggestions", batch_size=20)
    run([dump], out, config)
    models = read_run_settings(out).models
    assert set(models) == {"suggestions"}  # the model's sha256
    check_resumable(out, config, models)
    with pytest.raises(PipelineError, match="model"):
        check_resumable(out, config, {"suggestions": "0" * 64})
