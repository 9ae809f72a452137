"""How far a run has got, and how it is shown: a bar on a terminal, log lines otherwise."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@dataclass
class RunProgress:
    """Counters a run keeps up to date as it commits chunks."""

    bytes_total: int = 0
    bytes_done: int = 0
    records: int = 0
    articles: int = 0
    chunks_skipped: int = 0
    started: float = field(default_factory=time.perf_counter)

    @property
    def rate(self) -> float:
        """Articles per second so far."""
        elapsed = time.perf_counter() - self.started
        return self.articles / elapsed if elapsed else 0.0

    @property
    def share(self) -> float:
        """The share of the input's bytes read, 0..1."""
        return self.bytes_done / self.bytes_total if self.bytes_total else 0.0


ProgressHook = Callable[[RunProgress], None]


def progress_line(progress: RunProgress) -> str:
    """``1000 records, 998 articles, 55.1 articles/s, 40% of input, ETA 31s``.

    >>> three_seconds_ago = time.perf_counter() - 3.0
    >>> progress = RunProgress(100, 50, records=10, articles=9, started=three_seconds_ago)
    >>> progress_line(progress)
    '10 records, 9 articles, 3.0 articles/s, 50% of input, ETA 3s'
    """
    elapsed = time.perf_counter() - progress.started
    share = progress.share
    eta = f"{elapsed * (1 - share) / share:.0f}s" if share else "?"
    return (
        f"{progress.records} records, {progress.articles} articles, "
        f"{progress.rate:.1f} articles/s, {share:.0%} of input, ETA {eta}"
    )


@contextlib.contextmanager
def progress_display(
    console: Console | None = None, log_every: float = 10.0
) -> Iterator[ProgressHook]:
    """A progress hook for a run: a bar with articles/s and ETA on a terminal (rich), a plain
    log line every ``log_every`` seconds otherwise (CI logs, ``nohup``, pipes)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    console = console or Console(stderr=True)
    if not console.is_terminal:
        last_log = [0.0]

        def log(progress: RunProgress) -> None:
            if time.perf_counter() - last_log[0] >= log_every:
                last_log[0] = time.perf_counter()
                console.print(progress_line(progress), markup=False, highlight=False)

        yield log
        return
    columns = (
        TextColumn("pipeline run"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[articles]} articles, {task.fields[rate]:.1f}/s"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("run", total=None, articles=0, rate=0.0)

        def update(progress: RunProgress) -> None:
            bar.update(
                task,
                total=progress.bytes_total or None,
                completed=progress.bytes_done,
                articles=progress.articles,
                rate=progress.rate,
            )

        yield update
