"""Writing extraction records as jsonl, one CSV per kind (UTF-8 with BOM), a workbook, or a compact terminal table."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from pipeline.labels import label

KINDS = ("document", "target", "assignment", "deadline")
KIND_COLUMNS = {
    "document": ("doc", "number", "doc_type", "issuer", "issue_date", "period_start", "period_end"),
    "target": ("doc", "indicator", "comparator", "change", "value", "value_max", "unit", "baseline_year",
               "deadline", "agencies", "section", "quote", "char_start", "char_end", "confidence"),
    "assignment": ("doc", "agency", "role", "deadline", "section", "quote", "char_start", "char_end", "confidence"),
    "deadline": ("doc", "date", "recurrence", "relative", "section", "quote", "char_start", "char_end", "confidence"),
}
# What `--format table` shows without --columns: one line per fact, fitting an 80-column terminal.
TABLE_COLUMNS = {
    "target": ("indicator", "value", "deadline", "agencies", "confidence"),
    "assignment": ("agency", "role", "deadline", "quote"),
    "deadline": ("date", "recurrence", "quote"),
    "document": ("doc", "number", "doc_type", "issuer", "period"),
}
# Columns the table computes from a record's fields (the others are the record's own keys).
DERIVED = {"target": ("value_text",), "document": ("period",)}
TABLE_HEADERS = {"value": "value", "value_text": "value", "confidence": "conf.", "recurrence": "repeats"}
CSV_BOM = "\ufeff"  # Excel on Windows reads a CSV as UTF-8 only when it starts with one


class OutputError(ValueError):
    """An output request that cannot be met (an unknown kind or column): a usage error."""


def safe_cell(value):
    """Neutralise text a spreadsheet would run as a formula (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def parse_kinds(values: list[str] | None, default: tuple[str, ...] = KINDS) -> tuple[str, ...]:
    """`--kind target --kind deadline`, `--kind target,deadline` or `targets` → ('target', 'deadline')."""
    if not values:
        return default
    out = []
    for v in values:
        for part in str(v).split(","):
            part = part.strip().lower()
            if not part:
                continue
            if part == "all":
                return KINDS
            kind = part[:-1] if part.endswith("s") and part[:-1] in KINDS else part
            if kind not in KINDS:
                raise OutputError(f"unknown kind '{part}'; use {', '.join(KINDS)} or all")
            if kind not in out:
                out.append(kind)
    return tuple(out) or default


def _cell(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return value


_ORDER = [c for cols in KIND_COLUMNS.values() for c in cols]


def _column_order(kind: str):
    own = KIND_COLUMNS[kind]
    return lambda name: (own.index(name) if name in own else len(own), name)


def csv_columns(keys, kind: str) -> list[str]:
    """The columns of one kind's CSV for the fields `keys` its records have: the contract's first, then the extra."""
    return sorted(set(keys) - {"kind"} | set(KIND_COLUMNS[kind]), key=_column_order(kind))


def _write_csv_rows(out, rows, cols: list[str]) -> None:
    out.write(CSV_BOM)
    w = csv.DictWriter(out, fieldnames=cols, extrasaction="ignore", lineterminator="\r\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: safe_cell(_cell(v)) for k, v in r.items() if v is not None})


def csv_text(rows: list[dict], kind: str) -> str:
    """One kind's records as CSV: the contract's columns first, then the extra fields any record has."""
    buf = io.StringIO()
    _write_csv_rows(buf, rows, csv_columns({k for r in rows for k in r}, kind))
    return buf.getvalue()


class CsvSpool:
    """The records of a CSV output held on disk, not in memory, until they are all in (a CSV's header names
    every field any of its records has): one temporary JSONL file per kind. `write` gives the bytes
    `write_csv` gives for the same records."""

    def __init__(self, kinds: tuple[str, ...]):
        import tempfile

        self.kinds = kinds
        self.files = {k: tempfile.TemporaryFile("w+", encoding="utf-8", newline="") for k in kinds}
        self.keys: dict[str, set] = {k: set() for k in kinds}

    def add(self, records) -> None:
        for r in records:
            kind = r.get("kind")
            if kind in self.files:
                self.keys[kind].update(r)
                self.files[kind].write(json.dumps(r, ensure_ascii=False) + "\n")

    def _rows(self, kind: str):
        f = self.files[kind]
        f.seek(0)
        for line in f:
            yield json.loads(line)

    def _write(self, kind: str, out) -> None:
        _write_csv_rows(out, self._rows(kind), csv_columns(self.keys[kind], kind))

    def write(self, output: Path | None) -> list[Path]:
        """One CSV per kind into the folder `output`; one kind to the file `output` or to stdout."""
        return _write_kinds(self.kinds, output, self._write)

    def close(self) -> None:
        for f in self.files.values():
            f.close()


def csv_file_name(kind: str) -> str:
    return f"{kind}s.csv"


def _write_kinds(kinds: tuple[str, ...], output: Path | None, write_kind) -> list[Path]:
    """One CSV per kind into the folder `output`; one kind to the file `output` or to stdout.
    `write_kind(kind, stream)` writes one kind's CSV."""
    if len(kinds) == 1 and (output is None or output.suffix.lower() == ".csv"):
        if output is None:
            write_kind(kinds[0], sys.stdout)
            return []
        with open(output, "w", encoding="utf-8", newline="") as out:
            write_kind(kinds[0], out)
        return [output]
    if output is None:
        raise OutputError("--format csv writes one file per kind: give -o FOLDER, or --kind KIND to print one kind")
    output.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in kinds:
        path = output / csv_file_name(kind)
        with open(path, "w", encoding="utf-8", newline="") as out:
            write_kind(kind, out)
        written.append(path)
    return written


def write_csv(by_kind: dict[str, list[dict]], kinds: tuple[str, ...], output: Path | None) -> list[Path]:
    """One CSV per kind into the folder `output`; one kind to the file `output` or to stdout."""
    return _write_kinds(kinds, output, lambda kind, out: out.write(csv_text(by_kind.get(kind, []), kind)))


def by_kind(records: list[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r.get("kind"), []).append(r)
    return out


def write_records(records: list[dict], fmt: str, output: Path | None, console,
                  kinds: tuple[str, ...] = KINDS, columns: list[str] | None = None) -> list[Path]:
    """Write `records` of the given kinds; returns the files written (none for stdout)."""
    groups = by_kind(records)
    if fmt == "jsonl":
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records if r.get("kind") in kinds)
        _emit(text, output)
        return [output] if output else []
    if fmt == "csv":
        return write_csv(groups, kinds, output)
    if fmt == "xlsx":
        from pipeline.xlsx import write_workbook

        write_workbook([r for r in records if r.get("kind") in kinds], output)
        return [output]
    print_tables(groups, kinds, columns, console)
    return []


# --- the terminal table --------------------------------------------------------------------------

def _derived(kind: str, name: str, r: dict):
    if name == "value_text" or (kind == "target" and name == "value"):
        from pipeline.compare import format_value

        return format_value(r.get("comparator"), r.get("value"), r.get("value_max"), r.get("unit"),
                            change=r.get("change"), baseline_year=r.get("baseline_year"))
    if kind == "document" and name == "period":
        ps, pe = r.get("period_start"), r.get("period_end")
        return "" if ps is None else (str(ps) if pe in (None, ps) else f"{ps}–{pe}")
    return None


def table_cell(kind: str, name: str, r: dict) -> str:
    """How one field reads in the table: words for codes, dd/mm/yyyy dates, '—' for no confidence."""
    derived = _derived(kind, name, r)
    if derived is not None:
        return derived
    v = r.get(name)
    if name == "confidence":
        return "—" if v is None else f"{float(v):.2f}"
    if v is None or v == "":
        return ""
    if name in ("deadline", "date", "issue_date") and isinstance(v, str) and len(v) == 10 and v[4] == "-":
        return f"{v[8:10]}/{v[5:7]}/{v[:4]}"
    if name in ("doc_type", "role", "recurrence", "change"):
        return label(name, v)
    if name == "section_kind":
        return label("section_kind", v)
    if name == "unit":
        return label("unit", v)
    return str(_cell(v))


# Widths of the compact default: fixed for short fields, shares of what is left for the long ones.
FIXED_WIDTH = {"deadline": 10, "date": 10, "issue_date": 10, "confidence": 5, "role": 9, "recurrence": 9,
               "value": 13, "value_text": 13, "number": 14, "doc_type": 12, "period": 9}
SHARE = {"indicator": 3, "quote": 3, "agency": 2, "issuer": 2, "agencies": 1, "doc": 2}


def column_widths(cols: list[str], total: int) -> dict[str, int]:
    """Widths that make the compact table exactly fit `total` characters: short fields their fixed width,
    long ones a share of the rest (each column also takes 2 characters of padding)."""
    room = max(total - 2 * len(cols) - 1, len(cols) * 4)
    fixed = {c: FIXED_WIDTH.get(c, 10) for c in cols if c not in SHARE}
    rest = max(room - sum(fixed.values()), 6 * sum(1 for c in cols if c in SHARE))
    shares = sum(SHARE[c] for c in cols if c in SHARE)
    flexible = {c: max(6, rest * SHARE[c] // shares) for c in cols if c in SHARE}
    return {**fixed, **flexible}


def _column_style(name: str, wrap: bool, width: int | None) -> dict:
    """The default view keeps one line per fact (long text cut with …); columns asked for wrap and show all."""
    style = {"no_wrap": not wrap, "overflow": "fold" if wrap else "ellipsis",
             "justify": "right" if name == "confidence" else "left"}
    if not wrap and width:
        style["width"] = width
    return style


def known_columns(kind: str, records: list[dict]) -> list[str]:
    keys = {k for r in records for k in r} - {"kind"}
    return sorted(keys | set(KIND_COLUMNS[kind]) | set(DERIVED.get(kind, ())) | set(TABLE_COLUMNS[kind]),
                  key=_column_order(kind))


def print_tables(groups: dict[str, list[dict]], kinds: tuple[str, ...], columns: list[str] | None, console) -> None:
    """Per document one summary line, then one compact table per kind asked for (targets by default)."""
    from rich import box  # here: jsonl and csv output never need rich
    from rich.table import Table

    for doc in groups.get("document", []):
        counts = {k: sum(1 for r in groups.get(k, []) if r.get("doc") == doc.get("doc")) for k in KINDS[1:]}
        meta = " · ".join(x for x in (doc.get("number"), label("doc_type", doc.get("doc_type")), doc.get("issuer"),
                                      _derived("document", "period", doc)) if x)
        console.print(f"[bold]{doc.get('doc')}[/]" + (f"  {meta}" if meta else ""), highlight=False)
        console.print(f"  {counts['target']} targets, {counts['assignment']} assignments, "
                      f"{counts['deadline']} deadlines", highlight=False)
    for kind in kinds:
        rows = groups.get(kind, [])
        if kind == "document" and not columns:
            continue  # the summary lines above already show each document
        if not rows:
            continue
        cols = list(columns) if columns else list(TABLE_COLUMNS[kind])
        unknown = [c for c in cols if c not in known_columns(kind, rows)]
        if unknown:
            raise OutputError(f"unknown column(s) for {kind}s: {', '.join(unknown)}; "
                              f"known: {', '.join(known_columns(kind, rows))}")
        table = Table(title=f"{kind}s ({len(rows)})", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False,
                      title_justify="left")
        widths = column_widths(cols, console.width)
        for c in cols:
            table.add_column(TABLE_HEADERS.get(c, c), **_column_style(c, bool(columns), widths.get(c)))
        for r in rows:
            cells = [table_cell(kind, c, r) for c in cols]
            table.add_row(*(cells if columns else [" ".join(x.split()) for x in cells]))
        console.print(table)
    if not columns and "target" in kinds and groups.get("target"):
        console.print("[dim]more fields: --columns indicator,value,unit,section,quote … ; other kinds: --kind "
                      "assignment,deadline; everything: --format jsonl[/]", highlight=False)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        Path(output).write_text(text, encoding="utf-8", newline="")
