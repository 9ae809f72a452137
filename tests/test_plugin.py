"""The example stage plugin (examples/stage-plugin), installed with pip as a user would, runs
in `pipeline run`, `analyze()` and the service with no edit to the pipeline.

It is installed into a folder of its own (pip --target) and put on PYTHONPATH for the
commands under test, so the project's environment stays as it was for the other tests; the
entry point is found exactly as for a package installed into the environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from tests.support import ROOT, running_service

PLUGIN = ROOT / "examples" / "stage-plugin"
SAMPLE = ROOT / "data" / "sample"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory):
    target = tmp_path_factory.mktemp("plugin")
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(PLUGIN),
        ],
        capture_output=True,
        text=True,
    )
    if installed.returncode != 0:
        pytest.fail(f"pip could not install the example plugin:\n{installed.stderr[-2000:]}")
    return target


def _env(plugin_path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin_path), str(ROOT)])}


def _python(plugin_path, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=_env(plugin_path),
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.slow
def test_the_plugin_table_appears_in_a_run_with_a_row_per_article(plugin_path, tmp_path):
    out = tmp_path / "run"
    command = [sys.executable, "-m", "pipeline.cli", "run", str(SAMPLE), "--out", str(out)]
    command += ["--no-entities", "--no-suggestions", "--workers", "2", "-q"]
    done = subprocess.run(command, capture_output=True, text=True, env=_env(plugin_path), cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    articles = pd.read_parquet(out / "articles")
    counts = pd.read_parquet(out / "word_counts")
    assert sorted(counts.article_id) == sorted(articles.article_id) and len(articles) > 50
    expected = {
        a.article_id: len(a.title.split()) + len(a.body.split()) for a in articles.itertuples()
    }
    assert dict(zip(counts.article_id, counts.words, strict=True)) == expected
    manifest = json.loads((out / "manifest.json").read_text())
    assert "word_counts" in manifest["tables"]
    assert manifest["config"]["stages"]["word_count"] == {
        "enabled": True,
        "fields": ["title", "body"],
    }
    # Its options, like any stage's, from --set.
    bodies = tmp_path / "bodies"
    done = subprocess.run(
        [*command[:6], str(bodies), *command[7:], "--set", 'word_count.fields=["body"]'],
        capture_output=True,
        text=True,
        env=_env(plugin_path),
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    only_bodies = pd.read_parquet(bodies / "word_counts").set_index("article_id").words
    assert all(only_bodies[a.article_id] == len(a.body.split()) for a in articles.itertuples())


def test_analyze_gives_the_plugin_rows(plugin_path):
    said = _python(
        plugin_path,
        "import json, pipeline;"
        "a = pipeline.analyze('Seoul talks', 'Two more words here.', entities=False, suggestions=False);"
        "print(json.dumps(a.tables['word_counts']))",
    )
    [row] = json.loads(said)
    assert row["words"] == 6


def test_without_the_plugin_there_is_no_such_stage():
    from pipeline.core.registry import definitions

    assert "word_count" not in {d.name for d in definitions()}


@pytest.mark.slow
def test_the_service_shows_the_plugin_rows(plugin_path, tmp_path):
    env = {"PYTHONPATH": os.pathsep.join([str(plugin_path), str(ROOT)])}
    with running_service(tmp_path, "--workers", "0", env=env) as server:
        status, answer = server.post(
            "/v1/analyze", {"title": "Seoul talks", "body": "Two more words."}
        )
        _, model = server.request("GET", "/v1/model")
    assert status == 200
    assert [row["words"] for row in answer["tables"]["word_counts"]] == [5]
    assert "word_count" in [stage["name"] for stage in model["stages"]]
