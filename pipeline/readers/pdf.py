"""PDF reader: text per page in reading order, page numbers and running headers/footers removed, scans OCR'd.

Raw text layout: each page's lines joined by newlines, pages joined by a newline; `Document.page_starts[i]`
is where page i+1 begins. A table with drawn borders is one line per row, its cells joined by " | " (as the .docx
reader writes it), and is listed in `Document.tables`; a table running on over a page break is one table. Words
come from pdfium's text layer (`pdf_text`: the words pdfplumber's `extract_words` gives, at a fraction of its
cost), from pdfplumber on pages that may hold a ruled table, and from Tesseract on pages without a text layer
(`pdf_pages`); lines are rebuilt from word positions, which lets the reader see the page edges, the two-column
header block of an official document and pages set in two columns. `Document.ocr_pages` lists the OCR'd pages.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from pipeline.document import Document, Table, content_hash
from pipeline.errors import CorruptFile, EmptyDocument, ScannedPDF
from pipeline.readers import legacy, pdf_columns
from pipeline.readers.pdf_pages import Line, read_pages
from pipeline.readers.pdf_tables import CELL_SEPARATOR, Grid

DATA = Path(__file__).resolve().parents[1] / "data"

POSITION_SLACK = 2.0  # pt: a running header sits at the same height on every page
EDGE_LINES = 3  # how deep into a page's top/bottom running headers, footers and page numbers are looked for
# A gap this wide inside a line of the first page's top block separates the issuer column from the motto column.
COLUMN_GAP = 30.0
MIN_COLUMN_GAP = 8.0  # a narrower gap on another header line still marks the boundary (2-3 word spaces)
COLUMN_BLOCK_LINES = 14  # how many lines at the top of page 1 / the end of a page a two-column block may span
MAX_UNMAPPED_SHARE = 0.3  # more words than this made of "(cid:N)" glyph codes: the text layer is unreadable


def _load_furniture() -> tuple[list[re.Pattern], re.Pattern]:
    numbered, bare = [], None
    for row in (DATA / "pdf_page_furniture.tsv").read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        kind, pattern, _example = row.split("\t")
        rx = re.compile(pattern, re.IGNORECASE)
        if kind == "bare_number":
            bare = rx
        else:
            numbered.append(rx)
    return numbered, bare


PAGE_NUMBER_PATTERNS, BARE_NUMBER = _load_furniture()
_DIGITS = re.compile(r"\d+")


def read(path: Path, data: bytes, engine: str = "pdfium") -> Document:
    """`engine="pdfplumber"` reads every page through pdfplumber (the reader before pdfium; kept to compare)."""
    if b"%PDF-" not in data[:1024]:
        raise CorruptFile(path, "not a PDF (no %PDF- header): is it another kind of file renamed .pdf?")
    found = read_pages(path, data, engine, page_number=_page_number)
    if not found.lines:
        raise EmptyDocument(path, "PDF has 0 pages")
    _refuse_unread_scans(path, found)
    pages, rulings = found.lines, found.rulings
    if not any(pages):
        if found.ocr:
            raise EmptyDocument(path, f"scanned PDF with blank pages: OCR found no text on its {len(pages)} "
                                      f"page{'s' if len(pages) > 1 else ''}")
        raise ScannedPDF(path, "scanned PDF with no text layer: needs OCR")
    _drop_page_furniture(pages)
    if found.images and not found.ocr and not any(any(c.isalpha() for l in lines for c in l.text) for lines in pages):
        # only a stamped page number or a date over page images: still a scan
        raise ScannedPDF(path, "scanned PDF with no text layer (only page numbers): needs OCR")
    for i, lines in enumerate(pages):
        if lines:
            pages[i] = pdf_columns.read_columns(lines)
    # Two-column blocks without rules: the header (issuer | motto) at the top of page 1 and the signature
    # block (recipients | signer) at the end of a page; a ruled table is left as rows.
    if pages[0]:
        pages[0] = _split_columns(pages[0], 0, rulings[0])
    for i, lines in enumerate(pages):
        if lines:
            pages[i] = _split_columns(lines, max(0, len(lines) - COLUMN_BLOCK_LINES), rulings[i])
    _join_continued_tables(pages)
    texts = ["\n".join(line.text for line in lines) for lines in pages]
    if unmapped_share("\n".join(texts)) > MAX_UNMAPPED_SHARE:
        raise ScannedPDF(path, "PDF text layer has no Unicode mapping (its fonts give glyph codes like "
                               "'(cid:71)' instead of letters): needs OCR")
    encoding, convert = None, None
    table = legacy.detect("\n".join(texts))
    if table is not None:  # a PDF printed from a .VnTime (TCVN3) or VNI font document keeps the legacy codes
        convert = lambda s: legacy.convert(s, table)  # noqa: E731
        encoding = table.name
    texts, starts, tables = _layout(pages, convert)
    return Document(str(path), "\n".join(texts), "pdf", content_hash(data), page_starts=starts, tables=tables,
                    encoding=encoding, ocr_pages=dict(found.ocr))


def _refuse_unread_scans(path: Path, found) -> None:
    """Pages that needed OCR it could not have: the whole file is refused, naming them (none is dropped silently)."""
    if not found.needs_ocr:
        return
    n, missing = len(found.lines), found.ocr_missing
    if len(found.unmapped) == len(found.needs_ocr) == n:
        raise ScannedPDF(path, "PDF text layer has no Unicode mapping (its fonts give glyph codes like "
                               f"'(cid:71)' instead of letters): needs OCR; {missing}")
    if len(found.needs_ocr) == n:
        raise ScannedPDF(path, f"scanned PDF with no text layer: needs OCR; {missing}")
    pages = ", ".join(map(str, found.needs_ocr))
    raise ScannedPDF(path, f"page{'s' if len(found.needs_ocr) > 1 else ''} {pages} of {n} "
                           f"{'have' if len(found.needs_ocr) > 1 else 'has'} no text layer (scanned): needs OCR; "
                           f"{missing}")


def _layout(pages: list[list[Line]], convert) -> tuple[list[str], list[int], list[Table]]:
    """Each page's text, where each page starts in the raw text, and the tables with their raw spans.

    Legacy-font text is converted line by line, and cell by cell in a table, so a row still reads as its cells.
    """
    texts, starts, tables, offset = [], [], {}, 0
    for lines in pages:
        starts.append(offset)
        out = []
        for line in lines:
            if line.cells is None:
                s = convert(line.text) if convert else line.text
            else:
                cells = [convert(c) for c in line.cells] if convert else list(line.cells)
                s = CELL_SEPARATOR.join(cells)
                t = tables.get(id(line.grid))
                if t is None:
                    t = tables[id(line.grid)] = Table(rows=[], char_start=offset, char_end=offset)
                t.rows.append(cells)
                t.char_end = offset + len(s)
            out.append(s)
            offset += len(s) + 1
        texts.append("\n".join(out))
        offset = starts[-1] + len(texts[-1]) + 1
    return texts, starts, list(tables.values())


def _join_continued_tables(pages: list[list[Line]]) -> None:
    """A table whose rows run on at the top of the next page, with the same column rules, is the same table.

    The heading row repeated on the new page is dropped. A row cut by the page break (Word and LibreOffice let a
    row break across pages) shows on the new page with its first cell (STT) empty: its cells are appended to the
    row it continues.
    """
    for i in range(1, len(pages)):
        if not pages[i] or not pages[i - 1]:
            continue
        first, last = pages[i][0], pages[i - 1][-1]
        if first.grid is None or last.grid is None or first.grid is last.grid:
            continue
        if not first.grid.same_columns(last.grid):
            continue
        old, grid = first.grid, last.grid
        for line in pages[i]:
            if line.grid is old:
                line.grid = grid
        if first.cells == grid.header:
            pages[i] = pages[i][1:]
            if not pages[i] or pages[i][0].grid is not grid:
                continue
            first = pages[i][0]
        if len(first.cells) == len(last.cells) and not first.cells[0].strip() and last.cells[0].strip():
            last.cells = [" ".join(p for p in (a, b) if p.strip()) for a, b in zip(last.cells, first.cells)]
            pages[i] = pages[i][1:]


def unmapped_share(text: str) -> float:
    """Share of words that are pdfminer's "(cid:N)" placeholders for glyphs without a Unicode mapping."""
    words = text.split()
    return sum(1 for w in words if "(cid:" in w) / len(words) if words else 0.0


def _key(line: Line) -> str:
    return _DIGITS.sub("#", " ".join(line.text.lower().split()))


def _page_number(text: str) -> tuple[str, int] | None:
    """("numbered", n) for "- 4 -", "Trang 3/12"…; ("bare", n) for a lone number; None for anything else."""
    s = text.strip()
    for rx in PAGE_NUMBER_PATTERNS:
        m = rx.fullmatch(s)
        if m:
            total = m.groupdict().get("total")
            if total is not None and int(total) < int(m["n"]):
                return None  # "15/12" is a date, not page 15 of 12
            return "numbered", int(m["n"])
    m = BARE_NUMBER.fullmatch(s)
    return ("bare", int(m["n"])) if m else None


def _drop_page_furniture(pages: list[list[Line]]) -> None:
    """Remove page numbers and running headers/footers, working in from the page edges.

    A running header/footer is a line (digits ignored) found at the same height near the top or bottom of most
    pages: body text flows, so a body line that happens to repeat does not sit at the same place page after page.
    """
    n = len(pages)
    need = max(2, (n + 1) // 2)
    running_top = _running_lines(pages, top=True) if n >= 2 else set()
    running_bottom = _running_lines(pages, top=False) if n >= 2 else set()
    bare_offsets: Counter = Counter()
    for i, lines in enumerate(pages):
        for l in lines[:2] + lines[-2:]:
            pn = _page_number(l.text)
            if pn and pn[0] == "bare":
                bare_offsets[pn[1] - (i + 1)] += 1
    # A lone number is a page number when its offset from the page index repeats (printed 5 on page 4, …).
    bare_offset = None
    if bare_offsets:
        off, count = bare_offsets.most_common(1)[0]
        if count >= min(2, need):
            bare_offset = off

    def furniture(line: Line, i: int, running: set[tuple[str, int]], y: float) -> bool:
        if line.cells is not None:
            return False  # a table's row, even a heading row repeated at the top of every page
        if (_key(line), round(y)) in running:
            return True
        pn = _page_number(line.text)
        if pn is None:
            return False
        kind, value = pn
        if kind == "numbered":
            return value <= n + 1000
        return bare_offset is not None and value - (i + 1) == bare_offset

    for i, lines in enumerate(pages):
        start, end = 0, len(lines)
        while start < min(end, EDGE_LINES) and furniture(lines[start], i, running_top, lines[start].top):
            start += 1
        while end > max(start, len(lines) - EDGE_LINES) and furniture(lines[end - 1], i, running_bottom,
                                                                       lines[end - 1].bottom):
            end -= 1
        pages[i] = lines[start:end]


def _running_lines(pages: list[list[Line]], top: bool) -> set[tuple[str, int]]:
    """(text key, rounded y) of edge lines repeated at the same height (±POSITION_SLACK pt) on most pages."""
    seen: dict[str, list[tuple[int, float]]] = {}
    for i, lines in enumerate(pages):
        edge = lines[:EDGE_LINES] if top else lines[-EDGE_LINES:]
        for l in edge:
            seen.setdefault(_key(l), []).append((i, l.top if top else l.bottom))
    need = max(2, (len(pages) + 1) // 2)
    out = set()
    for key, places in seen.items():
        if len({i for i, _ in places}) < need:
            continue
        ys = sorted(y for _, y in places)
        median = ys[len(ys) // 2]
        at_median = [y for y in ys if abs(y - median) <= POSITION_SLACK]
        if len(at_median) >= need:
            out.update((key, round(y)) for y in at_median)
    return out


def _split_columns(lines: list[Line], window_start: int, rulings: list[tuple]) -> list[Line]:
    """A borderless two-column block in lines[window_start:window_start + COLUMN_BLOCK_LINES], left column first.

    Reading the header row by row would interleave "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI…", the signature block
    "- Lưu: VT. PHÓ CHỦ TỊCH". The column boundary is the x-interval left free by every two-sided line (seeded
    by one wide gap); the block is the run of lines around the seed that do not cross it (it ends at the
    centred title, or at a full-width paragraph). A block crossed by drawn rules is a table: left as rows.
    """
    window = lines[window_start:window_start + COLUMN_BLOCK_LINES]
    idx = 0
    while idx < len(window):
        found = _column_block(window, idx, rulings)
        if found is None:
            return lines
        first, end, split, accepted = found
        if accepted:
            left = [Line(l.top, l.bottom, [w for w in l.words if w["x1"] <= split]) for l in window[first:end]]
            right = [Line(l.top, l.bottom, [w for w in l.words if w["x0"] >= split]) for l in window[first:end]]
            a, b = window_start + first, window_start + end
            return lines[:a] + [l for l in left if l.words] + [l for l in right if l.words] + lines[b:]
        idx = max(end, idx + 1)
    return lines


def _column_block(window: list[Line], start: int, rulings: list[tuple]):
    """(first, end, split, accepted) of the two-column block seeded at or after window[start], or None."""
    seed, interval = None, None
    for idx in range(start, len(window)):
        line = window[idx]
        for a, b in zip(line.words, line.words[1:]):
            if b["x0"] - a["x1"] >= COLUMN_GAP:
                seed, interval = idx, (a["x1"], b["x0"])
                break
        if seed is not None:
            break
    if seed is None:
        return None
    for line in window[start:]:
        for a, b in zip(line.words, line.words[1:]):
            lo, hi = max(interval[0], a["x1"]), min(interval[1], b["x0"])
            if b["x0"] - a["x1"] >= MIN_COLUMN_GAP and hi - lo >= 1:
                interval = (lo, hi)
                break
    split = (interval[0] + interval[1]) / 2

    def crosses(line: Line) -> bool:
        return line.cells is not None or any(w["x0"] < split < w["x1"] for w in line.words)

    first = seed
    while first > start and not crosses(window[first - 1]):
        first -= 1
    end = seed
    while end < len(window) and not crosses(window[end]):
        end += 1
    block = window[first:end]
    two_sided = sum(1 for l in block if l.words[0]["x1"] <= split <= l.words[-1]["x0"])
    top, bottom = block[0].top, block[-1].bottom
    ruled = any(x0 < split < x1 and t <= bottom and b >= top for x0, x1, t, b in rulings)
    return first, max(end, seed + 1), split, two_sided >= 2 and not ruled
