"""Files written so that no reader ever sees half of one, even after a crash."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` (``.<name>.*.tmp``), flush it to
    disk, then rename it into place: ``path`` holds the old bytes or the new, never a part.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "state" / "a.json"
    >>> write_bytes_atomically(target, b"{}")
    >>> target.read_bytes(), [p.name for p in target.parent.iterdir()]
    (b'{}', ['a.json'])
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
