"""Command-line interface: a thin layer over the stages.

pipeline normalize [FILE|-] [--explain]
pipeline run INPUT... --out DIR
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from pipeline.service import config as service_config

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Content analysis for news article dumps."
)


class DashStyle(StrEnum):
    auto = "auto"
    en = "en"
    em = "em"


# One help text for every command that repairs text.
DASH_STYLE_HELP = (
    "The publisher's house style for spaced dashes, which damaged text no longer shows "
    "(– and — both become â??): 'en' or 'em'; 'auto' guesses each article's."
)


@app.command()
def normalize(
    file: Annotated[str, typer.Argument(help="A text file, or - for standard input.")] = "-",
    explain: Annotated[
        bool, typer.Option("--explain", help="List each repair after the text.")
    ] = False,
    dash_style: Annotated[
        DashStyle, typer.Option(help=DASH_STYLE_HELP, case_sensitive=False)
    ] = DashStyle.auto,
) -> None:
    """Print the repaired text of FILE (mojibake, lossy mojibake, entities, control
    characters, line breaks); its spacing is kept, as ftfy keeps it."""
    from pipeline.ingest.encoding import decode_bytes
    from pipeline.ingest.lossy import house_style
    from pipeline.ingest.normalize import TEXT_STEPS, explain_normalization

    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    text, encoding = decode_bytes(data)
    with house_style(dash_style.value):
        fixed, repairs = explain_normalization(text, TEXT_STEPS)
    typer.echo(fixed, nl=not fixed.endswith("\n"))
    if explain:
        typer.echo(f"\n--- {len(repairs)} repairs (input decoded as {encoding}) ---")
        by_step = Counter(repair.step for repair in repairs)
        for step in TEXT_STEPS:  # the chain in order: what each step did
            if by_step[step.name]:
                typer.echo(f"{step.name:<18} {by_step[step.name]:>5}  {step.about}")
        typer.echo("")
        for repair in repairs:
            why = f"  ({repair.reason})" if repair.reason else ""
            typer.echo(f"{repair.step:<18} {repair.before!r} -> {repair.after!r}{why}")


def _country_code(value: str | None) -> str | None:
    """``--home-country``: an ISO 3166-1 alpha-2 code (any case), given upper-case."""
    if value is None:
        return None
    import pycountry

    if pycountry.countries.get(alpha_2=value.upper()) is None:
        raise typer.BadParameter(f"{value!r} is not an ISO 3166-1 alpha-2 country code (e.g. GB)")
    return value.upper()


def _dump_country_choice(value: str) -> str:
    """``--dump-country``: auto, none, or a country code (see :func:`_country_code`)."""
    from pipeline.run.settings import DUMP_COUNTRY_AUTO, DUMP_COUNTRY_NONE

    if value.lower() in (DUMP_COUNTRY_AUTO, DUMP_COUNTRY_NONE):
        return value.lower()
    try:
        return _country_code(value) or value
    except typer.BadParameter as exc:
        raise typer.BadParameter(f"{exc.message}, nor 'auto' or 'none'") from None


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, .zip or .tar.gz archives.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the tables.")],
    batch_size: Annotated[int, typer.Option(help="Articles per batch and per part file.")] = 1000,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: the number of cores).")
    ] = None,
    spacy_model: Annotated[
        str | None,
        typer.Option(
            help="An installed spaCy pipeline (default: $PIPELINE_SPACY_MODEL or en_core_web_sm)."
        ),
    ] = None,
    entities: Annotated[bool, typer.Option(help="Extract entities (mentions/, entities/).")] = True,
    home_country: Annotated[
        str | None,
        typer.Option(
            help="The publisher's country (ISO code, e.g. GB): a place name several countries "
            "share (Durham, Perth) leans to the namesake there when the article says nothing.",
            callback=_country_code,
        ),
    ] = None,
    dump_country: Annotated[
        str,
        typer.Option(
            help="The country the dump names most, a weaker lean than --home-country: "
            "'auto' infers it from the first 250 articles when one country clearly leads, "
            "'none' turns it off, or an ISO code.",
            callback=_dump_country_choice,
        ),
    ] = "auto",
    model: Annotated[
        Path | None,
        typer.Option(help="Suggestion model folder (default: $PIPELINE_MODEL or models/default)."),
    ] = None,
    suggestions: Annotated[bool, typer.Option(help="Suggest categories and tags.")] = True,
    dash_style: Annotated[
        DashStyle, typer.Option(help=DASH_STYLE_HELP, case_sensitive=False)
    ] = DashStyle.auto,
    engine: Annotated[
        EngineName, typer.Option(help="Where chunks are processed.")
    ] = EngineName.local,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
    ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Start afresh in --out.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Read INPUTS, repair them and write the tables (Parquet + DuckDB) under --out."""
    from pipeline.core.progress import progress_display
    from pipeline.core.registry import StageOptions, build_stages
    from pipeline.run import LocalEngine, check_inputs
    from pipeline.run import run as run_pipeline
    from pipeline.run.settings import (
        RunSettings,
        check_dash_style,
        check_resumable,
        resolve_dump_country,
    )

    check_inputs(inputs)
    if engine is EngineName.dask and not scheduler:
        raise typer.BadParameter("--engine dask needs --scheduler tcp://HOST:PORT")
    # The batch size and dash style before any model loads; the run checks the stages,
    # their models and countries once the stages are built.
    if not overwrite:
        wanted = RunSettings(batch_size, dash_style=check_dash_style(dash_style.value))
        check_resumable(out, wanted)
    from pipeline.classify.annotate import default_model_dir

    if suggestions and model is None and default_model_dir() is None:
        typer.echo(
            "no suggestion model (models/default is missing): skipping suggestions", err=True
        )
    options = StageOptions(
        entities=entities,
        spacy_model=spacy_model,
        home_country=home_country,
        dump_country=resolve_dump_country(
            dump_country,
            inputs,
            out,
            overwrite=overwrite,
            home_country=home_country,
            report=None if quiet else lambda message: typer.echo(message, err=True),
        )
        if entities
        else None,
        suggestions=suggestions,
        model_dir=model,
    )
    stages = build_stages(options)  # a model that cannot be used fails here, before any work
    if engine is EngineName.local:
        runner = LocalEngine(workers or os.cpu_count() or 1)
    else:
        from pipeline.run.cluster import DaskEngine

        runner = DaskEngine(scheduler)
    with runner, contextlib.nullcontext() if quiet else progress_display() as progress:
        result = run_pipeline(
            inputs,
            out,
            stages,
            engine=runner,
            overwrite=overwrite,
            batch_size=batch_size,
            progress=progress,
            dash_style=dash_style.value,
        )
    if not quiet:
        counts = result.counts
        typer.echo(
            f"\nread {counts['records_read']} records: {counts['articles_rows']} articles, "
            f"{counts['errors_rows']} errors, in {result.seconds:.1f}s -> {out}",
            err=True,
        )


def _load_labelled(dumps: list[str]) -> list:
    from pipeline.core.model import Article
    from pipeline.ingest import read_articles

    articles = [a for a in read_articles(dumps) if isinstance(a, Article)]
    labelled = [a for a in articles if a.category or a.tags]
    typer.echo(f"{len(articles)} articles read, {len(labelled)} with a category or tags", err=True)
    return labelled


@app.command()
def train(
    dumps: Annotated[list[str], typer.Argument(help="Labelled dumps (any format run reads).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Model folder to write.")],
    cv: Annotated[
        int, typer.Option(help="Outer cross-validation folds for the card (0: none).")
    ] = 0,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    jobs: Annotated[int, typer.Option(help="Parallel jobs for the tag models.")] = 2,
    feedback: Annotated[
        Path | None,
        typer.Option(
            help="Editors' feedback (the service's SQLite file or --data-dir): accepted and "
            "added tags become positives, rejected ones negatives, for those articles."
        ),
    ] = None,
) -> None:
    """Learn categories and tags from labelled articles; write model.joblib and model.json."""
    from pipeline.classify.model import TrainingOptions
    from pipeline.classify.model import train as train_model
    from pipeline.classify.report import print_report

    articles = _load_labelled(dumps)
    applied = _apply_feedback(articles, feedback) if feedback else None
    if applied:
        articles = applied[0]
    options = TrainingOptions(cv=cv, seed=seed, n_jobs=jobs)
    model, card = train_model(articles, options, sources=dumps)
    if applied:
        card["training_data"]["feedback"] = applied[1]
    model.save(out, card)
    if card["metrics"]["cross_validation"]:
        print_report(card["metrics"]["cross_validation"])
    seconds = card["training_seconds"]
    typer.echo(
        f"model written to {out} (fit {seconds['fit']}s, cross-validation "
        f"{seconds['cross_validation']}s)",
        err=True,
    )


def _apply_feedback(articles: list, feedback: Path) -> tuple[list, dict]:
    """The training articles with the editors' decisions applied, and the card's summary."""
    from pipeline.classify.feedback import apply_feedback, db_path, read_feedback

    changed, summary = apply_feedback(articles, read_feedback(feedback))
    typer.echo(
        f"feedback: {summary.rows} rows, {summary.articles_changed} articles changed "
        f"(+{summary.tags_added} / -{summary.tags_removed} tags), "
        f"{len(summary.unmatched_articles)} articles not in the training data",
        err=True,
    )
    return changed, summary.as_card(str(db_path(feedback)))


@app.command()
def evaluate(
    dumps: Annotated[list[str], typer.Argument(help="Labelled dumps to evaluate on.")],
    model: Annotated[Path, typer.Option(help="Model folder.")],
    out: Annotated[Path, typer.Option(help="Folder for report.json and confusion.png.")] = Path(
        "evaluation"
    ),
) -> None:
    """Category accuracy/macro-F1 and tag micro/macro-F1, precision@k, recall@k, NDCG@5."""
    from pipeline.classify.model import SuggestionModel
    from pipeline.classify.report import print_report, write_report

    suggestion_model = SuggestionModel.load(model)
    report = suggestion_model.evaluate(_load_labelled(dumps))
    print_report(report)
    for path in write_report(report, out):
        typer.echo(f"wrote {path}", err=True)


@app.command()
def serve(
    model: Annotated[
        Path | None,
        typer.Option(help="Suggestion model folder (default: $PIPELINE_MODEL or models/default)."),
    ] = None,
    host: Annotated[
        str, typer.Option(help="Address to bind; other machines reach it only if told.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            help="Folder of the feedback database (default: $PIPELINE_DATA_DIR or "
            "~/.local/share/newsdump-pipeline)."
        ),
    ] = None,
    workers: Annotated[
        int, typer.Option(help="Analysis processes (0: in the server process).")
    ] = service_config.WORKERS,
    group: Annotated[
        int, typer.Option(help="Waiting articles a worker analyses at once (1: one by one).")
    ] = service_config.GROUP,
    spacy_model: Annotated[
        str | None,
        typer.Option(
            help="An installed spaCy pipeline (default: $PIPELINE_SPACY_MODEL or en_core_web_sm)."
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(help="A browser origin allowed to call the API (repeat for more)."),
    ] = None,
    max_body_bytes: Annotated[
        int, typer.Option(help="Larger request bodies are refused (413).")
    ] = service_config.MAX_BODY_BYTES,
    dash_style: Annotated[
        DashStyle, typer.Option(help=DASH_STYLE_HELP, case_sensitive=False)
    ] = DashStyle.auto,
    log_level: Annotated[str, typer.Option(help="uvicorn's log level.")] = "info",
) -> None:
    """The editors' service and page: suggestions with evidence, feedback (OpenAPI at /docs).

    Feedback needs a bearer token when $PIPELINE_SERVICE_TOKEN is set."""
    from pipeline.service.app import serve as serve_app

    config = service_config.ServiceConfig.from_environment(
        model_dir=model,
        spacy_model=spacy_model,
        data_dir=data_dir,
        workers=workers,
        group=group,
        cors_origins=tuple(cors_origin or ()),
        max_body_bytes=max_body_bytes,
        dash_style=dash_style.value,
    )
    serve_app(config, host=host, port=port, log_level=log_level)


@app.command()
def tag(
    export: Annotated[Path, typer.Argument(help="A WordPress export (WXR) file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The tagged export to write.")],
    model: Annotated[
        Path | None,
        typer.Option(help="Suggestion model folder (default: $PIPELINE_MODEL or models/default)."),
    ] = None,
    min_score: Annotated[
        float | None, typer.Option(help="Only suggested tags scoring at least this (0..1).")
    ] = None,
    feedback: Annotated[
        Path | None,
        typer.Option(help="Write only the tags editors accepted or added (the service's SQLite)."),
    ] = None,
) -> None:
    """Write suggested (or accepted) tags into each post of a WordPress export, for import.

    Every existing category and tag stays; the rest of the file is left as it was."""
    from pipeline.core.errors import InputNotFound
    from pipeline.wordpress import tag_export

    if not export.is_file():
        raise InputNotFound(f"no such file: {export}")
    report = tag_export(export, out, model_dir=model, min_score=min_score, feedback=feedback)
    typer.echo(
        f"{report.items} items, {report.posts} published posts: {report.tags_added} tags "
        f"added to {report.posts_tagged} posts -> {out}",
        err=True,
    )


if __name__ == "__main__":
    app()
