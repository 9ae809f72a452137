"""Command-line interface: a thin layer over the stages.

pipeline normalize [FILE|-] [--explain]
pipeline run INPUT... --out DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

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
        int | None, typer.Option(help="Processes for spaCy (default: the number of cores).")
    ] = None,
    spacy_model: Annotated[
        str | None,
        typer.Option(
            help="An installed spaCy pipeline (default: $PIPELINE_SPACY_MODEL or en_core_web_sm)."
        ),
    ] = None,
    entities: Annotated[bool, typer.Option(help="Extract entities (mentions/, entities/).")] = True,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Start afresh in --out.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Read INPUTS, repair them and write the tables (Parquet + DuckDB) under --out."""
    from pipeline.runner import run as run_pipeline

    annotators = []
    if entities:
        from pipeline.nlp import EntityExtractor

        annotators.append(EntityExtractor(spacy_model, n_process=workers or os.cpu_count() or 1))
    progress = None if quiet else _progress_printer()
    result = run_pipeline(
        list(inputs),
        out,
        annotators=annotators,
        overwrite=overwrite,
        batch_size=batch_size,
        progress=progress,
    )
    if not quiet:
        counts = result.counts
        typer.echo(
            f"\nread {counts['records_read']} records: {counts['articles_rows']} articles, "
            f"{counts['errors_rows']} errors, in {result.seconds:.1f}s -> {out}",
            err=True,
        )


def _progress_printer():
    """A live count on a terminal; a log line every 1,000 records otherwise."""
    interactive = sys.stderr.isatty()

    def report(records: int, articles: int) -> None:
        if interactive:
            print(f"\r{records} records, {articles} articles", end="", file=sys.stderr)
        elif records % 1000 == 0:
            print(f"{records} records, {articles} articles", file=sys.stderr)

    return report


if __name__ == "__main__":
    app()
