"""Tables: Parquet datasets (one folder per table) and a DuckDB file with a view per table."""

from pipeline.tables.schemas import SCHEMAS
from pipeline.tables.writer import TableSet

__all__ = ["SCHEMAS", "TableSet"]
