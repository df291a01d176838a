"""Re-create the sample corpus (.txt/.docx/.pdf) from the UTF-8 sources in corpus/src/.

The generated files are committed, so nothing is built at run time; run this only after editing a
source:  /work/venv/bin/python corpus/make_corpus.py [STEM ...]

Source markup (one block per line; blank lines are kept in .txt output only):
  @format: txt | txt-bom-crlf | txt-cp1258 | txt-tcvn3 | docx | pdf
  @out: file name written into corpus/
  @header: running header text (docx/pdf)      @footer: page | trang | text with {PAGE}
  [masthead] left || right  ... [/masthead]    two-column heading block (a borderless table in docx)
  ^ TEXT                                       centred bold line
  {I} {1} {1.1} {a} {-} text                   automatically numbered paragraph: Word numbering in
                                               .docx (the number is NOT in the text), literal in .txt
  [table] cell | cell ... [/table]             a table; first row is the header
  [pagebreak]
  anything else                                a justified paragraph
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"



def roman(n: int) -> str:
    out = ""
    for value, numeral in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + numeral, n - value
    return out

VN_LETTERS = "a b c d đ e g h i k l m n".split()
LEVEL_OF = {"{I}": 0, "{1}": 1, "{1.1}": 2, "{a}": 3, "{-}": 4}
MARK_RE = re.compile(r"^(\{I\}|\{1\}|\{1\.1\}|\{a\}|\{-\})\s*(.*)$")

# --- legacy font encoding -------------------------------------------------------------------
# TCVN3 (ABC, .VnTime): one byte per precomposed lower-case letter. Capitals with a tone mark do not
# exist in the .VnTime font: typists switched to the capital font .VnTimeH, which draws the SAME
# byte codes as capitals, so such a letter is stored as its lower-case code (as real files are).
TCVN3_LOWER = {
    "ă": 0xA8, "â": 0xA9, "đ": 0xAE, "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD,
    "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "á": 0xB8, "ạ": 0xB9,
    "ằ": 0xBB, "ẳ": 0xBC, "ẵ": 0xBD, "ắ": 0xBE, "ặ": 0xC6,
    "ầ": 0xC7, "ẩ": 0xC8, "ẫ": 0xC9, "ấ": 0xCA, "ậ": 0xCB,
    "è": 0xCC, "ẻ": 0xCE, "ẽ": 0xCF, "é": 0xD0, "ẹ": 0xD1,
    "ề": 0xD2, "ể": 0xD3, "ễ": 0xD4, "ế": 0xD5, "ệ": 0xD6,
    "ì": 0xD7, "ỉ": 0xD8, "ĩ": 0xDC, "í": 0xDD, "ị": 0xDE,
    "ò": 0xDF, "ỏ": 0xE1, "õ": 0xE2, "ó": 0xE3, "ọ": 0xE4,
    "ồ": 0xE5, "ổ": 0xE6, "ỗ": 0xE7, "ố": 0xE8, "ộ": 0xE9,
    "ờ": 0xEA, "ở": 0xEB, "ỡ": 0xEC, "ớ": 0xED, "ợ": 0xEE,
    "ù": 0xEF, "ủ": 0xF1, "ũ": 0xF2, "ú": 0xF3, "ụ": 0xF4,
    "ừ": 0xF5, "ử": 0xF6, "ữ": 0xF7, "ứ": 0xF8, "ự": 0xF9,
    "ỳ": 0xFA, "ỷ": 0xFB, "ỹ": 0xFC, "ý": 0xFD, "ỵ": 0xFE,
}
TCVN3_UPPER = {"Ă": 0xA1, "Â": 0xA2, "Đ": 0xA7, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6}


def encode_tcvn3(text: str) -> bytes:
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ord(ch))
        elif ch in TCVN3_UPPER:
            out.append(TCVN3_UPPER[ch])
        elif ch in TCVN3_LOWER:
            out.append(TCVN3_LOWER[ch])
        elif ch.lower() in TCVN3_LOWER:  # a capital with a tone mark, typed in .VnTimeH
            out.append(TCVN3_LOWER[ch.lower()])
        else:
            raise ValueError(f"no TCVN3 code for {ch!r} (U+{ord(ch):04X})")
    return bytes(out)


CP1258_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền sắc ngã hỏi nặng


def encode_cp1258(text: str) -> bytes:
    """Windows-1258 has base letters and combining tone marks, not precomposed toned letters."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            # keep the base letter precomposed where cp1258 has it (â, ơ, ư ...), tone mark separate
            d = unicodedata.normalize("NFD", ch)
            tones = [m for m in d[1:] if m in CP1258_TONES]
            base = unicodedata.normalize("NFC", "".join(m for m in d if m not in CP1258_TONES))
            out += base.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


# --- source parsing ---------------------------------------------------------------------------

def parse(src: str) -> tuple[dict, list[tuple]]:
    meta: dict[str, str] = {}
    blocks: list[tuple] = []
    lines = src.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if line.startswith("@") and ":" in line and not blocks:
            k, v = line[1:].split(":", 1)
            meta[k.strip()] = v.strip()
        elif line == "[masthead]":
            rows = []
            i += 1
            while lines[i].rstrip() != "[/masthead]":
                left, _, right = lines[i].partition("||")
                rows.append((left.strip(), right.strip()))
                i += 1
            blocks.append(("masthead", rows))
        elif line == "[table]":
            rows = []
            i += 1
            while lines[i].rstrip() != "[/table]":
                rows.append([c.strip() for c in lines[i].split("|")])
                i += 1
            blocks.append(("table", rows))
        elif line == "[pagebreak]":
            blocks.append(("pagebreak",))
        elif line.startswith("^ "):
            blocks.append(("center", line[2:].strip()))
        elif not line.strip():
            blocks.append(("blank",))
        elif m := MARK_RE.match(line):
            blocks.append(("num", LEVEL_OF[m.group(1)], m.group(2)))
        else:
            blocks.append(("para", line.strip()))
        i += 1
    return meta, blocks


class Counter:
    """The labels Word draws for our numbering definition (see ABSTRACT_NUM), for the .txt output."""

    def __init__(self, vietnamese_letters: bool = True):
        self.c = [0] * 5
        self.letters = VN_LETTERS if vietnamese_letters else list("abcdefghijklm")

    def label(self, level: int) -> str:
        self.c[level] += 1
        for deeper in range(level + 1, 4):
            self.c[deeper] = 0
        if level == 0:
            return f"{roman(self.c[0])}."
        if level == 1:
            return f"{self.c[1]}."
        if level == 2:
            return f"{self.c[1]}.{self.c[2]}."
        if level == 3:
            return f"{self.letters[self.c[3] - 1]})"
        return "-"


def render_text(blocks: list[tuple]) -> str:
    out: list[str] = []
    counter = Counter()
    for b in blocks:
        kind = b[0]
        if kind == "masthead":
            out += [l for l, _ in b[1] if l] + [r for _, r in b[1] if r]
        elif kind == "center" or kind == "para":
            out.append(b[1])
        elif kind == "blank":
            out.append("")
        elif kind == "num":
            out.append(f"{counter.label(b[1])} {b[2]}")
        elif kind == "table":
            out += ["\t".join(row) for row in b[1]]
    return "\n".join(out).strip("\n") + "\n"


# --- .docx ------------------------------------------------------------------------------------

NUM_ID = 90  # above the ids python-docx's template already uses

ABSTRACT_NUM = f"""
<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="{NUM_ID}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:suff w:val="space"/>
    <w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr>
    <w:rPr><w:b/></w:rPr></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="space"/>
    <w:lvlText w:val="%2."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr>
    <w:rPr><w:b/></w:rPr></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="space"/>
    <w:lvlText w:val="%2.%3."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:suff w:val="space"/>
    <w:lvlText w:val="%4)"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>
  <w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:suff w:val="space"/>
    <w:lvlText w:val="-"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>
</w:abstractNum>
"""


def _add_numbering(document) -> None:
    from docx.oxml import parse_xml
    numbering = document.part.numbering_part.element
    abstract = parse_xml(ABSTRACT_NUM)
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    if first_num is not None:
        first_num.addprevious(abstract)  # the schema wants every abstractNum before any num
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="{NUM_ID}">'
        f'<w:abstractNumId w:val="{NUM_ID}"/></w:num>'))


def _set_numbered(paragraph, level: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    numid = OxmlElement("w:numId")
    numid.set(qn("w:val"), str(NUM_ID))
    numpr.append(ilvl)
    numpr.append(numid)
    ppr.insert(0, numpr)


def _add_field(paragraph, instr: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind):
        r = OxmlElement("w:r")
        f = OxmlElement("w:fldChar")
        f.set(qn("w:fldCharType"), kind)
        r.append(f)
        return r

    paragraph._p.append(fld("begin"))
    r = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r.append(t)
    paragraph._p.append(r)
    paragraph._p.append(fld("separate"))
    paragraph.add_run("1")
    paragraph._p.append(fld("end"))


def _footer(paragraph, spec: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if spec == "page":
        _add_field(paragraph, "PAGE")
    elif spec == "trang":
        paragraph.add_run("Trang ")
        _add_field(paragraph, "PAGE")
        paragraph.add_run("/")
        _add_field(paragraph, "NUMPAGES")
    else:
        head, _, tail = spec.partition("{PAGE}")
        paragraph.add_run(head)
        _add_field(paragraph, "PAGE")
        if tail:
            paragraph.add_run(tail)


def build_docx(meta: dict, blocks: list[tuple], path: Path) -> None:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(6)
    sec = d.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
    sec.left_margin, sec.right_margin = Cm(3.0), Cm(2.0)
    if meta.get("header"):
        hp = sec.header.paragraphs[0]
        hp.text = meta["header"]
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for r in hp.runs:
            r.italic = True
            r.font.size = Pt(11)
    if meta.get("footer"):
        _footer(sec.footer.paragraphs[0], meta["footer"])
    _add_numbering(d)

    for b in blocks:
        kind = b[0]
        if kind == "masthead":
            t = d.add_table(rows=len(b[1]), cols=2)
            t.alignment = WD_TABLE_ALIGNMENT.CENTER
            for i, (left, right) in enumerate(b[1]):
                for cell, text in ((t.cell(i, 0), left), (t.cell(i, 1), right)):
                    p = cell.paragraphs[0]
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    run = p.add_run(text)
                    run.bold = text.isupper() or text.startswith("Số")
                    run.font.size = Pt(13)
                    if re.search(r"ngày \d", text):
                        run.italic, run.bold = True, False
            t.columns[0].width, t.columns[1].width = Cm(6.0), Cm(10.0)
        elif kind == "center":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(b[1]).bold = True
        elif kind == "para":
            p = d.add_paragraph(b[1])
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1.0)
        elif kind == "num":
            p = d.add_paragraph(b[2])
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _set_numbered(p, b[1])
        elif kind == "table":
            rows = b[1]
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            t.style = d.styles["Table Grid"]
            for i, row in enumerate(rows):
                for j, text in enumerate(row):
                    p = t.cell(i, j).paragraphs[0]
                    run = p.add_run(text)
                    run.font.size = Pt(12)
                    run.bold = i == 0
        elif kind == "pagebreak":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.core_properties.author = "chitieu corpus"
    d.save(path)
    _fix_zip_dates(path)


def _fix_zip_dates(path: Path) -> None:
    """Rewrite the zip with a fixed timestamp so re-generating gives identical bytes."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def docx_to_pdf(docx_path: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise SystemExit("LibreOffice (soffice) is needed to make the PDFs")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(docx_path)],
                       check=True, capture_output=True, timeout=180)
    return out_dir / (docx_path.stem + ".pdf")


# --- driver -----------------------------------------------------------------------------------

def build(src_path: Path, out_dir: Path = HERE) -> Path:
    meta, blocks = parse(src_path.read_text(encoding="utf-8"))
    fmt = meta.get("format", "txt")
    out = out_dir / meta.get("out", src_path.stem + "." + fmt.split("-")[0])
    if fmt == "txt":
        out.write_text(render_text(blocks), encoding="utf-8", newline="\n")
    elif fmt == "txt-bom-crlf":
        out.write_bytes(b"\xef\xbb\xbf" + render_text(blocks).replace("\n", "\r\n").encode("utf-8"))
    elif fmt == "txt-cp1258":
        out.write_bytes(encode_cp1258(render_text(blocks)).replace(b"\n", b"\r\n"))
    elif fmt == "txt-tcvn3":
        out.write_bytes(encode_tcvn3(render_text(blocks)).replace(b"\n", b"\r\n"))
    elif fmt == "docx":
        build_docx(meta, blocks, out)
    elif fmt == "pdf":
        with tempfile.TemporaryDirectory() as tmp:
            tmp_docx = Path(tmp) / (out.stem + ".docx")
            build_docx(meta, blocks, tmp_docx)
            made = docx_to_pdf(tmp_docx, Path(tmp))
            shutil.move(str(made), out)
    else:
        raise SystemExit(f"{src_path}: unknown format {fmt!r}")
    return out


def main(argv: list[str]) -> None:
    sources = sorted(SRC.glob("*.src"))
    if argv:
        sources = [s for s in sources if s.stem in argv]
    for s in sources:
        out = build(s)
        print(f"{s.name} -> {out.name} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1:])
