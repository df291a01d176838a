"""The store's tables as Parquet files, for pandas/DuckDB users (targets with their review columns)."""

from __future__ import annotations

from pathlib import Path

from pipeline.store import queries


def exports(all_versions: bool = False) -> dict[str, str]:
    """table → the query that exports it; superseded document versions only with `all_versions`."""
    where = "" if all_versions else f" WHERE {queries.CURRENT}"
    current = "" if all_versions else " WHERE doc_id IN (SELECT doc_id FROM documents WHERE superseded_by IS NULL)"
    return {
        "documents": f"SELECT * FROM documents d{where} ORDER BY doc, doc_id",
        "sections": f"SELECT * FROM sections{current} ORDER BY doc_id, char_start, level",
        "targets": queries.TARGETS + where + " ORDER BY " + queries.ORDER["targets"],
        "assignments": queries.ASSIGNMENTS + where + " ORDER BY " + queries.ORDER["assignments"],
        "deadlines": queries.DEADLINES + where + " ORDER BY " + queries.ORDER["deadlines"],
        "reviews": "SELECT * EXCLUDE (seq) FROM reviews ORDER BY reviewed_at, seq",
        "failures": "SELECT * FROM failures ORDER BY failed_at",
    }


def export_parquet(store, out_dir: str | Path, all_versions: bool = False) -> dict[str, Path]:
    """Write one `<table>.parquet` per table into `out_dir`; returns table → file."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, sql in exports(all_versions).items():
        path = out / f"{name}.parquet"
        escaped = str(path).replace("'", "''")
        store.con.execute(f"COPY ({sql}) TO '{escaped}' (FORMAT parquet)")
        written[name] = path
    return written


def csv_kinds(all_versions: bool = False) -> dict[str, str]:
    """kind → the query of its CSV: the current versions' rows (all of them with `all_versions`)."""
    e = exports(all_versions)
    where = "" if all_versions else " WHERE superseded_by IS NULL"
    return {"documents": f"SELECT * EXCLUDE (raw_text) FROM documents{where} ORDER BY doc, doc_id",
            "targets": e["targets"], "assignments": e["assignments"], "deadlines": e["deadlines"], "reviews": e["reviews"]}


def export_csv(store, out_dir: str | Path, all_versions: bool = False) -> dict[str, Path]:
    """One `<kind>.csv` per kind into `out_dir`, UTF-8 with a BOM (Excel on Windows needs it), lists as 'a; b'."""
    from pipeline.output import CSV_BOM, safe_cell

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, sql in csv_kinds(all_versions).items():
        df = store.con.execute(sql).df()
        for col in df.columns:
            if df[col].dtype == object:
                df[col] = df[col].map(lambda v: "; ".join(map(str, v)) if hasattr(v, "__len__") and not isinstance(v, str)
                                      else safe_cell(v))
        path = out / f"{name}.csv"
        path.write_text(CSV_BOM + df.to_csv(index=False, lineterminator="\r\n"), encoding="utf-8", newline="")
        written[name] = path
    return written
