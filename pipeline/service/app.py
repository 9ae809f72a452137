"""The editors' service: the application, its start-up and shut-down.

``create_app(config)`` builds the application; ``pipeline serve`` runs it on uvicorn.
At start-up the stages load once (:class:`pipeline.service.pool.AnalysisPool`) and the
feedback database opens; requests are then analysed in the worker processes while the
event loop answers health checks and stores feedback. The routes are in
:mod:`pipeline.service.routes`, what they share (config, pool, store, token check) in
:mod:`pipeline.service.deps`, the error answers in :mod:`pipeline.service.errors`.

Bad input gets a 4xx with a message that says what is wrong, never a 5xx: invalid JSON
(400), non-UTF-8 bytes (400), a body over the limit (413, refused unread), a body that is
not JSON (415), missing or wrong-typed fields or an empty article (422), a missing or
wrong bearer token on feedback (401).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from pipeline.service.config import ServiceConfig
from pipeline.service.deps import Service
from pipeline.service.errors import add_error_answers
from pipeline.service.guard import BodyGuard
from pipeline.service.routes import ROUTERS
from pipeline.service.routes.page import mount_static


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    service: Service = app.state.service
    service.start()  # in the main thread, before any request: the workers fork here
    try:
        yield
    finally:
        service.stop()


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """The application for ``config`` (stages load when it starts, not here).

    >>> app = create_app(ServiceConfig(workers=0))
    >>> print(*sorted(path for path in app.openapi()["paths"] if path.startswith("/v1")))
    /v1/admin/retrain /v1/analyze /v1/analyze/batch /v1/feedback /v1/model /v1/tags
    """
    config = config or ServiceConfig.from_environment()
    app = FastAPIOffline(
        title="newsdump-pipeline editors' service",
        summary="Entities, category and tag suggestions with their evidence, and feedback.",
        version="1",
        lifespan=lifespan,
    )
    app.state.service = Service(config)
    add_error_answers(app)
    for router in ROUTERS:
        app.include_router(router)
    mount_static(app)
    app.add_middleware(BodyGuard, max_bytes=config.max_body_bytes)
    if config.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(config.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
        )
    return app


def serve(
    config: ServiceConfig, host: str = "127.0.0.1", port: int = 8000, log_level: str = "info"
) -> None:
    """Run the service on uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(config), host=host, port=port, log_level=log_level)
