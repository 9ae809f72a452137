"""Command-line interface: a thin layer over the stages.

pipeline normalize [FILE|-] [--explain]
pipeline run INPUT... --out DIR
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections import Counter
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

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
    "(– and — both become â??): 'en' or 'em'; 'auto' guesses each article's own, leaning "
    "on the dump's house style where the articles whose dashes survived agree on one "
    "(--set repair.dump_style=false: no such lean; --set repair.house_prior=en|em: give it)."
)


@app.command()
def normalize(
    file: Annotated[str, typer.Argument(help="A text file, or - for standard input.")] = "-",
    explain: Annotated[
        bool, typer.Option("--explain", help="List each repair after the text.")
    ] = False,
    dash_style: DashStyleOption = None,
) -> None:
    """Print the repaired text of FILE (mojibake, lossy mojibake, entities, control
    characters, line breaks); its spacing is kept, as ftfy keeps it."""
    from pipeline.ingest.encoding import decode_bytes
    from pipeline.ingest.normalize import TEXT_STEPS, explain_normalization
    from pipeline.ingest.options import RepairOptions

    data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    text, encoding = decode_bytes(data)
    options = RepairOptions(dash_style=(dash_style or DashStyle.auto).value)
    fixed, repairs = explain_normalization(text, TEXT_STEPS, options)
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


def _validated(stage: str, option: str) -> Callable[[Any], Any]:
    """A typer callback validating a flag with its stage's options model, at parse time."""

    def check(value: Any) -> Any:
        if value is None:
            return value
        from pydantic import ValidationError

        from pipeline.core.registry import definition

        try:
            checked = definition(stage).options.model_validate({option: value})
        except ValidationError as exc:
            raise typer.BadParameter(exc.errors()[0]["msg"].removeprefix("Value error, ")) from None
        return getattr(checked, option)

    return check


SET_HELP = (
    "Any stage's option, as stage.option=value (repeat): e.g. entities.home_country=GB, "
    "suggestions.enabled=false, a plugin's own options. Overrides the flags and --config."
)
CONFIG_HELP = 'A TOML file with a table per stage (\\[entities] home_country = "GB").'


# Options several commands share, declared once.
SpacyModelOption = Annotated[
    str | None,
    typer.Option(
        help="An installed spaCy pipeline (default: $PIPELINE_SPACY_MODEL or en_core_web_sm)."
    ),
]
ModelOption = Annotated[
    Path | None,
    typer.Option(help="Suggestion model folder (default: $PIPELINE_MODEL or models/default)."),
]
DashStyleOption = Annotated[
    DashStyle | None,
    typer.Option(help=DASH_STYLE_HELP + " Default: auto.", case_sensitive=False),
]
HomeCountryOption = Annotated[
    str | None,
    typer.Option(
        help="The publisher's country (ISO code, e.g. GB): a place name several countries "
        "share (Durham, Perth) leans to the namesake there when the article says nothing.",
        callback=_validated("entities", "home_country"),
    ),
]
DumpCountryOption = Annotated[
    str | None,
    typer.Option(
        help="The country the dump names most, a weaker lean than --home-country: "
        "'auto' (the default) infers it from the first 250 articles when one country "
        "clearly leads, 'none' turns it off, or an ISO code.",
        callback=_validated("entities", "dump_country"),
    ),
]
SetOption = Annotated[list[str] | None, typer.Option("--set", help=SET_HELP)]
LimitOption = Annotated[
    int | None,
    typer.Option(help="At most this many tags an article (default 10).", min=1),
]
MinScoreOption = Annotated[
    float | None,
    typer.Option(help="Only tags scoring at least this (0..1).", min=0.0),
]
ConfigOption = Annotated[Path | None, typer.Option("--config", help=CONFIG_HELP)]


def stage_flags(
    *,
    dash_style: DashStyle | None = None,
    model: Path | None = None,
    **flags: Any,
) -> dict[str, dict[str, Any]]:
    """The built-in stages' flags as config sections (None: not given; see
    :data:`pipeline.core.config.SHORTCUTS`)."""
    from pipeline.core.config import shortcut_sections

    sections = shortcut_sections(
        dash_style=dash_style.value if dash_style else None,
        model_dir=str(model) if model else None,
        **flags,
    )
    if flags.get("limit") is not None:
        # --limit caps the tags from the text too (its scores are relative: not --min-score).
        sections["text_tags"] = {"limit": flags["limit"]}
    return sections


def run_config(
    flags: dict[str, dict[str, Any]],
    settings: list[str] | None,
    config_file: Path | None,
    batch_size: int | None,
    batch_chars: int | None = None,
) -> Any:
    """The run's :class:`~pipeline.core.config.RunConfig`: the config file, then the flags
    given, then ``--set``, each over the one before."""
    from pipeline.core.config import (
        DEFAULT_BATCH_CHARS,
        DEFAULT_BATCH_SIZE,
        RunConfig,
        merge_sections,
        parse_settings,
        read_config_file,
    )

    from_file = read_config_file(config_file) if config_file else {}
    given = {
        stage: {k: v for k, v in values.items() if v is not None} for stage, values in flags.items()
    }
    sections = merge_sections(from_file, given, parse_settings(settings or []))
    run_section = sections.pop("run", {})
    return RunConfig.build(
        sections,
        batch_size or run_section.get("batch_size", DEFAULT_BATCH_SIZE),
        batch_chars or run_section.get("batch_chars", DEFAULT_BATCH_CHARS),
    )


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def run(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, .zip or .tar.gz archives.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the tables.")],
    batch_size: Annotated[
        int | None, typer.Option(help="Articles per batch and per part file (default 1000).", min=1)
    ] = None,
    batch_chars: Annotated[
        int | None,
        typer.Option(
            help="Characters of text per batch at most (default 1,000,000): bounds memory "
            "on long articles.",
            min=1,
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes (default: the number of cores).")
    ] = None,
    spacy_model: SpacyModelOption = None,
    entities: Annotated[
        bool | None,
        typer.Option("--entities/--no-entities", help="Extract entities (mentions/, entities/)."),
    ] = None,
    home_country: HomeCountryOption = None,
    dump_country: DumpCountryOption = None,
    model: ModelOption = None,
    suggestions: Annotated[
        bool | None,
        typer.Option("--suggestions/--no-suggestions", help="Suggest categories and tags."),
    ] = None,
    limit: LimitOption = None,
    min_score: MinScoreOption = None,
    dash_style: DashStyleOption = None,
    settings: SetOption = None,
    config_file: ConfigOption = None,
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
    from pipeline.run import run as run_pipeline
    from pipeline.run.local import LocalEngine, collect_less_often

    if engine is EngineName.dask and not scheduler:
        raise typer.BadParameter("--engine dask needs --scheduler tcp://HOST:PORT")
    flags = stage_flags(
        dash_style=dash_style,
        entities=entities,
        spacy_model=spacy_model,
        home_country=home_country,
        dump_country=dump_country,
        suggestions=suggestions,
        model=model,
        limit=limit,
        min_score=min_score,
    )
    config = run_config(flags, settings, config_file, batch_size, batch_chars)
    if engine is EngineName.local:
        collect_less_often()  # this process and its workers run the batch
        runner = LocalEngine(workers or os.cpu_count() or 1)
    else:
        from pipeline.run.cluster import DaskEngine

        runner = DaskEngine(scheduler)
    say = None if quiet else lambda message: typer.echo(message, err=True)
    with runner, contextlib.nullcontext() if quiet else progress_display() as progress:
        result = run_pipeline(
            inputs, out, config, engine=runner, overwrite=overwrite, progress=progress, report=say
        )
    if say:
        say(_run_summary(result.counts, result.seconds, out))


def _run_summary(counts: dict[str, Any], seconds: float, out: Path) -> str:
    """What ``pipeline run`` says at its end: the counts, the time, the stages' notes."""
    return (
        f"\nread {counts['records_read']} records: {counts['articles_rows']} articles, "
        f"{counts['errors_rows']} errors, in {seconds:.1f}s -> {out}"
        + "".join(f"\n{note}" for note in _stage_notes(out))
    )


def _stage_notes(out: Path) -> list[str]:
    """What the run's stages said the user must know (a demo model), from its manifest."""
    from pipeline.tables.writer import read_manifest

    stages = read_manifest(out).get("stages", [])
    return [s["note"] for s in stages if isinstance(s, dict) and s.get("note")]


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
            "added tags become positives, rejected ones negatives, for those articles; the "
            "drafts the service kept become training articles when no dump has them."
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
    from pipeline.classify.feedback import apply_feedback, db_path, read_drafts, read_feedback

    rows = read_feedback(feedback)
    changed, summary = apply_feedback(articles, rows, read_drafts(feedback))
    typer.echo(
        f"feedback: {summary.rows} rows, {summary.articles_changed} training articles changed, "
        f"{summary.drafts_used} editors' drafts learnt from "
        f"(+{summary.tags_added} / -{summary.tags_removed} tags), "
        f"{len(summary.unmatched_articles)} articles neither in the dumps nor kept as drafts",
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
    model: ModelOption = None,
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
    spacy_model: SpacyModelOption = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option(help="A browser origin allowed to call the API (repeat for more)."),
    ] = None,
    max_body_bytes: Annotated[
        int, typer.Option(help="Larger request bodies are refused (413).")
    ] = service_config.MAX_BODY_BYTES,
    dash_style: DashStyleOption = None,
    settings: SetOption = None,
    config_file: ConfigOption = None,
    log_level: Annotated[str, typer.Option(help="uvicorn's log level.")] = "info",
    long_chars: Annotated[
        int,
        typer.Option(
            help="Drafts longer than this (characters) are analysed apart, at a lower "
            "priority, so they never hold up the others."
        ),
    ] = service_config.LONG_CHARS,
    retrain_every: Annotated[
        int | None,
        typer.Option(
            help="Retrain in the background after this many new editors' decisions "
            "and serve the new model once loaded (default: only on POST /v1/admin/retrain)."
        ),
    ] = None,
    train_data: Annotated[
        list[str] | None,
        typer.Option(
            help="A dump to retrain on, with the feedback (repeat for more; default: "
            "the sources named in the model's card)."
        ),
    ] = None,
) -> None:
    """The editors' service and page: suggestions with evidence, feedback (OpenAPI at /docs).

    Feedback needs a bearer token when $PIPELINE_SERVICE_TOKEN is set."""
    from pipeline.service.app import serve as serve_app

    flags = stage_flags(dash_style=dash_style, spacy_model=spacy_model, model=model)
    config = service_config.ServiceConfig.from_environment(
        run=run_config(flags, settings, config_file, None),
        data_dir=data_dir,
        workers=workers,
        group=group,
        cors_origins=tuple(cors_origin or ()),
        max_body_bytes=max_body_bytes,
        long_chars=long_chars,
        retrain_every=retrain_every,
        train_data=tuple(train_data or ()),
    )
    serve_app(config, host=host, port=port, log_level=log_level)


@app.command()
def tag(
    export: Annotated[Path, typer.Argument(help="A WordPress export (WXR) file.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The tagged export to write.")],
    model: ModelOption = None,
    min_score: Annotated[
        float | None, typer.Option(help="Only suggested tags scoring at least this (0..1).")
    ] = None,
    limit: LimitOption = None,
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
    report = tag_export(
        export, out, model_dir=model, min_score=min_score, feedback=feedback, limit=limit
    )
    typer.echo(
        f"{report.items} items, {report.posts} published posts: {report.tags_added} tags "
        f"added to {report.posts_tagged} posts -> {out}"
        + "".join(f"\n{note}" for note in report.notes),
        err=True,
    )


if __name__ == "__main__":
    app()
