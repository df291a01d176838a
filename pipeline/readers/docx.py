"""Word .docx reader: body paragraphs and tables in reading order, automatic numbering rendered, no header/footer.

Raw text layout: one line per paragraph (empty paragraphs dropped; a line break inside a paragraph stays a
newline), its list label first ("1.1. ", "a) ", "- ") when Word numbers it automatically. A table is one line
per row, its cells joined by " | " (a cell's own paragraphs joined by a space); `Document.tables` keeps each
table's rows of cells and its span in the raw text. Text boxes follow the paragraph that anchors them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from pipeline.document import CELL_SEPARATOR, Document, Table, content_hash
from pipeline.errors import CorruptFile, TooLarge, ZipBomb
from pipeline.readers import legacy
from pipeline.readers.archive import ZipLimits, check_package
from pipeline.readers.docx_numbering import Numbering

# A real .docx inflates to a few MB; limits far above that, checked on the zip directory first, then on
# the bytes each member really inflates to (a directory can lie).
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_MEMBER_RATIO = 200  # for members over RATIO_CHECK_BYTES: XML compresses ~10x, zeros ~1000x
RATIO_CHECK_BYTES = 10 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_XML_MEMBER = 64 * 1024 * 1024
LIMITS = ZipLimits(total=MAX_UNCOMPRESSED, member=MAX_UNCOMPRESSED, xml_member=MAX_XML_MEMBER,
                   members=MAX_MEMBERS, what=".docx")

W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDTCONTENT = (qn(t) for t in ("w:p", "w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent"))
W_T, W_TAB, W_PTAB, W_BR, W_CR = (qn(t) for t in ("w:t", "w:tab", "w:ptab", "w:br", "w:cr"))
W_NOBREAKHYPHEN, W_TCPR, W_VMERGE = qn("w:noBreakHyphen"), qn("w:tcPr"), qn("w:vMerge")
W_TXBX = qn("w:txbxContent")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Run content that is not displayed text: deletions, field codes, properties, notes' references.
SKIP = {qn(t) for t in ("w:del", "w:moveFrom", "w:delText", "w:instrText", "w:delInstrText", "w:pPr", "w:rPr",
                        "w:footnoteReference", "w:endnoteReference", "w:commentReference", "w:fldChar")}
BLOCK_CONTAINERS = {qn(t) for t in ("w:customXml", "w:ins", "w:moveTo")}


def read(path: Path, data: bytes) -> Document:
    check_archive(path, data)
    try:
        import docx

        word = docx.Document(io.BytesIO(data))
        body = word.element.body
        numbering_el = _related_element(word.part, RT.NUMBERING)
        styles_el = _related_element(word.part, RT.STYLES)
    except Exception as e:  # python-docx/lxml/zipfile raise many types for a damaged package
        raise CorruptFile(path, f"damaged .docx, Word cannot open it either ({type(e).__name__}: {e})") from None
    writer = _Writer(Numbering(numbering_el, styles_el))
    writer.blocks(body)
    encoding = None
    table = legacy.detect("\n".join(writer.lines))
    if table is not None:  # typed in a .VnTime (TCVN3) or VNI-Times font
        writer.to_unicode(table)
        encoding = table.name
    text = "\n".join(writer.lines)
    return Document(str(path), text, "docx", content_hash(data), tables=writer.tables, encoding=encoding)


def check_archive(path: Path, data: bytes) -> None:
    """Refuse a damaged or bomb-like archive: first from its directory, then by inflating each member
    in small steps and counting what it really gives (nothing is held in memory)."""
    _check_directory(path, data)
    check_package(path, data, LIMITS)


def _check_directory(path: Path, data: bytes) -> None:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CorruptFile(path, "an old Word .doc file named .docx; save it as .docx first")
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise CorruptFile(path, f"truncated or damaged .docx (not a readable ZIP archive: {e})") from None
    if len(infos) > MAX_MEMBERS:
        raise ZipBomb(path, f"archive holds {len(infos)} files; refused as a possible zip bomb")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise ZipBomb(path, f"archive would inflate to {total / 1e6:,.0f} MB from {len(data) / 1e6:,.1f} MB "
                            f"(limit {MAX_UNCOMPRESSED // 2**20} MB); refused as a possible zip bomb")
    for i in infos:
        if i.filename.endswith((".xml", ".rels")) and i.file_size > MAX_XML_MEMBER:
            # parsed into a tree, XML costs many times its size in memory
            raise TooLarge(path, f"{i.filename} would inflate to {i.file_size / 1e6:,.0f} MB of XML "
                                 f"(limit {MAX_XML_MEMBER // 2**20} MB)")
        if i.file_size > RATIO_CHECK_BYTES and i.file_size > MAX_MEMBER_RATIO * max(1, i.compress_size):
            raise ZipBomb(path, f"member {i.filename} inflates {i.file_size // max(1, i.compress_size)}x "
                                f"to {i.file_size / 1e6:,.0f} MB; refused as a possible zip bomb")


def _related_element(part, reltype):
    try:
        return part.part_related_by(reltype).element
    except (KeyError, AttributeError):
        return None


class _Writer:
    """Accumulates raw-text lines and tables while walking the body in document order."""

    def __init__(self, numbering: Numbering):
        self.numbering = numbering
        self.lines: list[str] = []
        self.offset = 0  # raw offset where the next line starts
        self.tables: list[Table] = []
        self.table_first_line: list[int] = []  # index in `lines` of each table's first row

    def to_unicode(self, table) -> None:
        """Convert legacy-font text, cell by cell in tables so each row still reads as its cells joined."""
        firsts = dict(zip(self.table_first_line, self.tables))
        lines, tables, offset, i = [], [], 0, 0
        while i < len(self.lines):
            t = firsts.get(i)
            if t is None:
                lines.append(legacy.convert(self.lines[i], table))
                offset += len(lines[-1]) + 1
                i += 1
                continue
            rows = [[legacy.convert(c, table) for c in row] for row in t.rows]
            start = offset
            for row in rows:
                lines.append(CELL_SEPARATOR.join(row))
                offset += len(lines[-1]) + 1
            tables.append(Table(rows=rows, char_start=start, char_end=offset - 1))
            i += len(rows)
        self.lines, self.tables = lines, tables

    def _emit(self, line: str) -> None:
        self.lines.append(line)
        self.offset += len(line) + 1

    def blocks(self, container) -> None:
        for el in container:
            tag = el.tag
            if tag == W_P:
                for line in self.paragraph(el):
                    self._emit(line)
            elif tag == W_TBL:
                self.table(el)
            elif tag == W_SDT:
                content = el.find(W_SDTCONTENT)
                if content is not None:
                    self.blocks(content)
            elif tag in BLOCK_CONTAINERS:
                self.blocks(el)

    def paragraph(self, p) -> list[str]:
        """The paragraph's line (with its list label) followed by the lines of text boxes it anchors."""
        parts: list[str] = []
        boxes: list = []
        _runs_text(p, parts, boxes)
        text = "".join(parts)
        numpr = self.numbering.paragraph_numpr(p)
        label = self.numbering.next_label(*numpr) if numpr else ""
        lines = [label + text] if text.strip() else []
        for box in boxes:
            sub = _Writer(self.numbering)
            sub.blocks(box)
            lines.extend(line for line in sub.lines if line.strip())
        return lines

    def table(self, tbl) -> None:
        rows: list[list[str]] = []
        start, first_line = self.offset, len(self.lines)
        for tr in _children(tbl, W_TR):
            cells = []
            for tc in _children(tr, W_TC):
                tcpr = tc.find(W_TCPR)
                vmerge = tcpr.find(W_VMERGE) if tcpr is not None else None
                if vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue"):
                    cells.append("")  # the merged cell's text is shown once, in its first row
                    continue
                sub = _Writer(self.numbering)
                sub.blocks(tc)
                cells.append(" ".join(line.replace("\n", " ").strip() for line in sub.lines if line.strip()))
            if any(c.strip() for c in cells):
                rows.append(cells)
                self._emit(CELL_SEPARATOR.join(cells))
        if rows:
            self.tables.append(Table(rows=rows, char_start=start, char_end=self.offset - 1))
            self.table_first_line.append(first_line)


def _children(el, tag):
    """Direct children with `tag`, looking through content controls (w:sdt) that wrap rows or cells."""
    for c in el:
        if c.tag == tag:
            yield c
        elif c.tag == W_SDT:
            content = c.find(W_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif c.tag in BLOCK_CONTAINERS:
            yield from _children(c, tag)


def _runs_text(el, parts: list[str], boxes: list) -> None:
    for c in el:
        tag = c.tag
        if tag == W_T:
            parts.append(c.text or "")
        elif tag in (W_TAB, W_PTAB):
            parts.append("\t")
        elif tag in (W_BR, W_CR):
            parts.append("\n")
        elif tag == W_NOBREAKHYPHEN:
            parts.append("-")
        elif tag == W_TXBX:
            boxes.append(c)
        elif tag in SKIP or tag == MC_FALLBACK:
            continue  # Fallback repeats mc:Choice's content for old readers
        elif len(c):
            _runs_text(c, parts, boxes)
