"""Crash safety: a run killed at random points and re-run equals an uninterrupted run."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import SAMPLE

KEYS = {
    "articles": ["article_id"],
    "errors": ["source", "locator", "reason"],
    "mentions": ["article_id", "field", "start_char", "label"],
    "entities": ["article_id", "canonical", "label"],
    "suggestions": ["article_id", "kind", "rank"],
}


def make_dump(folder: Path, files: int = 3, per_file: int = 400) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    bodies = [
        line
        for line in (SAMPLE / "feed.jsonl").read_text(encoding="utf-8").splitlines()
        if line.startswith("{") and '"body"' in line
    ]
    bodies = [json.loads(b) for b in bodies if b.endswith("}")]
    rng = random.Random(7)
    for f in range(files):
        with open(folder / f"dump-{f}.jsonl", "w", encoding="utf-8") as handle:
            for i in range(per_file):
                record = dict(rng.choice(bodies))
                record["id"] = f"f{f}-{i}"
                record["title"] = f"{record['title']} ({f}/{i})"
                handle.write(json.dumps(record) + "\n")
            handle.write('{"id": "broken\n')  # one bad record per file
    return folder


def run_cli(dump: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "run",
            str(dump),
            "--out",
            str(out),
            "--quiet",
            "--batch-size",
            "50",
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def tables(out: Path) -> dict[str, pd.DataFrame]:
    found = {}
    for name, keys in KEYS.items():
        if (out / name).exists():
            frame = pd.read_parquet(out / name)
            found[name] = frame.sort_values(keys).reset_index(drop=True)
    return found


def assert_same_tables(a: Path, b: Path) -> None:
    first, second = tables(a), tables(b)
    assert first.keys() == second.keys()
    for name in first:
        pd.testing.assert_frame_equal(first[name], second[name], check_like=True, obj=name)


@pytest.mark.parametrize("entities", [False, True])
def test_sigkill_at_random_points_then_resume(tmp_path, entities):
    dump = make_dump(tmp_path / "dump")
    extra = () if entities else ("--no-entities",)
    clean = tmp_path / "clean"
    assert run_cli(dump, clean, *extra).wait() == 0
    crashed = tmp_path / "crashed"
    rng = random.Random(1 + entities)
    kills = 0
    for _ in range(4):
        process = run_cli(dump, crashed, *extra)
        time.sleep(rng.uniform(1.0, 5.0 if entities else 2.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()
    assert kills >= 1, "the run finished before any kill: make the dump larger"
    assert run_cli(dump, crashed, *extra).wait() == 0
    assert_same_tables(clean, crashed)
    articles, errors = tables(crashed)["articles"], tables(crashed)["errors"]
    assert articles.article_id.is_unique
    manifest = json.loads((crashed / "manifest.json").read_text())
    assert manifest["counts"]["records_read"] == len(articles) + len(errors) == 3 * 401


def test_new_files_only_are_processed(tmp_path):
    dump = make_dump(tmp_path / "dump", files=2, per_file=60)
    out = tmp_path / "out"
    assert run_cli(dump, out, "--no-entities").wait() == 0
    first = json.loads((out / "manifest.json").read_text())
    assert first["this_run"]["records_processed"] == 122
    make_dump(tmp_path / "more", files=3, per_file=60)
    (tmp_path / "more" / "dump-2.jsonl").rename(dump / "dump-2.jsonl")
    assert run_cli(dump, out, "--no-entities").wait() == 0
    second = json.loads((out / "manifest.json").read_text())
    assert second["this_run"]["records_processed"] == 61
    assert second["counts"]["records_read"] == 183
    assert len(pd.read_parquet(out / "articles")) == 180
    assert run_cli(dump, out, "--no-entities", "--overwrite").wait() == 0
    third = json.loads((out / "manifest.json").read_text())
    assert third["this_run"]["records_processed"] == 183
