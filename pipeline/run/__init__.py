"""Batch runs: chunks of records through the stages into tables, on a local or Dask engine.

>>> from pipeline.core.config import RunConfig
>>> from pipeline.run import run, LocalEngine
>>> config = RunConfig.build({"entities": {"home_country": "GB"}}, batch_size=500)
>>> run(["data/sample"], "out/demo", config, engine=LocalEngine(workers=2))  # doctest: +SKIP
"""

from pipeline.run.driver import Engine, RunResult, check_inputs, run, settle_config
from pipeline.run.local import LocalEngine

__all__ = ["Engine", "LocalEngine", "RunResult", "check_inputs", "run", "settle_config"]
