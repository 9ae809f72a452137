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
from pipeline.core.registry import StageOptions, build_stages
from pipeline.run import run
from pipeline.run.chunks import chunk_key, file_key_of
from pipeline.run.settings import RunSettings, check_resumable, resolve_dump_country
from pipeline.run.state import RunState
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
    stages = build_stages(StageOptions(suggestions=False))
    folder = tmp_path / "in"
    write_jsonl(folder / "b.jsonl", [_story("X", "Berlin"), _story("b2", "Rome")])
    run([folder], tmp_path / "resumed", stages)
    write_jsonl(folder / "a.jsonl", [_story("X", "Paris"), _story("a2", "Oslo")])
    run([folder], tmp_path / "resumed", stages)
    run([folder], tmp_path / "clean", stages)
    assert_same_tables(tmp_path / "clean", tmp_path / "resumed")
    found = tables(tmp_path / "resumed")
    assert found["articles"].set_index("article_id").loc["X", "title"] == "Talks in Paris"
    assert list(found["errors"].reason) == [
        f"duplicate article_id 'X' (first at {folder / 'a.jsonl'}#line 1)"
    ]
    assert "Berlin" not in set(found["mentions"].text)  # the displaced copy left no rows
    # Removing the first copy's file gives the second its article back.
    (folder / "a.jsonl").unlink()
    run([folder], tmp_path / "resumed", stages)
    found = tables(tmp_path / "resumed")
    assert found["articles"].set_index("article_id").loc["X", "title"] == "Talks in Berlin"
    assert found["errors"].empty and "Berlin" in set(found["mentions"].text)


def test_a_file_whose_earlier_chunk_was_lost_is_read_again(tmp_path):
    # The Dask engine commits chunks as they finish: a crash may leave a file's last chunk
    # committed and an earlier one not. The file is not complete; its lost chunk is redone.
    stages = build_stages(StageOptions(entities=False, suggestions=False))
    dump = write_jsonl(tmp_path / "in.jsonl", [_story(f"s{i}", "Rome") for i in range(45)])
    out = tmp_path / "out"
    run([dump], out, stages, batch_size=20)
    [marker] = [m for m in (out / "_state").glob("*-00000.json") if m.stem != "inputs-00000"]
    marker.unlink()
    for part in out.glob(f"*/part-{marker.stem}.parquet"):
        part.unlink()
    result = run([dump], out, stages, batch_size=20)
    assert result.counts["records_read"] == 45
    run([dump], tmp_path / "clean", stages, batch_size=20)
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
    stages = build_stages(StageOptions(entities=False, suggestions=False))
    dump = write_jsonl(tmp_path / "in.jsonl", [_story(f"s{i}", "Rome") for i in range(45)])
    out = tmp_path / "out"
    run([dump], out, stages, batch_size=20)
    assert json.loads((out / "_state" / "run.json").read_text())["batch_size"] == 20
    _crash_after_first_chunks(out, keep=2)
    with pytest.raises(PipelineError, match="--batch-size 20"):
        run([dump], out, stages, batch_size=10)
    args = ["run", str(dump), "--out", str(out), "-q", "--no-entities", "--no-suggestions"]
    refused = CliRunner().invoke(app, [*args, "--batch-size", "10"])
    assert refused.exit_code == 2, refused.output
    assert "--overwrite" in plain(refused.output)
    assert len(pd.read_parquet(out / "articles")) == 40  # left as the crash left it
    result = run([dump], out, stages, batch_size=20)
    assert (result.counts["records_read"], result.counts["errors_rows"]) == (45, 0)
    assert CliRunner().invoke(app, [*args, "--batch-size", "10", "--overwrite"]).exit_code == 0
    assert json.loads((out / "manifest.json").read_text())["counts"]["records_read"] == 45
    assert pd.read_parquet(out / "errors").empty


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
    assert json.loads((out / "_state" / "run.json").read_text())["dump_country"] == "GB"
    _crash_after_first_chunks(out, keep=0)
    assert resolve_dump_country("auto", [dump], out) == "GB"
    assert resolve_dump_country("auto", [dump], out, overwrite=True) is None
    assert resolve_dump_country("auto", [dump], out, home_country="US") is None
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
    assert json.loads((out / "_state" / "run.json").read_text())["stages"] == ["entities"]
    recorded = (out / "_state" / "run.json").read_text()
    for other in (["--dump-country", "us"], ["--home-country", "gb"], ["--no-entities"]):
        refused = CliRunner().invoke(app, [*args, *other])
        assert refused.exit_code == 2, (other, refused.output)
        assert "--overwrite" in plain(refused.output)
        assert (out / "_state" / "run.json").read_text() == recorded  # left as it was
    # The message names options that work: no "--home-country none".
    said = plain(CliRunner().invoke(app, [*args, "--home-country", "gb"]).output)
    assert "--dump-country GB and no --home-country" in " ".join(said.split())
    for same in (["--dump-country", "GB"], []):  # the recorded country, or auto
        assert CliRunner().invoke(app, [*args, *same]).exit_code == 0, same
    assert CliRunner().invoke(app, [*args, "--no-entities", "--overwrite"]).exit_code == 0
    assert not (out / "mentions").exists() or pd.read_parquet(out / "mentions").empty


def test_a_run_recorded_before_stages_were_is_not_resumed_with_other_stages(tmp_path):
    # run.json written by the version before stages were recorded: the manifest of the
    # finished run says which stages ran, and the entities flag was always there.
    stages = build_stages(StageOptions(entities=False, suggestions=False))
    dump = write_jsonl(tmp_path / "in.jsonl", [_story(f"s{i}", "Rome") for i in range(5)])
    out = tmp_path / "out"
    run([dump], out, stages, batch_size=20)
    old = {"batch_size": 20, "entities": False, "dump_country": None, "home_country": None}
    (out / "_state" / "run.json").write_text(json.dumps(old))
    with_suggestions = build_stages(StageOptions(entities=False))
    with pytest.raises(PipelineError, match="stages"):
        run([dump], out, with_suggestions, batch_size=20)
    (out / "manifest.json").unlink()  # crashed before its manifest: the flag still counts
    with_entities = RunSettings.of_stages(20, [{"name": "entities", "dump_country": None}])
    with pytest.raises(PipelineError, match="stages"):
        check_resumable(out, with_entities)
    resumed = run([dump], out, stages, batch_size=20)  # the same stages: resumed
    assert (resumed.counts["records_read"], resumed.counts["errors_rows"]) == (5, 0)


def test_a_run_is_not_resumed_with_another_model(tmp_path):
    stages = build_stages(StageOptions(entities=False))
    dump = write_jsonl(tmp_path / "in.jsonl", [_story(f"s{i}", "Rome") for i in range(5)])
    out = tmp_path / "out"
    run([dump], out, stages, batch_size=20)
    described = [stage.describe() for stage in stages]
    same = RunSettings.of_stages(20, described)
    check_resumable(out, same)
    retrained = [{**d, "model_sha256": "0" * 64} if "model_sha256" in d else d for d in described]
    with pytest.raises(PipelineError, match="model"):
        check_resumable(out, RunSettings.of_stages(20, retrained))


def _marked(state: RunState, file_key: str, indices: list[int], last: int) -> None:
    for index in indices:
        state.mark(chunk_key(file_key, index), {"records": 1, "last": index == last})


def test_run_state_knows_which_files_are_complete(tmp_path):
    state = RunState(tmp_path)
    _marked(state, "aaaa", [0, 1, 2], last=2)
    _marked(state, "bbbb", [0, 2], last=2)  # chunk 1 lost in a crash
    _marked(state, "cccc", [0, 1], last=-1)  # its last chunk not committed yet
    assert [state.file_complete(key) for key in ("aaaa", "bbbb", "cccc", "dddd")] == [
        True,
        False,
        False,
        False,
    ]
    assert state.chunks_of("bbbb") == ["bbbb-00000", "bbbb-00002"]
    state.forget("aaaa-00001")
    assert not state.file_complete("aaaa") and len(state.chunks_of("aaaa")) == 2
    state.mark("bbbb-00001", {"records": 1})
    assert state.file_complete("bbbb")
    (tmp_path / "_state" / "run.json").write_text('{"batch_size": 1}')
    loaded = RunState(tmp_path)  # the same answers from the markers on disk
    assert loaded.done == state.done
    assert [loaded.file_complete(key) for key in ("aaaa", "bbbb", "cccc")] == [
        False,
        True,
        False,
    ]
    assert loaded.chunks_of("cccc") == ["cccc-00000", "cccc-00001"]


def test_asking_about_one_file_reads_only_its_own_markers(tmp_path, monkeypatch):
    # Resuming a run over many files asks about each file once: answering must not walk
    # every other file's markers (quadratic in the number of files).
    state = RunState(tmp_path)
    files = [f"{n:012x}" for n in range(300)]
    for file_key in files:
        _marked(state, file_key, [0, 1], last=1)
    loaded = RunState(tmp_path)
    calls = []

    def counting_file_key_of(key: str) -> str:
        calls.append(key)
        return file_key_of(key)

    monkeypatch.setattr("pipeline.run.state.file_key_of", counting_file_key_of)
    for file_key in files:
        assert loaded.file_complete(file_key) and len(loaded.chunks_of(file_key)) == 2
    assert len(calls) < len(files)
