"""The store's tables as Parquet files, for pandas/DuckDB users (targets with their review columns)."""

from __future__ import annotations

from pathlib import Path

from pipeline.store import queries

EXPORTS = {
    "documents": "SELECT * FROM documents ORDER BY doc, doc_id",
    "sections": "SELECT * FROM sections ORDER BY doc_id, char_start, level",
    "targets": queries.TARGETS + " ORDER BY " + queries.ORDER["targets"],
    "assignments": queries.ASSIGNMENTS + " ORDER BY " + queries.ORDER["assignments"],
    "deadlines": queries.DEADLINES + " ORDER BY " + queries.ORDER["deadlines"],
    "reviews": "SELECT * EXCLUDE (seq) FROM reviews ORDER BY reviewed_at, seq",
    "failures": "SELECT * FROM failures ORDER BY failed_at",
}


def export_parquet(store, out_dir: str | Path) -> dict[str, Path]:
    """Write one `<table>.parquet` per table into `out_dir`; returns table → file."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, sql in EXPORTS.items():
        path = out / f"{name}.parquet"
        escaped = str(path).replace("'", "''")
        store.con.execute(f"COPY ({sql}) TO '{escaped}' (FORMAT parquet)")
        written[name] = path
    return written
