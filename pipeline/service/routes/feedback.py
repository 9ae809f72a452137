"""Editors' decisions: ``/v1/feedback``, and ``/v1/admin/retrain`` to learn from them now
(both behind the service's token, when it has one)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool

from pipeline.service.deps import ServiceDep, StoreDep, require_token
from pipeline.service.schemas import FeedbackIn, FeedbackOut, RetrainOut

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
    service.retrainer.maybe_start(service)  # a quick count; the training runs apart
    return asdict(row)


@router.post("/v1/admin/retrain", response_model=RetrainOut, status_code=202)
async def retrain(service: ServiceDep, store: StoreDep) -> dict[str, Any]:
    """Retrain on the editors' decisions now, in the background; ``/v1/model`` shows the
    new model once it serves (and ``feedback.last_retrain`` how it went)."""
    started = service.retrainer.start(service)
    feedback = await run_in_threadpool(service.retrainer.status, service)
    return {"started": started, "feedback": feedback}
