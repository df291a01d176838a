"""Records (dicts in the DESIGN.md contract) → Arrow tables typed like the store's columns."""

from __future__ import annotations

import datetime as dt
import json
import re

import pyarrow as pa

ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()),
    "INTEGER[]": pa.list_(pa.int32()),
    "BOOLEAN": pa.bool_(),
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def to_date(v) -> dt.date | None:
    """A YYYY-MM-DD string (or date) as a date; anything else is not a date the store can hold."""
    if v is None or v == "":
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    m = _ISO_DATE.match(str(v))
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _coerce(v, sql_type: str):
    if v is None:
        return None
    if sql_type == "VARCHAR":
        return v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else str(v)
    if sql_type in ("INTEGER", "BIGINT"):
        return int(v)
    if sql_type == "DOUBLE":
        return float(v)
    if sql_type == "DATE":
        return to_date(v)
    if sql_type == "TIMESTAMP":
        return v
    if sql_type == "VARCHAR[]":
        return [str(x) for x in v]
    if sql_type == "INTEGER[]":
        return [int(x) for x in v]
    if sql_type == "BOOLEAN":
        return bool(v)
    raise TypeError(f"no conversion to {sql_type}")


def arrow_table(rows: list[dict], columns: dict[str, str]) -> pa.Table:
    """Rows as an Arrow table with exactly `columns` (name → DuckDB type); missing fields are null."""
    arrays = []
    for name, sql_type in columns.items():
        values = [_coerce(r.get(name), sql_type) for r in rows]
        arrays.append(pa.array(values, type=ARROW_TYPES[sql_type]))
    return pa.Table.from_arrays(arrays, names=list(columns))
