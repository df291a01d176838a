"""Each PDF page's lines from the source that reads it best: pdfium's text layer, pdfplumber for ruled tables, OCR.

pdfium (pypdfium2) gives a page's words in a fraction of pdfplumber's time and is the default. A page that draws
more than horizontal rules may hold a bordered table: pdfplumber's grid search reads it (`pdf_tables`), words and
rows, as the reader always has. A page without a text layer (a scan: an image, no letters but a page number) or
whose fonts map no glyph to a letter is OCR'd when Tesseract is there; the caller decides what a missing engine
means. `engine="pdfplumber"` reads every page through pdfplumber, as the reader did before pdfium.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import CorruptFile, DocumentError, EmptyDocument, EncryptedPDF
from pipeline.readers import ocr, pdf_tables, pdf_text
from pipeline.readers.pdf_tables import CELL_SEPARATOR, Grid

# pdfplumber's defaults (3 pt) keep Vietnamese letters and their marks in one word and do not merge the lines
# of 12-14 pt body text; tighter x tolerances split words whose letters are set with extra spacing.
X_TOLERANCE = 3
Y_TOLERANCE = 3
MAX_UNMAPPED_SHARE = 0.3  # more words than this are glyph codes without a letter: the text layer is unreadable
MIN_SCAN_COVER = 0.5  # an image over half the page with no text on it is a scanned page
MIN_OUTLINE_PATHS = 50  # ... and so is a page of many drawn shapes without text (letters drawn as outlines)


@dataclass
class Line:
    top: float
    bottom: float
    words: list[dict]
    cells: list[str] | None = None  # a bordered table's row (then `words` is empty)
    grid: Grid | None = None  # the table the row belongs to

    @property
    def text(self) -> str:
        if self.cells is not None:
            return CELL_SEPARATOR.join(self.cells)
        return " ".join(w["text"] for w in self.words)


@dataclass
class Pages:
    """Each page's lines, its drawn lines and boxes (x0, x1, top, bottom), and what OCR found or could not do."""

    lines: list[list[Line]] = field(default_factory=list)
    rulings: list[list[tuple]] = field(default_factory=list)
    images: int = 0
    ocr: dict[int, float | None] = field(default_factory=dict)  # 1-based page → mean word confidence
    ocr_seconds: float = 0.0
    needs_ocr: list[int] = field(default_factory=list)  # 1-based pages that need OCR it could not have
    unmapped: list[int] = field(default_factory=list)  # ... of which those whose text layer maps no glyph
    ocr_missing: str | None = None  # why OCR could not run
    plumber_pages: list[int] = field(default_factory=list)  # 1-based pages pdfplumber read (pdfium could not)


def _plumber_or_corrupt(path: Path, data: bytes, error) -> "Pages":
    import io

    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            n = len(pdf.pages)
    except Exception:
        raise CorruptFile(path, f"damaged PDF, cannot be parsed ({error})") from None
    if n == 0:
        raise EmptyDocument(path, "PDF has 0 pages")
    return _plumber_pages(path, data)


def read_pages(path: Path, data: bytes, engine: str = "pdfium", page_number=None) -> Pages:
    """`page_number(text)` tells a page-number line ("- 3 -", "Trang 3/12"): a scan stamped with one is a scan."""
    if engine == "pdfplumber":
        return _plumber_pages(path, data)
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise EncryptedPDF(path, "encrypted PDF: it needs a password to open") from None
        # pdfium refuses some files pdfplumber opens (a PDF with no page at all, some damaged cross-references)
        return _plumber_or_corrupt(path, data, e)
    out = Pages()
    plumber = _LazyPlumber(path, data)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                _read_page(path, page, i, out, plumber, page_number)
            finally:
                page.close()
    except DocumentError:
        raise
    except Exception as e:  # a damaged page object stream
        raise CorruptFile(path, f"damaged PDF, cannot be parsed ({type(e).__name__}: {e})") from None
    finally:
        plumber.close()
        pdf.close()
    return out


def _read_page(path: Path, page, i: int, out: Pages, plumber, page_number) -> None:
    height = page.get_height()
    objects = pdf_text.page_objects(page, height)
    out.images += objects.images
    table = objects.may_hold_table()
    words, unmapped = None, 0
    if not (table and objects.edges is None):  # else drawings only pdfplumber measures right
        textpage = page.get_textpage()
        try:
            words, unmapped = pdf_text.page_words(textpage, height)
        finally:
            textpage.close()
    if words is None:
        lines, rulings, _ = _plumber_page(plumber.page(i))
        out.plumber_pages.append(i + 1)
    else:
        rows = []
        if table:
            try:
                rows, words = pdf_tables.edge_rows(objects.edges, (0, 0, page.get_width(), height), words,
                                                   group_lines)
            except Exception:  # odd drawings must not lose the page: read it as plain lines
                rows = []
        lines, rulings = _with_rows(group_lines(words), rows), objects.paths
        scan = None  # (lines, rulings) read by OCR
        if words and unmapped / len(words) > MAX_UNMAPPED_SHARE:
            scan = _ocr(page, height, i, out, unmapped=True)
        elif _no_text(lines, page_number) and (objects.image_cover >= MIN_SCAN_COVER
                                                or len(objects.paths) >= MIN_OUTLINE_PATHS):
            scan = _ocr(page, height, i, out, unmapped=False)
        if scan is not None:
            lines, rulings = scan
    out.lines.append(lines)
    out.rulings.append(rulings)


def _no_text(lines: list[Line], page_number) -> bool:
    return not any(any(c.isalpha() for c in l.text) and not (page_number and page_number(l.text)) for l in lines)


def _ocr(page, height: float, i: int, out: Pages, unmapped: bool) -> tuple[list[Line], list[tuple]]:
    """The scanned page's lines (a ruled table's rows among them) and rules; none, noted, when OCR cannot run."""
    if out.ocr_missing is None:
        out.ocr_missing = ocr.unavailable_reason() or ""
    result = None
    if not out.ocr_missing:
        try:
            result = ocr.read_page(page, height)
        except ocr.OCRUnavailable as e:  # Tesseract failed or timed out on this file: say so, as if missing
            out.ocr_missing = str(e)
    if result is None:
        out.needs_ocr.append(i + 1)
        if unmapped:
            out.unmapped.append(i + 1)
        return [], []
    out.ocr[i + 1] = result.confidence
    out.ocr_seconds += result.seconds
    words = pdf_text._in_lines(result.words)
    rows = []
    if result.edges:
        try:
            rows, words = pdf_tables.edge_rows(result.edges, (0, 0, page.get_width(), height), words, group_lines)
        except Exception:  # a smudge that is no grid must not lose the page
            rows = []
    rulings = [(e["x0"], e["x1"], e["top"], e["bottom"]) for e in result.edges]
    return _with_rows(group_lines(words), rows), rulings


class _LazyPlumber:
    """pdfplumber opened only when a page needs it (most pages never do)."""

    def __init__(self, path: Path, data: bytes):
        self.path, self.data, self.pdf = path, data, None

    def page(self, i: int):
        import pdfplumber

        if self.pdf is None:
            self.pdf = pdfplumber.open(io.BytesIO(self.data))
        return self.pdf.pages[i]

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _plumber_page(page) -> tuple[list[Line], list[tuple], int]:
    words = page.extract_words(x_tolerance=X_TOLERANCE, y_tolerance=Y_TOLERANCE)
    rows = []
    if pdf_tables.has_rules(page):
        try:
            rows, words = pdf_tables.page_rows(page, words, group_lines)
        except Exception:  # odd drawings must not lose the page: read it as plain lines
            rows = []
    lines = _with_rows(group_lines(words), rows)
    rulings = [(o["x0"], o["x1"], o["top"], o["bottom"]) for o in page.lines + page.rects]
    images = len(page.images)
    page.close()  # frees the page's cached objects: memory stays one page deep
    return lines, rulings, images


def _plumber_pages(path: Path, data: bytes) -> Pages:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    out = Pages()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                lines, rulings, images = _plumber_page(page)
                out.lines.append(lines)
                out.rulings.append(rulings)
                out.images += images
        return out
    except DocumentError:
        raise
    except Exception as e:  # pdfminer raises many types (wrapped in PdfminerException) for damaged files
        cause = e.args[0] if e.args and isinstance(e.args[0], Exception) else e
        if isinstance(cause, PDFPasswordIncorrect) or "password" in repr(cause).lower():
            raise EncryptedPDF(path, "encrypted PDF: it needs a password to open") from None
        raise CorruptFile(path, f"damaged PDF, cannot be parsed ({type(cause).__name__}: {cause})") from None


def _with_rows(lines: list[Line], rows: list[pdf_tables.Row]) -> list[Line]:
    """The page's lines with its table rows put in place, top to bottom (lines come top to bottom already)."""
    if not rows:
        return lines
    out: list[Line] = []
    k = 0
    for line in lines:
        while k < len(rows) and rows[k].top <= line.top:
            out.append(Line(rows[k].top, rows[k].bottom, [], rows[k].cells, rows[k].grid))
            k += 1
        out.append(line)
    out.extend(Line(r.top, r.bottom, [], r.cells, r.grid) for r in rows[k:])
    return out


def group_lines(words: list[dict]) -> list[Line]:
    """Words come line by line, left to right; a new line starts where `top` moves."""
    lines: list[Line] = []
    for w in words:
        last = lines[-1] if lines else None
        if last is not None and abs(w["top"] - last.top) <= Y_TOLERANCE and w["x0"] >= last.words[-1]["x1"] - 1:
            last.words.append(w)
            last.bottom = max(last.bottom, w["bottom"])
        else:
            lines.append(Line(w["top"], w["bottom"], [w]))
    return lines
