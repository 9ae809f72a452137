"""The editors' service: routes, error answers, start-up and shut-down.

``create_app(config)`` builds the application; ``pipeline serve`` runs it on uvicorn.
At start-up the stages load once (:class:`pipeline.service.pool.AnalysisPool`) and the
feedback database opens; requests are then analysed in the worker processes while the
event loop answers health checks and stores feedback.

Bad input gets a 4xx with a message that says what is wrong, never a 5xx: invalid JSON
(400), non-UTF-8 bytes (400), a body over the limit (413, refused unread), a body that is
not JSON (415), missing or wrong-typed fields or an empty article (422), a missing or
wrong bearer token on feedback (401).
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.service.analysis import Item, describe_model
from pipeline.service.config import ServiceConfig
from pipeline.service.guard import BodyGuard
from pipeline.service.pool import AnalysisPool
from pipeline.service.schemas import (
    AnalysisOut,
    ArticleIn,
    BatchIn,
    BatchOut,
    FeedbackIn,
    FeedbackOut,
    HealthOut,
)
from pipeline.service.store import FeedbackStore

STATIC = Path(__file__).resolve().parent / "static"


class Service:
    """What the routes share: the config, the analysis pool and the feedback store."""

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

    def feedback_store(self) -> FeedbackStore:
        if self.store is None:
            raise HTTPException(503, "the service is starting")
        return self.store

    async def item(self, article: ArticleIn) -> Item:
        """The article with its editors' standing decisions (rejected labels stay out)."""
        item = Item(article.title, article.body, article.article_id, article.allow_new)
        if article.article_id:
            standing = await run_in_threadpool(self.feedback_store().standing, article.article_id)
            for kind in ("tag", "category"):
                item.rejected[kind] = sorted(standing.rejected(kind))
                item.accepted[kind] = standing.accepted(kind)
        return item


def _location(error: dict[str, Any]) -> str:
    return ".".join(str(part) for part in error.get("loc", ()))


def _validation_answer(exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": _location(e), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors()
    ]
    if any(e["type"] == "json_invalid" for e in errors):
        first = next(e for e in exc.errors() if e.get("type") == "json_invalid")
        reason = (first.get("ctx") or {}).get("error", "") or "cannot be parsed"
        where = first.get("loc", ())[-1:]
        at = f" (at character {where[0]})" if where and isinstance(where[0], int) else ""
        message = f"the request body is not valid JSON: {reason}{at}"
        return JSONResponse({"error": message, "detail": errors}, status_code=400)
    summary = "; ".join(f"{e['loc']}: {e['msg']}" for e in errors[:5])
    return JSONResponse({"error": f"invalid request: {summary}", "detail": errors}, status_code=422)


def create_app(config: ServiceConfig | None = None) -> FastAPI:
    """The application for ``config`` (stages load when it starts, not here).

    >>> app = create_app(ServiceConfig(workers=0))
    >>> sorted(route.path for route in app.routes if route.path.startswith("/v1"))
    ['/v1/analyze', '/v1/analyze/batch', '/v1/feedback', '/v1/model']
    """
    config = config or ServiceConfig.from_environment()
    service = Service(config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        service.start()  # in the main thread, before any request: the workers fork here
        try:
            yield
        finally:
            service.stop()

    app = FastAPIOffline(
        title="newsdump-pipeline editors' service",
        summary="Entities, category and tag suggestions with their evidence, and feedback.",
        version="1",
        lifespan=lifespan,
    )
    app.state.service = service

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return _validation_answer(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"error": exc.detail, "detail": exc.detail},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    def require_token(request: Request) -> None:
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

    @app.get("/", include_in_schema=False)
    async def editor_page() -> FileResponse:
        return FileResponse(STATIC / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/healthz", response_model=HealthOut, tags=["service"])
    async def healthz() -> dict[str, Any]:
        """Whether the service is up; how many analysis workers and feedback rows it has."""
        count = await run_in_threadpool(service.feedback_store().count)
        return {
            "status": "ok",
            "workers": config.workers,
            "worker_pids": service.pool.pids,
            "feedback_rows": count,
        }

    @app.get("/v1/model", tags=["service"])
    async def model_card() -> dict[str, Any]:
        """The suggestion model's card (labels, training data, metrics, versions) and what
        each stage reports about itself; ``token_required`` says whether feedback needs one."""
        return {**service.model, "token_required": config.token is not None}

    @app.post("/v1/analyze", response_model=AnalysisOut, tags=["analysis"])
    async def analyze(article: ArticleIn) -> JSONResponse:
        """Repair a draft; its entities, top three categories and tags with evidence."""
        [answer] = await service.pool.analyze([await service.item(article)])
        if "error" in answer:
            raise HTTPException(422, answer["error"])
        return JSONResponse(answer)

    @app.post("/v1/analyze/batch", response_model=BatchOut, tags=["analysis"])
    async def analyze_batch(batch: BatchIn) -> JSONResponse:
        """Up to 32 articles, each with its id; answers in the same order."""
        items = [await service.item(article) for article in batch.articles]
        answers = await service.pool.analyze(items)
        for article, answer in zip(batch.articles, answers, strict=True):
            if "error" in answer:
                raise HTTPException(422, f"article {article.article_id!r}: {answer['error']}")
        return JSONResponse({"results": answers})

    @app.post(
        "/v1/feedback",
        response_model=FeedbackOut,
        status_code=201,
        tags=["feedback"],
        dependencies=[Depends(require_token)],
    )
    async def feedback(decision: FeedbackIn) -> dict[str, Any]:
        """Store an editor's decision (committed before this answers). A tag rejected for
        an article is not suggested for it again; ``pipeline train --feedback`` learns
        from these rows."""
        row = await run_in_threadpool(
            service.feedback_store().add,
            decision.article_id,
            decision.kind,
            decision.label,
            decision.decision,
            decision.to,
            service.model_sha256,
        )
        return asdict(row)

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
