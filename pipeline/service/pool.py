"""Analysis on both cores: worker processes forked after the stages are loaded.

spaCy and scikit-learn hold the GIL, so threads would analyse one article at a time. The
pool loads the stages once in the server process (warming them up on a short article),
then forks ``workers`` processes that inherit them, loaded: no second load, and memory
pages shared until written. The event loop stays free for I/O, health checks and
feedback while the workers analyse. With ``workers=0`` the server process analyses
itself, one batch at a time on a thread of its own.

Requests wait in one queue. Each worker has a dispatcher that takes the oldest waiting
article and, when more are waiting, up to ``group`` in all, and hands them to its worker
as one batch: spaCy and the models cost less per article in a batch (94 ms alone, 77 ms
in fours for a 600-word article, CPU time), so under load the service keeps up better,
while a lone request is never held back to wait for company.

Long drafts (over ``long_chars`` characters: a 1 MB text takes the best part of a minute)
go to a lane of their own: one more process, at a lower scheduling priority, with its own
queue. A long draft never holds up the short ones behind it, and while it runs the
short ones still get the cores first (the operating system gives the niced process what
they leave).

A pool built with ``load_here=False`` (a model retrained while the service runs) loads
the stages in its workers instead, so the server goes on answering while they load.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from pipeline.service.analysis import AnalysisSettings, Item, analyze_safely, warm_up
from pipeline.service.config import LONG_CHARS

LONG_NICE = 10


def _worker_started(started: Any, settings: AnalysisSettings | None, nice: int) -> None:
    """In each forked worker: say who it is; leave Ctrl-C and the server's signal handling
    to the server; lower its priority (the long lane); load the stages if told."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(ValueError):  # not the main thread
        signal.set_wakeup_fd(-1)
    if nice:
        with contextlib.suppress(OSError):
            os.nice(nice)
    if settings is not None:
        warm_up(settings)
    started.put(os.getpid())


Waiting = tuple[Item, asyncio.Future]


@dataclass
class Lane:
    """A queue of articles and the executor that analyses them (``size`` processes)."""

    size: int
    nice: int = 0
    executor: Executor | None = None
    pids: list[int] = field(default_factory=list)
    queue: asyncio.Queue[Waiting] | None = None
    dispatchers: list[asyncio.Task] = field(default_factory=list)
    busy: int = 0


class AnalysisPool:
    """Runs :func:`pipeline.service.analysis.analyze_safely` off the event loop.

    >>> pool = AnalysisPool(AnalysisSettings(), workers=2, group=4)
    >>> pool.workers, pool.group, pool.pids, pool.long_chars  # nothing runs before start()
    (2, 4, [], 100000)
    """

    def __init__(
        self,
        settings: AnalysisSettings,
        workers: int,
        group: int,
        long_chars: int = LONG_CHARS,
        load_here: bool = True,
    ):
        self.settings = settings
        self.workers = max(0, workers)
        self.group = max(1, group)
        self.long_chars = long_chars
        self.load_here = load_here
        self._replacing = threading.Lock()
        self.short = Lane(max(1, self.workers))
        self.long = Lane(1, LONG_NICE)

    @property
    def pids(self) -> list[int]:
        """The short lane's processes."""
        return self.short.pids

    @property
    def long_pids(self) -> list[int]:
        return self.long.pids

    def start(self) -> None:
        """Load and warm the stages here, then start the workers (forked: they share them);
        with ``load_here=False``, the workers load them."""
        if self.load_here:
            warm_up(self.settings)
        for lane in (self.short, self.long):
            if self.workers == 0:
                if not self.load_here:
                    warm_up(self.settings)
                lane.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis")
            else:
                lane.executor = self._fork_workers(lane)

    def _fork_workers(self, lane: Lane) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("fork")
        started = context.SimpleQueue()
        load = None if self.load_here else self.settings
        executor = ProcessPoolExecutor(
            max_workers=lane.size,
            mp_context=context,
            initializer=_worker_started,
            initargs=(started, load, lane.nice),
        )
        executor.submit(os.getpid).result()  # with fork, the first task starts every worker
        lane.pids = sorted(started.get() for _ in range(lane.size))
        started.close()
        return executor

    def lane_of(self, item: Item) -> Lane:
        return self.long if len(item.title) + len(item.body) > self.long_chars else self.short

    @property
    def idle(self) -> bool:
        """Nothing waiting or running (a replaced pool closes once idle)."""
        return all(
            lane.busy == 0 and (lane.queue is None or lane.queue.empty())
            for lane in (self.short, self.long)
        )

    async def analyze(self, items: list[Item]) -> list[dict[str, Any]]:
        """Answers for ``items``, in order (the articles of a batch spread over the workers;
        long ones to the long lane)."""
        if self.short.executor is None:
            raise RuntimeError("the analysis pool is not started")
        loop = asyncio.get_running_loop()
        futures = []
        for item in items:
            lane = self.lane_of(item)
            if lane.queue is None:
                self._start_dispatchers(lane)
            assert lane.queue is not None
            future = loop.create_future()
            lane.queue.put_nowait((item, future))
            futures.append(future)
        return list(await asyncio.gather(*futures))

    def _start_dispatchers(self, lane: Lane) -> None:
        lane.queue = asyncio.Queue()
        lane.dispatchers = [
            asyncio.get_running_loop().create_task(self._dispatch(lane)) for _ in range(lane.size)
        ]

    async def _dispatch(self, lane: Lane) -> None:
        """Feed one worker: the oldest waiting article and those waiting behind it."""
        assert lane.queue is not None
        group = self.group if lane is self.short else 1
        while True:
            waiting = [await lane.queue.get()]
            while len(waiting) < group and not lane.queue.empty():
                waiting.append(lane.queue.get_nowait())
            waiting = [(item, future) for item, future in waiting if not future.done()]
            if not waiting:
                continue
            lane.busy += 1
            try:
                answers = await self._run(lane, [item for item, _ in waiting])
            except Exception as exc:  # the callers get the error; the dispatcher goes on
                for _, future in waiting:
                    if not future.done():
                        future.set_exception(exc)
                continue
            finally:
                lane.busy -= 1
            for (_, future), answer in zip(waiting, answers, strict=True):
                if not future.done():
                    future.set_result(answer)

    async def _run(self, lane: Lane, items: list[Item]) -> list[dict[str, Any]]:
        """One batch on a worker; if a worker died (killed, out of memory), the workers are
        forked anew and the batch tried once more."""
        executor = lane.executor
        if executor is None:
            raise RuntimeError("the analysis pool is closed")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(executor, analyze_safely, items, self.settings)
        except BrokenProcessPool:
            await loop.run_in_executor(None, self._replace, lane, executor)
            if lane.executor is None:
                raise
            return await loop.run_in_executor(lane.executor, analyze_safely, items, self.settings)

    def _replace(self, lane: Lane, broken: Executor) -> None:
        with self._replacing:
            if lane.executor is broken:  # not already replaced for another batch
                broken.shutdown(wait=False, cancel_futures=True)
                lane.executor = self._fork_workers(lane)

    def stop_dispatchers(self) -> None:
        for lane in (self.short, self.long):
            for task in lane.dispatchers:
                task.cancel()
            lane.dispatchers = []

    def close(self) -> None:
        self.stop_dispatchers()
        for lane in (self.short, self.long):
            if lane.executor is not None:
                lane.executor.shutdown(wait=True, cancel_futures=True)
                lane.executor = None
