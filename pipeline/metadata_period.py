"""The years a plan covers (kỳ kế hoạch): from a name ("giai đoạn 2021 - 2025", "đến năm 2025, tầm nhìn đến năm
2030", "năm 2023"), a letter's purpose, a decision's attached plan, or the years its objectives look to."""

from __future__ import annotations

import re

from pipeline import metadata_types as T
from pipeline.data_files import read_tsv

_WORDS: dict[str, list[str]] = {}
for _role, _phrase, *_ in read_tsv("period_words.tsv"):
    _WORDS.setdefault(_role, []).append(_phrase)


def _alt(role: str) -> str:
    return "|".join(re.escape(p) for p in sorted(_WORDS[role], key=len, reverse=True))


_Y = r"((?:19|20)\d\d)"
_RANGE = re.compile(r"(?<![\d/.])" + _Y + r"\s*(?:[-–]|đến(?:\s+năm)?)\s*" + _Y + r"(?![\d/])", re.I)
_HORIZON = re.compile(r"(?<!\w)(?:" + _alt("horizon") + r")\s+" + _Y + r"(?![\d/])", re.I)
_SINGLE = re.compile(r"(?<!\w)(?:" + _alt("single") + r")\s+" + _Y + r"(?![\d/])", re.I)
# dates and numbers of other documents inside a name: "Nghị quyết số 19/NQ-CP ngày 18/3/2015", "36/2013/QĐ-UBND"
_REFERENCED = re.compile(r"ngày\s+\d{1,2}\s*(?:[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|tháng\s+\d{1,2}\s+năm\s+\d{4})"
                         r"|\d+/\d{4}/[\wĐđ-]+", re.I)
_PROGRAMME = re.compile(r"(?<!\w)(?:" + _alt("programme") + r")(?!\w)", re.I)
_NUMBERED = re.compile(r"\s*(?:số\s*:?\s*)?\d+\s*[/-]", re.I)
_NOT_NAME = re.compile(r"\s*(?:" + _alt("not_name") + r")(?!\w)|\s*[,;:.)]", re.I)
_CLAUSE_END = re.compile(r"[;\n.!?]|,\s+(?!(?:tầm nhìn|định hướng)\b)|[”\"]")
_FRAME = re.compile(r"(?<!\w)(?:" + _alt("frame") + r")(?!\w)", re.I)
_YEAR_OPENER = re.compile(r"\s*(?:" + _alt("year_opener") + r")\s+" + _Y + r"\s*,", re.I)
_PAST = re.compile(r"(?<!\w)(?:" + _alt("past") + r")(?!\w)", re.I)
_SENTENCE = re.compile(r"[^.;!?\n]+")
_AS_FOLLOWS = re.compile(r"như\s+sau\s*:?", re.I)
_APPROVAL_DATE = re.compile(r"ngày\s+\d{1,2}\s*(?:[/.-]\s*\d{1,2}\s*[/.-]\s*|\s+tháng\s+\d{1,2}\s+năm\s+)((?:19|20)\d\d)",
                            re.I)
# a sentence that only cites other documents ("Căn cứ Quyết định …", "Thực hiện Kế hoạch …")
_CITING = re.compile(r"\s*(?:Căn cứ|Thực hiện|Xét|Theo\s+(?:đề nghị|" + "|".join(
    r"\s+".join(map(re.escape, w.lower().split())) for w in T.BY_WORD) + r"))\b", re.I)

_CITATION = re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, w.lower().split())) for w in T.BY_WORD)
                       + r")\s+(?:số\s*:?\s*)?\d+\s*[/-]", re.I)

_QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'"}

Period = tuple[int | None, int | None]
NONE: Period = (None, None)


def of_name(name: str | None, approval_year: int | None, report: bool = False) -> Period:
    """The period a name states: a range, horizons (the latest wins; the start is the range's or the year the
    plan was approved), or single years (a report names its year first, a plan the year it plans last)."""
    if not name:
        return NONE
    t = _REFERENCED.sub(" ", name)
    ranges = [(int(a), int(b)) for a, b in _RANGE.findall(t) if 0 < int(b) - int(a) <= 30]
    horizons = [int(y) for y in _HORIZON.findall(t)]
    if ranges or horizons:
        end = max([b for _a, b in ranges] + horizons)
        if ranges:
            return ranges[0][0], end
        return (approval_year if approval_year and approval_year <= end else None), end
    years = [int(y) for y in _SINGLE.findall(t)]
    if years:
        y = years[0] if report else years[-1]
        return y, y
    return NONE


def of_programme(text: str, lead_end: int = 0) -> Period:
    """The period of the first plan or programme a text names that states one ("… phê duyệt Chương trình
    phát triển nhà ở xã hội đến năm 2025, định hướng đến năm 2030"). One cited by its number is another text,
    except in the lead (before `lead_end`), which says what the text reports."""
    first = None
    for m in _PROGRAMME.finditer(text):
        numbered = _NUMBERED.match(text, m.end())
        if (numbered and m.start() >= lead_end) or (not numbered and _NOT_NAME.match(text, m.end())):
            continue
        name = _name_after(text, m.start(), m.end())
        sentence_start = max(text.rfind(c, 0, m.start()) for c in ".\n;") + 1
        approval = [int(y) for y in _APPROVAL_DATE.findall(text[sentence_start:m.start()])]
        p = of_name(name, approval[-1] if approval else None)
        if p == NONE:
            continue
        if first is None:
            first = p
        # a headline names the programme; the lede dates the decision that approved it
        if p[0] is not None or p[1] != first[1]:
            return p if p[1] == first[1] else first
    return first or NONE


def _name_after(text: str, start: int, end: int) -> str:
    """The name a programme word opens: to the closing quote when it is quoted, else to the clause's end."""
    k = end
    while k < len(text) and text[k] == " ":
        k += 1
    if k < len(text) and text[k] in _QUOTES:
        close = text.find(_QUOTES[text[k]], k + 1)
        if close > 0:
            return text[start:close]
    stop = _CLAUSE_END.search(text, end)
    return text[start:stop.start() if stop else len(text)]


def of_purpose(text: str, approval_year: int | None) -> Period:
    """A letter without a title states its subject in the clause that ends "… như sau:" ("…, Tổng cục định
    hướng công tác dân số giai đoạn 2021 - 2025 như sau:"); a bare "cụ thể như sau" leans on the clause before."""
    m = _AS_FOLLOWS.search(text)
    if not m:
        return NONE
    head = text[:m.start()]
    cut = [i for i in (head.rfind(","), head.rfind(";"), head.rfind("\n"), head.rfind(".")) if i >= 0]
    start = max(cut) + 1 if cut else 0
    clause = head[start:]
    if len(clause.split()) <= 2 and start > 0:  # "cụ thể": the subject is in the clause before
        prev = [i for i in (head.rfind(",", 0, start - 1), head.rfind("\n", 0, start - 1)) if i >= 0]
        clause = head[(max(prev) + 1 if prev else 0):]
    return of_name(clause, approval_year)


def of_objectives(text: str, approval_year: int | None) -> Period:
    """The years a text's targets look to: the latest horizon in a sentence that opens with it or holds a
    target word ("Đến năm 2030, …", "mục tiêu cụ thể đến năm 2015 là …"); else the one year such a sentence
    opens with ("Trong năm 2024, huyện phấn đấu …"). A sentence that tells a result ("Đến năm 2020, toàn tỉnh đã
    có …") looks back, not ahead."""
    ends: list[int] = []
    singles: list[int] = []
    text = _without_citations(text)
    for s in _SENTENCE.finditer(text):
        sent = s.group()
        if _CITING.match(sent):
            continue
        framed = _FRAME.search(sent) is not None
        past = _PAST.search(sent) is not None
        for h in _HORIZON.finditer(sent):
            if framed or (not past and not sent[:h.start()].strip()):
                ends.append(int(h.group(1)))
        o = _YEAR_OPENER.match(sent)
        if o and framed:
            singles.append(int(o.group(1)))
    if ends:
        end = max(ends)
        return (approval_year if approval_year and approval_year <= end else None), end
    if singles:
        return singles[0], singles[0]
    return NONE


def _without_citations(text: str) -> str:
    """A document cited by its number carries its own name and years ("… theo Nghị quyết số 07-NQ/TU ngày
    3/8/2022 của Tỉnh ủy về phát triển du lịch giai đoạn 2022 - 2025, tầm nhìn đến năm 2035"): blanked."""
    out = []
    pos = 0
    for m in _CITATION.finditer(text):
        if m.start() < pos:
            continue
        stop = _CLAUSE_END.search(text, m.end())
        end = stop.start() if stop else len(text)
        out.append(text[pos:m.start()])
        out.append(" " * (end - m.start()))
        pos = end
    out.append(text[pos:])
    return "".join(out)
