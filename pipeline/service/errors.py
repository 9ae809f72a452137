"""The service's error answers: ``{"error": message, "detail": ...}`` for every 4xx.

Invalid JSON is a 400 naming where it broke; missing or wrong-typed fields a 422 with a
summary of the first five problems; any ``HTTPException`` keeps its status and headers.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


def _location(error: dict[str, Any]) -> str:
    return ".".join(str(part) for part in error.get("loc", ()))


def validation_answer(exc: RequestValidationError) -> JSONResponse:
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


async def invalid_request(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return validation_answer(exc)


async def http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return JSONResponse(
        {"error": exc.detail, "detail": exc.detail},
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


def add_error_answers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(StarletteHTTPException, http_error)
