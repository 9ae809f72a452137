"""Errors a user can act on: a clear message and an exit code of their own, no traceback.

They are ``ClickException`` subclasses, so the command line prints ``Error: ...`` and exits
with :attr:`exit_code` without any ``try``/``except`` of its own; from Python they are
ordinary exceptions.
"""

from __future__ import annotations

try:  # typer 0.2x runs on its own copy of click: its command line handles that ClickException
    from typer._click.exceptions import ClickException
except ImportError:  # older typer, on click itself
    from click import ClickException


class PipelineError(ClickException):
    """Something the user must fix before the pipeline can do its work."""

    exit_code = 2


class InputNotFound(PipelineError):
    """An input path does not exist: a typo must fail, not look like a successful run."""

    exit_code = 3
