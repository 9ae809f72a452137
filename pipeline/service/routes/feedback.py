"""Editors' decisions: ``/v1/feedback`` (behind the service's token, when it has one)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from pipeline.service.deps import ServiceDep, StoreDep, require_token
from pipeline.service.schemas import FeedbackIn, FeedbackOut

router = APIRouter(tags=["feedback"], dependencies=[Depends(require_token)])


@router.post("/v1/feedback", response_model=FeedbackOut, status_code=201)
async def feedback(decision: FeedbackIn, service: ServiceDep, store: StoreDep) -> dict[str, Any]:
    """Store an editor's decision (committed before this answers). A tag rejected for
    an article is not suggested for it again; ``pipeline train --feedback`` learns
    from these rows."""
    row = await run_in_threadpool(
        store.add,
        decision.article_id,
        decision.kind,
        decision.label,
        decision.decision,
        decision.to,
        service.model_sha256,
    )
    return asdict(row)
