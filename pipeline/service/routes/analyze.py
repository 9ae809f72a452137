"""Analysis of drafts: ``/v1/analyze`` and ``/v1/analyze/batch``.

Each draft analysed is kept (its repaired title and body, under its article id) so that
the editors' decisions on it can teach the model (``pipeline train --feedback``). A draft
the stages cannot analyse is answered 422 with the reason, never 500.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from pipeline.service.deps import Service, ServiceDep, feedback_store, item_for
from pipeline.service.schemas import AnalysisOut, ArticleIn, BatchIn, BatchOut

router = APIRouter(prefix="/v1/analyze", tags=["analysis"])


async def keep_drafts(service: Service, answers: list[dict[str, Any]]) -> None:
    store = feedback_store(service)

    def keep() -> None:
        for answer in answers:
            if "error" not in answer:
                store.keep_draft(answer["article_id"], answer["title"], answer["body"])

    await run_in_threadpool(keep)


@router.post("", response_model=AnalysisOut)
async def analyze(article: ArticleIn, service: ServiceDep) -> JSONResponse:
    """Repair a draft; its entities, top three categories and tags with evidence."""
    item = await item_for(article, service)
    [answer] = await service.pool.analyze([item])  # the pool serving now (a retrain swaps it)
    if "error" in answer:
        raise HTTPException(422, answer["error"])
    await keep_drafts(service, [answer])
    return JSONResponse(answer)


@router.post("/batch", response_model=BatchOut)
async def analyze_batch(batch: BatchIn, service: ServiceDep) -> JSONResponse:
    """Up to 32 articles, each with its id; answers in the same order."""
    items = [await item_for(article, service) for article in batch.articles]
    answers = await service.pool.analyze(items)
    for article, answer in zip(batch.articles, answers, strict=True):
        if "error" in answer:
            raise HTTPException(422, f"article {article.article_id!r}: {answer['error']}")
    await keep_drafts(service, answers)
    return JSONResponse({"results": answers})
