"""Crash safety and resuming: a run killed at random points, or resumed after files were
added, ends with the same tables as one uninterrupted run."""

from __future__ import annotations

import json
import random
import signal
import time

import pandas as pd
import pytest

from pipeline.run import run
from pipeline.stages import StageOptions, build_stages
from tests.support import assert_same_tables, make_dump, run_args, start_cli, tables, write_jsonl


@pytest.mark.slow
@pytest.mark.parametrize("entities", [False, True])
def test_sigkill_at_random_points_then_resume(tmp_path, entities):
    dump = make_dump(tmp_path / "dump")
    extra = () if entities else ("--no-entities",)
    clean = tmp_path / "clean"
    assert start_cli(*run_args(dump, clean, *extra)).wait() == 0
    crashed = tmp_path / "crashed"
    rng = random.Random(1 + entities)
    kills = 0
    for _ in range(4):
        process = start_cli(*run_args(dump, crashed, *extra))
        time.sleep(rng.uniform(1.0, 5.0 if entities else 2.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
    assert kills >= 1, "the run finished before any kill: make the dump larger"
    assert start_cli(*run_args(dump, crashed, *extra)).wait() == 0
    assert_same_tables(clean, crashed)
    articles, errors = tables(crashed)["articles"], tables(crashed)["errors"]
    assert articles.article_id.is_unique
    manifest = json.loads((crashed / "manifest.json").read_text())
    assert manifest["counts"]["records_read"] == len(articles) + len(errors) == 3 * 401


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
