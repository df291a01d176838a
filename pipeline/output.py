"""Writing extraction records as jsonl, csv, xlsx or a terminal table."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from rich.table import Table

KIND_COLUMNS = {
    "document": ("doc", "number", "doc_type", "issuer", "issue_date", "period_start", "period_end"),
    "target": ("doc", "indicator", "comparator", "change", "value", "value_max", "unit", "baseline_year",
               "deadline", "agencies", "section", "quote", "char_start", "char_end", "confidence"),
    "assignment": ("doc", "agency", "role", "deadline", "section", "quote", "char_start", "char_end", "confidence"),
    "deadline": ("doc", "date", "recurrence", "relative", "section", "quote", "char_start", "char_end", "confidence"),
}


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _cell(value):
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return value


def write_records(records: list[dict], fmt: str, output: Path | None, console) -> None:
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        _emit(text, output)
    elif fmt == "csv":
        buf = io.StringIO()
        cols = ["kind"] + sorted({k for r in records for k in r} - {"kind"}, key=_column_order)
        w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        for r in records:
            w.writerow({k: safe_cell(_cell(v)) for k, v in r.items()})
        _emit(buf.getvalue(), output)
    elif fmt == "xlsx":
        from pipeline.xlsx import write_workbook
        write_workbook(records, output)
    else:
        for kind in ("document", "target", "assignment", "deadline"):
            rows = [r for r in records if r["kind"] == kind]
            if not rows:
                continue
            cols = [c for c in KIND_COLUMNS[kind] if c not in ("char_start", "char_end")]
            t = Table(title=f"{kind}s ({len(rows)})", show_lines=False)
            for c in cols:
                t.add_column(c, overflow="fold", max_width=60 if c == "quote" else 30)
            for r in rows:
                t.add_row(*[("" if r.get(c) is None else str(_cell(r.get(c)))) for c in cols])
            console.print(t)


_ORDER = [c for cols in KIND_COLUMNS.values() for c in cols]


def _column_order(name: str):
    return (_ORDER.index(name) if name in _ORDER else len(_ORDER), name)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
