"""``open_run(DIR)``: a run's tables as DataFrames, SQL over them, and the usual analyses.

Tables load on first use. SQL goes through an in-memory DuckDB connection with one view
per table over its Parquet folder (the run's ``pipeline.duckdb`` holds copies of the same
tables, for other tools): it takes no lock on that file, so any number of notebooks can
open a run while another process reads it, or rewrites it. Map columns (``articles.meta``)
come as dicts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from pipeline.analysis.analyses import Analyses
from pipeline.core.registry import definitions, table_schemas
from pipeline.tables.writer import read_manifest, table_folders

if TYPE_CHECKING:
    import duckdb

    from pipeline.single import Analysis


def known_tables() -> dict[str, Any]:
    """Every table a registered stage writes, with its schema: a run that lacks one
    (``--no-entities``, ``--no-suggestions``) reads it as empty, with its columns."""
    return table_schemas([stage.name for stage in definitions()])


def _read_table(folder: Path) -> pd.DataFrame:
    """A table folder as a DataFrame, its map columns (``articles.meta``) as dicts (pandas
    reads an Arrow map as a list of key/value pairs)."""
    import pyarrow.dataset as ds
    import pyarrow.types as pa_types

    frame = pd.read_parquet(folder)
    for field in ds.dataset(folder, format="parquet").schema:  # the files' footers only
        if pa_types.is_map(field.type):
            frame[field.name] = frame[field.name].map(
                lambda pairs: dict(pairs) if pairs is not None else {}
            )
    return frame


def _empty(name: str) -> pd.DataFrame:
    return known_tables()[name].empty_table().to_pandas()


class Run(Analyses):
    """The tables of one run: ``run.articles``, ``run.mentions``, ... (pandas DataFrames,
    loaded on first use; ``run.repairs(...)`` is an analysis, ``run.table("repairs")`` the
    table), ``run.sql(query)``, ``run.manifest``, the analyses of
    :class:`~pipeline.analysis.analyses.Analyses` (each with the filters ``since``, ``until``,
    ``category``, ``source``, ``publisher``, ``label``), ``run.plot.*`` and ``run.export``.
    Make one with :func:`open_run`, or from DataFrames with :meth:`from_frames`.

    >>> run = Run.from_frames(entities=pd.DataFrame({
    ...     "article_id": ["a", "b"], "canonical": ["Seoul", "Moscow"], "label": ["GPE", "GPE"],
    ...     "country_code": ["KR", "RU"], "mentions": [2, 1]}))
    >>> run.tables
    ['entities']
    >>> run.sql("select count(*) as n from entities where mentions > 1").n.tolist()
    [1]
    >>> run.top_countries().country_code.tolist()
    ['KR', 'RU']
    """

    def __init__(
        self,
        path: Path | None,
        tables: list[str],
        manifest: dict[str, Any] | None = None,
        frames: Mapping[str, pd.DataFrame] | None = None,
    ):
        self.path = path
        self.tables = list(tables)
        self._manifest = manifest or {}
        self._frames: dict[str, pd.DataFrame] = dict(frames or {})
        self._connection: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def from_frames(cls, **frames: pd.DataFrame) -> Run:
        """A run made of DataFrames in memory (tables named by the keywords)."""
        return cls(None, list(frames), frames=frames)

    @classmethod
    def from_analysis(cls, analysis: Analysis) -> Run:
        """A one-article run of what :func:`pipeline.analyze` found, e.g. to ``show()`` it."""
        frames = {name: pd.DataFrame(rows) for name, rows in analysis.tables.items()}
        for name, frame in frames.items():
            if frame.empty and name in known_tables():
                frames[name] = _empty(name)
        return cls.from_frames(**frames)

    def __repr__(self) -> str:
        where = str(self.path) if self.path else "in memory"
        return f"<Run {where}: {', '.join(self.tables)}>"

    @property
    def manifest(self) -> dict[str, Any]:
        """``manifest.json``: inputs, tables, counts, stages, versions, timings."""
        return self._manifest

    def table(self, name: str) -> pd.DataFrame:
        """One table as a DataFrame, read once. A built-in table the run does not have
        (``--no-suggestions``, ...) is empty, with its columns."""
        if name not in self._frames:
            if name in self.tables and self.path is not None:
                self._frames[name] = _read_table(self.path / name)
            elif name in known_tables():
                self._frames[name] = _empty(name)
            else:
                raise KeyError(f"no table {name!r} in this run; it has {', '.join(self.tables)}")
        return self._frames[name]

    @property
    def articles(self) -> pd.DataFrame:
        return self.table("articles")

    @property
    def errors(self) -> pd.DataFrame:
        return self.table("errors")

    @property
    def mentions(self) -> pd.DataFrame:
        return self.table("mentions")

    @property
    def entities(self) -> pd.DataFrame:
        return self.table("entities")

    @property
    def suggestions(self) -> pd.DataFrame:
        return self.table("suggestions")

    def __getattr__(self, name: str) -> pd.DataFrame:
        # Tables a stage of one's own added (listed in the manifest) are attributes too.
        if not name.startswith("_") and name in self.__dict__.get("tables", ()):
            return self.table(name)
        raise AttributeError(name)

    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self.tables})

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with a view per table (over its Parquet folder)."""
        if self._connection is None:
            import duckdb

            connection = duckdb.connect()
            for name in self.tables:
                if self.path is None:
                    connection.register(name, self._frames[name])
                    continue
                pattern = (self.path / name / "*.parquet").as_posix().replace("'", "''")
                connection.execute(
                    f"CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet('{pattern}')"
                )
            self._connection = connection
        return self._connection

    def sql(self, query: str, params: Iterable[Any] | None = None) -> pd.DataFrame:
        """The result of a DuckDB query over the run's tables, as a DataFrame."""
        return self.connection.execute(query, params).df()

    def article(self, article_id: str | None = None) -> dict[str, Any]:
        """One row of ``articles`` as a dict (the first article when no id is given)."""
        articles = self.articles
        rows = articles if article_id is None else articles[articles["article_id"] == article_id]
        if rows.empty:
            raise KeyError(f"no article {article_id!r} in this run")
        return rows.iloc[0].to_dict()

    def show(
        self,
        article_id: str | None = None,
        labels: Iterable[str] | None = None,
        jupyter: bool | None = None,
        max_chars: int | None = 5000,
    ) -> str | None:
        """The article with its entities marked by displaCy (manual mode), only those of
        ``labels`` if given, and its category and tag suggestions with scores beside it. In
        a notebook it is displayed (and None returned), elsewhere the HTML is returned;
        ``jupyter`` overrides the detection. A body longer than ``max_chars`` is cut there
        (at a space) with a note of what was left out; ``None`` shows it all."""
        from pipeline.analysis.show import article_html, display_html

        article = self.article(article_id)
        mentions = self.mentions[self.mentions["article_id"] == article["article_id"]]
        if labels is not None:
            mentions = mentions[mentions["label"].isin(list(labels))]
        body = str(article.get("body") or "")
        if max_chars is not None and len(body) > max_chars:
            cut = body.rfind(" ", 0, max_chars + 1)
            cut = cut if cut > 0 else max_chars
            left = len(body) - cut
            article["body"] = (
                f"{body[:cut]} … [{left:,} more characters: show(..., max_chars=None)]"
            )
            outside = (mentions["field"] == "body") & (mentions["end_char"] > cut)
            mentions = mentions[~outside]
        suggestions = self.suggestions[self.suggestions["article_id"] == article["article_id"]]
        return display_html(article_html(article, mentions, suggestions), jupyter)


def open_run(path: str | Path) -> Run:
    """The run written by ``pipeline run ... --out PATH``.

    Its tables are those the manifest lists (every table folder for a run without one).

    >>> open_run("no/such/run")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no run in no/such/run: write one with `pipeline run DUMP --out no/such/run`
    """
    path = Path(path)
    manifest = read_manifest(path)
    tables = manifest.get("tables") or [folder.name for folder in table_folders(path)]
    if not tables:
        raise FileNotFoundError(
            f"no run in {path}: write one with `pipeline run DUMP --out {path}`"
        )
    return Run(path.resolve(), tables, manifest)
