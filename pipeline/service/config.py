"""The options of ``pipeline serve``, in one frozen value the app and its workers share."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.core.config import RunConfig

if TYPE_CHECKING:
    from pipeline.service.analysis import AnalysisSettings

TOKEN_ENV = "PIPELINE_SERVICE_TOKEN"
DATA_DIR_ENV = "PIPELINE_DATA_DIR"
MAX_BATCH = 32
WORKERS = 2  # analysis processes: one per core of a small machine
GROUP = 4  # waiting articles a worker takes at once
MAX_BODY_BYTES = 1 << 20  # 1 MiB: a long article is about 50 KB, a full batch about 1 MB
LONG_CHARS = 100_000  # drafts longer than this go to the long lane (pipeline.service.pool)


def default_data_dir() -> Path:
    """``$PIPELINE_DATA_DIR``, else the user's data folder (``~/.local/share/newsdump-pipeline``).

    >>> isinstance(default_data_dir(), Path)
    True
    """
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "newsdump-pipeline"


def _every_stage() -> RunConfig:
    return RunConfig.build()


@dataclass(frozen=True)
class ServiceConfig:
    """What the service runs with.

    ``run``: the stages and their options, as a run takes them (``pipeline serve`` builds it
    from the same flags, ``--set`` and ``--config``); ``workers`` analysis processes (0:
    analyse in the server process itself, one batch at a time); ``group``: how many waiting
    articles a worker takes at once; ``token``: a bearer token that ``POST /v1/feedback``
    must present (None: no token); ``cors_origins``: the browser origins allowed to call the
    API from other sites (none by default); ``candidates``: tags listed per article (the
    suggested ones, then the best others); ``evidence``: features shown per label;
    ``long_chars``: drafts longer than this are analysed apart (their own worker, at a lower
    priority); ``retrain_every``: retrain in the background after this many new decisions
    (None: only when asked, ``POST /v1/admin/retrain``), on ``train_data`` (dumps; default:
    the sources in the model's card).

    >>> ServiceConfig(workers=0).run.options("repair").dash_style
    'auto'
    """

    run: RunConfig = field(default_factory=_every_stage)
    data_dir: Path | None = None
    workers: int = WORKERS
    group: int = GROUP
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = MAX_BODY_BYTES
    candidates: int = 10
    evidence: int = 5
    new_tags: int = 5
    long_chars: int = LONG_CHARS
    retrain_every: int | None = None
    train_data: tuple[str, ...] = ()

    @classmethod
    def from_environment(cls, **options: object) -> ServiceConfig:
        """The config with the token from ``$PIPELINE_SERVICE_TOKEN`` (never a command-line
        argument, which other users could read in the process list)."""
        token = os.environ.get(TOKEN_ENV) or None
        return cls(token=token, **options)  # type: ignore[arg-type]

    def analysis_settings(self) -> AnalysisSettings:
        """What each analysis needs besides the article (picklable, sent to the workers)."""
        from pipeline.service.analysis import AnalysisSettings

        return AnalysisSettings(self.run, self.candidates, self.evidence, self.new_tags)

    def resolved_data_dir(self) -> Path:
        return Path(self.data_dir) if self.data_dir is not None else default_data_dir()
