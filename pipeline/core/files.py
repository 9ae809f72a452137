"""Files written so that no reader ever sees half of one, even after a crash."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path`` (``.<name>.*.tmp``) to write the whole file to; when
    the block ends the file is flushed to disk and renamed into place, so ``path`` holds the
    old content or the new, never a part. If the block raises, the temporary file is removed.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_path(target) as temporary:
    ...     _ = temporary.write_text("new")
    >>> target.read_text(), [p.name for p in target.parent.iterdir()]
    ('new', ['a.txt'])
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)  # the caller's writer (open, pyarrow) opens the path itself
    temporary = Path(name)
    try:
        yield temporary
        # The rename must not reach the disk before the bytes do, or a crash could leave
        # ``path`` empty.
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_path`.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "state" / "a.json"
    >>> write_bytes_atomically(target, b"{}")
    >>> target.read_bytes(), [p.name for p in target.parent.iterdir()]
    (b'{}', ['a.json'])
    """
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
