"""A number that is a whole table cell, read through its table: its row label, its column header, its unit
(a "Đơn vị tính" column, "(%)" in a header or label, "Đơn vị tính: ha" above the table) and the year its
column commits to ("Mục tiêu đến năm 2025" → 2025-12-31)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.commitment import words_re
from extractors.numbers import Number, parse_digits
from extractors.timeexpr import find_time_expressions
from pipeline.text_tables import TextTable

_COLUMN_TARGET = words_re("column_target")
_COLUMN_RESULT = words_re("column_result")
_UNIT_HEADER = re.compile(r"(?<!\w)(?:đơn\s+vị\s+tính|đvt)(?!\w)", re.IGNORECASE)
_PCT_MARK = re.compile(r"\(\s*%\s*\)|%(?![0o])", re.IGNORECASE)
_COUNT_LABEL = re.compile(r"^[\W\d]*(?:" + words_re("count_label").pattern + r")\s+((?:[^\W\d_]+\s*){1,2})",
                          re.IGNORECASE)
_PAREN_UNIT = re.compile(r"\(\s*([^\W\d_][^()%]{0,40}?)\s*\)")
_PCT_LABEL = re.compile(r"^[\W\d]*(?:" + words_re("percent_label").pattern + ")", re.IGNORECASE)
_PERMILLE_MARK = re.compile(r"%0|‰|%o(?!\w)")
_CELL_NUMBER = re.compile(r"^([<>≤≥])?\s*([-+])?(\d[\d.,]*)\s*(%0|‰|%)?\s*\**$")
_DOT_DECIMAL = re.compile(r"^\d+\.\d{1,2}$")  # "9.06", "2.2": a decimal point, not a section label
_CMP = {">": ">", "<": "<", "≥": ">=", "≤": "<="}


@dataclass
class CellReading:
    number: Number
    unit: str
    comparator: str | None
    span: tuple[int, int]  # from the row label to the cell: the quote
    header: str
    deadline: str | None
    features: dict[str, float]


def read_cell(text: str, table: TextTable, r: int, i: int, plan_start: int | None) -> CellReading | None:
    cell = table.rows[r][i]
    m = _CELL_NUMBER.match(cell.text.strip())
    if not m:
        return None
    digits = m.group(3)
    value = float(digits) if _DOT_DECIMAL.match(digits) else parse_digits(digits)
    sign = m.group(2)
    number = Number(cell.start, cell.end, abs(value), percent=m.group(4) == "%", raw=cell.text)
    header = table.column_header(i)
    label = table.row_label(r)
    label_text = label.text if label else ""
    f: dict[str, float] = {"table_cell": 1.0, f"table_{table.kind}": 1.0}
    unit = _unit(table, r, header, label_text, m.group(4))
    if unit == "%":
        f["unit_pct"] = 1
    elif unit == "‰":
        f["unit_permille"] = 1
    elif unit:
        f["unit_table"] = 1
    else:
        f["unit_none"] = 1
    if sign == "-":
        f["negative"] = 1
    cf, deadline = column_features(table, r, i, plan_start)
    f.update(cf)
    start = label.start if label and label.start < cell.start else cell.start
    return CellReading(number, unit, _CMP.get(m.group(1) or ""), (start, cell.end), header, deadline, f)


def column_features(table: TextTable, r: int, i: int, plan_start: int | None) -> tuple[dict[str, float], str | None]:
    """What a cell's column says of the numbers in it: a column of targets or of results, another column of
    targets beside it, the year it commits to; and whether the cell is the row's label."""
    header = table.column_header(i)
    f: dict[str, float] = {}
    result_col = bool(_COLUMN_RESULT.search(header))
    target_col = bool(_COLUMN_TARGET.search(header)) and not result_col
    f["column_target"] = float(target_col)
    f["column_result"] = float(result_col)
    others = [table.column_header(j) for j in table.value_columns() if j != i]
    if not target_col and any(_COLUMN_TARGET.search(h) and not _COLUMN_RESULT.search(h) for h in others):
        f["other_column_target"] = 1
    times = [t for t in find_time_expressions(header) if t.date and t.kind in ("year", "year_range")]
    deadline = times[-1].date if times else None
    if times and plan_start:
        f["column_year_before_plan"] = float(int(times[-1].date[:4]) < plan_start)
    if i == len(table.rows[r]) - 1:
        f["last_column"] = 1
    label = table.row_label(r)
    if label is not None and label is table.rows[r][i]:
        f["table_label_cell"] = 1
    return f, deadline


def _unit(table: TextTable, r: int, header: str, label: str, mark: str | None) -> str:
    if mark in ("%0", "‰"):
        return "‰"
    if mark == "%":
        return "%"
    for j, h in enumerate(table.header_cells()):
        if _UNIT_HEADER.search(h) and j < len(table.rows[r]):
            u = table.rows[r][j].text.strip().lower()
            if u:
                return "‰" if _PERMILLE_MARK.search(u) else u
    for where in (header, label):
        if _PERMILLE_MARK.search(where):
            return "‰"
        if _PCT_MARK.search(where):
            return "%"
    if table.unit:
        return table.unit.lower()
    if _PCT_LABEL.match(label):
        return "%"
    paren = _PAREN_UNIT.search(label)  # "Tuổi thọ (năm)", "Tỷ số tử vong mẹ (trên 100.000 trẻ đẻ sống)"
    if paren and len(paren.group(1).split()) <= 5:
        return paren.group(1).lower()
    count = _COUNT_LABEL.match(label)  # "Số bác sỹ trên 10.000 dân": bác sỹ
    return count.group(1).strip().lower() if count else ""
