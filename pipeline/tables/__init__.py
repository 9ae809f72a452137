"""Tables: Parquet datasets (one folder per table) and a DuckDB file holding a copy of each
(portable: it works wherever the run folder is moved)."""

from pipeline.tables.writer import TableSet, table_folders

__all__ = ["TableSet", "table_folders"]
