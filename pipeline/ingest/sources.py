"""Expand the inputs of a run (files, folders, .zip, .tar.gz) into source files, streamed."""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from pipeline.core.model import ErrorRecord

ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")


@dataclass(slots=True)
class SourceFile:
    """One file to read: a display name (``dump.zip!2024/a.txt``), how to open it, its size."""

    name: str
    opener: Callable[[], BinaryIO]
    size: int | None = None
    mtime_ns: int = 0  # of the file on disk (the archive, for a member)
    bytes_read: int = 0  # so far, through :meth:`open`: how far a reader has got

    @property
    def key(self) -> str:
        """Identifies this version of the file: a changed or touched file gets a new key."""
        digest = hashlib.sha1(f"{self.name}|{self.size}|{self.mtime_ns}".encode())
        return digest.hexdigest()[:12]

    @property
    def suffix(self) -> str:
        member = self.name.rsplit("!", 1)[-1].lower()
        name = member.rsplit("/", 1)[-1]
        return "." + name.rsplit(".", 1)[-1] if "." in name else ""

    def open(self) -> BinaryIO:
        """A buffered stream of the file's bytes that keeps :attr:`bytes_read` up to date,
        so a run can say how far through a large file it is."""
        self.bytes_read = 0
        return io.BufferedReader(_CountingStream(self.opener(), self), buffer_size=1 << 16)

    def read_bytes(self) -> bytes:
        with self.open() as handle:
            return handle.read()


class _CountingStream(io.RawIOBase):
    """A raw stream over ``inner`` that adds every byte read to ``source.bytes_read``."""

    def __init__(self, inner: BinaryIO, source: SourceFile):
        self.inner, self.source = inner, source

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.source.bytes_read += len(data)
        return len(data)

    def close(self) -> None:
        self.inner.close()
        super().close()


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _archive_kind(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".zip"):
        return "zip"
    if lowered.endswith((".tar.gz", ".tgz", ".tar")):
        return "tar"
    return None


def _is_hidden(path: Path) -> bool:
    return any(part.startswith(".") for part in path.parts)


def iter_source_files(inputs: Iterable[str | Path]) -> Iterator[SourceFile | ErrorRecord]:
    """Yield every readable file under ``inputs`` in a stable order; problems become errors."""
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() or p.is_symlink()):
                if _is_hidden(child.relative_to(path)):
                    continue
                if child.is_file():
                    yield from _expand_file(child)
                elif not child.exists():  # a link to a file that is gone: said, not skipped
                    yield ErrorRecord(str(child), "", "input not found (broken link)")
        elif path.is_file():
            yield from _expand_file(path)
        else:
            yield ErrorRecord(str(path), "", "input not found")


def _expand_file(path: Path) -> Iterator[SourceFile | ErrorRecord]:
    kind = _archive_kind(path.name)
    if kind == "zip":
        yield from _zip_members(path)
    elif kind == "tar":
        yield from _tar_members(path)
    else:
        stat = path.stat()
        yield SourceFile(str(path), partial(path.open, "rb"), stat.st_size, stat.st_mtime_ns)


def _zip_members(path: Path) -> Iterator[SourceFile | ErrorRecord]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield ErrorRecord(str(path), "", f"unreadable zip archive: {exc}")
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if info.is_dir() or _is_hidden(Path(info.filename)):
                continue
            yield SourceFile(
                f"{path}!{info.filename}",
                lambda i=info: archive.open(i),
                info.file_size,
                path.stat().st_mtime_ns,
            )


def _tar_members(path: Path) -> Iterator[SourceFile | ErrorRecord]:
    try:
        archive = tarfile.open(path, mode="r:*")  # noqa: SIM115 - closed below
    except (tarfile.TarError, OSError) as exc:
        yield ErrorRecord(str(path), "", f"unreadable tar archive: {exc}")
        return
    with archive:
        try:
            members = sorted((m for m in archive.getmembers() if m.isfile()), key=lambda m: m.name)
        except (tarfile.TarError, OSError, EOFError) as exc:
            yield ErrorRecord(str(path), "", f"truncated or corrupt tar archive: {exc}")
            return
        for member in members:
            if _is_hidden(Path(member.name)):
                continue

            def opener(m: tarfile.TarInfo = member) -> BinaryIO:
                handle = archive.extractfile(m)
                return handle if handle is not None else io.BytesIO(b"")

            yield SourceFile(f"{path}!{member.name}", opener, member.size, path.stat().st_mtime_ns)
