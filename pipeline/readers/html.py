"""HTML reader (lxml): the document body of a saved web page, without the site's menus, ads and buttons.

Raw text layout: one line per block element (p, div, h1…, li …), inline text joined with HTML's whitespace
collapsing (&nbsp; counts as a space); ordered list items carry their number ("1. "), unordered ones "- ".
A table is one line per row, cells joined by " | " as in the .docx reader, and is listed in `Document.tables`.
Which element holds the body, and which id/class words mark site furniture, is data: pipeline/data/html_layout.tsv.
"""

from __future__ import annotations

import codecs
import functools
import re
from pathlib import Path

import lxml.html
from lxml import etree

from pipeline.document import CELL_SEPARATOR, Document, Table, content_hash
from pipeline.errors import CorruptFile
from pipeline.readers import legacy
from pipeline.readers.docx_numbering import format_number

DATA = Path(__file__).resolve().parents[1] / "data"
MIN_CONTENT_CHARS = 200  # a known content container holding less is a placeholder, not the document
DOMINANT_SHARE = 0.8  # descend into a child holding this share of its parent's non-link text
# A cell holding this many blocks or characters is a page region (layout table), not a data cell.
MAX_FURNITURE_SHARE = 0.4
LAYOUT_CELL_BLOCKS = 6
LAYOUT_CELL_CHARS = 1500  # descend into a child holding this share of its parent's text

DROP_TAGS = {"script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas", "button", "select",
             "input", "textarea", "nav", "aside", "template", "head", "link", "meta", "map", "video", "audio"}
BLOCK_TAGS = {"p", "div", "section", "article", "main", "header", "footer", "h1", "h2", "h3", "h4", "h5", "h6",
              "ul", "ol", "dl", "dt", "dd", "blockquote", "address", "center", "figure", "figcaption", "hr",
              "form", "fieldset", "caption", "body", "html", "details", "summary"}
_WS = re.compile(r"[ \t\n\r\f\v\xa0\u200b]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_TOKEN_SPLIT = re.compile(r"[\s_-]+")


@functools.cache
def _layout() -> tuple[list[str], frozenset[str], re.Pattern]:
    content, boiler, drops = [], set(), []
    for row in (DATA / "html_layout.tsv").read_text(encoding="utf-8").splitlines():
        if not row.strip() or row.startswith("#"):
            continue
        kind, value, _example = row.split("\t")
        if kind == "content":
            content.append(value)
        elif kind == "boilerplate":
            boiler.add(value.lower())
        elif kind == "drop_line":
            drops.append(value)
    return content, frozenset(boiler), re.compile(f"(?:{'|'.join(drops)})", re.IGNORECASE)


def read(path: Path, data: bytes) -> Document:
    text, encoding = _decode(data)
    try:
        root = lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1))
    except (etree.ParserError, ValueError) as e:
        raise CorruptFile(path, f"not a readable HTML page ({e})") from None
    _strip(root)
    body = root.find("body")
    container = _content_container(root if body is None else body)
    if container.tag in ("body", "html"):
        _drop_site_header_footer(container)
    convert = _legacy_converter(container)
    if convert is not None:
        encoding = convert.table.name
    writer = _Writer(convert, record_tables=True)
    writer.block(container)
    writer.flush()
    return Document(str(path), "\n".join(writer.lines), "html", content_hash(data), tables=writer.tables,
                    encoding=encoding)


def _decode(data: bytes) -> tuple[str, str]:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc.split("-le")[0].split("-be")[0]
    m = _CHARSET.search(data[:4096])
    candidates = ([m.group(1).decode("ascii", "ignore").lower()] if m else []) + ["utf-8"]
    for enc in candidates:
        try:
            codecs.lookup(enc)
            return data.decode(enc), {"windows-1258": "cp1258"}.get(enc, enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1258", errors="replace"), "cp1258"


def _classes(el) -> set[str]:
    words = set()
    for attr in ("id", "class"):
        v = el.get(attr)
        if v:
            words.update(t.lower() for t in _TOKEN_SPLIT.split(v) if t)
    return words


def _strip(root) -> None:
    """Drop scripts, styles, comments, form controls, then elements whose id/class marks site furniture.

    A furniture word on an element holding most of the page's text (class="content-print") is a false alarm:
    furniture is small beside the document.
    """
    _, boiler, _ = _layout()
    _remove([el for el in root.iter() if not isinstance(el.tag, str) or el.tag in DROP_TAGS])
    sizes: dict = {}
    total = _text_lengths(root, sizes)
    _remove([el for el in root.iter() if el.tag not in ("html", "body") and _classes(el) & boiler
             and sizes.get(el, 0) <= MAX_FURNITURE_SHARE * total])


def _remove(doomed: list) -> None:
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:  # the text after a removed element still belongs to its parent
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def _drop_site_header_footer(container) -> None:
    """With no narrower body found, the page's own <header>/<footer> (logo, menu, copyright) are not the document."""
    for el in list(container.iter("header", "footer")):
        if el.getparent() is not None:
            el.drop_tree()


def _text_lengths(el, sizes: dict) -> int:
    """Characters of non-link text under each element (links are menus' and lists' text, not a body's)."""
    n = len(_WS.sub("", el.text or "")) if el.tag != "a" else 0
    for child in el:
        inner = _text_lengths(child, sizes)
        n += 0 if child.tag == "a" else inner
        n += len(_WS.sub("", child.tail or ""))
    sizes[el] = n
    return n


def _content_container(body):
    content_names, _, _ = _layout()
    sizes: dict = {}
    total = _text_lengths(body, sizes)
    for name in content_names:
        for el in body.iter():
            if isinstance(el.tag, str) and name.lower() in _classes(el) and sizes.get(el, 0) >= MIN_CONTENT_CHARS:
                return el
    for tag in ("main", "article"):
        found = [el for el in body.iter(tag) if sizes.get(el, 0) >= max(MIN_CONTENT_CHARS, 0.3 * total)]
        if found:
            return max(found, key=lambda e: sizes[e])
    node = body
    while True:
        kids = [c for c in node if isinstance(c.tag, str)]
        best = max(kids, key=lambda c: sizes.get(c, 0), default=None)
        if best is None or sizes.get(best, 0) < DOMINANT_SHARE * sizes.get(node, 0):
            return node
        # Lists, paragraphs and data tables are the document's own structure, never a page region to zoom into.
        if best.tag in ("p", "li", "ol", "ul", "dl", "pre", "blockquote") or (best.tag == "table" and not _is_layout_table(best)):
            return node
        node = best


class _Converter:
    def __init__(self, table):
        self.table = table

    def __call__(self, s: str) -> str:
        return legacy.convert(s, self.table)


def _legacy_converter(container) -> _Converter | None:
    table = legacy.detect(container.text_content()[: legacy.SAMPLE_CHARS])
    return _Converter(table) if table is not None else None


class _Writer:
    """Lines of the body in document order; tables as rows."""

    def __init__(self, convert=None, record_tables: bool = False):
        self.convert = convert
        self.record_tables = record_tables
        self.lines: list[str] = []
        self.buf: list[str] = []
        self.label = ""  # a list item's number, waiting for the item's first text
        self.offset = 0
        self.tables: list[Table] = []
        _, _, self.drop_line = _layout()

    def text(self, s: str | None) -> None:
        if s:
            if self.label and s.strip():
                self.buf.append(self.label)
                self.label = ""
            self.buf.append(self.convert(s) if self.convert else s)

    def flush(self) -> None:
        line = _WS.sub(" ", "".join(self.buf)).strip()
        self.buf = []
        if line and not self.drop_line.fullmatch(line):
            self.emit(line)

    def emit(self, line: str) -> None:
        self.lines.append(line)
        self.offset += len(line) + 1

    def block(self, el) -> None:
        tag = el.tag
        if tag == "table":
            self.flush()
            self.table(el)
            return
        if tag == "br":
            self.flush()
            return
        if tag == "pre":
            self.flush()
            for line in (el.text_content() or "").splitlines():
                self.text(line)
                self.flush()
            return
        is_block = tag in BLOCK_TAGS or tag == "li"
        if is_block:
            self.flush()
        if tag == "li":
            self.label = _list_label(el)
        self.text(el.text)
        for child in el:
            if isinstance(child.tag, str):
                self.block(child)
            self.text(child.tail)
        if is_block:
            self.flush()
        if tag == "li":
            self.label = ""

    def table(self, tbl) -> None:
        if _is_layout_table(tbl):
            for tr in _rows(tbl):
                for td in tr:
                    if td.tag in ("td", "th"):
                        self.block(td)
                        self.flush()
            return
        start = self.offset
        rows = []
        for tr in _rows(tbl):
            cells = []
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                sub = _Writer(self.convert)
                sub.block(td)
                sub.flush()
                cells.append(" ".join(sub.lines))
            if any(cells):
                rows.append(cells)
                self.emit(CELL_SEPARATOR.join(cells))
        if rows and self.record_tables:
            self.tables.append(Table(rows=rows, char_start=start, char_end=self.offset - 1))


def _is_layout_table(tbl) -> bool:
    """A table used to lay out the page (the whole document in a cell), not a table of data rows."""
    for tr in _rows(tbl):
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            blocks = sum(1 for el in td.iter("p", "div", "li", "h1", "h2", "h3", "h4", "table") if el is not td)
            if blocks >= LAYOUT_CELL_BLOCKS or len(_WS.sub(" ", td.text_content())) > LAYOUT_CELL_CHARS:
                return True
    return False


def _rows(tbl):
    for child in tbl:
        if child.tag == "tr":
            yield child
        elif child.tag in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child if tr.tag == "tr")


def _list_label(li) -> str:
    parent = li.getparent()
    if parent is None or parent.tag != "ol":
        return "- "
    try:
        n = int(parent.get("start", "1"))
    except ValueError:
        n = 1
    for sib in parent:
        if sib is li:
            break
        if sib.tag == "li":
            n += 1
    fmt = {"a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}.get(parent.get("type", "1"), "decimal")
    return f"{format_number(n, fmt)}. "
