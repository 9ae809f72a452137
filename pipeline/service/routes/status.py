"""Whether the service is up, and what it runs: ``/healthz``, ``/v1/model`` and
``/v1/tags`` (the labels an editor may pick from: the model's and the site's)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from pipeline.service.deps import ConfigDep, PoolDep, ServiceDep, StoreDep
from pipeline.service.schemas import HealthOut, TagsOut

router = APIRouter(tags=["service"])


@router.get("/healthz", response_model=HealthOut)
async def healthz(config: ConfigDep, pool: PoolDep, store: StoreDep) -> dict[str, Any]:
    """Whether the service is up; how many analysis workers and feedback rows it has."""
    count = await run_in_threadpool(store.count)
    return {
        "status": "ok",
        "workers": config.workers,
        "worker_pids": pool.pids,
        "long_worker_pids": pool.long_pids,
        "feedback_rows": count,
    }


@router.get("/v1/model")
async def model_card(service: ServiceDep, config: ConfigDep) -> dict[str, Any]:
    """The suggestion model's card (labels, training data, metrics, versions) and what
    each stage reports about itself; ``token_required`` says whether feedback needs one;
    ``feedback``: how many decisions wait to teach the model, and its retraining."""
    feedback = await run_in_threadpool(service.retrainer.status, service)
    return {**service.model, "token_required": config.token is not None, "feedback": feedback}


@router.get("/v1/tags", response_model=TagsOut)
async def tags(service: ServiceDep, store: StoreDep) -> dict[str, Any]:
    """The tags an editor may add: the model's (most frequent in training first), then
    those the site's editors accepted or added that the model does not know yet."""
    counts = service.card.get("labels", {}).get("tags", {})
    model_tags = sorted(counts, key=lambda tag: (-counts[tag], tag.casefold()))
    known = {tag.casefold() for tag in model_tags}
    site = [t for t in await run_in_threadpool(store.labels, "tag") if t.casefold() not in known]
    return {"model": model_tags, "site": site}
