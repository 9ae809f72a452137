"""Analysts' layer: a run's tables in a notebook, in a few obvious lines.

>>> from pipeline.analysis import open_run
>>> run = open_run("out/demo")  # doctest: +SKIP
>>> run.top_entities(label="PERSON", since="2024-10-01", category="World")  # doctest: +SKIP
>>> run.plot.timeline(["RU", "US"], by="country", freq="M")  # doctest: +SKIP
>>> run.export(run.person_country(), "people-by-country.xlsx")  # doctest: +SKIP

Every analysis takes the same filters (:mod:`pipeline.analysis.filters`); an empty answer
says why in an :class:`EmptyAnswer` warning.

Sits on top of everything (pandas, DuckDB, displaCy); nothing in ingest, nlp, classify or
tables imports it.
"""

from pipeline.analysis.filters import EmptyAnswer
from pipeline.analysis.run import Run, open_run

__all__ = ["EmptyAnswer", "Run", "open_run"]
