"""Document metadata: số hiệu, loại văn bản, cơ quan ban hành, ngày ban hành, kỳ kế hoạch, người ký, trích yếu."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from pipeline import issuer as I
from pipeline.data_files import read_tsv
from pipeline.document import Document
from pipeline.metadata_model import DocumentMeta
from pipeline.sections import Section
from pipeline.textmap import CleanText

_DATA = Path(__file__).parent / "data"
_HEADER_MAX = 2500


def _load_types():
    with open(_DATA / "doc_types.tsv", encoding="utf-8") as f:
        rows = list(csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t"))
    return [(t, word, code) for t, word, code, _ex in rows[1:]]


_TYPES = _load_types()
_LINES: dict[str, list[str]] = {}
for _kind, _pattern, *_ in read_tsv("header_lines.tsv"):
    _LINES.setdefault(_kind, []).append(_pattern)
_TYPE_BY_CODE = {code: t for t, _w, code in _TYPES}
_TYPE_WORD = re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for _t, w, _c in _TYPES) + r")(?![\w])")
_TYPE_BY_WORD = {w: t for t, w, _c in _TYPES}

_CODE = r"[A-ZĐ][A-Za-zĐđ&]*"
_NUMBER = re.compile(
    r"(?<![\w])Số\s*:?\s*(?P<n>\d{1,5}[a-z]?)(?:\s*/\s*(?P<y>(?:19|20)\d\d))?\s*(?P<sep>[-/–]|\s)\s*"
    rf"(?P<code>{_CODE}(?:\s*[-/–]\s*{_CODE})*)"
)
_MOTTO = re.compile("|".join(_LINES["motto"]))
_DATE_FULL = re.compile(r"(?<![\w])ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)")
_DATE_SLASH = re.compile(r"(?<![\w])ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)")
_PLACE_DATE = re.compile(r"(?:^|\n|[\s*])[" + I.VI_UPPER + r"][^\n,;]{0,30},\s*(?=ngày\s+\d)")
_DATE_YEAR_ONLY = re.compile(r"ngày\s*[.…_ ]*\s*tháng\s*[.…_ ]*\s*năm\s+((?:19|20)\d\d)")
_RANGE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)(?!\d)")
_UNTIL = re.compile(r"đến năm\s+((?:19|20)\d\d)", re.I)
_YEAR = re.compile(r"năm\s+((?:19|20)\d\d)(?!\d)", re.I)
_REFERENCED_DATES = re.compile(r"ngày\s+\d{1,2}\s*(?:[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|tháng\s+\d{1,2}\s+năm\s+\d{4})"
                               r"|\d+/\d{4}/[\wĐđ-]+", re.I)
_TITLE_STOP = re.compile(r"\n\s*\n|\n(?=(?:" + "|".join(I.LOC["authority_lines"] + _LINES["title_stop"]) + r"))")
_SIGNER_TITLE = re.compile(r"(?<![\w])(?:" + "|".join(sorted(I.LOC["signer_titles"], key=len, reverse=True)) + r")(?![\w])")
_SURNAMES = frozenset(I.LOC["surnames"])
_NEWS = re.compile("|".join(_LINES["news"]))


def extract_metadata(doc: Document, clean: CleanText, root: Section) -> DocumentMeta:
    text = clean.text
    header = text[:_header_end(text, root)]
    number, code_type = _number(header)
    tw = _TYPE_WORD.search(header)
    if not number and not tw and _NEWS.search(text[:3000]):
        first_line = text.strip().split("\n", 1)[0].strip()
        return DocumentMeta(doc_type="tin_bai", title=first_line or None)
    doc_type = _TYPE_BY_WORD[tw.group(1)] if tw else (code_type or "other")
    issuer, locality = _header_issuer(header, number_at=_NUMBER.search(header), type_at=tw)
    if issuer is None:
        found = I.issuer_in_body(text)
        if found:
            issuer, locality = found
    title = _title(header, tw)
    if issuer and locality is None:
        unit = next((u for u in I.UNITS if issuer.lower().endswith(" " + u)), None)
        if unit:
            locality = I.find_locality(title or "", unit) or I.find_locality(text, unit)
            if locality:
                issuer = issuer[: -len(unit)] + locality
    issue_date = _issue_date(header) or _issue_date_anywhere(text)
    period = _period(title, doc_type, issue_date, header)
    return DocumentMeta(number=number, doc_type=doc_type, issuer=issuer, issue_date=issue_date,
                        period_start=period[0], period_end=period[1], signer=_signer(text),
                        locality=locality, title=title)


def _header_end(text: str, root: Section) -> int:
    end = min(len(text), _HEADER_MAX)
    if root.children:
        end = min(end, root.children[0].start)
    return end


def _number(header: str) -> tuple[str | None, str | None]:
    """('112/QĐ-UBND', 'quyet_dinh') from 'Số: 112/QĐ-UBND'; party style 'Số 08 CTr/TU' → '08-CTr/TU'."""
    m = _NUMBER.search(header)
    if not m:
        return None, None
    code = re.sub(r"\s+", "", m.group("code")).replace("–", "-")
    n = m.group("n")
    year = f"/{m.group('y')}" if m.group("y") else ""
    if m.group("sep") == "/" or year:
        number = f"{n}{year}/{code}"
        type_code = code.split("-")[0]
        doc_type = _TYPE_BY_CODE.get(type_code) or ("cong_van" if "-" in code else None)
    else:
        number = f"{n}{year}-{code}"
        type_code = code.split("/")[0]
        doc_type = _TYPE_BY_CODE.get(type_code)
    return number, doc_type


def _header_issuer(header: str, number_at, type_at) -> tuple[str | None, str | None]:
    """The issuing body: the capitals before the number, the date line or the type word, motto removed."""
    header = _MOTTO.sub(lambda m: "\n" + " " * (len(m.group()) - 1), header)  # keeps offsets
    stops = [m.start() for m in (number_at, type_at, _PLACE_DATE.search(header)) if m]
    block = header[:min(stops)] if stops else header[:300]
    words: list[str] = []
    for ln in block.split("\n"):
        toks = [t for t in ln.split() if t.strip("-*|_.")]
        if not toks:
            continue
        if any(any(c.islower() for c in t) for t in toks):
            if words:
                break
            continue  # a site's title line before the header
        words.extend(toks)
    if not words:
        return None, None
    # a parent body then the issuing one ("UBND TỈNH BẮC GIANG / SỞ Y TẾ"): the last body issues
    starts = _body_starts(words)
    if len(starts) > 1:
        parent = I.written_issuer(" ".join(words[:starts[-1]]))
        child = I.written_issuer(" ".join(words[starts[-1]:]))
        if child[0] and parent[0] and len(child[0].split()) <= 2 and child[0].upper() == " ".join(words[starts[-1]:]).upper():
            # a bare "VĂN PHÒNG" under its body: the office of that body
            return f"{child[0]} {parent[0]}", parent[1]
        if child[0]:
            if child[1] is None and parent[1]:
                return f"{child[0]} {parent[1]}", parent[1]
            return child
    return I.written_issuer(" ".join(words))


def _body_starts(words: list[str]) -> list[int]:
    """Word indexes where a body's name starts (longest match, then skip its words)."""
    out = []
    k = 0
    upper = [w.upper() for w in words]
    while k < len(words):
        rest = " ".join(upper[k:])
        head = next((cap for cap, _w, kind in I.HEADS
                     if (rest == cap or rest.startswith(cap + " ")) and (k == 0 or kind in ("department", "ministry"))),
                    None)
        if head:
            out.append(k)
            k += len(head.split())
        else:
            k += 1
    return out


def _valid_date(d: int, m: int, y: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _issue_date(header: str) -> str | None:
    """The date line of the header: '<Place>, ngày 25 tháng 01 năm 2021' or '<Place>, ngày 5/3/2019'."""
    for pm in _PLACE_DATE.finditer(header):
        rest = header[pm.end():pm.end() + 40]
        m = _DATE_FULL.match(rest) or _DATE_SLASH.match(rest)
        if m:
            return _valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _issue_date_anywhere(text: str) -> str | None:
    """A date line at a line start elsewhere (after the number, or beside the signature)."""
    for pm in re.finditer(r"(?m)^[" + I.VI_UPPER + r"][^\n,;]{0,30},\s*(?=ngày\s+\d)", text):
        rest = text[pm.end():pm.end() + 40]
        m = _DATE_FULL.match(rest) or _DATE_SLASH.match(rest)
        if m:
            return _valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    return None


def _title(header: str, type_at) -> str | None:
    """Trích yếu: what follows the type word, up to the authority line, 'Căn cứ', or a blank line."""
    if not type_at:
        return None
    rest = header[type_at.end():type_at.end() + 400]
    stop = _TITLE_STOP.search(rest)
    if stop:
        rest = rest[:stop.start()]
    title = " ".join(rest.split()).strip(" :-")
    return title or None


def _period(title: str | None, doc_type: str, issue_date: str | None, header: str) -> tuple[int | None, int | None]:
    """The years a plan covers, from its title; a report covers the year it is dated."""
    if title:
        t = _REFERENCED_DATES.sub(" ", title)
        r = _RANGE.search(t)
        if r and int(r.group(1)) < int(r.group(2)):
            return int(r.group(1)), int(r.group(2))
        u = _UNTIL.search(t)
        if u:
            start = int(issue_date[:4]) if issue_date else None
            return start, int(u.group(1))
        years = _YEAR.findall(t)
        if years:
            # a report's title names its year first ("kết quả năm 2023 và phương hướng năm 2024");
            # a plan's names the year it plans last ("thực hiện Nghị quyết ... năm 2016")
            y = int(years[0] if doc_type == "bao_cao" else years[-1])
            return y, y
    if doc_type == "bao_cao":
        y = int(issue_date[:4]) if issue_date else None
        if y is None:
            m = _DATE_YEAR_ONLY.search(header)
            y = int(m.group(1)) if m else None
        return y, y
    return None, None


def _signer(text: str) -> str | None:
    """The name under the last signature title ('CHỦ TỊCH', 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC', 'BÍ THƯ')."""
    found = None
    for m in _SIGNER_TITLE.finditer(text):
        name = _name_after(text[m.end():m.end() + 600])
        if name:
            found = name
    return found


_TOKEN = re.compile(r"[^\W\d_]+")


def _name_after(chunk: str) -> str | None:
    """The first personal name (a family name, then 2-3 more syllables on the same line) in `chunk`."""
    toks = list(_TOKEN.finditer(chunk))
    for i, t in enumerate(toks):
        w0 = t.group()
        if w0.capitalize() not in _SURNAMES or not (w0.istitle() or w0.isupper()):
            continue
        upper = w0.isupper() and len(w0) > 1
        name = [w0]
        for u in toks[i + 1:i + 4]:
            w = u.group()
            gap = chunk[toks[i + len(name) - 1].end():u.start()]
            if gap.strip() or "\n" in gap:
                break
            if not (w.isupper() if upper else (w[0].isupper() and (len(w) == 1 or w[1:].islower()))):
                break
            name.append(w)
        if len(name) >= 3:
            nxt = toks[i + len(name)] if i + len(name) < len(toks) else None
            joined = nxt is not None and not chunk[toks[i + len(name) - 1].end():nxt.start()].strip()
            if joined and nxt.group()[0].islower() and len(name) == 4:
                name = name[:3]  # "Phạm Văn Nam Tổ công tác": the fourth word starts a phrase
            return I.proper_name(name)
    return None
