"""Command-line interface: a thin layer over the stages.

pipeline normalize [FILE|-] [--explain]
pipeline run INPUT... --out DIR
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from pipeline.runner import RunProgress

app = typer.Typer(
    add_completion=False, no_args_is_help=True, help="Content analysis for news article dumps."
)


@app.command()
def normalize(
    file: Annotated[str, typer.Argument(help="A text file, or - for standard input.")] = "-",
    explain: Annotated[
        bool, typer.Option("--explain", help="List each repair after the text.")
    ] = False,
) -> None:
    """Print the repaired text of FILE (mojibake, lossy mojibake, entities, whitespace)."""
    from pipeline.ingest.encoding import decode_bytes
    from pipeline.ingest.normalize import explain_normalization

    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    text, encoding = decode_bytes(data)
    fixed, repairs = explain_normalization(text)
    typer.echo(fixed)
    if explain:
        typer.echo(f"\n--- {len(repairs)} repairs (input decoded as {encoding}) ---")
        for repair in repairs:
            why = f"  ({repair.reason})" if repair.reason else ""
            typer.echo(f"{repair.step:<15} {repair.before!r} -> {repair.after!r}{why}")


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
    model: Annotated[
        Path | None,
        typer.Option(help="Suggestion model folder (default: $PIPELINE_MODEL or models/default)."),
    ] = None,
    suggestions: Annotated[bool, typer.Option(help="Suggest categories and tags.")] = True,
    engine: Annotated[str, typer.Option(help="local, or dask (needs --scheduler).")] = "local",
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
    ] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Start afresh in --out.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Read INPUTS, repair them and write the tables (Parquet + DuckDB) under --out."""
    from pipeline.runner import run as run_pipeline

    if engine == "dask":
        _run_dask(
            inputs,
            out,
            scheduler,
            entities,
            spacy_model,
            model,
            suggestions,
            overwrite,
            batch_size,
            quiet,
        )
        return
    if engine != "local":
        raise typer.BadParameter(f"unknown engine {engine!r}: local or dask", param_hint="--engine")
    extractor = None
    if entities:
        from pipeline.nlp import EntityExtractor

        extractor = EntityExtractor(spacy_model)
        extractor.nlp  # noqa: B018 - load before the worker processes fork, so they share it
    suggester = _suggestion_annotator(model) if suggestions else None
    with contextlib.nullcontext() if quiet else progress_display() as progress:
        result = run_pipeline(
            list(inputs),
            out,
            extractor=extractor,
            suggester=suggester,
            overwrite=overwrite,
            batch_size=batch_size,
            workers=workers or os.cpu_count() or 1,
            progress=progress,
        )
    if not quiet:
        _report(result, out)


def _report(result, out: Path) -> None:
    counts = result.counts
    typer.echo(
        f"\nread {counts['records_read']} records: {counts['articles_rows']} articles, "
        f"{counts['errors_rows']} errors, in {result.seconds:.1f}s -> {out}",
        err=True,
    )


def _run_dask(
    inputs, out, scheduler, entities, spacy_model, model, suggestions, overwrite, batch_size, quiet
) -> None:
    from pipeline.classify.annotate import default_model_dir
    from pipeline.distributed import run_dask

    if not scheduler:
        raise typer.BadParameter("--engine dask needs --scheduler tcp://HOST:PORT")
    model_dir = (model or default_model_dir()) if suggestions else None
    if model_dir is not None:
        _suggestion_annotator(model_dir)  # verify it here, before the cluster loads it
    result = run_dask(
        list(inputs),
        out,
        scheduler,
        entities=entities,
        spacy_model=spacy_model,
        model_dir=model_dir,
        overwrite=overwrite,
        batch_size=batch_size,
    )
    if not quiet:
        _report(result, out)


def _suggestion_annotator(model: Path | None):
    from pipeline.classify.annotate import SuggestionAnnotator, default_model_dir
    from pipeline.classify.card import ModelError

    model_dir = model or default_model_dir()
    if model_dir is None:
        typer.echo(
            "no suggestion model (models/default is missing): skipping suggestions", err=True
        )
        return None
    try:
        return SuggestionAnnotator(model_dir)
    except ModelError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


def _load_labelled(dumps: list[str]) -> list:
    from pipeline.ingest import read_articles
    from pipeline.model import Article

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
) -> None:
    """Learn categories and tags from labelled articles; write model.joblib and model.json."""
    from pipeline.classify.card import ModelError
    from pipeline.classify.model import TrainingOptions
    from pipeline.classify.model import train as train_model
    from pipeline.classify.report import print_report

    articles = _load_labelled(dumps)
    options = TrainingOptions(cv=cv, seed=seed, n_jobs=jobs)
    try:
        model, card = train_model(articles, options, sources=dumps)
    except ModelError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    model.save(out, card)
    if card["metrics"]["cross_validation"]:
        print_report(card["metrics"]["cross_validation"])
    seconds = card["training_seconds"]
    typer.echo(
        f"model written to {out} (fit {seconds['fit']}s, cross-validation "
        f"{seconds['cross_validation']}s)",
        err=True,
    )


@app.command()
def evaluate(
    dumps: Annotated[list[str], typer.Argument(help="Labelled dumps to evaluate on.")],
    model: Annotated[Path, typer.Option(help="Model folder.")],
    out: Annotated[Path, typer.Option(help="Folder for report.json and confusion.png.")] = Path(
        "evaluation"
    ),
) -> None:
    """Category accuracy/macro-F1 and tag micro/macro-F1, precision@k, recall@k, NDCG@5."""
    from pipeline.classify.model import ModelError, SuggestionModel
    from pipeline.classify.report import print_report, write_report

    try:
        suggestion_model = SuggestionModel.load(model)
    except ModelError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    report = suggestion_model.evaluate(_load_labelled(dumps))
    print_report(report)
    for path in write_report(report, out):
        typer.echo(f"wrote {path}", err=True)


def _progress_line(progress: RunProgress) -> str:
    """``1000 records, 998 articles, 55.1 articles/s, 40% of input, ETA 31s``."""
    elapsed = time.perf_counter() - progress.started
    rate = progress.articles / elapsed if elapsed else 0.0
    share = progress.bytes_done / progress.bytes_total if progress.bytes_total else 0.0
    eta = f"{elapsed * (1 - share) / share:.0f}s" if share else "?"
    return (
        f"{progress.records} records, {progress.articles} articles, {rate:.1f} articles/s, "
        f"{share:.0%} of input, ETA {eta}"
    )


@contextlib.contextmanager
def progress_display(
    console: Console | None = None, log_every: float = 10.0
) -> Iterator[Callable[[RunProgress], None]]:
    """A progress hook for a run: a bar with articles/s and ETA on a terminal (rich), a plain
    log line every ``log_every`` seconds otherwise (CI logs, ``nohup``, pipes)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    console = console or Console(stderr=True)
    if not console.is_terminal:
        last_log = [0.0]

        def log(progress: RunProgress) -> None:
            if time.perf_counter() - last_log[0] >= log_every:
                last_log[0] = time.perf_counter()
                console.print(_progress_line(progress), markup=False, highlight=False)

        yield log
        return
    columns = (
        TextColumn("pipeline run"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[articles]} articles, {task.fields[rate]:.1f}/s"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("run", total=None, articles=0, rate=0.0)

        def update(progress: RunProgress) -> None:
            elapsed = time.perf_counter() - progress.started
            bar.update(
                task,
                total=progress.bytes_total or None,
                completed=progress.bytes_done,
                articles=progress.articles,
                rate=progress.articles / elapsed if elapsed else 0.0,
            )

        yield update


if __name__ == "__main__":
    app()
