"""Bordered tables on a PDF page: pdfplumber finds the grid from the drawn rules, each row becomes one line of cells.

Reading a ruled table line by line interleaves wrapped cells ("Tỷ lệ hồ sơ trực Tối thiểu 80% Phòng Văn hóa và");
here every word whose centre lies in a cell goes to that cell, a cell's lines are joined by a space, and a row is
written like the .docx reader writes one: its cells joined by " | ".
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.document import CELL_SEPARATOR

# Only drawn rules make a table ("lines" strategy): text alignment alone would turn the two-column header block
# and every indented list into grids. pdfplumber's default tolerances (3 pt) join the segments LibreOffice and
# Word draw per cell into one rule.
TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
MIN_COLUMNS = 2  # a one-column box (a framed note, a boxed title) is read as ordinary lines
COLUMN_SLACK = 2.0  # pt: the same table's column rules on the next page sit at the same x


@dataclass(eq=False)
class Grid:
    """One table's identity across the rows (and pages) that belong to it."""

    xs: list[float]  # x of every column rule, left to right
    header: list[str]

    def same_columns(self, other: "Grid") -> bool:
        return len(self.xs) == len(other.xs) and all(abs(a - b) <= COLUMN_SLACK for a, b in zip(self.xs, other.xs))


@dataclass
class Row:
    top: float
    bottom: float
    cells: list[str]
    grid: Grid


def has_rules(page) -> bool:
    """Cheap test before the costly grid search: a page without drawn lines or rectangles holds no bordered table."""
    return bool(page.rects or page.lines)


def page_rows(page, words: list[dict], group_lines) -> tuple[list[Row], list[dict]]:
    """(rows of the page's bordered tables, top to bottom; the words outside every table cell)."""
    return _rows(page.find_tables(TABLE_SETTINGS), words, group_lines)


class _Edges:
    """What pdfplumber's TableFinder reads of a page for the "lines" strategy: its edges (and its box)."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]):
        self.edges, self.bbox = edges, bbox


def edge_rows(edges: list[dict], bbox: tuple, words: list[dict], group_lines) -> tuple[list[Row], list[dict]]:
    """`page_rows` for a page read by pdfium: the same grid search over the edges of its drawn paths."""
    from pdfplumber.table import TableFinder

    return _rows(TableFinder(_Edges(edges, bbox), TABLE_SETTINGS).tables, words, group_lines)


def _rows(tables, words: list[dict], group_lines) -> tuple[list[Row], list[dict]]:
    rows: list[Row] = []
    taken: set[int] = set()
    for table in tables:
        found = _table_rows(table, words, taken, group_lines)
        if found:
            rows.extend(found)
    if not rows:
        return [], words
    rows.sort(key=lambda r: r.top)
    return rows, [w for i, w in enumerate(words) if i not in taken]


def _table_rows(table, words: list[dict], taken: set[int], group_lines) -> list[Row]:
    cells = table.cells
    xs = sorted({round(c[0], 1) for c in cells} | {round(c[2], 1) for c in cells})
    starts = sorted({c[0] for c in cells})  # pdfplumber lays each row's cells on these (None where none starts)
    if len(starts) < MIN_COLUMNS:
        return []
    x0, top, x1, bottom = table.bbox
    inside = [(i, w) for i, w in enumerate(words) if i not in taken
              and x0 <= (w["x0"] + w["x1"]) / 2 < x1 and top <= (w["top"] + w["bottom"]) / 2 < bottom]
    grid = Grid(xs=xs, header=[])
    out: list[Row] = []
    claimed: set[int] = set()
    for row in table.rows:
        present = [c for c in row.cells if c is not None]
        texts = []
        for j, cell in enumerate(row.cells):
            if cell is None:
                # a column no cell starts at: covered by a cell spanning columns (skip it) or by one spanning rows
                # from above (an empty cell, as the .docx reader writes a vertically merged cell)
                col_x = starts[j] + 0.5
                if not any(c[0] < col_x < c[2] for c in present):
                    texts.append("")
                continue
            mine = []
            for i, w in inside:
                if i not in claimed and _centre_in(w, cell):
                    mine.append(w)
                    claimed.add(i)
            texts.append(" ".join(line.text for line in group_lines(mine)))
        if any(t.strip() for t in texts):
            rtop, rbottom = min(c[1] for c in present), max(c[3] for c in present)
            out.append(Row(rtop, rbottom, texts, grid))
    if out:
        grid.header = out[0].cells
        taken.update(claimed)
    return out


def _centre_in(w: dict, cell: tuple) -> bool:
    cx, cy = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return cell[0] <= cx < cell[2] and cell[1] <= cy < cell[3]
