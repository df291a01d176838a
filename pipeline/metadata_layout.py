"""What kind of text a document is, read from its layout: a formal header, a legal-library page, a portal post,
an excerpt reproduced without its header, or a table of figures."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline import issuer as I
from pipeline import metadata_types as T
from pipeline.data_files import read_tsv
from pipeline.sections import Section

LAYOUTS = ("formal", "library_page", "portal_post", "excerpt", "table_only")

_LINES: dict[str, list[str]] = {}
for _kind, _pattern, *_ in read_tsv("header_lines.tsv"):
    _LINES.setdefault(_kind, []).append(_pattern)


def _any(kind: str, flags: int = 0) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in _LINES[kind]), flags)


MOTTO = _any("motto")
NEWS = _any("news")
POST_MARK = _any("post_mark", re.M)
LIBRARY_MARK = _any("library_mark", re.M | re.I)
EXCERPT_MARK = _any("excerpt_mark")
_LABELS = {lab.casefold(): fld for fld, lab, *_ in read_tsv("library_fields.tsv") if fld != "field"}
_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s*(?:SA|CH|AM|PM))?"
# "13/02/2025", "11/10/2021 15:06:00", "Đăng lúc: 20/03/2021 (GMT+7)", "Thứ năm, 13/06/2024 - 08:30",
# "Cập nhật lúc 08:30 ngày 13/06/2024"
_POST_DATE = re.compile(
    r"^\(?\s*(?P<word>(?:" + "|".join(_LINES["post_date_word"]) + r")\s*(?:lúc)?\s*[:,]?\s*)?"
    r"(?P<time0>" + _TIME + r"\s*(?:ngày\s*)?)?"
    r"(?P<d>\d{1,2})[/-](?P<m>\d{1,2})[/-](?P<y>(?:19|20)\d\d)"
    r"(?P<time>\s*[-|,]?\s*(?:lúc\s*)?" + _TIME + r")?\s*(?:\(GMT[+-]\d+\))?\s*\)?\s*(?P<rest>.*)$",
    re.I)
_NUMBER_LINE = re.compile(r"(?m)^[\W_]*Số\s*:?\s*\d{1,5}")
_PLACE_DATE = re.compile(r"(?m)^[\W_]*[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+){0,5}\s*,\s*ngày\b")
_TYPE_LINE = re.compile(r"(?m)^\s*" + T.WORD_RX.pattern)
_CELL = re.compile(r"^[<>≤≥~]?\s*[-+]?\d[\d.,]*\s*[%‰*]*$|^[-–]$")
_HEAD_WINDOW = 3000


@dataclass
class Layout:
    kind: str  # one of LAYOUTS
    has_formal_header: bool  # the issuing body, number and date lines of an official text
    header_at: int = 0  # where the text's own header starts (after a site's title lines)
    library: dict[str, str] = field(default_factory=dict)  # a legal-library metadata block: field → value
    post_date: str | None = None  # a portal post's publication date (YYYY-MM-DD)
    excerpt_of: str | None = None  # the type of the text a page says it reproduces part of ("Trích Nghị quyết …")
    first_line: str | None = None  # a page's title line, before any header
    body_end: int | None = None  # where a portal's furniture starts after the post


def read_layout(text: str, root: Section, raw: str | None = None) -> Layout:
    """The layout of the clean text; `raw` (the reader's text) still holds a table's bare row numbers, which
    normalisation drops as stray page numbers."""
    head = text[:_HEAD_WINDOW]
    library = library_block(head)
    motto = MOTTO.search(head)
    number = _NUMBER_LINE.search(head)
    formal = bool(motto) or bool(number and (_PLACE_DATE.search(head, number.start(), number.end() + 300)
                                             or _TYPE_LINE.search(head, number.end(), number.end() + 300)))
    body_line = None if formal else _body_over_title(head)
    if body_line:  # a header reduced to its body and title lines ("UBND HUYỆN … / KẾ HOẠCH")
        formal, number = True, body_line
    anchors = [m for m in (motto, number) if m]
    if motto and number and number.start() < motto.start() - 400:
        anchors = [motto]  # a number far above the motto belongs to something else
    header_at = _header_start(head, min(anchors, key=lambda m: m.start())) if formal else 0
    first = next((ln.strip() for ln in text.split("\n") if ln.strip() and not is_furniture(ln)), None)
    post_date = None if formal else _post_date(text)
    lib_marks = bool(library) or bool(LIBRARY_MARK.search(head[:max(header_at, 600)]))
    excerpt_of = _excerpt_of(head)
    if formal:
        kind = "library_page" if lib_marks else "formal"
    elif len(library) >= 2:
        kind = "library_page"
    elif _table_like(head) or (raw is not None and _table_like(raw[:_HEAD_WINDOW])):
        kind = "table_only"
    elif excerpt_of or (first and _capital_type_title(first)):
        kind = "excerpt"
    elif post_date or POST_MARK.search(text) or NEWS.search(head):
        kind = "portal_post"
    elif _opens_with_outline(text, root):
        kind = "excerpt"
    else:
        kind = "portal_post"  # running prose about a text, with no header and no outline of its own
    body_end = None
    if kind == "portal_post":
        tail = [m.start() for m in POST_MARK.finditer(text) if m.start() > len(first or "") + 200]
        body_end = tail[0] if tail else None
    return Layout(kind, formal, header_at, library, post_date if kind == "portal_post" else None, excerpt_of, first,
                  body_end)


def _body_over_title(head: str) -> re.Match | None:
    """A body's name in capitals among the first lines, with a document type's title line a few lines below."""
    lines = list(re.finditer(r"[^\n]+", head))
    lines = [m for m in lines if m.group().strip()][:10]
    for i, m in enumerate(lines):
        line = m.group().strip(" *-|")
        up = line.upper()
        if any(c.islower() for c in line) or not any(up == cap or up.startswith(cap + " ") for cap, _w, _k in I.HEADS):
            continue
        for t in lines[i + 1:i + 6]:
            if _TYPE_LINE.match(t.group()) and not any(c.islower() for c in t.group()[:40]):
                return m
    return None


def is_furniture(line: str) -> bool:
    """A portal's line around a post: its date line, by-line, counters, links."""
    line = line.strip()
    return bool(_POST_DATE.match(line) or POST_MARK.match(line))


def library_block(head: str) -> dict[str, str]:
    """Fields of a metadata block: 'Số hiệu | 214/KH-UBND | Loại văn bản | Kế hoạch |' or 'Ngày ban hành: 23/07/2021'."""
    out: dict[str, str] = {}
    for line in head.split("\n"):
        if "|" not in line and ":" not in line:
            continue
        cells = [c.strip() for c in line.split("|")]
        for i, cell in enumerate(cells):
            label, _, value = cell.partition(":")
            fld = _LABELS.get(label.strip().casefold())
            if not fld:
                continue
            value = value.strip() or next((c for c in cells[i + 1:] if c), "")
            if value and fld != "-" and fld not in out and value.rstrip(":").casefold() not in _LABELS:
                out[fld] = value
    return out


def _header_start(head: str, anchor: re.Match) -> int:
    """The start of the header block: the run of capitals lines just before the motto or the number line."""
    lines = head[:anchor.start()].split("\n")
    pos = anchor.start()
    start = head.rfind("\n", 0, anchor.start()) + 1
    for ln in reversed(lines[:-1]):
        pos -= len(ln) + 1
        letters = [c for c in ln if c.isalpha()]
        if letters and any(c.islower() for c in letters):
            break
        if letters:
            start = pos
    return start


def _post_date(text: str) -> str | None:
    """A publication date on its own line near the top: '13/02/2025', '11/10/2021 15:06:00', 'Đăng lúc: 20/03/2021'."""
    for line in [ln.strip() for ln in text[:800].split("\n") if ln.strip()][:8]:
        m = _POST_DATE.match(line)
        if not m:
            continue
        rest = m.group("rest")
        if m.group("word") or m.group("time") or m.group("time0") or not rest or POST_MARK.match(rest):
            try:
                return dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
            except ValueError:
                return None
    return None


def _table_like(head: str) -> bool:
    """Mostly cells: bare figures on their own lines, rows of '|'-separated cells, or a table written one cell
    a line whose rows are numbered 1, 2, 3 … (the numbers a few lines apart)."""
    lines = [ln.strip() for ln in head.split("\n") if ln.strip()]
    cells = sum(1 for ln in lines if _CELL.match(ln) or ln.count("|") >= 3)
    if cells >= 8 and cells >= 0.35 * len(lines):
        return True
    rows = _numbered_rows(lines)
    return len(rows) >= 4 and rows[-1] - rows[0] >= 0.5 * len(lines)


def _numbered_rows(lines: list[str]) -> list[int]:
    """Line indexes of the longest run of bare row numbers 1, 2, 3 … with text lines between them."""
    best: list[int] = []
    run: list[int] = []
    for i, ln in enumerate(lines):
        if not ln.isdigit():
            continue
        if run and int(ln) == int(lines[run[-1]]) + 1 and i - run[-1] > 1:
            run.append(i)
        else:
            run = [i] if ln == "1" else []
        if len(run) > len(best):
            best = list(run)
    return best


def _excerpt_of(head: str) -> str | None:
    """'Trích Nghị quyết Đại hội …' or 'NGHỊ QUYẾT … (Trích)' near the top: the type of the text reproduced."""
    for line in [ln for ln in head.split("\n") if ln.strip()][:12]:
        m = EXCERPT_MARK.search(line)
        if not m:
            continue
        after = T.WORD_AT_START.match(line, m.end())
        before = T.WORD_AT_START.match(line)
        found = after or before
        if found:
            return T.of_word(found.group(1))
    return None


def _capital_type_title(line: str) -> bool:
    """A title line that opens with a document type in capitals ('CHỈ THỊ', 'NGHỊ QUYẾT CỦA QUỐC HỘI VỀ …')."""
    m = T.WORD_RX.match(line)
    return bool(m) and not any(c.islower() for c in line[:m.end() + 12])


def _opens_with_outline(text: str, root: Section) -> bool:
    """The text starts with a heading of its own outline ('I. MỤC TIÊU', 'Điều 1.')."""
    lead = len(text) - len(text.lstrip())
    return bool(root.children) and root.children[0].start <= lead + 1
