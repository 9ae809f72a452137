"""Tables: Parquet datasets (one folder per table) and a DuckDB file with a view per table."""

from pipeline.tables.writer import TableSet, table_folders

__all__ = ["TableSet", "table_folders"]
