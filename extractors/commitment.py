"""Whether a number in a plan is a commitment (chỉ tiêu) or something else: a past result, a condition,
a share that only describes, a name. The cue words are data (`data/target_cues.tsv`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors import target_deadlines
from extractors.base import Context
from extractors.comparators import Chain
from extractors.lexicon import phrase_pattern, rows, section_words
from extractors.numbers import Number
from pipeline import lines
from pipeline.sections import Section

_CUES: dict[str, list[str]] = {}
for _p, _kind, *_ in rows("target_cues"):
    _CUES.setdefault(_kind, []).append(_p)
_GLUE = set(_CUES.get("glue", ()))


def words_re(kind: str) -> re.Pattern:
    """The cue words of one kind as a whole-word, case-insensitive pattern."""
    words = _CUES.get(kind)
    if not words:
        return re.compile(r"(?!)")  # no such cue: never matches
    return re.compile(rf"(?<!\w)(?:{phrase_pattern(words)})(?!\w)", re.IGNORECASE)


FUTURE = words_re("future")
FUTURE_BEFORE = re.compile(f"{FUTURE.pattern}|{words_re('future_before').pattern}", re.IGNORECASE)
DESCRIPTOR_BEFORE = words_re("descriptor_before")
PAST = words_re("past")
PAST_START = re.compile(rf"\s*(?:{phrase_pattern(_CUES['past_start'])})(?!\w)", re.IGNORECASE)
PAST_REPORT = words_re("past_report")
CONDITIONAL = words_re("conditional")
LEAD = words_re("lead")
COMMIT = re.compile(f"{words_re('commit').pattern}|{words_re('commit_marker').pattern}", re.IGNORECASE)
ACTION = words_re("commit")  # the verbs among them: "Số phòng học được xây dựng"
NAME_BEFORE = re.compile(rf"(?<!\w)(?:{phrase_pattern(_CUES['name_before'])})\s*$", re.IGNORECASE)
# a name word that ends a phrase of another sense ("giải quyết dứt điểm 100% vụ việc") names nothing
_NOT_NAME_BEFORE = re.compile(rf"(?:{words_re('not_name_before').pattern})\s*$", re.IGNORECASE)


def name_before(text: str, start: int, end: int) -> bool:
    """text[start:end] ends on a word that makes the number after it part of a name or reference."""
    return bool(NAME_BEFORE.search(text, start, end)) and not _NOT_NAME_BEFORE.search(text, start, end)
DESCRIPTOR_AFTER = re.compile(rf"\s*(?:{phrase_pattern(_CUES['descriptor_after'])})(?!\w)", re.IGNORECASE)
# Title words count only where a heading begins: "KẾT QUẢ THỰC HIỆN" is an assessment, a task item
# "Số hóa kết quả giải quyết …" is not.
_REPORT_TITLE = re.compile(rf"\W*(?:{phrase_pattern(section_words('review'))})(?!\w)", re.IGNORECASE)
_PLAN_TITLE = re.compile(rf"\W*(?:{phrase_pattern(section_words('goal'))})(?!\w)", re.IGNORECASE)
EXCLUSION = phrase_pattern(_CUES["exclusion"])  # alternation, for the scope pattern in targets.py

# "Năm 2018, …" opening a paragraph, sentence or clause of a 2019 plan: what follows is a past result.
_OPENING_YEAR = re.compile(
    rf"[\W\d]{{0,6}}(?:(?:(?:{phrase_pattern(_CUES['year_lead'])})\s+)?năm\s+"
    rf"|(?:{phrase_pattern(_CUES['range_lead'])})\s+(?:19|20)\d\d\s*[-–]\s*)"
    r"((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
# "Đến hết tháng 2 năm 2027, …" / "Tính đến ngày 30/9/2026, …" opening a clause: a status as of a day; when
# that day is before the document was issued, what follows is a result however near the plan's year
_OPENING_DATE = re.compile(
    rf"[\W\d]{{0,6}}?(?:(?:{phrase_pattern(_CUES['year_lead'])})\s+)?(?:ngày\s+)?(?<!\d)"
    r"(?:(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>(?:19|20)\d\d)"
    r"|tháng\s+(?P<m3>\d{1,2})\s*(?:/|\s+năm\s+)(?P<y3>(?:19|20)\d\d))(?!\d)", re.IGNORECASE)
_SENTENCE_START = re.compile(r"[.!?]\s+(?=\S)")
_PARAGRAPH_START = re.compile(r"\n[ \t]*\n[ \t]*")  # a line after a blank one opens a paragraph
_LINE_START = re.compile(r"[.;:!?][ \t]*\n[ \t]*")  # a line that opens after closing punctuation
_LEAD_IN = re.compile(r"[^\n]*:[ \t]*\n")  # "Năm 2024, UBND quận phấn đấu:" above a list


def plan_year(ctx: Context) -> int | None:
    """The first year the plan covers: its period, else the year it was issued."""
    if ctx.meta.period_start:
        return ctx.meta.period_start
    if ctx.meta.issue_date:
        return int(ctx.meta.issue_date[:4])
    return None


def reference_year(ctx: Context) -> int | None:
    """The year that tells a plan's years from earlier ones: its first year, else the year it was issued,
    else a decade before its last year (a post that retells "đến năm 2030" speaks of the years after 2020)."""
    year = plan_year(ctx)
    if year is None and ctx.meta.period_end:
        return ctx.meta.period_end - 10
    return year


def committed_count(text: str, chain: Chain, cs: int, pos: int, objectives: bool, kind: str) -> bool:
    """A count is a target only after a commitment: a strict comparator, a commitment verb, or a plain
    "đạt/có" in an objectives section or in a clause that looks ahead (phấn đấu, đến năm …). A duration
    ("không quá 15 ngày") needs a strict comparator; "bồi dưỡng kỹ năng số cho 500 công chức" counts
    through "cho" when a commitment verb opens the clause, unless a place or body only receives."""
    strict = chain.comparator not in (None, "=")
    if kind == "duration":
        return strict
    if chain.commit or strict or chain.change:
        return True
    if chain.words and chain.words[-1] in _GLUE and kind not in ("place", "body") and ACTION.search(text, cs, chain.start):
        return True
    return chain.weak and (objectives or bool(FUTURE_BEFORE.search(text, cs, pos) or COMMIT.search(text, cs, pos)))


def future_lead_in(text: str, cs: int, body_start: int) -> bool:
    """The list item sits under a lead-in line ending in ":" that looks ahead ("Năm 2024, quận phấn đấu:")."""
    lead = lines.last_lead_in(text, max(body_start, cs - 1500), cs)  # the last match of _LEAD_IN there
    return bool(lead and FUTURE_BEFORE.search(text, *lead))


def _opening_day(m: re.Match) -> str | None:
    """The last day of the period a dated opening names, YYYY-MM-DD."""
    from extractors.timeexpr import period_end

    y, mo, d = (m.group("y"), m.group("m"), m.group("d")) if m.group("y") else (
        (m.group("y2"), m.group("m2"), m.group("d2")) if m.group("y2") else (m.group("y3"), m.group("m3"), None))
    if not 1 <= int(mo) <= 12 or (d and not 1 <= int(d) <= 31):
        return None
    return period_end(int(y), int(mo), int(d) if d else None)


def _openings(text: str, cs: int, pos: int, body_start: int = 0) -> list[int]:
    """Where the paragraph, sentence or clause holding `pos` may open, nearest first."""
    sent = max(0, pos - 600)
    for m in _SENTENCE_START.finditer(text, sent, pos):
        sent = m.end()
    # a line opening after closing punctuation, or the section's first line, may open the paragraph;
    # other line starts are hard wraps ("… so với\nnăm 2015; có thêm 60 trường")
    starts = {sent, cs} | {m.end() for m in _LINE_START.finditer(text, max(0, sent - 2), pos)}
    starts |= {m.end() for m in _PARAGRAPH_START.finditer(text, max(0, sent - 2), pos)}
    if body_start <= pos:
        starts.add(body_start)
    return sorted(starts, reverse=True)


def dated_before_plan(text: str, cs: int, pos: int, plan_year: int | None, body_start: int = 0,
                      issued: str | None = None) -> bool:
    """The paragraph, sentence or clause opens with a year before the plan's ("Năm 2018, … đạt 96%" or
    "Đến năm 2016, … 95%" in a 2017 plan or report), or with a day before the document was issued
    ("Đến hết tháng 2 năm 2027, … 8,2%" in a notice of March 2027): a result, whatever the words around it."""
    if not plan_year and not issued:
        return False
    # the opening nearest the number speaks for it ("Giai đoạn 2016-2020 …; giai đoạn 2021-2025 phấn đấu …")
    for start in _openings(text, cs, pos, body_start):
        m = _OPENING_YEAR.match(text, start, pos) if plan_year else None
        if m:
            return int(m.group(1)) < plan_year
        m = _OPENING_DATE.match(text, start, pos) if issued else None
        if m:
            day = _opening_day(m)
            if day:
                return day < issued
    return False


def opening_day(text: str, cs: int, pos: int) -> str | None:
    """The day (YYYY-MM-DD) a dated opening of the sentence or clause holding `pos` names ("Ngày 10 tháng 3
    năm 2027, …"), the nearest opening first; None when it opens otherwise."""
    for start in _openings(text, cs, pos, pos + 1):
        m = _OPENING_DATE.match(text, start, pos)
        if m:
            return _opening_day(m)
        if _OPENING_YEAR.match(text, start, pos):
            return None
    return None


@dataclass(frozen=True)
class Where:
    """What the section around a number says about it."""

    report: bool = False  # an assessment/report section ("ĐÁNH GIÁ TÌNH HÌNH …", "KẾT QUẢ …") or the preamble
    objectives: bool = False  # mục tiêu, chỉ tiêu, or a title announcing commitments ("Phương hướng … năm 2024")
    funding: bool = False  # kinh phí: shares there allocate money ("ngân sách tỉnh 70%"), they are not targets
    body_start: int = 0  # where the section's text begins
    issued: str | None = None  # the document's issue date (YYYY-MM-DD): a status dated before it is a result


def section_context(ctx: Context, sec: Section) -> Where:
    return replace(_section_context(ctx, sec), issued=ctx.meta.issue_date)


def _section_context(ctx: Context, sec: Section) -> Where:
    chain = list(target_deadlines.ancestors(ctx.root, sec))
    body = sec.body_start if sec.level > 0 else 0
    if any(s.kind == "preamble" for s in chain):
        return Where(report=True, body_start=body)
    if any(s.kind == "objectives" or (s.title and _PLAN_TITLE.match(s.title)) for s in chain):
        return Where(objectives=True, body_start=body)
    return Where(report=any(s.title and _REPORT_TITLE.match(s.title) for s in chain),
                 funding=any(s.kind == "funding" for s in chain), body_start=body)
