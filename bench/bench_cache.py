"""The gazetteer's disk cache: our marshal file against joblib.Memory, cold and warm.

    python bench/bench_cache.py [--repeat 7]

Each measurement runs in a fresh process (as a ``pipeline run`` or a Dask worker starts)
with its own cache folder: ``cold`` builds the place table and stores it, ``warm`` loads
what an earlier process stored. Timed inside the process: the call that returns the table
(the key's fingerprint and the table's code are imported before the clock starts; for
joblib, importing ``joblib.Memory`` is timed separately, since the suggestion models
import joblib anyway). The best of ``--repeat`` processes, as the noise of a busy machine
only adds time. Last, the stored table read back in one process by ``marshal.loads``,
``pickle.loads`` and ``joblib.load``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, sys, time
from pipeline.nlp import countries
key = countries._place_table_fingerprint()
backend, folder = sys.argv[1], sys.argv[2]
if backend == "marshal":
    import os
    os.environ["PIPELINE_CACHE_DIR"] = folder
    from pipeline.core.cache import cached
    start = time.perf_counter()
    table = cached("place-candidates", key, countries._place_table)
    imported = 0.0
else:
    start = time.perf_counter()
    from joblib import Memory
    imported = time.perf_counter() - start
    from bench.bench_cache import place_table  # in a file: joblib keys on its source

    start = time.perf_counter()
    table = Memory(folder, verbose=0).cache(place_table)(key)
print(json.dumps({"seconds": time.perf_counter() - start, "import": imported, "n": len(table)}))
"""


def place_table(key: str) -> dict:
    """The place table for joblib.Memory, which keys on the arguments and this code."""
    from pipeline.nlp import countries

    return countries._place_table()


def one(backend: str, folder: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, backend, folder], check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    for backend in ("marshal", "joblib"):
        cold, warm, imports, size = [], [], [], 0
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as folder:
                cold.append(one(backend, folder)["seconds"])
                result = one(backend, folder)
                warm.append(result["seconds"])
                imports.append(result["import"])
                size = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())
        extra = (
            f", import joblib.Memory {min(imports) * 1000:.1f} ms" if backend == "joblib" else ""
        )
        print(
            f"{backend:<8} cold {min(cold) * 1000:7.1f} ms   warm {min(warm) * 1000:6.1f} ms"
            f"   on disk {size / 1e6:.1f} MB{extra}"
        )
    loads(args.repeat)


def loads(repeat: int) -> None:
    """The stored table read back in this process: marshal, pickle and joblib's reader."""
    import marshal
    import pickle
    import time

    import joblib

    table = place_table("")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.joblib"
        joblib.dump(table, path)
        readers = {
            "marshal.loads": (marshal.loads, marshal.dumps(table)),
            "pickle.loads": (pickle.loads, pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)),
            "joblib.load": (joblib.load, path),
        }
        for name, (read, stored) in readers.items():
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                read(stored)
                best = min(best, time.perf_counter() - start)
            print(f"in process: {name:<14} {best * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
