"""``run.export(table_or_frame, path)``: one call from an answer to a file a spreadsheet or
another tool opens. The suffix chooses the format: ``.csv``, ``.xlsx`` (needs the ``excel``
extra: ``pip install 'newsdump-pipeline[excel]'``), ``.parquet`` or ``.json`` (records).

A frame whose index means something (a co-occurrence matrix, a timeline) keeps it as its
first column(s); a plain 0, 1, 2, ... index is left out. Cells holding lists or maps
(``tags``, ``meta``) are written as JSON text in CSV and Excel.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

EXCEL_EXTRA = "excel"
FORMATS = (".csv", ".xlsx", ".parquet", ".json")


def _plain(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return [_plain(item) for item in value.tolist()]
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date | pd.Timestamp):
        return value.isoformat()
    return value


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists, arrays and maps in cells as JSON text (what CSV and Excel can hold)."""
    columns = {}
    for name in frame.columns:
        column = frame[name]
        if (
            column.dtype == object
            and column.map(lambda v: isinstance(v, list | tuple | np.ndarray | Mapping)).any()
        ):
            columns[name] = column.map(
                lambda v: (
                    json.dumps(_plain(v), ensure_ascii=False)
                    if isinstance(v, list | tuple | np.ndarray | Mapping)
                    else v
                )
            )
    return frame.assign(**columns) if columns else frame


def _keeps_index(frame: pd.DataFrame) -> bool:
    """An index of unnamed row numbers says nothing; any other index (``item``, ``period``,
    ``person``) is part of the answer."""
    index = frame.index
    return any(name is not None for name in index.names) or not pd.api.types.is_integer_dtype(index)


def _openpyxl() -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError as error:
        raise ImportError(
            "writing .xlsx needs openpyxl, in the project's "
            f"'{EXCEL_EXTRA}' extra: pip install 'newsdump-pipeline[{EXCEL_EXTRA}]' "
            "(or write .csv)"
        ) from error


def export(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` to ``path`` in the format its suffix names; the path written.

    >>> import tempfile, os
    >>> frame = pd.DataFrame({"tag": ["war & peace"], "articles": [3]})
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = export(frame, os.path.join(folder, "tags.csv"))
    ...     print(written.read_text(encoding="utf-8").strip())
    tag,articles
    war & peace,3
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot export to {path.name!r}: the suffix must be one of {FORMATS}")
    index = _keeps_index(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        _flat(frame).to_csv(path, index=index, encoding="utf-8")
    elif suffix == ".xlsx":
        _openpyxl()
        _flat(frame).to_excel(path, index=index)
    elif suffix == ".parquet":
        (frame if not index else frame.reset_index()).to_parquet(path, index=False)
    else:
        (frame if not index else frame.reset_index()).to_json(
            path, orient="records", force_ascii=False, date_format="iso", indent=1
        )
    return path
