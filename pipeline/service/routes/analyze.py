"""Analysis of drafts: ``/v1/analyze`` and ``/v1/analyze/batch``."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse

from pipeline.service.deps import PoolDep, ServiceDep, item_for
from pipeline.service.schemas import AnalysisOut, ArticleIn, BatchIn, BatchOut

router = APIRouter(prefix="/v1/analyze", tags=["analysis"])


@router.post("", response_model=AnalysisOut)
async def analyze(article: ArticleIn, service: ServiceDep, pool: PoolDep) -> JSONResponse:
    """Repair a draft; its entities, top three categories and tags with evidence."""
    [answer] = await pool.analyze([await item_for(article, service)])
    if "error" in answer:
        raise HTTPException(422, answer["error"])
    return JSONResponse(answer)


@router.post("/batch", response_model=BatchOut)
async def analyze_batch(batch: BatchIn, service: ServiceDep, pool: PoolDep) -> JSONResponse:
    """Up to 32 articles, each with its id; answers in the same order."""
    items = [await item_for(article, service) for article in batch.articles]
    answers = await pool.analyze(items)
    for article, answer in zip(batch.articles, answers, strict=True):
        if "error" in answer:
            raise HTTPException(422, f"article {article.article_id!r}: {answer['error']}")
    return JSONResponse({"results": answers})
