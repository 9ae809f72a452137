"""Every engine runs the same stages into the same tables: local, Dask, and a run crashed
under one engine (at a chosen chunk: PIPELINE_FAULT_AFTER_CHUNKS, pipeline/run/commit.py)
and resumed under the other."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import dask
import pandas as pd
import pytest

from pipeline.classify.stage import BUNDLED_MODEL
from pipeline.core.config import RunConfig
from pipeline.ingest.lossy import damage
from pipeline.run import LocalEngine, run
from pipeline.run.commit import FAULT_EXIT_CODE
from tests.support import (
    HANG_GUARD_SECONDS,
    SAMPLE,
    assert_same_tables,
    committed_chunks,
    crash_cli,
    fault_env,
    make_dump,
    run_args,
    start_cli,
    tables,
    uncommitted_parts,
    write_jsonl,
)
from tests.toy_stage import only

distributed = pytest.importorskip("dask.distributed")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


def dask_engine(cluster):
    from pipeline.run.cluster import DaskEngine

    return DaskEngine(cluster.scheduler_address)


def test_dask_tables_equal_local_tables(cluster, tmp_path):
    dump = tmp_path / "dump"
    shutil.copytree(SAMPLE, dump)
    # A duplicate id across files: settled after the parallel tasks, as a local run would.
    first = (SAMPLE / "feed.jsonl").read_text(encoding="utf-8").splitlines()[0]
    (dump / "zz-late-copy.jsonl").write_text(first + "\n", encoding="utf-8")
    # One file of three chunks (tasks run in parallel) repeating an id across chunks.
    # Its bodies are damaged: both engines repair them in the house style the run is given.
    rows = [
        {
            "id": f"long-{i}",
            "title": f"Talks in Geneva, round {i}",
            "body": damage(f"Met – {i} – ok."),
        }
        for i in range(45)
    ]
    rows[30]["id"] = "long-3"
    (dump / "long.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    sections = {"repair": {"dash_style": "em"}, "suggestions": {"model_dir": str(BUNDLED_MODEL)}}
    config = RunConfig.build(sections, batch_size=20)
    run([dump], tmp_path / "local", config, engine=LocalEngine(2))
    with dask_engine(cluster) as engine:
        result = run([dump], tmp_path / "dask", config, engine=engine)
    assert_same_tables(tmp_path / "local", tmp_path / "dask")
    articles = tables(tmp_path / "dask")["articles"]
    assert set(articles.body[articles.article_id == "long-7"]) == {"Met — 7 — ok."}
    errors = tables(tmp_path / "dask")["errors"]
    assert errors.reason.str.startswith("duplicate article_id").sum() == 2
    local, remote = (
        json.loads((tmp_path / d / "manifest.json").read_text()) for d in ("local", "dask")
    )
    assert remote["counts"] == local["counts"]
    assert remote["stages"] == local["stages"] and remote["tables"] == local["tables"]
    assert result.counts["records_read"] == len(tables(tmp_path / "dask")["articles"]) + len(errors)


def test_a_new_stage_runs_under_both_engines_untouched(cluster, tmp_path):
    config = only("toy_word_counts", batch_size=30)  # registered, not built into any engine
    run([SAMPLE], tmp_path / "local", config, engine=LocalEngine(2))
    with dask_engine(cluster) as engine:
        run([SAMPLE], tmp_path / "dask", config, engine=engine)
    counts = {}
    for name in ("local", "dask"):
        out = tmp_path / name
        manifest = json.loads((out / "manifest.json").read_text())
        assert manifest["tables"] == ["articles", "errors", "repairs", "word_counts"]
        assert [stage["name"] for stage in manifest["stages"]] == ["repair", "toy_word_counts"]
        frame = pd.read_parquet(out / "word_counts")
        counts[name] = frame.sort_values("article_id").reset_index(drop=True)
    articles = pd.read_parquet(tmp_path / "local" / "articles")
    assert len(counts["local"]) == len(articles) and (counts["local"].words > 0).all()
    assert counts["local"].equals(counts["dask"])


def test_crashed_locally_resumed_on_dask_equals_a_clean_run(cluster, tmp_path):
    # 2 files of 301 lines in chunks of 50. The local run's driver (2 forked workers)
    # commits 3 chunks and dies writing the 4th; the Dask run redoes the rest.
    dump = make_dump(tmp_path / "dump", files=2, per_file=300)
    options = ("--no-suggestions",)
    assert start_cli(*run_args(dump, tmp_path / "clean", *options)).wait() == 0
    out = tmp_path / "out"
    crash_cli(3, *run_args(dump, out, *options, "--workers", "2"))
    assert len(committed_chunks(out)) == 3 and len(uncommitted_parts(out)) == 1
    with dask_engine(cluster) as engine:
        # The configuration the crashed command ran with (--no-suggestions).
        config = RunConfig.build({"suggestions": {"enabled": False}}, batch_size=50)
        result = run([dump], out, config, engine=engine)
    assert result.counts["records_read"] == 2 * 301
    assert not uncommitted_parts(out)
    assert_same_tables(tmp_path / "clean", out)


@pytest.fixture
def dying_worker(tmp_path):
    """The address of a scheduler with one worker process (no nanny to restart it) that
    commits 3 chunks and dies writing the 4th; the scheduler retries no task a dead worker
    held, so the client's run fails at once and no other worker commits anything."""
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 0}),
        distributed.LocalCluster(n_workers=0, processes=True, dashboard_address=":0") as local,
    ):
        log = tmp_path / "worker.log"
        with open(log, "wb") as stderr:
            worker = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("dask")),
                    "worker",
                    local.scheduler_address,
                    "--no-nanny",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                    "--local-directory",
                    str(tmp_path / "worker"),
                ],
                env=fault_env(3),
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        try:
            yield local.scheduler_address, worker, log
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.wait()


def test_crashed_on_dask_resumed_locally_equals_a_clean_run(dying_worker, tmp_path):
    scheduler, worker, log = dying_worker
    dump = make_dump(tmp_path / "dump", files=2, per_file=300)
    options = ("--no-suggestions",)
    assert start_cli(*run_args(dump, tmp_path / "clean", *options)).wait() == 0
    out = tmp_path / "out"
    dask_run = ("--engine", "dask", "--scheduler", scheduler)
    client = start_cli(*run_args(dump, out, *options, *dask_run))
    _, said = client.communicate(timeout=HANG_GUARD_SECONDS)
    assert client.returncode != 0
    assert worker.wait(timeout=HANG_GUARD_SECONDS) == FAULT_EXIT_CODE, log.read_text()[-3000:]
    assert b"KilledWorker" in said or b"died" in said, said.decode(errors="replace")[-3000:]
    assert len(committed_chunks(out)) == 3 and len(uncommitted_parts(out)) == 1
    assert not (out / "manifest.json").exists()
    assert start_cli(*run_args(dump, out, *options)).wait() == 0
    assert not uncommitted_parts(out)
    assert_same_tables(tmp_path / "clean", out)


def test_an_added_file_that_repeats_an_id_settles_on_dask_as_a_clean_run(cluster, tmp_path):
    # b.jsonl runs first; a.jsonl, added later, sorts before it and repeats its id "X": on
    # Dask as locally (tests/test_resume.py), the resumed run ends as a clean run, a's first.
    def story(article_id: str, city: str) -> dict[str, str]:
        return {"id": article_id, "title": f"Talks in {city}", "body": f"Ministers met in {city}."}

    stages = only("entities")
    folder = tmp_path / "in"
    write_jsonl(folder / "b.jsonl", [story("X", "Berlin"), story("b2", "Rome")])
    with dask_engine(cluster) as engine:
        run([folder], tmp_path / "resumed", stages, engine=engine)
        write_jsonl(folder / "a.jsonl", [story("X", "Paris"), story("a2", "Oslo")])
        run([folder], tmp_path / "resumed", stages, engine=engine)
    run([folder], tmp_path / "clean", stages)
    assert_same_tables(tmp_path / "clean", tmp_path / "resumed")
    articles = tables(tmp_path / "resumed")["articles"].set_index("article_id")
    assert articles.loc["X", "title"] == "Talks in Paris"
