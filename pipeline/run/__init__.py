"""Batch runs: chunks of records through the stages into tables, on a local or Dask engine.

>>> from pipeline.run import run, LocalEngine
>>> from pipeline.core.registry import build_stages
>>> engine = LocalEngine(workers=2)
>>> run(["data/sample"], "out/demo", build_stages(), engine=engine)  # doctest: +SKIP
"""

from pipeline.run.driver import Engine, RunResult, check_inputs, run
from pipeline.run.local import LocalEngine

__all__ = ["Engine", "LocalEngine", "RunResult", "check_inputs", "run"]
