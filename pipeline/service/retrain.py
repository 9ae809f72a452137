"""Retraining while the service runs: editors' decisions teach the model it serves.

``pipeline serve --retrain-every N`` (or ``POST /v1/admin/retrain``) trains a new model in
the background once ``N`` decisions are waiting (stored after the ones the current model
learnt from): ``pipeline train DUMP... --feedback DATA_DIR`` in a process of its own at a
low priority, into ``DATA_DIR/models/<time>``. A new analysis pool then loads that model
in its own worker processes while the old pool goes on answering; once loaded, the
service swaps it in (one assignment on the event loop: a request uses the old pool or the
new, never a half-loaded one) and closes the old pool when it has finished what it had.
``/v1/model`` then shows the new model's card. A failed training leaves the old model
serving and says why under ``/v1/model`` -> ``feedback`` -> ``last_retrain``.

The dumps trained on are ``--train-data`` when given, else the sources named in the
serving model's card if they exist from the service's working folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Service = Any  # pipeline.service.deps.Service (which imports this module)

TRAIN_NICE = 10
LOG_TAIL = 2_000


def trained_through(card: dict[str, Any]) -> int:
    """The last feedback row a model learnt from (0: none), from its card.

    >>> trained_through({"training_data": {"feedback": {"last_row": 12}}}), trained_through({})
    (12, 0)
    """
    feedback = (card.get("training_data") or {}).get("feedback") or {}
    return int(feedback.get("last_row") or 0)


def training_dumps(train_data: tuple[str, ...], card: dict[str, Any]) -> list[str]:
    """What to train on: the dumps given, else the card's sources that exist here.

    >>> training_dumps(("a.jsonl",), {}), training_dumps((), {"training_data": {}})
    (['a.jsonl'], [])
    """
    if train_data:
        return list(train_data)
    sources = (card.get("training_data") or {}).get("sources") or []
    return [str(source) for source in sources if Path(source).exists()]


@dataclass
class Retrainer:
    """Counts the decisions waiting, trains and swaps the model in (see the module)."""

    every: int | None
    train_data: tuple[str, ...] = ()
    running: bool = False
    retrains: int = 0
    last: dict[str, Any] = field(default_factory=dict)
    _task: asyncio.Task | None = None

    def status(self, service: Service) -> dict[str, Any]:
        """What ``/v1/model`` says of the feedback: waiting decisions and the last retrain."""
        store = service.store
        pending = store.count(after=trained_through(service.card)) if store else 0
        return {
            "pending": pending,
            "retrain_every": self.every,
            "retraining": self.running,
            "retrains": self.retrains,
            "last_retrain": self.last or None,
        }

    def maybe_start(self, service: Service) -> bool:
        """Start retraining if ``every`` decisions are waiting and none is running."""
        if not self.every or self.running or service.store is None:
            return False
        if service.store.count(after=trained_through(service.card)) < self.every:
            return False
        return self.start(service)

    def start(self, service: Service) -> bool:
        """Retrain now, in the background (False: one is already running)."""
        if self.running:
            return False
        self.running = True
        self._task = asyncio.get_running_loop().create_task(self._retrain(service))
        return True

    async def _retrain(self, service: Service) -> None:
        started = time.monotonic()
        try:
            out, log = await self._train(service)
            await service.swap_model(out)
            self.retrains += 1
            self.last = {"ok": True, "model_dir": str(out), "log": log}
        except Exception as exc:  # the old model goes on serving; say why
            self.last = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:LOG_TAIL]}
        finally:
            self.last["seconds"] = round(time.monotonic() - started, 1)
            self.last["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
            self.running = False

    async def _train(self, service: Service) -> tuple[Path, str]:
        dumps = training_dumps(self.train_data, service.card)
        if not dumps:
            raise RuntimeError(
                "nothing to train on: give pipeline serve --train-data DUMP (the model's "
                "card names no dump that exists here)"
            )
        data_dir = service.config.resolved_data_dir()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        out = data_dir / "models" / stamp
        command = [sys.executable, "-m", "pipeline.cli", "train", *dumps, "--out", str(out)]
        command += ["--feedback", str(data_dir), "--jobs", "1"]
        process = await asyncio.create_subprocess_exec(
            *command,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env=_child_environment(),
            preexec_fn=_lower_priority,
        )
        output, _ = await process.communicate()
        log = output.decode("utf-8", "replace")
        if process.returncode != 0:
            raise RuntimeError(f"pipeline train failed ({process.returncode}): {log[-LOG_TAIL:]}")
        return out, log[-LOG_TAIL:]


def _lower_priority() -> None:
    with contextlib.suppress(OSError):
        os.nice(TRAIN_NICE)


def _child_environment() -> dict[str, str]:
    """The environment with this process's import path, so the child finds the same code."""
    root = str(Path(__file__).resolve().parents[2])
    paths = [root, *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
