"""Pages set in two columns (newsletters, some plans' appendices): the left column read before the right one.

Read line by line, such a page interleaves two texts ("Tỷ lệ hồ sơ giải quyết đúng  Sở Nội vụ chủ trì, phối
hợp"). A page is two-column where a vertical gutter near its middle is left free by a run of lines with many
lines on each side of it (the two columns' lines need not share a height), and the text on each side fills its
column (which a borderless table of short cells does not). The run stops at a line that crosses the gutter (a centred title, a full-width paragraph), so what is
above and below it stays as it is.
"""

from __future__ import annotations

from pipeline.readers.pdf_pages import Line

MIN_GUTTER = 9.0  # pt: wider than a word space in justified 12-14 pt text, narrower than Word's 1.27 cm gutter
MIN_COLUMN_LINES = 6  # lines on each side of the gutter: fewer is a header block or a two-cell row, not a layout
MIN_SIDE_SHARE = 0.3  # each column at least this share of the text width: the gutter lies in the middle band
MAX_CROSSING_SHARE = 0.25  # lines that may cross the gutter (above or below the columns)
FILL_SHARE = 0.6  # this share of a column's lines reach within a quarter column width of its right edge


def read_columns(lines: list[Line]) -> list[Line]:
    """The page's lines with a two-column run (if any) read column by column."""
    words = [w for l in lines if l.cells is None for w in l.words]
    if len(lines) < 2 * MIN_COLUMN_LINES or not words:
        return lines
    left_edge, right_edge = min(w["x0"] for w in words), max(w["x1"] for w in words)
    width = right_edge - left_edge
    gutter = _gutter(lines, left_edge + MIN_SIDE_SHARE * width, right_edge - MIN_SIDE_SHARE * width)
    if gutter is None:
        return lines
    lo, hi = gutter
    split = (lo + hi) / 2
    first, end = _run(lines, split)
    if first is None:
        return lines
    run = lines[first:end]
    left = [Line(l.top, l.bottom, [w for w in l.words if w["x1"] <= split]) for l in run]
    right = [Line(l.top, l.bottom, [w for w in l.words if w["x0"] >= split]) for l in run]
    left, right = [l for l in left if l.words], [l for l in right if l.words]
    if min(len(left), len(right)) < MIN_COLUMN_LINES:
        return lines
    if not (_fills(left, lo - left_edge, lo) and _fills(right, right_edge - hi, right_edge)):
        return lines
    return lines[:first] + left + right + lines[end:]


def _fills(side: list[Line], column_width: float, edge: float) -> bool:
    """Most lines of a column reach near its right edge (a paragraph's last line may stop short)."""
    reach = sum(1 for l in side if l.words[-1]["x1"] >= edge - column_width / 4)
    return reach >= FILL_SHARE * len(side)


def _gutter(lines: list[Line], lo: float, hi: float) -> tuple[float, float] | None:
    """The widest x-interval within [lo, hi] that (nearly) no line crosses, if MIN_GUTTER wide."""
    if hi - lo < MIN_GUTTER:
        return None
    x0 = int(lo)
    crossing = [0] * (int(hi) - x0 + 1)
    for l in lines:
        covered = set()
        for w in l.words if l.cells is None else ():
            for x in range(max(x0, int(w["x0"])), min(int(hi), int(w["x1"])) + 1):
                covered.add(x - x0)
        for k in covered:
            crossing[k] += 1
    # a title or a full-width paragraph above or below the columns crosses the gutter, between its own words
    free = max(min(crossing), len(lines) * MAX_CROSSING_SHARE)
    span, start = (0, -1), None
    for k, c in enumerate(crossing + [free + 1]):
        if c <= free and start is None:
            start = k
        elif c > free and start is not None:
            if k - 1 - start > span[1] - span[0]:
                span = (start, k - 1)
            start = None
    if span[1] - span[0] < MIN_GUTTER:
        return None
    return float(x0 + span[0]), float(x0 + span[1])


def _run(lines: list[Line], split: float) -> tuple[int | None, int]:
    """The longest run of lines none of which crosses `split`, as (first, end)."""
    best = (None, 0)
    i = 0
    while i < len(lines):
        if _crosses(lines[i], split):
            i += 1
            continue
        j = i
        while j < len(lines) and not _crosses(lines[j], split):
            j += 1
        if best[0] is None or j - i > best[1] - best[0]:
            best = (i, j)
        i = j
    return best


def _crosses(line: Line, split: float) -> bool:
    return line.cells is not None or any(w["x0"] < split < w["x1"] for w in line.words)
