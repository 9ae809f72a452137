"""The Dask engine's tables equal the local engine's, row for row."""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.distributed import run_dask
from pipeline.runner import run
from tests.conftest import SAMPLE
from tests.test_resume import assert_same_tables, tables

distributed = pytest.importorskip("dask.distributed")


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        yield local


def test_dask_tables_equal_local_tables(cluster, tmp_path):
    dump = tmp_path / "dump"
    shutil.copytree(SAMPLE, dump)
    # A duplicate id across files: settled after the parallel tasks, as a local run would.
    first = (SAMPLE / "feed.jsonl").read_text(encoding="utf-8").splitlines()[0]
    (dump / "zz-late-copy.jsonl").write_text(first + "\n", encoding="utf-8")
    # One file of three chunks (tasks run in parallel) repeating an id across chunks.
    rows = [
        {"id": f"long-{i}", "title": f"Talks in Geneva, round {i}", "body": f"Delegates met {i}."}
        for i in range(45)
    ]
    rows[30]["id"] = "long-3"
    (dump / "long.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    model = SAMPLE.parents[1] / "models" / "default"
    from pipeline.classify.annotate import SuggestionAnnotator
    from pipeline.nlp import EntityExtractor

    local = tmp_path / "local"
    run(
        [dump],
        local,
        extractor=EntityExtractor(n_process=1),
        suggester=SuggestionAnnotator(model),
        batch_size=20,
    )
    remote = tmp_path / "dask"
    result = run_dask([dump], remote, cluster.scheduler_address, model_dir=model, batch_size=20)
    assert_same_tables(local, remote)
    errors = tables(remote)["errors"]
    assert errors.reason.str.startswith("duplicate article_id").sum() == 2
    manifest = json.loads((remote / "manifest.json").read_text())
    assert manifest["counts"] == json.loads((local / "manifest.json").read_text())["counts"]
    assert result.counts["records_read"] == len(tables(remote)["articles"]) + len(errors)
