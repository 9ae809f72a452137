"""``pipeline.duckdb`` as tables (a copy, answers from anywhere) against views over the
Parquet folders (the old file, tied to absolute paths): time to write, size, a query.

    python bench/bench_duckdb.py [--dump PATH] [--times 1 10] [--repeat 3]

Runs ``pipeline run DUMP --no-entities --no-suggestions`` once (default: the typographic
corpus, 1,085 articles), then for each ``--times`` N makes a run folder holding its
``articles`` parts N times over and writes both kinds of file (best of ``--repeat``). Last,
it moves the run folder and asks the file for ``count(*)`` from another directory. Nothing
is tuned here, so there is no dev/test split: these are costs, not scores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from pipeline.tables.writer import write_duckdb

TABLES = ["articles", "errors", "repairs"]
QUERY = "select publisher, count(*) as n, avg(length(body)) from articles group by 1"


def write_views(out: Path, tables: list[str]) -> Path:
    """The old ``pipeline.duckdb``: one view per table over its folder's absolute path."""
    path = out / "views.duckdb"
    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as connection:
        for name in tables:
            pattern = (out.resolve() / name / "*.parquet").as_posix()
            connection.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{pattern}')")
    return path


def best(repeat: int, action) -> tuple[float, Path]:
    times, path = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        path = action()
        times.append(time.perf_counter() - start)
    return min(times), path


def replicate(run: Path, folder: Path, times: int) -> Path:
    shutil.copytree(run, folder, ignore=shutil.ignore_patterns("*.duckdb", "_state"))
    parts = sorted((folder / "articles").glob("part-*.parquet"))
    for copy in range(1, times):
        for part in parts:
            shutil.copy(part, part.with_name(f"{part.stem}-x{copy}.parquet"))
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = Path(__file__).resolve().parents[2] / "shared/corpora/typographic/articles.jsonl"
    parser.add_argument("--dump", type=Path, default=default)
    parser.add_argument("--times", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-duckdb-"))
    try:
        run = work / "run"
        command = [sys.executable, "-m", "pipeline.cli", "run", str(args.dump), "--out", str(run)]
        subprocess.run([*command, "-q", "--no-entities", "--no-suggestions"], check=True)
        print(f"dump: {args.dump.name}")
        header = ("articles", "parquet MB", "kind", "write s", "MB", "query s")
        print("{:>9} {:>10} | {:<6} {:>8} {:>7} {:>8}".format(*header))
        for times in args.times:
            folder = replicate(run, work / f"x{times}", times)
            parquet = sum(p.stat().st_size for p in (folder / "articles").glob("*.parquet"))
            with duckdb.connect() as connection:
                pattern = (folder / "articles" / "*.parquet").as_posix()
                [(rows,)] = connection.execute(f"select count(*) from '{pattern}'").fetchall()
            for kind, writer in (("views", write_views), ("tables", write_duckdb)):
                seconds, path = best(args.repeat, lambda w=writer, f=folder: w(f, TABLES))
                with duckdb.connect(str(path), read_only=True) as connection:
                    query, _ = best(args.repeat, lambda c=connection: c.execute(QUERY).fetchall())
                print(
                    f"{rows:>9} {parquet / 1e6:>10.1f} | {kind:<6} {seconds:>8.2f} "
                    f"{os.path.getsize(path) / 1e6:>7.1f} {query:>8.3f}"
                )
        moved = Path(shutil.move(run, work / "moved" / "elsewhere"))
        os.chdir(work)
        with duckdb.connect(str(moved.relative_to(work) / "pipeline.duckdb")) as connection:
            count = connection.execute("select count(*) from articles").fetchone()[0]
        print(f"moved run folder, asked from another directory: {count} articles")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
