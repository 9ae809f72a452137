"""Expand the inputs of a run (files, folders, .zip, .tar.gz) into source files, streamed;
a file compressed on its own (``dump.jsonl.gz``, ``.bz2``, ``.xz``) is read as what it holds."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import lzma
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import BinaryIO

from pipeline.core.model import ErrorRecord

ARCHIVE_SUFFIXES = (".zip", ".tar.gz", ".tgz", ".tar")
# One compressed file, by its last suffix: the standard library's decompressing streams.
DECOMPRESSORS: dict[str, Callable[[BinaryIO], BinaryIO]] = {
    ".gz": lambda raw: gzip.GzipFile(fileobj=raw, mode="rb"),
    ".bz2": lambda raw: bz2.BZ2File(raw, mode="rb"),
    ".xz": lambda raw: lzma.LZMAFile(raw, mode="rb"),  # noqa: SIM115 - _Decompressed closes
}


def compression_of(name: str) -> str | None:
    """The compression suffix of a file compressed on its own, if any.

    >>> compression_of("dump.jsonl.gz"), compression_of("dump.tar.gz"), compression_of("a.txt")
    ('.gz', None, None)
    """
    lowered = name.lower()
    if _archive_kind(lowered):
        return None
    return next((suffix for suffix in DECOMPRESSORS if lowered.endswith(suffix)), None)


@dataclass(slots=True)
class SourceFile:
    """One file to read: a display name (``dump.zip!2024/a.txt``), how to open its stored
    bytes, their size and, for a file compressed on its own, the compression suffix."""

    name: str
    opener: Callable[[], BinaryIO]
    size: int | None = None
    mtime_ns: int = 0  # of the file on disk (the archive, for a member)
    bytes_read: int = 0  # stored bytes so far, through :meth:`open`: how far a reader has got
    compression: str | None = None  # ".gz", ".bz2", ".xz": read decompressed

    @property
    def key(self) -> str:
        """Identifies this version of the file: a changed or touched file gets a new key."""
        digest = hashlib.sha1(f"{self.name}|{self.size}|{self.mtime_ns}".encode())
        return digest.hexdigest()[:12]

    @property
    def suffix(self) -> str:
        """The format's suffix: ``.jsonl`` for ``dump.jsonl`` and for ``dump.jsonl.gz``."""
        member = self.name.rsplit("!", 1)[-1].lower()
        name = member.rsplit("/", 1)[-1]
        if self.compression and name.endswith(self.compression):
            name = name[: -len(self.compression)]
        return "." + name.rsplit(".", 1)[-1] if "." in name else ""

    def open(self) -> BinaryIO:
        """A buffered stream of the file's bytes (decompressed) that keeps
        :attr:`bytes_read` up to date, so a run can say how far through a large file it is
        (in stored bytes, as :attr:`size` counts them)."""
        self.bytes_read = 0
        stream = io.BufferedReader(_CountingStream(self.opener(), self), buffer_size=1 << 16)
        return _Decompressed(stream, self.compression) if self.compression else stream

    def open_plain(self) -> BinaryIO:
        """The file's bytes (decompressed), not counted: for a look at its head."""
        stream = self.opener()
        return _Decompressed(stream, self.compression) if self.compression else stream

    def read_bytes(self) -> bytes:
        with self.open() as handle:
            return handle.read()


class CorruptCompressedFile(OSError):
    """A compressed file whose data ends early or does not decompress: an input's fault,
    reported as its error row like any unreadable file."""


# What the standard library's decompressors raise on damaged data: gzip a zlib.error, a
# BadGzipFile or an EOFError (cut short), bz2 an OSError, lzma an LZMAError. Their OSErrors
# carry no errno; one that does is the disk's or the system's, not the data's.
_DAMAGED = (EOFError, OSError, zlib.error, lzma.LZMAError)


def _damaged_data(exc: BaseException) -> bool:
    return not isinstance(exc, OSError) or exc.errno is None


class _Decompressing(io.RawIOBase):
    """The decompressed bytes of a stored stream, damage raised as one error
    (:class:`CorruptCompressedFile`), the stored stream closed with it (the standard
    library's decompressors leave open a file object they are given)."""

    def __init__(self, stored: BinaryIO, compression: str):
        self.inner, self.stored = DECOMPRESSORS[compression](stored), stored

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:
        try:
            data = self.inner.read(len(buffer))
        except _DAMAGED as exc:
            if not _damaged_data(exc):
                raise
            raise CorruptCompressedFile(f"truncated or corrupt compressed file: {exc}") from exc
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self.inner.close()
        finally:
            self.stored.close()
            super().close()


class _Decompressed(io.BufferedReader):
    """:class:`_Decompressing`, buffered."""

    def __init__(self, stored: BinaryIO, compression: str):
        super().__init__(_Decompressing(stored, compression), buffer_size=1 << 16)


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
        yield SourceFile(
            str(path),
            partial(path.open, "rb"),
            stat.st_size,
            stat.st_mtime_ns,
            compression=compression_of(path.name),
        )


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
                compression=compression_of(info.filename),
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

            yield SourceFile(
                f"{path}!{member.name}",
                opener,
                member.size,
                path.stat().st_mtime_ns,
                compression=compression_of(member.name),
            )
