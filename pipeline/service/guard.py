"""Refuse a bad request body before the application sees it (plain ASGI middleware).

- over the size limit: ``413``, from ``Content-Length`` alone when the client sends it,
  else as soon as the bytes received pass the limit; the rest is never read;
- bytes that are not UTF-8: ``400`` naming the first bad byte and its offset;
- a declared type other than JSON: ``415``; a body without a type is taken as JSON.

The body read here (at most the limit) is handed on to the application unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

_WITH_BODY = ("POST", "PUT", "PATCH")


def utf8_problem(data: bytes) -> str | None:
    """Why ``data`` is not UTF-8, or None if it is.

    >>> utf8_problem("Seoul’s".encode()) is None
    True
    >>> utf8_problem(b'{"title": "caf\\xe9"}')
    'the request body is not UTF-8: byte 0xe9 at offset 14'
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"the request body is not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}"
    return None


def is_json_type(value: str) -> bool:
    """Whether a Content-Type names JSON.

    >>> is_json_type("application/json; charset=utf-8"), is_json_type("text/plain")
    (True, False)
    """
    kind = value.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


async def send_error(send: Send, status: int, message: str, close: bool = False) -> None:
    """Answer with ``{"error": message}`` as JSON (and ask the client to close)."""
    body = json.dumps({"error": message, "detail": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyGuard:
    """ASGI middleware that checks request bodies of POST, PUT and PATCH (see the module)."""

    def __init__(self, app: ASGIApp, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WITH_BODY:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                await send_error(send, 400, "Content-Length is not a number", close=True)
                return
            if length > self.max_bytes:
                await send_error(send, 413, self._too_large(length), close=True)
                return
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        if content_type and not is_json_type(content_type):
            await send_error(
                send, 415, f"send JSON (Content-Type: application/json), not {content_type!r}"
            )
            return
        body = await self._read(receive)
        if body is None:  # the client went away
            return
        if isinstance(body, int):
            await send_error(send, 413, self._too_large(body), close=True)
            return
        problem = utf8_problem(body)
        if problem:
            await send_error(send, 400, problem)
            return
        if not content_type:
            scope = {
                **scope,
                "headers": [*scope["headers"], (b"content-type", b"application/json")],
            }
        await self.app(scope, _replay(body, receive), send)

    def _too_large(self, size: int) -> str:
        return f"the request body is larger than {self.max_bytes} bytes ({size} or more)"

    async def _read(self, receive: Receive) -> bytes | int | None:
        """The whole body; the count so far once it passes the limit; None on disconnect."""
        chunks, total = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > self.max_bytes:
                return total
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives the body already read once, then waits on the real one."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
