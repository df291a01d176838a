"""Pages set in two columns (newsletters, some plans' appendices): the left column read before the right one.

Read line by line, such a page interleaves two texts ("Tỷ lệ hồ sơ giải quyết đúng  Sở Nội vụ chủ trì, phối
hợp"). A page is two-column where one vertical gutter near its middle is left free by a run of many lines that
have words on both sides, and the text on each side fills its column (which a borderless table of short cells
does not). The run stops at a line that crosses the gutter (a centred title, a full-width paragraph), so what is
above and below it stays as it is.
"""

from __future__ import annotations

from pipeline.readers.pdf_pages import Line

MIN_GUTTER = 9.0  # pt: wider than a word space in justified 12-14 pt text, narrower than Word's 1.27 cm gutter
MIN_RUN_LINES = 6  # two-sided lines in the run: fewer is a header block or a two-cell row, not a page layout
MIN_SIDE_SHARE = 0.3  # each column at least this share of the text width
FILL_SHARE = 0.6  # this share of a column's lines reach within a quarter column width of its edge


def read_columns(lines: list[Line]) -> list[Line]:
    """The page's lines with a two-column run (if any) read column by column."""
    words = [w for l in lines if l.cells is None for w in l.words]
    if len(lines) < MIN_RUN_LINES or not words:
        return lines
    left_edge, right_edge = min(w["x0"] for w in words), max(w["x1"] for w in words)
    width = right_edge - left_edge
    if width <= 0:
        return lines
    gutter = _gutter(lines, left_edge + MIN_SIDE_SHARE * width, right_edge - MIN_SIDE_SHARE * width)
    if gutter is None:
        return lines
    lo, hi = gutter
    split = (lo + hi) / 2
    first, end = _run(lines, split)
    if first is None:
        return lines
    run = lines[first:end]
    two_sided = [l for l in run if l.words[0]["x1"] <= split <= l.words[-1]["x0"]]
    left_width, right_width = lo - left_edge, right_edge - hi
    reach_left = sum(1 for l in two_sided if max(w["x1"] for w in l.words if w["x1"] <= split) >= lo - left_width / 4)
    reach_right = sum(1 for l in two_sided if max(w["x1"] for w in l.words) >= right_edge - right_width / 4)
    if len(two_sided) < MIN_RUN_LINES or min(reach_left, reach_right) < FILL_SHARE * len(two_sided):
        return lines
    left = [Line(l.top, l.bottom, [w for w in l.words if w["x1"] <= split]) for l in run]
    right = [Line(l.top, l.bottom, [w for w in l.words if w["x0"] >= split]) for l in run]
    return lines[:first] + [l for l in left if l.words] + [l for l in right if l.words] + lines[end:]


def _gutter(lines: list[Line], lo: float, hi: float) -> tuple[float, float] | None:
    """The x-interval within [lo, hi] that most lines leave free with a gap of MIN_GUTTER or more."""
    votes: dict[int, int] = {}
    for l in lines:
        if l.cells is not None:
            continue
        for a, b in zip(l.words, l.words[1:]):
            if b["x0"] - a["x1"] >= MIN_GUTTER:
                for x in range(int(max(lo, a["x1"])) + 1, int(min(hi, b["x0"]))):
                    votes[x] = votes.get(x, 0) + 1
    if not votes:
        return None
    best = max(votes.values())
    if best < MIN_RUN_LINES:
        return None
    xs = sorted(x for x, v in votes.items() if v == best)
    # the widest stretch of best-voted x positions
    start = prev = xs[0]
    span = (start, start)
    for x in xs[1:]:
        if x != prev + 1:
            start = x
        prev = x
        if x - start > span[1] - span[0]:
            span = (start, x)
    return float(span[0]), float(span[1])


def _run(lines: list[Line], split: float) -> tuple[int | None, int]:
    """The longest run of lines none of which crosses `split` (first, end), by number of two-sided lines."""
    best, best_count = (None, 0), 0
    i = 0
    while i < len(lines):
        if _crosses(lines[i], split):
            i += 1
            continue
        j, count = i, 0
        while j < len(lines) and not _crosses(lines[j], split):
            l = lines[j]
            count += l.words[0]["x1"] <= split <= l.words[-1]["x0"]
            j += 1
        if count > best_count:
            best, best_count = (i, j), count
        i = j
    return best


def _crosses(line: Line, split: float) -> bool:
    return line.cells is not None or any(w["x0"] < split < w["x1"] for w in line.words)
