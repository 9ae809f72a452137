"""Arrow schemas of the built-in tables: the column contract documented in docs/ARCHITECTURE.md.

Each comes from its record's one declaration (:mod:`pipeline.core.records`); a stage names
the tables it writes with them (``StageDefinition.tables``), and the table writer needs
nothing else.
"""

from __future__ import annotations

import pyarrow as pa

from pipeline.core.model import ErrorRecord
from pipeline.core.records import (
    ArticleRow,
    Entity,
    Mention,
    RepairRow,
    Suggestion,
    arrow_schema,
)

ARTICLES = arrow_schema(ArticleRow)
ERRORS = arrow_schema(ErrorRecord)  # the data model's own record: one declaration
MENTIONS = arrow_schema(Mention)
ENTITIES = arrow_schema(Entity)
SUGGESTIONS = arrow_schema(Suggestion)
REPAIRS = arrow_schema(RepairRow)

# The tables of every run, whatever its stages.
CORE_TABLES: dict[str, pa.Schema] = {"articles": ARTICLES, "errors": ERRORS}
