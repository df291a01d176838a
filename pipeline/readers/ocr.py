"""OCR of PDF pages without a text layer: pdfium renders the page at 300 dpi, Tesseract's Vietnamese model reads it.

Words come back in PDF points, like the text layer's, so the PDF reader's line, header/footer and column logic
works on a scan as on a text page. Each word of a line gets the line's top and bottom: Tesseract boxes each
word tightly, and "Ủy" and "an" on one line differ in height by more than the reader's line tolerance.
`CHITIEU_TESSERACT` names the tesseract program (default: `tesseract` on PATH).
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass

DPI = 300
LANG = "vie"
PAGE_TIMEOUT = 300  # s: a page Tesseract has not read by then (a huge or broken image) stops the file, not the run
# Documents are read in parallel (one ingest task each): one OCR should take one core, not all of them.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")


class OCRUnavailable(Exception):
    """No Tesseract, or no Vietnamese model for it: the reason, in words an analyst can act on."""


# A drawn rule on a scan: a run of dark pixels at least this long (pt). Letters are shorter, even "Ị" at 14 pt;
# a table's vertical rules run through all its rows.
MIN_RULE = 18.0
DARK = 128  # grey level below which a pixel is ink


@dataclass
class OCRPage:
    words: list[dict]  # text, x0, x1, top, bottom (PDF points), conf (0-100)
    confidence: float | None  # mean word confidence, 0-100; None when the page gave no word
    seconds: float
    edges: list[dict]  # the scan's drawn rules as pdfplumber edges (PDF points): a ruled table's grid


def tesseract_cmd() -> str:
    return os.environ.get("CHITIEU_TESSERACT") or "tesseract"


def unavailable_reason() -> str | None:
    """None when Tesseract with the Vietnamese model can run here, else why not."""
    cmd = tesseract_cmd()
    if shutil.which(cmd) is None:
        return f"no OCR engine ({cmd} is not installed; Debian: apt-get install tesseract-ocr tesseract-ocr-vie)"
    langs = _languages(cmd)
    if LANG not in langs:
        return f"Tesseract has no Vietnamese model (apt-get install tesseract-ocr-{LANG})"
    return None


_LANGS: dict[tuple, set[str]] = {}


def _languages(cmd: str) -> set[str]:
    key = (cmd, os.environ.get("TESSDATA_PREFIX"))  # where Tesseract looks for its models
    if key not in _LANGS:
        import pytesseract

        pytesseract.pytesseract.tesseract_cmd = cmd
        try:
            _LANGS[key] = set(pytesseract.get_languages(config=""))
        except Exception:  # a broken install answers nothing usable
            _LANGS[key] = set()
    return _LANGS[key]


def read_page(page, height: float) -> OCRPage:
    """OCR one pypdfium2 page. Raises OCRUnavailable when Tesseract cannot run."""
    import pytesseract

    reason = unavailable_reason()
    if reason:
        raise OCRUnavailable(reason)
    t0 = time.perf_counter()
    image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    pytesseract.pytesseract.tesseract_cmd = tesseract_cmd()
    try:
        data = pytesseract.image_to_data(image, lang=LANG, output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT)
    except pytesseract.TesseractError as e:
        raise OCRUnavailable(f"Tesseract failed ({e.message.strip().splitlines()[-1] if e.message else e.status})")
    except RuntimeError:  # pytesseract's time-out
        raise OCRUnavailable(f"Tesseract did not read a page within {PAGE_TIMEOUT} s") from None
    words = _words(data, 72 / DPI)
    confs = [w["conf"] for w in words]
    edges = rule_edges(image, 72 / DPI)
    return OCRPage(words, round(sum(confs) / len(confs), 1) if confs else None, time.perf_counter() - t0, edges)


def rule_edges(image, scale: float) -> list[dict]:
    """Horizontal and vertical runs of ink longer than MIN_RULE, one edge per pixel row/column of a rule.

    pdfplumber's table finder snaps the few parallel edges of one thick rule together, as it does with the
    segments a word processor draws per cell.
    """
    import numpy as np

    ink = np.asarray(image.convert("L")) < DARK
    min_len = int(MIN_RULE / scale)
    edges = []
    for axis, orientation in ((0, "h"), (1, "v")):
        grid = ink if axis == 0 else ink.T
        rows = np.nonzero(grid.sum(axis=1) >= min_len)[0]
        for r in rows:
            line = np.concatenate(([False], grid[r], [False])).astype(np.int8)
            change = np.diff(line)
            starts, ends = np.nonzero(change == 1)[0], np.nonzero(change == -1)[0]
            for a, b in zip(starts, ends):
                if b - a >= min_len:
                    edges.append(_edge(orientation, r * scale, a * scale, b * scale))
    return edges


def _edge(orientation: str, at: float, start: float, end: float) -> dict:
    if orientation == "h":
        x0, x1, top, bottom = start, end, at, at
    else:
        x0, x1, top, bottom = at, at, start, end
    return {"object_type": "line", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _words(data: dict, scale: float) -> list[dict]:
    """Tesseract's level-5 rows (words) with their line's vertical extent, in points."""
    lines: dict[tuple, tuple[float, float]] = {}
    for i, level in enumerate(data["level"]):
        if level == 4:  # a text line
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            lines[key] = (data["top"][i] * scale, (data["top"][i] + data["height"][i]) * scale)
    words = []
    for i, level in enumerate(data["level"]):
        text = (data["text"][i] or "").strip()
        if level != 5 or not text:
            continue
        conf = float(data["conf"][i])
        if conf < 0:
            continue
        key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
        top, bottom = lines.get(key, (data["top"][i] * scale, (data["top"][i] + data["height"][i]) * scale))
        x0 = data["left"][i] * scale
        words.append({"text": text, "x0": x0, "x1": x0 + data["width"][i] * scale, "top": top, "bottom": bottom,
                      "conf": conf})
    return words
