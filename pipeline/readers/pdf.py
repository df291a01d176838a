"""PDF reader (pdfplumber): text per page in reading order, page numbers and running headers/footers removed.

Raw text layout: each page's lines joined by newlines, pages joined by a newline; `Document.page_starts[i]`
is where page i+1 begins. Words come from pdfplumber's `extract_words` (the same clustering `extract_text`
does, so reading costs about what `extract_text` costs); lines are rebuilt from word positions, which lets
the reader see the page edges and the two-column header block of an official document.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.document import Document, content_hash
from pipeline.errors import CorruptFile, DocumentError, EncryptedPDF, ScannedPDF

DATA = Path(__file__).resolve().parents[1] / "data"

# pdfplumber's defaults (3 pt) keep Vietnamese letters and their marks in one word and do not merge the lines
# of 12-14 pt body text; tighter x tolerances split words whose letters are set with extra spacing.
X_TOLERANCE = 3
Y_TOLERANCE = 3
EDGE_LINES = 3  # how deep into a page's top/bottom running headers, footers and page numbers are looked for
# A gap this wide inside a line of the first page's top block separates the issuer column from the motto column.
COLUMN_GAP = 30.0
HEADER_BLOCK_LINES = 12


@dataclass
class Line:
    top: float
    bottom: float
    words: list[dict]

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


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


def read(path: Path, data: bytes) -> Document:
    if b"%PDF-" not in data[:1024]:
        raise CorruptFile(path, "not a PDF (no %PDF- header): is it another kind of file renamed .pdf?")
    pages = _pages_lines(path, data)
    if not any(pages):
        raise ScannedPDF(path, "scanned PDF with no text layer: needs OCR")
    _drop_page_furniture(pages)
    if pages[0]:
        pages[0] = _split_header_columns(pages[0])
    texts = ["\n".join(line.text for line in lines) for lines in pages]
    starts, offset = [], 0
    for t in texts:
        starts.append(offset)
        offset += len(t) + 1
    return Document(str(path), "\n".join(texts), "pdf", content_hash(data), page_starts=starts)


def _pages_lines(path: Path, data: bytes) -> list[list[Line]]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            out = []
            for page in pdf.pages:
                words = page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE)
                out.append(_group_lines(words))
                page.close()  # frees the page's cached objects: memory stays one page deep
            return out
    except DocumentError:
        raise
    except Exception as e:  # pdfminer raises many types (wrapped in PdfminerException) for damaged files
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, PDFPasswordIncorrect) or "password" in repr(cause).lower():
            raise EncryptedPDF(path, "encrypted PDF: it needs a password to open") from None
        raise CorruptFile(path, f"damaged PDF, cannot be parsed ({type(cause).__name__}: {cause})") from None


def _group_lines(words: list[dict]) -> list[Line]:
    """extract_words yields words line by line, left to right; a new line starts where `top` moves."""
    lines: list[Line] = []
    for w in words:
        last = lines[-1] if lines else None
        if last is not None and abs(w["top"] - last.top) <= Y_TOLERANCE and w["x0"] >= last.words[-1]["x1"] - 1:
            last.words.append(w)
            last.bottom = max(last.bottom, w["bottom"])
        else:
            lines.append(Line(w["top"], w["bottom"], [w]))
    return lines


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
    """Remove page numbers and lines repeated at the top or bottom of most pages, working in from the edges."""
    n = len(pages)
    top_counts: Counter = Counter()
    bottom_counts: Counter = Counter()
    bare_offsets: Counter = Counter()
    for i, lines in enumerate(pages):
        top_counts.update({_key(l) for l in lines[:EDGE_LINES]})
        bottom_counts.update({_key(l) for l in lines[-EDGE_LINES:]})
        for l in lines[:2] + lines[-2:]:
            pn = _page_number(l.text)
            if pn and pn[0] == "bare":
                bare_offsets[pn[1] - (i + 1)] += 1
    need = max(2, (n + 1) // 2)
    running_top = {k for k, c in top_counts.items() if c >= need and n >= 2}
    running_bottom = {k for k, c in bottom_counts.items() if c >= need and n >= 2}
    # A lone number is a page number when its offset from the page index repeats (printed 5 on page 4, …).
    bare_offset = None
    if bare_offsets:
        off, count = bare_offsets.most_common(1)[0]
        if count >= 2:
            bare_offset = off

    def furniture(line: Line, i: int, running: set[str]) -> bool:
        if _key(line) in running:
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
        while start < min(end, EDGE_LINES) and furniture(lines[start], i, running_top):
            start += 1
        while end > max(start, len(lines) - EDGE_LINES) and furniture(lines[end - 1], i, running_bottom):
            end -= 1
        # A repeated line is a running header/footer only if it sits apart from the body, in the page margin:
        # a body line that happens to repeat (a table row, a formula) is followed by ordinary line spacing.
        wide = _margin_gap(lines)
        while start > 0 and _page_number(lines[start - 1].text) is None and start < len(lines) \
                and lines[start].top - lines[start - 1].bottom < wide:
            start -= 1
        while end < len(lines) and _page_number(lines[end].text) is None and end > 0 \
                and lines[end].top - lines[end - 1].bottom < wide:
            end += 1
        pages[i] = lines[start:end]


def _margin_gap(lines: list[Line]) -> float:
    gaps = sorted(b.top - a.bottom for a, b in zip(lines, lines[1:]))
    typical = gaps[len(gaps) // 2] if gaps else 0.0
    return max(2 * typical, typical + 6)


def _split_header_columns(lines: list[Line]) -> list[Line]:
    """The first page's two-column header (issuer | national motto, số hiệu | place and date), left column first.

    Reading it row by row would interleave "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI…"; the block ends at the first
    line that crosses the column gap (the centred document title).
    """
    split, first = None, 0
    for first, line in enumerate(lines[:HEADER_BLOCK_LINES]):
        for a, b in zip(line.words, line.words[1:]):
            if b["x0"] - a["x1"] >= COLUMN_GAP:
                split = (a["x1"] + b["x0"]) / 2
                break
        if split is not None:
            break
    if split is None:
        return lines
    block_end, two_sided = first, 0
    for idx in range(first, min(len(lines), first + HEADER_BLOCK_LINES)):
        line = lines[idx]
        if any(w["x0"] < split < w["x1"] for w in line.words):
            break
        left = [w for w in line.words if w["x1"] <= split]
        if left and len(left) < len(line.words):
            gap = min(w["x0"] for w in line.words if w["x0"] >= split) - max(w["x1"] for w in left)
            if gap < COLUMN_GAP / 2:
                break  # an ordinary line whose word boundary happens to fall on the split
            two_sided += 1
        block_end = idx + 1
    if two_sided < 2:
        return lines
    left_lines, right_lines = [], []
    for line in lines[first:block_end]:
        left = [w for w in line.words if w["x1"] <= split]
        right = [w for w in line.words if w["x0"] >= split]
        if left:
            left_lines.append(Line(line.top, line.bottom, left))
        if right:
            right_lines.append(Line(line.top, line.bottom, right))
    return lines[:first] + left_lines + right_lines + lines[block_end:]
