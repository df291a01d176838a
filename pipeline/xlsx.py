"""Excel round-trip: extraction or the store as a workbook analysts can filter and fill in, and their verdicts read back."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from pipeline.errors import DocumentError, TooLarge
from pipeline.labels import label, labels
from pipeline.localtime import display_time
from pipeline.output import safe_cell
from pipeline.readers.archive import ZipLimits, check_package
from pipeline.review.decisions import (CORRECTION_FIELDS, Decision, comparator_label, parse_corrections,
                                       parse_date, parse_number, parse_status, status_label)

TARGET_ID = "Mã chỉ tiêu (target_id)"
STATUS = "Trạng thái"
REVIEWER = "Người duyệt"
NOTE = "Ghi chú"
# correction field → its column header; the analyst fills these beside the extracted values
CORRECTION_HEADERS = {"value": "Giá trị sửa", "comparator": "So sánh sửa", "unit": "Đơn vị sửa",
                      "deadline": "Thời hạn sửa", "indicator": "Chỉ tiêu sửa", "agency": "Cơ quan sửa"}
LAST_REVIEW = "Lần duyệt trước"
REVIEW_HEADERS = (STATUS, *CORRECTION_HEADERS.values(), NOTE, REVIEWER, LAST_REVIEW)

ROLE_LABELS = labels("role")
RECURRENCE_LABELS = labels("recurrence")
CHANGE_LABELS = labels("change")
STATUS_CHOICES = ",".join(labels("review_status")[s] for s in ("accepted", "corrected", "rejected"))

# (record key, header, kind, width); kind: text | num | int | date | list | long
TARGET_COLUMNS = (
    ("target_id", TARGET_ID, "text", 18), ("doc", "Văn bản", "text", 22), ("number", "Số hiệu", "text", 14),
    ("issuer", "Cơ quan ban hành", "text", 24), ("indicator", "Chỉ tiêu", "long", 40),
    ("indicator_code", "Mã chỉ số", "text", 18), ("comparator", "So sánh", "cmp", 9),
    ("change", "Biến động", "change", 9), ("value", "Giá trị", "num", 9), ("value_max", "Giá trị tối đa", "num", 9),
    ("unit", "Đơn vị", "unit", 10), ("baseline_year", "Năm gốc", "int", 8), ("deadline", "Thời hạn", "date", 12),
    ("agencies", "Cơ quan thực hiện", "list", 24), ("scope", "Phạm vi", "text", 18),
    ("section", "Mục", "text", 16), ("section_kind", "Loại mục", "kind", 12), ("page", "Trang", "int", 6),
    ("quote", "Trích dẫn", "long", 60), ("char_start", "Vị trí đầu", "int", 9), ("char_end", "Vị trí cuối", "int", 9),
    ("confidence", "Độ tin cậy", "num", 9),
)
ASSIGNMENT_COLUMNS = (
    ("doc", "Văn bản", "text", 22), ("agency", "Cơ quan", "text", 30), ("agency_local", "Cơ quan (kèm địa phương)", "text", 30),
    ("role", "Vai trò", "role", 10), ("deadline", "Thời hạn", "date", 12), ("section", "Mục", "text", 16),
    ("page", "Trang", "int", 6), ("quote", "Trích dẫn", "long", 60), ("char_start", "Vị trí đầu", "int", 9),
    ("char_end", "Vị trí cuối", "int", 9), ("assignment_id", "Mã phân công", "text", 18), ("confidence", "Độ tin cậy", "num", 9),
)
DEADLINE_COLUMNS = (
    ("doc", "Văn bản", "text", 22), ("date", "Thời hạn", "date", 12), ("recurrence", "Định kỳ", "recur", 11),
    ("relative", "Tương đối", "text", 18), ("section", "Mục", "text", 16), ("page", "Trang", "int", 6),
    ("quote", "Trích dẫn", "long", 60), ("char_start", "Vị trí đầu", "int", 9), ("char_end", "Vị trí cuối", "int", 9),
    ("deadline_id", "Mã thời hạn", "text", 18), ("confidence", "Độ tin cậy", "num", 9),
)
DOCUMENT_COLUMNS = (
    ("doc", "Văn bản", "text", 26), ("number", "Số hiệu", "text", 16), ("doc_type", "Loại văn bản", "doctype", 14),
    ("issuer", "Cơ quan ban hành", "text", 30), ("issue_date", "Ngày ban hành", "date", 13),
    ("period_start", "Từ năm", "int", 8), ("period_end", "Đến năm", "int", 8), ("title", "Trích yếu", "long", 50),
    ("doc_id", "Mã văn bản", "text", 18),
)
SHEETS = (("Chỉ tiêu", "target", TARGET_COLUMNS), ("Phân công", "assignment", ASSIGNMENT_COLUMNS),
          ("Thời hạn", "deadline", DEADLINE_COLUMNS), ("Văn bản", "document", DOCUMENT_COLUMNS))
HELP = (
    "Cách duyệt chỉ tiêu trong bảng này (how to review in this workbook)",
    "",
    "Trên trang 'Chỉ tiêu', điền cột Trạng thái cho từng dòng: Chấp nhận, Đã sửa hoặc Loại "
    "(cũng đọc được: Đồng ý, Sửa, Từ chối …).",
    "Khi chọn Sửa, ghi giá trị đúng vào các cột '… sửa' (Giá trị sửa, So sánh sửa: ≥ > ≤ < bằng khoảng, Đơn vị sửa, "
    "Thời hạn sửa, Chỉ tiêu sửa, Cơ quan sửa). Ghi lý do vào Ghi chú, tên mình vào Người duyệt.",
    "Không sửa cột 'Mã chỉ tiêu (target_id)': nhờ nó mà quyết định được ghi đúng chỉ tiêu.",
    "Nạp lại: chitieu import-review TỆP.xlsx --db KHO.duckdb [--reviewer TÊN]",
)

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REVIEW_FILL = PatternFill("solid", fgColor="FFF2CC")
DATE_FORMAT = "DD/MM/YYYY"


def _blank(v) -> bool:
    if v is None:
        return True
    if isinstance(v, (list, tuple, np.ndarray, str)):
        return False
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _as_date(v):
    if _blank(v):
        return None
    try:
        return parse_date(v.date() if isinstance(v, pd.Timestamp) else v)
    except ValueError:
        return None


def _cell_value(v, kind):
    if _blank(v):
        return None
    if kind == "date":
        return _as_date(v)
    if kind == "num":
        return parse_number(v)
    if kind == "int":
        return int(v)
    if kind == "list":
        items = list(v) if isinstance(v, (list, tuple, np.ndarray)) else [v]
        return safe_cell("; ".join(str(x) for x in items)) or None
    if kind == "cmp":
        return comparator_label(v)
    if kind == "change":
        return CHANGE_LABELS.get(v, v)
    if kind == "role":
        return ROLE_LABELS.get(v, v)
    if kind == "recur":
        return RECURRENCE_LABELS.get(v, v)
    if kind == "kind":
        return label("section_kind", v)
    if kind == "doctype":
        return label("doc_type", v)
    if kind == "unit":
        return safe_cell(label("unit", v))
    return safe_cell(str(v) if not isinstance(v, str) else v)


def _review_cells(row: dict) -> list:
    status = row.get("review_status")
    status = None if _blank(status) or status == "pending" else status
    cells = [status_label(status)]
    for name in CORRECTION_FIELDS:
        v = row.get(f"reviewed_{name}")
        kind = {"value": "num", "deadline": "date", "comparator": "cmp"}.get(name, "text")
        cells.append(_cell_value(v, kind))
    # Người duyệt is left for whoever changes the row; who decided last is shown beside it, so a
    # changed row is never recorded under the previous reviewer's name.
    last = None
    if status:
        when = row.get("reviewed_at")
        last = " · ".join(x for x in (status_label(status), _text(row.get("reviewer")),
                                      None if _blank(when) else display_time(when)) if x)
    cells += [_cell_value(row.get("note"), "text"), None, _cell_value(last, "text")]
    return cells


def _sheet(wb: Workbook, title: str, columns, rows: list[dict], review: bool) -> None:
    ws = wb.create_sheet(title)
    headers = [h for _, h, _, _ in columns] + (list(REVIEW_HEADERS) if review else [])
    ws.append(headers)
    for row in rows:
        cells = [_cell_value(row.get(key), kind) for key, _, kind, _ in columns]
        if review:
            cells += _review_cells(row)
        ws.append(cells)
    widths = [w for *_, w in columns] + ([12, 10, 9, 9, 12, 30, 24, 30, 16, 30] if review else [])
    for i, (header, width) in enumerate(zip(headers, widths), start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = HEADER_FONT
        cell.fill = REVIEW_FILL if review and header in REVIEW_HEADERS else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(i)].width = width
    kinds = [kind for _, _, kind, _ in columns] + (["text", "num", "text", "text", "date", "long", "text", "long", "text", "text"] if review else [])
    for i, kind in enumerate(kinds, start=1):
        if kind in ("date", "long"):
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                if kind == "date":
                    cell.number_format = DATE_FORMAT
                else:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    _print_setup(ws)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(1, ws.max_row)}"
    if review:
        col = get_column_letter(headers.index(STATUS) + 1)
        dv = DataValidation(type="list", formula1=f'"{STATUS_CHOICES}"', allow_blank=True, showErrorMessage=False)
        dv.add(f"{col}2:{col}{max(2, ws.max_row + 500)}")
        ws.add_data_validation(dv)


def _print_setup(ws) -> None:
    """Printed, a sheet is landscape A4, as wide as one page, the header row on every page: a few pages a
    document, not dozens of slivers."""
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4


def _write(path, by_kind: dict[str, list[dict]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for title, kind, columns in SHEETS:
        _sheet(wb, title, columns, by_kind.get(kind, []), review=(kind == "target"))
    ws = wb.create_sheet("Hướng dẫn")
    for line in HELP:
        ws.append([line])
    ws.column_dimensions["A"].width = 120
    path = Path(path)
    wb.save(path)
    return path


def write_workbook(records: list[dict], path) -> Path:
    """Extraction records (the jsonl contract) as a workbook: one sheet per kind, review columns empty."""
    docs = {r["doc"]: r for r in records if r.get("kind") == "document"}
    by_kind: dict[str, list[dict]] = {}
    for r in records:
        row = dict(r)
        if r.get("kind") == "target":
            meta = docs.get(r.get("doc"), {})
            row.setdefault("number", meta.get("number"))
            row.setdefault("issuer", meta.get("issuer"))
        by_kind.setdefault(r.get("kind"), []).append(row)
    return _write(path, by_kind)


def _frame_rows(df: pd.DataFrame | None) -> list[dict]:
    if df is None or df.empty:
        return []
    return df.astype(object).where(df.notna(), None).to_dict("records")


def export_store(store, path) -> Path:
    """The store's tables as a workbook, with each target's latest review filled in."""
    targets = store.targets()
    if not targets.empty:
        targets = targets.sort_values([c for c in ("doc", "char_start") if c in targets])
    by_kind = {"target": _frame_rows(targets), "assignment": _frame_rows(store.assignments()),
               "deadline": _frame_rows(store.deadlines()), "document": _frame_rows(store.documents())}
    return _write(path, by_kind)


# --- reading verdicts back -------------------------------------------------------------------------

def unsafe_cell(value):
    """Undo safe_cell: "'=x" → "=x"."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value


@dataclass
class SheetRow:
    row: int  # 1-based row number in the sheet, as Excel shows it
    target_id: str | None
    doc: str | None
    char_start: int | None
    char_end: int | None
    quote: str | None
    status: str | None
    corrections: dict
    note: str | None
    reviewer: str | None


@dataclass
class ImportResult:
    applied: list[tuple[int, str, str]] = field(default_factory=list)  # (row, target_id, status)
    unchanged: int = 0
    unmatched: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)


# A filled-in review workbook is a few MB; limits far above that, checked before openpyxl reads anything
# (it holds the shared strings in memory): on the file, and on what each zip member really inflates to.
MAX_WORKBOOK_BYTES = 50 * 1024 * 1024
WORKBOOK_LIMITS = ZipLimits(total=300 * 1024 * 1024, member=100 * 1024 * 1024, xml_member=100 * 1024 * 1024,
                            members=1000, what="workbook")
SHARED_STRINGS_LIMIT = 40 * 1024 * 1024  # parsed whole into a list of Python strings
PLAUSIBLE_YEARS = range(1945, 2101)


def _open_workbook(path):
    """The workbook, read only after its size and its zip members are checked (one line when refused)."""
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_WORKBOOK_BYTES:
        raise ValueError(f"{path}: workbook is {size / 1e6:,.0f} MB; the limit is {MAX_WORKBOOK_BYTES // 2**20} MB")
    data = path.read_bytes()
    import zipfile

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValueError(f"{path}: not an Excel workbook (not a ZIP package; save it as .xlsx)")
    try:
        check_package(path, data, WORKBOOK_LIMITS)
        for info in zipfile.ZipFile(io.BytesIO(data)).infolist():
            if info.filename.lower().endswith("sharedstrings.xml") and info.file_size > SHARED_STRINGS_LIMIT:
                raise TooLarge(path, f"{info.filename} holds {info.file_size / 1e6:,.0f} MB of text "
                                     f"(limit {SHARED_STRINGS_LIMIT // 2**20} MB)")
    except DocumentError as e:
        raise ValueError(str(e)) from None
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for a file that is not a workbook
        raise ValueError(f"{path}: not an Excel workbook ({e.__class__.__name__})") from None


def _check_cells(corrections: dict, raw: dict) -> None:
    """What an analyst typed that must not be stored as it reads: infinite or NaN values, and dates that
    are a typing slip (3.5 in a date cell reads as 03/01/1900)."""
    value = raw.get("value")
    if value is not None and not (isinstance(value, str) and not value.strip()):
        number = corrections.get("value")
        if number is None or not math.isfinite(float(number)):
            raise ValueError(f"'{CORRECTION_HEADERS['value']}' {value!r} is not a finite number")
    deadline = corrections.get("deadline")
    if deadline is not None and deadline.year not in PLAUSIBLE_YEARS:
        raise ValueError(f"'{CORRECTION_HEADERS['deadline']}' {deadline:%d/%m/%Y} is not a plausible deadline "
                         f"(years {PLAUSIBLE_YEARS.start}–{PLAUSIBLE_YEARS.stop - 1}; write 31/12/2025)")


def read_review_sheet(path) -> tuple[list[SheetRow], list[tuple[int, str]]]:
    """Rows of the 'Chỉ tiêu' sheet that carry a verdict, and the rows that cannot be read."""
    wb = _open_workbook(path)
    title = next((t for t in wb.sheetnames if t.strip().lower() == "chỉ tiêu"), None)
    if title is None:
        raise ValueError(f"{path}: no sheet named 'Chỉ tiêu'")
    it = wb[title].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(it, ())]
    col = {h: i for i, h in enumerate(header) if h}
    if TARGET_ID not in col or STATUS not in col:
        raise ValueError(f"{path}: sheet 'Chỉ tiêu' lacks the '{TARGET_ID}' or '{STATUS}' column")

    def get(values, name):
        i = col.get(name)
        v = values[i] if i is not None and i < len(values) else None
        v = unsafe_cell(v)
        return v.strip() if isinstance(v, str) else v

    rows, problems = [], []
    for n, values in enumerate(it, start=2):
        if not values or all(v is None for v in values):
            continue
        try:
            status = parse_status(get(values, STATUS))
            raw = {f: get(values, h) for f, h in CORRECTION_HEADERS.items()}
            corrections = parse_corrections(raw)
            _check_cells(corrections, raw)
        except ValueError as e:
            problems.append((n, str(e)))
            continue
        if status in (None, "pending"):
            if not corrections:
                continue
            status = "corrected"  # corrected values without a status word: the analyst meant a correction
        if status == "corrected" and not corrections:
            problems.append((n, f"status '{get(values, STATUS)}' but no '… sửa' column filled"))
            continue
        if status != "corrected":
            corrections = {}
        cs, ce = get(values, "Vị trí đầu"), get(values, "Vị trí cuối")
        rows.append(SheetRow(n, _text(get(values, TARGET_ID)), _text(get(values, "Văn bản")),
                             int(cs) if isinstance(cs, (int, float)) else None,
                             int(ce) if isinstance(ce, (int, float)) else None,
                             _text(get(values, "Trích dẫn")), status, corrections,
                             _text(get(values, NOTE)), _text(get(values, REVIEWER))))
    wb.close()
    return rows, problems


def _text(v):
    if v is None:
        return None
    return str(v).strip() or None


def _same_as_latest(current: dict, row: SheetRow) -> bool:
    """The row repeats the target's latest review (an exported row left as it was)."""
    if current.get("review_status") != row.status or (_text(current.get("note")) or None) != row.note:
        return False
    for name in CORRECTION_FIELDS:
        old, new = current.get(f"reviewed_{name}"), row.corrections.get(name)
        if _blank(old) and new is None:
            continue
        if _blank(old) or new is None:
            return False
        if name == "value":
            if float(old) != float(new):
                return False
        elif name == "deadline":
            if _as_date(old) != new:
                return False
        elif str(old) != str(new):
            return False
    return True


def _match(row: SheetRow, by_id: dict, by_span: dict, by_quote: dict):
    if row.target_id and row.target_id in by_id:
        return by_id[row.target_id], None
    # re-extraction may have changed target_id: the same document and span (or quote) still identify it
    for key, index in (((row.doc, row.char_start, row.char_end), by_span), ((row.doc, row.quote), by_quote)):
        if None not in key and len(index.get(key, ())) == 1:
            return index[key][0], None
    what = f"target_id '{row.target_id}'" if row.target_id else "no target_id"
    return None, f"{what} matches no target in the store"


def import_reviews(store, path_or_sheet, reviewer: str | None = None) -> ImportResult:
    """Write the verdicts of an analyst's workbook into the review log, all in one transaction (a kill
    leaves none of them); rows that repeat the latest review are skipped. Pass what `read_review_sheet`
    gave to read the workbook before the store is opened."""
    rows, problems = (read_review_sheet(path_or_sheet) if isinstance(path_or_sheet, (str, Path))
                      else path_or_sheet)
    result = ImportResult(unmatched=list(problems))
    with store.transaction():
        _apply(store, rows, result, reviewer)
    result.unmatched.sort()
    return result


def _apply(store, rows: list[SheetRow], result: ImportResult, reviewer: str | None) -> None:
    current = _frame_rows(store.targets())
    by_id = {r["target_id"]: r for r in current}
    by_span, by_quote = {}, {}
    for r in current:
        by_span.setdefault((r.get("doc"), r.get("char_start"), r.get("char_end")), []).append(r)
        by_quote.setdefault((r.get("doc"), r.get("quote")), []).append(r)
    for row in rows:
        target, reason = _match(row, by_id, by_span, by_quote)
        if target is None:
            result.unmatched.append((row.row, reason))
            continue
        if _same_as_latest(target, row):
            result.unchanged += 1
            continue
        who = reviewer or row.reviewer
        try:
            decision = Decision(target["target_id"], row.status, who or "", row.note, row.corrections)
        except ValueError as e:
            result.unmatched.append((row.row, str(e) + (" (fill 'Người duyệt' or pass --reviewer)" if not who else "")))
            continue
        c = decision.corrections
        try:
            store.add_review(decision.target_id, decision.status, decision.reviewer, decision.note,
                             value=c.get("value"), comparator=c.get("comparator"), unit=c.get("unit"),
                             deadline=c.get("deadline"), indicator=c.get("indicator"), agency=c.get("agency"))
        except ValueError as e:  # the store's own checks (finite value, plausible date)
            result.unmatched.append((row.row, str(e)))
            continue
        result.applied.append((row.row, decision.target_id, decision.status))
