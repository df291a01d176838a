"""Document metadata: số hiệu, loại văn bản, cơ quan ban hành, ngày ban hành, kỳ kế hoạch, người ký, trích yếu —
read from the text in its real shapes: a formal header, a legal-library page, a portal post, an excerpt."""

from __future__ import annotations

import re

from pipeline import issuer as I
from pipeline import issuer_code as C
from pipeline import metadata_dates as D
from pipeline import metadata_period as P
from pipeline import metadata_types as T
from pipeline.data_files import read_tsv
from pipeline.document import Document
from pipeline.issuer_header import authority_issuer, header_issuer, is_bare
from pipeline.metadata_layout import Layout, is_furniture, read_layout
from pipeline.metadata_model import DocumentMeta
from pipeline.metadata_signer import signer
from pipeline.sections import Section
from pipeline.textmap import CleanText

_HEADER_MAX = 2500
_TITLE_STOPS = [p for kind, p, *_ in read_tsv("header_lines.tsv") if kind == "title_stop"]
_CODE = r"[A-ZĐ][A-Za-zĐđ&]*"
_NUMBER = re.compile(
    r"(?<![\w])Số\s*:?\s*(?P<n>\d{1,5}[a-z]?)(?:\s*/\s*(?P<y>(?:19|20)\d\d))?\s*(?P<sep>[-/–]|\s)\s*"
    rf"(?P<code>{_CODE}(?:\s*[-/–]\s*{_CODE})*)"
)
# a library page's own title: "Nghị quyết 38/2012/NQ-HĐND về …", "Kế hoạch 214/KH-UBND năm 2021 …"
_TITLED_NUMBER = re.compile(r"\s*\S+(?:\s+\S+)?\s+(?:số\s*:?\s*)?(\d{1,5}(?:/(?:19|20)\d\d)?/" + _CODE + r"(?:-" + _CODE + r")*)")
_TITLE_STOP = re.compile(r"\n\s*\n|\n(?=\s*(?:" + "|".join(I.LOC["authority_lines"] + _TITLE_STOPS) + r"))")
_ABOUT_LINE = re.compile(r"(?m)^\s*(?:V/v|Về việc|VỀ VIỆC)\b.*$")
_LETTER = re.compile(r"(?m)^\s*(?:V/v\b|Kính gửi\s*:)")
_OF_BODY = re.compile(r"\s*(?:của|CỦA)\s+(.+)")
_ARTICLE_1 = re.compile(r"Điều\s+1\s*[.:]?\s*([^\n]+)")
# the kinds of text whose objectives state the years they plan for (a directive or a letter is open-ended)
_PLANNING_TYPES = frozenset({"ke_hoach", "chuong_trinh", "nghi_quyet", "other"})


def extract_metadata(doc: Document, clean: CleanText, root: Section) -> DocumentMeta:
    text = clean.text
    layout = read_layout(text, root, doc.raw_text)
    if layout.kind == "portal_post":
        return _post(text, layout)
    header = text[layout.header_at:_header_end(text, root, layout.header_at)]
    lib = layout.library
    number, code_type, letter_number = _number(header) if layout.kind != "table_only" else (None, None, False)
    if not number and lib.get("number"):
        number = re.sub(r"\s+", "", lib["number"])
    if not number and layout.kind == "library_page" and layout.first_line and T.WORD_AT_START.match(layout.first_line):
        m = _TITLED_NUMBER.match(layout.first_line)
        number = m.group(1) if m else None
    type_at = _type_word(header)
    doc_type = _doc_type(header, code_type, letter_number, type_at, layout)
    title = _title(header, type_at) if layout.kind != "table_only" else None
    if title is None and layout.kind == "library_page" and not layout.has_formal_header:
        title = _page_title(layout.first_line)
    issuer, locality = _issuer(text, header, number, type_at, title, layout)
    issue_date = _issue_date(text, header, layout)
    period = _period(text, root, title, doc_type, issue_date, header, layout)
    return DocumentMeta(number=number, doc_type=doc_type, issuer=issuer, issue_date=issue_date,
                        period_start=period[0], period_end=period[1], signer=signer(text),
                        locality=locality, title=title, layout=layout.kind,
                        has_formal_header=layout.has_formal_header)


def _post(text: str, layout: Layout) -> DocumentMeta:
    """A portal post retelling a text: no số hiệu or issuer of its own (SCHEMA: tin_bai); its publication date;
    the period of the plan or programme it is about, or of the targets it reports."""
    body = text[:layout.body_end] if layout.body_end else text
    period = P.of_programme(body, _lead_end(body))
    if period == P.NONE:
        period = P.of_objectives(body, None)
    return DocumentMeta(doc_type="tin_bai", issue_date=layout.post_date, period_start=period[0],
                        period_end=period[1], title=layout.first_line, layout=layout.kind,
                        has_formal_header=False)


def _lead_end(body: str) -> int:
    """The end of what a post reports: its headline (first line) and the first sentence after it."""
    pos = 0
    headline = False
    for line in body.split("\n"):
        at, pos = pos, pos + len(line) + 1
        if not line.strip() or is_furniture(line):
            continue
        if not headline:
            headline = True
            continue
        m = re.search(r"[.!?](?:\s|$)", line)
        return at + (m.end() if m else len(line))
    return len(body)


def _header_end(text: str, root: Section, start: int) -> int:
    end = min(len(text), start + _HEADER_MAX)
    first = next((c.start for c in root.children if c.start > start), None)
    return min(end, first) if first is not None else end


def _number(header: str) -> tuple[str | None, str | None, bool]:
    """('112/QĐ-UBND', 'quyet_dinh', False) from 'Số: 112/QĐ-UBND'; party style 'Số 08 CTr/TU' → '08-CTr/TU';
    a letter's number names no type ('1520/UBND-VX': the issuer's and the desk's codes)."""
    m = _NUMBER.search(header)
    if not m:
        return None, None, False
    code = re.sub(r"\s+", "", m.group("code")).replace("–", "-")
    n = m.group("n")
    year = f"/{m.group('y')}" if m.group("y") else ""
    if m.group("sep") == "/" or year:
        type_code = code.split("-")[0]
        return f"{n}{year}/{code}", T.BY_CODE.get(type_code), type_code not in T.BY_CODE and "-" in code
    return f"{n}{year}-{code}", T.BY_CODE.get(code.split("/")[0]), False


def _type_word(header: str) -> re.Match | None:
    """The document type printed as a title: a line of its own ('QUYẾT\nĐỊNH') before a word inside a title."""
    found = list(T.WORD_RX.finditer(header))
    at_line = [m for m in found if not header[header.rfind("\n", 0, m.start()) + 1:m.start()].strip(" |*-")]
    return (at_line or found or [None])[0]


def _doc_type(header: str, code_type: str | None, letter_number: bool, type_at, layout: Layout) -> str:
    if code_type:
        return code_type
    if layout.excerpt_of:
        return layout.excerpt_of
    if type_at:
        return T.of_word(type_at.group(1))
    if layout.library.get("doc_type"):
        return T.BY_WORD.get(layout.library["doc_type"].upper(), "other")
    first = T.WORD_AT_START.match(layout.first_line or "")
    if layout.kind == "library_page" and first:
        return T.of_word(first.group(1))
    if letter_number or (layout.has_formal_header and _LETTER.search(header)):
        return "cong_van"
    return "other"


def _title(header: str, type_at) -> str | None:
    """Trích yếu: what follows the type word (or a 'V/v …' line), up to the authority line, 'Căn cứ', a blank
    line, or — for a title in capitals — the first line that is not."""
    if type_at:
        rest = header[type_at.end():type_at.end() + 500]
    else:
        about = _ABOUT_LINE.search(header)
        if not about:
            return None
        rest = header[about.start():about.start() + 500]
    own_line = "\n" in rest[:len(rest) - len(rest.lstrip(" \n:|"))]
    rest = rest.lstrip(" \n:|")
    stop = _TITLE_STOP.search(rest)
    if stop:
        rest = rest[:stop.start()]
    lines = [ln for ln in rest.split("\n") if ln.strip(" |")]
    if own_line and lines and not any(c.islower() for c in lines[0]):
        lines = lines[:next((i for i, ln in enumerate(lines) if any(c.islower() for c in ln) and i), len(lines))]
    elif len(lines) > 1:
        lines = lines[:_body_start(lines)]
    title = " ".join(" ".join(lines).replace("|", " ").split()).strip(" :-")
    return title or None


def _body_start(lines: list[str]) -> int:
    """Where a title written in sentence case gives way to the body when no blank line parts them: the first
    later line that opens with a capital when a line ending a sentence follows (a title never ends one);
    a title wrapped over lines goes on in lower case ("Về tăng cường …,\nchữa cháy năm 2026")."""
    ends = [i for i, ln in enumerate(lines) if _SENTENCE_END_LINE.search(ln.rstrip(" |"))]
    for i in range(1, len(lines)):
        first = lines[i].lstrip(" |-")[:1]
        if first.isupper() and any(j >= i for j in ends):
            return i
    return len(lines)


_SENTENCE_END_LINE = re.compile(r"[.;!?…]$|:$")


def _page_title(line: str | None) -> str | None:
    """A library page's own title line without its type word and number: 'Kế hoạch 96/KH-UBND năm 2022 …'."""
    m = T.WORD_AT_START.match(line or "")
    if not m:
        return None
    n = _TITLED_NUMBER.match(line)
    return line[n.end() if n else m.end():].strip(" :-") or None


def _issuer(text: str, header: str, number: str | None, type_at, title: str | None,
            layout: Layout) -> tuple[str | None, str | None]:
    issuer = locality = None
    code = C.issuer_code(number)
    if layout.has_formal_header:
        stops = [m.start() for m in (_NUMBER.search(header), type_at, D.PLACE_DATE.search(header)) if m]
        block = header[:min(stops)] if stops else header[:300]
        issuer, locality = header_issuer(block)
        if issuer is None or is_bare(issuer):  # the authority line under the title names the body and place
            found = authority_issuer(header[len(block):], issuer or "")
            if found:
                issuer, locality = found
        if code and not C.names(code, issuer):  # the header shows only the parent of the body the number names
            body = C.body_in_text(code, text[:4000])
            if body:
                issuer, locality = body, None
        if issuer is None and code in C.CODES and C.CODES[code][1] == "national":
            issuer = C.CODES[code][0]
    if issuer is None and layout.library.get("issuer"):
        value = layout.library["issuer"]
        issuer, locality = I.written_issuer(value.upper())
        if issuer is None:
            issuer = C.from_place(code, value)
            locality = I.place(value.split()) if issuer else None
    if issuer is None and title:
        of = _OF_BODY.match(title)
        if of:
            issuer, locality = I.written_issuer(of.group(1).upper())
    if issuer is None and layout.kind != "table_only":
        found = I.issuer_in_body(text)
        if found:
            issuer, locality = found
    if issuer and locality is None:
        unit = next((u for u in I.UNITS if issuer.lower().endswith(" " + u)), None)
        if unit:
            locality = I.find_locality(title or "", unit) or I.find_locality(text, unit)
            if locality:
                issuer = issuer[: -len(unit)] + locality
    return issuer, locality


def _issue_date(text: str, header: str, layout: Layout) -> str | None:
    lib_date = D.any_date(layout.library.get("issue_date", ""))
    if layout.has_formal_header:
        # a resolution whose date line was lost: the date its council adopted it, in the closing formula
        return D.header_date(header) or lib_date or D.date_line_anywhere(text) or D.adoption_date(text)
    if lib_date:
        return lib_date
    if layout.kind == "excerpt":
        return D.adoption_date(text[:800])
    return None


def _period(text: str, root: Section, title: str | None, doc_type: str, issue_date: str | None, header: str,
            layout: Layout) -> P.Period:
    """The years a plan covers: its title; a decision's attached plan; a letter's purpose; the years its
    objectives look to; a report's or an untimed plan's year."""
    approval = int(issue_date[:4]) if issue_date else None
    period = P.of_name(title, approval, report=doc_type == "bao_cao")
    if period == P.NONE and doc_type == "quyet_dinh":
        plan = next((s for s in root.walk() if s.kind == "plan" and s.heading == "plan"), None)
        art = _ARTICLE_1.search(text)
        period = P.of_name(plan.title if plan else None, approval)
        if period == P.NONE and art:
            period = P.of_name(art.group(1), approval)
    if period == P.NONE and layout.kind == "table_only":
        return P.NONE
    if period == P.NONE and not title and layout.has_formal_header:
        period = P.of_purpose(text[layout.header_at:layout.header_at + 3000], approval)
    if period == P.NONE and not title and layout.kind == "excerpt":
        # a page's title lines above the reproduced text name its plan; else the text's first heading does
        lead = text[:root.children[0].start] if root.children else "\n".join(text.split("\n")[:6])
        period = P.of_programme(lead)
        if period == P.NONE and root.children:
            period = P.of_name(root.children[0].title, approval)
    if period == P.NONE and doc_type in _PLANNING_TYPES:
        period = P.of_objectives(text, approval)
    if period == P.NONE and doc_type == "bao_cao":
        y = approval or D.year_only(header)
        return y, y
    if period == P.NONE and doc_type == "ke_hoach" and approval:
        return approval, approval  # a plan that names no years is for the year it is issued
    return period
