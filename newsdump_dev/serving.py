"""``pipeline serve`` as a child process: for a notebook, a benchmark or a test::

    with serving(Path("/tmp/editors"), "--workers", "1") as service:
        requests.post(f"{service.url}/v1/analyze", json={"title": ..., "body": ...})

The service starts on a free loopback port and is up once ``/healthz`` answers 200; its log
goes to ``DATA_DIR/server.log`` (a pipe nobody reads while requests run would fill up and
block the server exactly when it has errors to report). When the block ends it is
stopped, and killed with its workers if it does not stop within 30 s. The port is free
when chosen; another process could take it before the service binds it (the service
then exits and :class:`ServiceFailed` says so).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RunningService", "ServiceFailed", "serving"]

HOST = "127.0.0.1"


class ServiceFailed(RuntimeError):
    """The service exited, or did not answer ``/healthz`` in time; the message ends with
    its log."""


@dataclass(frozen=True)
class RunningService:
    host: str
    port: int
    data_dir: Path
    process: subprocess.Popen
    startup_seconds: float  # from the start of the process to its first 200 on /healthz

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def free_port() -> int:
    """A loopback port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def serving(
    data_dir: Path, *options: str, env: dict[str, str] | None = None, timeout: float = 240
) -> Iterator[RunningService]:
    """``pipeline serve --data-dir DATA_DIR OPTIONS...`` on a free loopback port, with
    ``env`` added to the environment, until the block ends; :class:`ServiceFailed` when
    it does not come up within ``timeout`` seconds."""
    port = free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "pipeline.cli", "serve", "--port", str(port)]
    command += ["--data-dir", str(data_dir), "--log-level", "warning", *options]
    started = time.perf_counter()
    with (data_dir / "server.log").open("wb") as log:
        # Its own process group: a service that must be killed takes its analysis
        # workers with it.
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
        )
        try:
            _wait_until_healthy(process, port, log, timeout)
            yield RunningService(HOST, port, data_dir, process, time.perf_counter() - started)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _wait_until_healthy(process: subprocess.Popen, port: int, log, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            log.flush()
            raise ServiceFailed(
                f"pipeline serve exited with {process.returncode}:\n{_tail(log.name)}"
            )
        if _healthy(port):
            return
        if time.monotonic() > deadline:
            log.flush()
            raise ServiceFailed(
                f"pipeline serve did not answer /healthz in {timeout:.0f} s:\n{_tail(log.name)}"
            )
        # Wait between attempts whatever the answer: asking again at once would only spin.
        time.sleep(0.3)


def _healthy(port: int) -> bool:
    connection = http.client.HTTPConnection(HOST, port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False  # not listening yet, or not answering HTTP yet
    finally:
        connection.close()


def _tail(path: str, characters: int = 3000) -> str:
    return Path(path).read_text(encoding="utf-8", errors="replace")[-characters:]
