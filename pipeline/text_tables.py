"""Tables as the text shows them: rows of " | " cells (what the .docx and .pdf readers write), and the one-cell-
a-line blocks that a web page's table becomes when it is copied as text ("TT / Nội dung chỉ tiêu / Đơn vị tính /
Giai đoạn 2021 - 2025 / 1 / Tỷ lệ … / % / 80 / …"). Each is read into a header and rows of cells with their
spans, so an extractor can ask of any number in a table: which row label, which column header, which unit."""

from __future__ import annotations

import bisect
import re
import statistics
from dataclasses import dataclass, field

from pipeline.data_files import read_tsv

_PIPE_LINE = re.compile(r"^[^\n]*\|[^\n]*$", re.MULTILINE)
# a cell that is a number, possibly with a comparator sign or a % ("80", "1.000", ">90", "9.06", "95,00", "46*")
NUMERIC_CELL = re.compile(r"^[<>≤≥]?[ \t]*[-+]?\d[\d.,]*[ \t]*(?:%|‰|%0|\*+)?$")
# a cell that only numbers the row ("1", "1.1", "II", "a")
_INDEX_CELL = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*\.?|[IVXLC]{1,5}\.?|[a-zđ]\)?)$")
# a row that starts with its own numbered label ("1. Số bác sỹ …", "12. Tỷ suất …")
_LABELLED_ROW = re.compile(r"^\d{1,3}(?:\.\d{1,2})*\.?[ \t]+\S")
_UNIT_LINE = re.compile(r"(?:đơn vị tính|đvt)\s*:?\s*([^\n|]{1,30})", re.IGNORECASE)
_MAX_CELL = 300  # a longer line is running text, not a cell
_MAX_HEADER_CELL = 120
_MAX_MEDIAN_CELL = 45
_HEADER_WORDS = re.compile(r"(?<!\w)(?:" + "|".join(
    re.escape(r[0]) for r in read_tsv("table_headers.tsv")) + r")(?!\w)", re.IGNORECASE)


@dataclass
class Cell:
    start: int
    end: int
    text: str

    @property
    def numeric(self) -> bool:
        return bool(NUMERIC_CELL.match(self.text))


@dataclass
class TextTable:
    """A table found in the text: header rows and body rows of cells (clean-text spans)."""

    start: int
    end: int
    header: list[list[Cell]]
    rows: list[list[Cell]]
    kind: str  # "pipe" or "lines"
    unit: str | None = None  # "Đơn vị tính: ha" written above the table
    _index: list[tuple[int, int, int]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._index = sorted((c.start, r, i) for r, row in enumerate(self.rows) for i, c in enumerate(row))
        self._starts = [s for s, _, _ in self._index]

    def locate(self, pos: int) -> tuple[int, int] | None:
        """(row, column) of the body cell holding clean offset `pos`, if any."""
        k = bisect.bisect_right(self._starts, pos) - 1
        if k < 0:
            return None
        _, r, i = self._index[k]
        cell = self.rows[r][i]
        return (r, i) if cell.start <= pos < max(cell.end, cell.start + 1) else None

    def column_header(self, i: int) -> str:
        """The header text over column i: each header row's cell at i, or the nearest filled one to its left
        (a merged cell spans the columns after it). A shorter header row under merged cells ("Diện tích đến
        năm 2020" over "Tổng diện tích | Cơ cấu (%)") is read as the sub-headers of those columns."""
        parts = []
        for k, row in enumerate(self._aligned_header()):
            j = min(i, len(row) - 1)
            while j >= 0 and not row[j].strip():
                j -= 1
            if j >= 0 and row[j].strip() and row[j].strip() not in parts:
                parts.append(row[j].strip())
        return " / ".join(parts)

    def _aligned_header(self) -> list[list[str]]:
        if not self.header:
            return []
        top = [c.text for c in self.header[0]]
        merged = [j for j in range(len(top) - 1) if top[j].strip() and not top[j + 1].strip()]
        out = [top]
        for row in self.header[1:]:
            filled = [c.text for c in row if c.text.strip()]
            if merged and len(filled) < len([t for t in top if t.strip()]):
                aligned = [""] * max(len(top), merged[0] + len(filled))
                for k, t in enumerate(filled):
                    aligned[merged[0] + k] = t
                out.append(aligned)
            else:
                out.append([c.text for c in row])
        return out

    def is_index(self, r: int, i: int) -> bool:
        """The cell numbers its row ("1", "1.1", "II"): the first column when it only holds such numbers."""
        return i == 0 and all(not row or not row[0].text.strip() or _INDEX_CELL.match(row[0].text.strip())
                              for row in self.rows)

    def value_columns(self) -> set[int]:
        """Columns that hold a number in some row (not the index, label or agency columns)."""
        return {i for r, row in enumerate(self.rows) for i, c in enumerate(row) if c.numeric and not self.is_index(r, i)}

    def header_cells(self) -> list[str]:
        return [self.column_header(i) for i in range(max((len(r) for r in self.rows), default=0))]

    def row_label(self, r: int) -> Cell | None:
        """The row's label: its first cell that is neither an index nor a number."""
        for c in self.rows[r]:
            t = c.text.strip()
            if t and not _INDEX_CELL.match(t) and not c.numeric:
                return c
        return None


def find_tables(text: str) -> list[TextTable]:
    tables = _pipe_tables(text) + _line_tables(text)
    tables.sort(key=lambda t: t.start)
    out: list[TextTable] = []
    for t in tables:  # a block read both ways keeps its first reading
        if not out or t.start >= out[-1].end:
            out.append(t)
    return out


def _unit_above(text: str, start: int) -> str | None:
    ls = text.rfind("\n", 0, max(0, start - 1))
    window = text[max(0, ls - 120):start]
    m = None
    for m in _UNIT_LINE.finditer(window):
        pass
    return m.group(1).strip(" .;") if m else None


# -- rows of " | " cells -----------------------------------------------------------------------------------


def _split_pipes(text: str, s: int, e: int) -> list[Cell]:
    cells, p = [], s
    line = text[s:e]
    for part in line.split("|"):
        a = p + len(part) - len(part.lstrip())
        b = p + len(part.rstrip())
        cells.append(Cell(a, max(a, b), text[a:max(a, b)]))
        p += len(part) + 1
    if cells and not cells[-1].text:
        cells.pop()  # "a | b |": the closing bar opens no cell
    return cells


def _pipe_tables(text: str) -> list[TextTable]:
    out = []
    block: list[tuple[int, int]] = []

    def flush():
        if len(block) >= 2:
            rows = [_split_pipes(text, s, e) for s, e in block]
            first = next((i for i, r in enumerate(rows) if any(c.numeric for c in r)), None)
            if first is not None:
                out.append(TextTable(block[0][0], block[-1][1], rows[:first], rows[first:], "pipe",
                                     _unit_above(text, block[0][0])))
        block.clear()

    last_end = -2
    for m in _PIPE_LINE.finditer(text):
        if block and m.start() != last_end + 1:
            flush()
        block.append((m.start(), m.end()))
        last_end = m.end()
    flush()
    return out


# -- one cell a line ------------------------------------------------------------------------------------------


def _cells_by_line(text: str) -> list[Cell]:
    """The text as a sequence of candidate cells: a paragraph each where paragraphs are separated by empty lines
    (a line holding only a space or a no-break space is an empty cell), else a line each."""
    cells = []
    pos = 0
    n = len(text)
    while pos < n:
        e = text.find("\n", pos)
        e = n if e < 0 else e
        cells.append(Cell(pos, e, text[pos:e]))
        pos = e + 1
    return cells


def _merge_paragraphs(lines: list[Cell], text: str) -> list[Cell]:
    """Lines separated by truly empty lines are cells; consecutive filled lines are one cell."""
    out: list[Cell] = []
    cur: Cell | None = None
    for ln in lines:
        if ln.text == "":
            if cur is not None:
                out.append(cur)
                cur = None
            continue
        if ln.text.strip() == "" or ln.text.strip() == "\u00a0":
            if cur is not None:
                out.append(cur)
            out.append(Cell(ln.start, ln.start, ""))  # an empty cell
            cur = None
            continue
        if cur is None:
            a = ln.start + len(ln.text) - len(ln.text.lstrip())
            cur = Cell(a, ln.start + len(ln.text.rstrip()), ln.text.strip())
        else:
            cur = Cell(cur.start, ln.start + len(ln.text.rstrip()), text[cur.start:ln.start + len(ln.text.rstrip())])
    if cur is not None:
        out.append(cur)
    return out


def _row_number(c: Cell) -> int | None:
    """The number a row starts with: its index cell ("3") or its numbered label ("3. Tỷ lệ …")."""
    t = c.text.strip()
    m = re.match(r"^(\d{1,3})(?:\.\d{1,2})*\.?(?:[ \t]+\S|$)", t)
    if not m or re.match(r"^\d{4}$", t) or (not _INDEX_CELL.match(t) and not _LABELLED_ROW.match(t)):
        return None
    return int(m.group(1))


def _line_tables(text: str) -> list[TextTable]:
    lines = _cells_by_line(text)
    empties = sum(1 for ln in lines if ln.text == "")
    cells = _merge_paragraphs(lines, text) if empties >= 0.3 * len(lines) else \
        [Cell(ln.start + len(ln.text) - len(ln.text.lstrip()), ln.start + len(ln.text.rstrip()), ln.text.strip())
         for ln in lines if ln.text.strip()]
    out = []
    i = 0
    while i < len(cells):
        t = _table_at(cells, i, text)
        if t is None:
            i += 1
            continue
        table, nxt = t
        out.append(table)
        i = nxt
    return out


_SECTION_LABEL = re.compile(r"^(?:[IVXLC]{1,5}|[A-Z])[.)][ \t]+\S")  # "I. KẾT QUẢ THỰC HIỆN NĂM 2026": a heading


def _not_header_cell(c: Cell) -> bool:
    return bool(len(c.text) > _MAX_HEADER_CELL or c.numeric or _LABELLED_ROW.match(c.text)
                or c.text.rstrip()[-1:] in ".:;," or _SECTION_LABEL.match(c.text))


_PROSE_CELL = re.compile(r"^[-–+•*][ \t]|[.;][ \t]*$")  # a bullet, or a sentence's end


def _prose(rows: list[list[Cell]]) -> bool:
    """Most cells open with a bullet or end a sentence: a numbered list of paragraphs, not a table's cells."""
    cells = [c for r in rows for c in r[1:]]  # the first cell of a row is its number or its label
    return bool(cells) and sum(1 for c in cells if _PROSE_CELL.search(c.text)) > 0.5 * len(cells)


def _table_at(cells: list[Cell], i: int, text: str) -> tuple[TextTable, int] | None:
    """A one-cell-a-line table whose first body row starts at cell i (numbered 1), with the index of the cell
    after it. Rows are found by their numbering continuing (1, 2, 3 … or starting again at 1), so a value that
    happens to be a small number does not start a row."""
    if _row_number(cells[i]) != 1 or "|" in cells[i].text:
        return None
    # the header is the `width` (≥ 3) cells before the first row, so the three just before it are in it whatever
    # the width: one that cannot head a column rejects the table before the rows are read (a numbered list
    # was otherwise read to its end from each of its "1." items)
    if i < 3 or any(_not_header_cell(c) for c in cells[i - 3:i]):
        return None
    starts, expect = [i], 2
    j = i + 1
    while j < len(cells) and len(cells[j].text) <= _MAX_CELL and "|" not in cells[j].text:
        n = _row_number(cells[j])
        if n in (expect, 1) and j - starts[-1] >= 3:
            starts.append(j)
            expect = n + 1
        j += 1
        if j - starts[-1] > 14:  # no new row for long: the table is over
            break
    if len(starts) < 2:
        return None
    width = int(statistics.median(b - a for a, b in zip(starts, starts[1:])))
    if width < 3 or i < width:
        return None
    header = cells[i - width:i]
    if any(_not_header_cell(c) for c in header) or not any(_HEADER_WORDS.search(c.text) for c in header):
        return None
    end_cell = min(len(cells), starts[-1] + width)
    rows = []
    for a, b in zip(starts, starts[1:] + [end_cell]):
        for k in range(a, b, width):  # a sub-row without a number of its own ("Trong đó: …") runs on
            rows.append(cells[k:min(b, k + width)])
    if statistics.median(len(c.text) for r in rows for c in r) > _MAX_MEDIAN_CELL or _prose(rows):
        return None  # wrapped lines of numbered paragraphs, not cells
    last = rows[-1][-1]
    return TextTable(header[0].start, last.end, [header], rows, "lines", _unit_above(text, header[0].start)), end_cell
