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


CSV_KINDS = {"documents": "SELECT * EXCLUDE (raw_text) FROM documents ORDER BY doc, doc_id",
             "targets": EXPORTS["targets"], "assignments": EXPORTS["assignments"], "deadlines": EXPORTS["deadlines"],
             "reviews": EXPORTS["reviews"]}


def export_csv(store, out_dir: str | Path) -> dict[str, Path]:
    """One `<kind>.csv` per kind into `out_dir`, UTF-8 with a BOM (Excel on Windows needs it), lists as 'a; b'."""
    from pipeline.output import CSV_BOM, safe_cell

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, sql in CSV_KINDS.items():
        df = store.con.execute(sql).df()
        for col in df.columns:
            if df[col].dtype == object:
                df[col] = df[col].map(lambda v: "; ".join(map(str, v)) if hasattr(v, "__len__") and not isinstance(v, str)
                                      else safe_cell(v))
        path = out / f"{name}.csv"
        path.write_text(CSV_BOM + df.to_csv(index=False, lineterminator="\r\n"), encoding="utf-8", newline="")
        written[name] = path
    return written
