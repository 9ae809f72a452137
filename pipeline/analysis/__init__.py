"""Analysts' layer: a run's tables in a notebook, in a few obvious lines.

>>> from pipeline.analysis import open_run
>>> run = open_run("out/demo")  # doctest: +SKIP
>>> run.top_entities(label="PERSON"), run.cooccurrence(), run.show(run.articles.article_id[0])
... # doctest: +SKIP

Sits on top of everything (pandas, DuckDB, displaCy); nothing in ingest, nlp, classify or
tables imports it.
"""

from pipeline.analysis.run import Run, open_run

__all__ = ["Run", "open_run"]
