"""`pipeline run` options and the output folder: what --overwrite removes, what the country
options accept, and files that are written whole or not at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.core.config import RunConfig
from pipeline.core.errors import PipelineError
from pipeline.core.files import atomic_path
from pipeline.ingest.lossy import damage
from pipeline.run.chunks import chunk_order
from pipeline.service.analysis import AnalysisSettings, Item, analyze_items
from pipeline.single import analyze
from pipeline.tables import TableSet
from tests.support import ROOT, plain, running_service, write_jsonl

runner = CliRunner()


def _story(article_id: str) -> dict[str, str]:
    return {"id": article_id, "title": f"Story {article_id}", "body": "Ministers met."}


def _run_args(dump, out, *extra: str) -> list[str]:
    return ["run", str(dump), "--out", str(out), "-q", "--no-entities", *extra]


def test_overwrite_leaves_other_folders_alone_and_a_bad_model_deletes_nothing(tmp_path):
    dump = write_jsonl(tmp_path / "in.jsonl", [_story(f"s{i}") for i in range(3)])
    out = tmp_path / "out"
    assert runner.invoke(app, _run_args(dump, out, "--no-suggestions")).exit_code == 0
    unrelated = out / "backup"
    unrelated.mkdir()
    (unrelated / "part-x.parquet").write_bytes(b"someone else's")
    result = runner.invoke(app, _run_args(dump, out, "--no-suggestions", "--overwrite"))
    assert result.exit_code == 0, result.output
    assert (unrelated / "part-x.parquet").read_bytes() == b"someone else's"
    assert len(pd.read_parquet(out / "articles")) == 3

    result = runner.invoke(app, _run_args(dump, out, "--overwrite", "--model", "/nonexistent"))
    assert result.exit_code != 0
    assert len(pd.read_parquet(out / "articles")) == 3  # the model failed before any deletion
    assert (out / "manifest.json").exists() and (unrelated / "part-x.parquet").exists()


def test_overwrite_removes_only_folders_named_plainly_in_the_manifest(tmp_path):
    out, victim = tmp_path / "out", tmp_path / "victim"
    for folder in (out / "articles", out / "old_table", victim, out / "kept"):
        folder.mkdir(parents=True)
        (folder / "part-a.parquet").write_bytes(b"")
    (out / "_state").mkdir()
    (out / "manifest.json").write_text("{}")
    tables = ["articles", "old_table", "../victim", str(victim), "", ".", "..", "kept/."]
    TableSet.clear(out, tables)
    assert not (out / "articles").exists() and not (out / "old_table").exists()
    assert not (out / "_state").exists() and not (out / "manifest.json").exists()
    assert (victim / "part-a.parquet").exists() and (out / "kept" / "part-a.parquet").exists()


def test_chunks_sort_by_their_index_as_a_number():
    keys = ["b-100000", "a-00001", "b-99999", "b-00002"]
    ordered = sorted(keys, key=lambda key: chunk_order(key, {"b": 0, "a": 1}))
    assert ordered == ["b-00002", "b-99999", "b-100000", "a-00001"]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--dump-country", "XX"),
        ("--dump-country", "Britain"),
        ("--dump-country", "automatic"),
        ("--home-country", "none"),
        ("--home-country", "UK"),
        ("--home-country", "GBR"),
    ],
)
def test_country_options_take_iso_codes_only(tmp_path, option, value):
    dump = write_jsonl(tmp_path / "in.jsonl", [_story("s")])
    result = runner.invoke(app, _run_args(dump, tmp_path / "out", option, value))
    assert result.exit_code == 2, result.output
    assert option in plain(result.output) and value in plain(result.output)
    assert not (tmp_path / "out").exists()  # refused before anything was written


@pytest.mark.parametrize(
    "options",
    [
        ["--dump-country", "gb"],
        ["--dump-country", "AUTO"],
        ["--dump-country", "None"],
        ["--home-country", "us", "--dump-country", "fr"],
    ],
)
def test_country_options_accept_codes_in_any_case(tmp_path, options):
    dump = write_jsonl(tmp_path / "in.jsonl", [_story("s")])
    extra = [*options, "--no-suggestions"]
    result = runner.invoke(app, _run_args(dump, tmp_path / "out", *extra))
    assert result.exit_code == 0, result.output


def test_manifest_is_utf8_whatever_the_locale(tmp_path):
    # Under an ASCII locale, text written without an encoding cannot hold "é".
    script = (
        "import sys; from pathlib import Path; from pipeline.run.manifest import write_manifest;"
        "from pipeline.core.config import RunConfig;"
        "write_manifest(Path(sys.argv[1]), inputs=[], tables=[], counts={},"
        " this_run={'engine': 'caf\\u00e9'}, stages=[], seconds=0, config=RunConfig.build())"
    )
    environment = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
    subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)], check=True, cwd=ROOT, env=environment
    )
    manifest = json.loads((tmp_path / "manifest.json").read_bytes().decode("utf-8"))
    assert manifest["this_run"] == {"engine": "café"}
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_a_failed_atomic_write_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "a.json"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_a_failed_part_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    tables = TableSet(tmp_path, {"errors": pa.schema([("reason", pa.string())])})

    def write_half(data, where, **options):
        with open(where, "wb") as stream:
            stream.write(b"PAR1 half")
        raise OSError("disk full")

    monkeypatch.setattr("pipeline.tables.writer.pq.write_table", write_half)
    with pytest.raises(OSError, match="disk full"):
        tables.write_part("errors", "k-00000", [{"reason": "x"}])
    assert list((tmp_path / "errors").iterdir()) == []


def test_analyze_leans_to_the_dump_country():
    from pipeline.single import analyze

    def durham(**countries: str) -> list[str | None]:
        text = "Thousands marched through Durham on Saturday."
        result = analyze("Miners' gala", text, suggestions=False, **countries)
        return [m.country_code for m in result.mentions if m.text == "Durham"]

    assert durham(dump_country="GB") == ["GB"]
    assert durham() != ["GB"]


# -- the house dash style ------------------------------------------------------------------------
PARENTHESIS = "The plan – first proposed in 2019 – went ahead, officials said on Monday."


def _config_of(out) -> dict:
    return json.loads((out / "manifest.json").read_text())["config"]


def test_a_given_house_style_repairs_every_spaced_dash_of_the_dump(tmp_path):
    # The damage leaves no trace of the style (– and — both become â??): the newsroom says.
    stories = [
        {"id": f"s{i}", "title": f"Story {i}", "body": damage(PARENTHESIS)} for i in range(30)
    ]
    dump = write_jsonl(tmp_path / "in.jsonl", stories)
    bodies = {}
    for style, dash in (("en", "–"), ("em", "—")):
        out = tmp_path / style
        args = _run_args(dump, out, "--no-suggestions", "--dash-style", style)
        result = runner.invoke(app, [*args, "--workers", "2", "--batch-size", "10"])
        assert result.exit_code == 0, result.output
        bodies[style] = set(pd.read_parquet(out / "articles").body)
        assert bodies[style] == {PARENTHESIS.replace("–", dash)}
        assert _config_of(out)["stages"]["repair"]["dash_style"] == style
    resumed = _run_args(dump, tmp_path / "en", "--no-suggestions", "--batch-size", "10")
    refused = runner.invoke(app, resumed)
    assert refused.exit_code == 2  # resumed with another style (auto): refused
    assert "--dash-style en" in plain(refused.output)
    assert runner.invoke(app, [*resumed, "--dash-style", "EN"]).exit_code == 0  # the same
    # The same option given as --set or in a config file is the same configuration.
    assert runner.invoke(app, [*resumed, "--set", "repair.dash_style=en"]).exit_code == 0
    config_file = tmp_path / "run.toml"
    config_file.write_text('[repair]\ndash_style = "en"\n')
    assert runner.invoke(app, [*resumed, "--config", str(config_file)]).exit_code == 0


def test_options_come_from_flags_set_and_a_config_file_in_that_order(tmp_path):
    from pipeline.cli import run_config, stage_flags

    config_file = tmp_path / "run.toml"
    config_file.write_text('batch_size = 50\n[entities]\nhome_country = "FR"\n')
    from_file = run_config(stage_flags(), [], config_file, None)
    assert from_file.batch_size == 50 and from_file.options("entities").home_country == "FR"
    flagged = run_config(stage_flags(home_country="GB"), [], config_file, 20)
    assert flagged.batch_size == 20 and flagged.options("entities").home_country == "GB"
    setting = run_config(stage_flags(home_country="GB"), ["entities.home_country=DE"], None, None)
    assert setting.options("entities").home_country == "DE"
    for bad in (["entities.home_country=UK"], ["entitys.enabled=false"], ["no-equals"]):
        with pytest.raises(PipelineError):
            run_config(stage_flags(), bad, None, None)
    result = runner.invoke(
        app, ["run", "x", "--out", str(tmp_path / "o"), "--set", "entities.nope=1"]
    )
    assert result.exit_code == 2 and "entities.nope" in plain(result.output)


def test_normalize_and_analyze_take_the_house_style():
    damaged = damage(PARENTHESIS)
    for style, dash in (("en", "–"), ("em", "—")):
        result = runner.invoke(app, ["normalize", "-", "--dash-style", style], input=damaged)
        assert result.output == PARENTHESIS.replace("–", dash) + "\n"
        analysis = analyze("Plan", damaged, entities=False, suggestions=False, dash_style=style)
        assert analysis.body == PARENTHESIS.replace("–", dash)
        by_setting = analyze(
            "Plan",
            damaged,
            entities=False,
            suggestions=False,
            settings={"repair.dash_style": style},
        )
        assert by_setting.body == analysis.body
    assert runner.invoke(app, ["normalize", "-", "--dash-style", "x"], input="a").exit_code == 2
    with pytest.raises(PipelineError, match=r"repair\.dash_style"):
        analyze("Plan", damaged, entities=False, suggestions=False, dash_style="m-dash")


def test_the_service_repairs_drafts_in_its_house_style(tmp_path):
    config = RunConfig.build(
        {
            "repair": {"dash_style": "em"},
            "entities": {"enabled": False},
            "suggestions": {"enabled": False},
        }
    )
    [answer] = analyze_items([Item("Plan", damage(PARENTHESIS))], AnalysisSettings(config))
    assert answer["body"] == PARENTHESIS.replace("–", "—")
    # The option as `pipeline serve` takes it, through the config to the analysis.
    with running_service(tmp_path, "--dash-style", "em", "--workers", "0") as server:
        status, answer = server.post("/v1/analyze", {"title": "Plan", "body": damage(PARENTHESIS)})
    assert status == 200 and answer["body"] == PARENTHESIS.replace("–", "—")
