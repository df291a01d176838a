"""A PDF page's words and drawings through pdfium (pypdfium2): the words pdfplumber's `extract_words` gives, faster.

pdfium's text comes in content-stream order with the spaces and line breaks it infers; a word is a run of
non-space characters placed by its first character's origin (baseline) and font size and ended by its last
character's box — three calls per word instead of pdfminer's layout of every character. Heights come from the
baseline, like pdfminer's (a character is `size` high above its font's descent): pdfium's own character boxes
follow each glyph's outline and put "học" and "c" on one line 3 pt apart. That shortcut holds while each
inferred line runs left to right on one height. Where it does not (a font fallback drawing a line's accented
letters after the line, text objects out of order), the page's words are rebuilt character by character with
pdfplumber's own rules: characters clustered into lines by `top`, sorted by x, a word ending at a space or a gap.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

# as pdfplumber's extract_words(x_tolerance=3, y_tolerance=3) that the reader used before
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
_TOKEN = re.compile(r"\S+")
# pdfium joins a word hyphenated at a line end to its rest on the next line ("NĐ\ufffeCP"), marking the hyphen
# U+FFFE; pdfplumber, like the page, has "NĐ-" ending one line and "CP" starting the next: a line ends there.
_LINE = re.compile(r"[^\r\n\ufffe]+\ufffe?")
# where a line's text sits around its baseline, in font sizes (Times New Roman / Liberation Serif metrics)
ASCENT, DESCENT = 0.891, 0.216
# a ruling is a path this thin in one direction; anything else drawn (a box, a cell grid, a vertical rule) may be
# part of a ruled table, which pdfplumber's grid search reads better
RULE_THICKNESS = 2.0


@dataclass
class PageObjects:
    """What a page draws besides text.

    `paths`: each drawn path's extent (x0, x1, top, bottom), from its points as pdfminer measures them; `edges`:
    its straight segments as pdfplumber's table finder takes them, or None when a path is one pdfplumber must
    measure itself (a curve, a shape inside a form XObject); `image_cover`: share of the page under its largest image.
    """

    paths: list[tuple[float, float, float, float]]
    edges: list[dict] | None
    images: int
    image_cover: float

    def may_hold_table(self) -> bool:
        """Only horizontal rules (underlines, separators) cannot make a grid of two or more columns."""
        return any(b - t > RULE_THICKNESS for _, _, t, b in self.paths)


def page_objects(page, height: float) -> PageObjects:
    paths, edges, images, cover = [], [], 0, 0.0
    area = max(1.0, page.get_width() * height)
    for obj, level in _objects(page.raw):  # text objects are skipped without a Python wrapper: most of a page
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            points = _path_points(obj, height) if level == 0 else None
            if points is None:
                left, right, top, bottom = _bounds(obj, height)
                paths.append((left, right, top, bottom))
                edges = None
                continue
            xs, ys = [x for x, _ in points], [y for _, y in points]
            paths.append((min(xs), max(xs), min(ys), max(ys)))
            if edges is not None:
                edges.extend(_edges(points))
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
            left, right, top, bottom = _bounds(obj, height)
            cover = max(cover, (right - left) * (bottom - top) / area)
    return PageObjects(paths, edges, images, min(1.0, cover))


def _objects(page_raw, max_depth: int = 3):
    """(object, nesting level) of a page, descending into form XObjects, which nest what they draw."""
    stack = [(page_raw, 0, True)]
    while stack:
        container, level, is_page = stack.pop()
        count = (pdfium_c.FPDFPage_CountObjects if is_page else pdfium_c.FPDFFormObj_CountObjects)(container)
        get = pdfium_c.FPDFPage_GetObject if is_page else pdfium_c.FPDFFormObj_GetObject
        for k in range(count):
            obj = get(container, k)
            if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
                if level < max_depth:
                    stack.append((obj, level + 1, False))
                continue
            yield obj, level


def _bounds(obj, height: float) -> tuple[float, float, float, float]:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    return left.value, right.value, height - top.value, height - bottom.value


def _path_points(raw, height: float) -> list[tuple[float, float]] | None:
    """The path's points in page coordinates (top down), closed paths closed; None for one with curves."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(raw, m):
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    closed = False
    for k in range(pdfium_c.FPDFPath_CountSegments(raw)):
        seg = pdfium_c.FPDFPath_GetPathSegment(raw, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO or kind == pdfium_c.FPDF_SEGMENT_UNKNOWN:
            return None
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO and points:
            return None  # several subpaths: pdfminer splits them its own way
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        px, py = m.a * x.value + m.c * y.value + m.e, m.b * x.value + m.d * y.value + m.f
        points.append((round(px, 3), round(height - py, 3)))
        closed = closed or bool(pdfium_c.FPDFPathSegment_GetClose(seg))
    if closed and points and points[0] != points[-1]:
        points.append(points[0])
    return points or None


def _edges(points: list[tuple[float, float]]) -> list[dict]:
    """pdfplumber's edges for a line (two points) or a polygon (consecutive points, like its curve edges)."""
    out = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        orientation = "v" if x0 == x1 else ("h" if y0 == y1 else None)
        if len(points) == 2:
            orientation = "h" if y0 == y1 else "v"
        top, bottom = min(y0, y1), max(y0, y1)
        out.append({"object_type": "line" if len(points) == 2 else "curve_edge", "x0": min(x0, x1),
                    "x1": max(x0, x1), "top": top, "bottom": bottom, "doctop": top, "width": abs(x1 - x0),
                    "height": bottom - top, "orientation": orientation})
    return out


def page_words(textpage, height: float) -> tuple[list[dict] | None, int]:
    """(the page's words line by line, left to right, as pdfplumber orders them; how many have no Unicode mapping).

    None for the words when pdfium's lines do not run left to right on one baseline: the page is pdfplumber's.

    A word without a mapping is a glyph code pdfminer would print as "(cid:N)": the font does not say which letter
    it draws.
    """
    text = textpage.get_text_range()
    raw = textpage.raw
    map_error = pdfium_c.FPDFText_HasUnicodeMapError
    unmapped = sum(1 for m in _TOKEN.finditer(text) if map_error(raw, m.start()) == 1)
    words = _fast_words(raw, text, height)
    return (None if words is None else _in_lines(words)), unmapped


class _Chars:
    """Positions of one text page's characters, in the page's top-down coordinates."""

    def __init__(self, raw, height: float):
        self.raw, self.height = raw, height
        self.rect, self.x, self.y = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()

    def start(self, i: int) -> tuple[float, float, float]:
        """(x0, top, bottom) of character i."""
        pdfium_c.FPDFText_GetCharOrigin(self.raw, i, self.x, self.y)
        size = pdfium_c.FPDFText_GetFontSize(self.raw, i)
        base = self.height - self.y.value
        return self.x.value, base - ASCENT * size, base + DESCENT * size

    def right(self, i: int) -> float:
        pdfium_c.FPDFText_GetLooseCharBox(self.raw, i, self.rect)
        return self.rect.right



def _fast_words(raw, text: str, height: float) -> list[dict] | None:
    """Words from pdfium's own lines, or None when a line does not run left to right on one baseline."""
    chars = _Chars(raw, height)
    words: list[dict] = []
    for line in _LINE.finditer(text):
        prev = None
        for m in _TOKEN.finditer(line.group()):
            i = line.start() + m.start()
            j = i + len(m.group()) - 1
            x0, top, bottom = chars.start(i)
            if j != i and abs(chars.start(j)[2] - bottom) > Y_TOLERANCE:
                return None
            x1 = chars.right(j)
            if x1 < x0 or prev is not None and (x0 < prev["x1"] - 1 or abs(bottom - prev["bottom"]) > Y_TOLERANCE):
                return None
            prev = {"text": m.group().replace("\ufffe", "-"), "x0": x0, "x1": x1, "top": top, "bottom": bottom}
            words.append(prev)
    return words


def _clusters(items: list, key) -> list[list]:
    """pdfplumber's cluster_objects: sorted by key, a new cluster where the key jumps more than Y_TOLERANCE."""
    out: list[list] = []
    last = None
    for it in sorted(items, key=key):
        k = key(it)
        if last is None or k - last > Y_TOLERANCE:
            out.append([it])
        else:
            out[-1].append(it)
        last = k
    return out


def _in_lines(words: list[dict]) -> list[dict]:
    """Words line by line (clustered by top), left to right: the order extract_words yields them in."""
    out: list[dict] = []
    for line in _clusters(words, key=lambda w: w["top"]):
        line.sort(key=lambda w: w["x0"])
        out.extend(line)
    return out
