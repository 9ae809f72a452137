"""Whether the service is up, and what it runs: ``/healthz`` and ``/v1/model``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from pipeline.service.deps import ConfigDep, PoolDep, ServiceDep, StoreDep
from pipeline.service.schemas import HealthOut

router = APIRouter(tags=["service"])


@router.get("/healthz", response_model=HealthOut)
async def healthz(config: ConfigDep, pool: PoolDep, store: StoreDep) -> dict[str, Any]:
    """Whether the service is up; how many analysis workers and feedback rows it has."""
    count = await run_in_threadpool(store.count)
    return {
        "status": "ok",
        "workers": config.workers,
        "worker_pids": pool.pids,
        "feedback_rows": count,
    }


@router.get("/v1/model")
async def model_card(service: ServiceDep, config: ConfigDep) -> dict[str, Any]:
    """The suggestion model's card (labels, training data, metrics, versions) and what
    each stage reports about itself; ``token_required`` says whether feedback needs one."""
    return {**service.model, "token_required": config.token is not None}
