"""The ``repair`` stage: raw records into repaired articles, and what was repaired.

Every run has it, first: it is declared like any stage (its options are
:class:`~pipeline.ingest.options.RepairOptions`, its table ``repairs``) so the command
line, ``analyze()``, the service and the run's record of its configuration treat it like the
others. One row per repair in ``repairs``: the field, the step of the chain that made it,
what it was and what it became, why, and where the repaired text shows it.

>>> [record] = [RawRecord("feed.jsonl", "line 1", {"id": "a1", "title": "Kimâ??s cafÃ©"})]
>>> [article], rows = Repairer(RepairOptions()).repair([record])
>>> article.title, [(r["before"], r["after"], r["start_char"]) for r in rows["repairs"]]
('Kim’s café', [('â??', '’', 3), ('Ã©', 'é', 9)])
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, ClassVar

import pyarrow as pa

from pipeline.core.model import Article, ErrorRecord, RawRecord
from pipeline.core.registry import PrepareContext, StageDefinition
from pipeline.core.schemas import REPAIRS
from pipeline.core.stage import Rows
from pipeline.ingest import Deduplicator
from pipeline.ingest.articles import explain_article
from pipeline.ingest.language import detect_language, load_in_background
from pipeline.ingest.normalize import Repair
from pipeline.ingest.options import RepairOptions


def repair_rows(article: Article, repairs: dict[str, list[Repair]]) -> list[dict[str, Any]]:
    """The ``repairs`` rows of one article. Offsets are where each repair's result shows in
    the repaired field, found in order within each step (a later step may have changed it
    again: then they are null)."""
    rows = []
    for field, listed in repairs.items():
        text = getattr(article, field)
        searched_from: dict[str, int] = {}
        for repair in listed:
            start = (
                text.find(repair.after, searched_from.get(repair.step, 0)) if repair.after else -1
            )
            if start >= 0:
                searched_from[repair.step] = start + len(repair.after)
            rows.append(
                {
                    "article_id": article.article_id,
                    "field": field,
                    "start_char": start if start >= 0 else None,
                    "end_char": start + len(repair.after) if start >= 0 else None,
                    "before": repair.before,
                    "after": repair.after,
                    "step": repair.step,
                    "reason": repair.reason or None,
                }
            )
    return rows


class Repairer:
    """The ``repair`` stage (a :class:`pipeline.core.stage.RepairStage`)."""

    name = "repair"
    tables: ClassVar[dict[str, pa.Schema]] = {"repairs": REPAIRS}

    def __init__(self, options: RepairOptions):
        self.options = options

    def describe(self) -> dict[str, Any]:
        return {}

    def repair(
        self, records: Sequence[RawRecord | ErrorRecord]
    ) -> tuple[list[Article | ErrorRecord], Rows]:
        """One article or error per record, in order; an id repeated within ``records``
        becomes an error (across batches the run settles them). Never raises."""
        deduplicator = Deduplicator()
        items: list[Article | ErrorRecord] = []
        rows: list[dict[str, Any]] = []
        for record in records:
            if isinstance(record, ErrorRecord):
                items.append(record)
                continue
            try:
                item, repairs = explain_article(record, self.options)
            except Exception as exc:  # repair must never stop the batch
                reason = f"repair failed: {type(exc).__name__}: {exc}"
                items.append(ErrorRecord(record.source, record.locator, reason))
                continue
            if isinstance(item, Article):
                if self.options.detect_language:
                    item.language = detect_language(item.title, item.body)
                item = deduplicator.check(item)
                if isinstance(item, Article):
                    rows.extend(repair_rows(item, repairs))
            items.append(item)
        return items, {"repairs": rows}


def settle_house_style(
    options: RepairOptions, context: PrepareContext, sample: Sampler | None = None
) -> RepairOptions:
    """The dump's house dash style settled for a run, as the guess's prior
    (``RepairOptions.house_prior``): kept when given, or when the style is given outright
    (``dash_style`` en or em) or the user opted out (``dump_style=False``); the one the
    earlier run into the same folder settled on (a resumed run leans like the chunks it
    already committed, even on none); else inferred from a sample spread over the inputs
    (:mod:`pipeline.ingest.lossy.house`), said through ``context.report``. A run starts
    here: the language model starts loading meanwhile (:func:`load_in_background`)."""
    if options.detect_language:
        load_in_background()
    if options.house_prior is not None or options.dash_style != "auto" or not options.dump_style:
        return options
    if context.recorded is not None:
        recorded = context.recorded.house_prior  # type: ignore[attr-defined]
        return options.model_copy(update={"house_prior": recorded})
    from pipeline.ingest.lossy.house import infer_house_style

    guess = infer_house_style((sample or _sampler(context))())
    if context.report is not None:
        context.report(
            "the dump's dash style: "
            + (guess.describe() if guess else "none (too few articles show one, or they differ)")
        )
    return options.model_copy(update={"house_prior": guess.style if guess else None})


def settle_date_order(
    options: RepairOptions, context: PrepareContext, sample: Sampler | None = None
) -> RepairOptions:
    """The order of the dump's numeric dates settled for a run (``RepairOptions.date_order``):
    kept when given; the earlier run's into the same folder when resumed; else read from the
    dates of a sample spread over the inputs (:func:`pipeline.ingest.dates.date_order_of`),
    said through ``context.report`` when a date told."""
    if options.date_order != "auto":
        return options
    if context.recorded is not None:
        recorded = context.recorded.date_order  # type: ignore[attr-defined]
        return options.model_copy(update={"date_order": recorded})
    from pipeline.ingest.dates import date_order_of

    order = date_order_of(fields.get("published") for fields in (sample or _sampler(context))())
    if order is None:
        return options
    if context.report is not None:
        context.report(f"the dump's numeric dates: {order} (a sampled date tells)")
    return options.model_copy(update={"date_order": order})


def settle_repair(options: RepairOptions, context: PrepareContext) -> RepairOptions:
    """What the repair stage settles once for the dump: its house dash style and the order
    of its numeric dates, both from one sample of its records, read only if asked."""
    sample = _sampler(context)
    return settle_date_order(settle_house_style(options, context, sample), context, sample)


# The raw fields of records sampled over a run's inputs, read on the first call.
Sampler = Callable[[], list[dict[str, Any]]]


def _sampler(context: PrepareContext) -> Sampler:
    """:func:`pipeline.ingest.sampling.sample_records` over the run's inputs, read once."""
    from pipeline.ingest.sampling import sample_records

    return cache(lambda: list(sample_records(context.inputs)))


REPAIR = StageDefinition(
    name="repair",
    factory="pipeline.ingest.stage:Repairer",
    options=RepairOptions,
    tables={"repairs": REPAIRS},
    kind="repair",
    order=0,
    prepare="pipeline.ingest.stage:settle_repair",
    help="Text repair: mojibake (lossy too), entities, control characters, line breaks.",
)
