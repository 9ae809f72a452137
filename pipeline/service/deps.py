"""What the routes share, given to them as FastAPI dependencies.

:class:`Service` holds the config, the analysis pool and the feedback store of one
application (``app.state.service``); the ``*Dep`` aliases below hand its parts to a route
(``config: ConfigDep``), and :func:`require_token` guards the feedback route.
"""

from __future__ import annotations

import asyncio
import hmac
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from pipeline.service.analysis import Item, describe_model
from pipeline.service.config import ServiceConfig
from pipeline.service.pool import AnalysisPool
from pipeline.service.retrain import Retrainer
from pipeline.service.schemas import ArticleIn
from pipeline.service.store import FeedbackStore

IDLE_POLL = 0.5  # seconds between looks at whether a replaced pool has finished


class Service:
    """The config, the analysis pool and the feedback store (open once started), and the
    retrainer that may swap in a new model and pool while the service runs."""

    def __init__(self, config: ServiceConfig):
        self.config = config
        self.settings = config.analysis_settings()
        self.pool = AnalysisPool(self.settings, config.workers, config.group, config.long_chars)
        self.store: FeedbackStore | None = None
        self.model: dict[str, Any] = {}
        self.retrainer = Retrainer(config.retrain_every, config.train_data)
        self._retired: list[asyncio.Task] = []

    def start(self) -> None:
        self.store = FeedbackStore(self.config.resolved_data_dir())
        self.pool.start()
        self.model = describe_model(self.settings)

    def stop(self) -> None:
        self.pool.close()

    @property
    def card(self) -> dict[str, Any]:
        return self.model.get("card", {})

    @property
    def model_sha256(self) -> str | None:
        return self.card.get("artifact", {}).get("sha256")

    async def swap_model(self, model_dir: Path) -> None:
        """Serve the model in ``model_dir``: a new pool loads it in its own workers while
        the old one answers; then one assignment swaps them (see pipeline.service.retrain)."""
        run = self.settings.run.with_options("suggestions", model_dir=str(model_dir))
        settings = replace(self.settings, run=run)
        config = self.config
        pool = AnalysisPool(
            settings, config.workers, config.group, config.long_chars, load_here=False
        )
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, pool.start)
        executor = pool.short.executor
        model = await loop.run_in_executor(executor, describe_model, settings)
        old, self.pool, self.settings, self.model = self.pool, pool, settings, model
        self._retired.append(loop.create_task(_close_when_idle(old)))


async def _close_when_idle(pool: AnalysisPool) -> None:
    """Close a replaced pool once it has answered what it had."""
    while not pool.idle:
        await asyncio.sleep(IDLE_POLL)
    pool.stop_dispatchers()  # on the event loop, whose tasks they are
    await asyncio.get_running_loop().run_in_executor(None, pool.close)


def get_service(request: Request) -> Service:
    return request.app.state.service


ServiceDep = Annotated[Service, Depends(get_service)]


def get_config(service: ServiceDep) -> ServiceConfig:
    return service.config


def get_pool(service: ServiceDep) -> AnalysisPool:
    return service.pool


def feedback_store(service: Service) -> FeedbackStore:
    """The open store; 503 while the service is starting."""
    if service.store is None:
        raise HTTPException(503, "the service is starting")
    return service.store


def get_store(service: ServiceDep) -> FeedbackStore:
    return feedback_store(service)


ConfigDep = Annotated[ServiceConfig, Depends(get_config)]
PoolDep = Annotated[AnalysisPool, Depends(get_pool)]
StoreDep = Annotated[FeedbackStore, Depends(get_store)]


def require_token(request: Request, config: ConfigDep) -> None:
    """401 unless the request carries the service's bearer token (when it has one)."""
    if config.token is None:
        return
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        value.strip().encode(), config.token.encode()
    ):
        raise HTTPException(
            401,
            "feedback needs the service's token: Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )


async def item_for(article: ArticleIn, service: Service) -> Item:
    """The article with its editors' standing decisions (rejected labels stay out)."""
    item = Item(article.title, article.body, article.article_id, article.allow_new)
    item.limit, item.min_score = article.limit, article.min_score
    if article.article_id:
        standing = await run_in_threadpool(feedback_store(service).standing, article.article_id)
        for kind in ("tag", "category"):
            item.rejected[kind] = sorted(standing.rejected(kind))
            item.accepted[kind] = standing.accepted(kind)
    return item
