"""What the routes share, given to them as FastAPI dependencies.

:class:`Service` holds the config, the analysis pool and the feedback store of one
application (``app.state.service``); the ``*Dep`` aliases below hand its parts to a route
(``config: ConfigDep``), and :func:`require_token` guards the feedback route.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from pipeline.service.analysis import Item, describe_model
from pipeline.service.config import ServiceConfig
from pipeline.service.pool import AnalysisPool
from pipeline.service.schemas import ArticleIn
from pipeline.service.store import FeedbackStore


class Service:
    """The config, the analysis pool and the feedback store (open once started)."""

    def __init__(self, config: ServiceConfig):
        self.config = config
        self.settings = config.analysis_settings()
        self.pool = AnalysisPool(self.settings, config.workers, config.group)
        self.store: FeedbackStore | None = None
        self.model: dict[str, Any] = {}

    def start(self) -> None:
        self.store = FeedbackStore(self.config.resolved_data_dir())
        self.pool.start()
        self.model = describe_model(self.settings)

    def stop(self) -> None:
        self.pool.close()

    @property
    def model_sha256(self) -> str | None:
        return self.model.get("card", {}).get("artifact", {}).get("sha256")


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
