"""Deadlines (thời hạn): the time commitments of a document — due dates, periods, recurring duties, relative times.

`extractors.timeexpr` finds every time in the text; this module keeps those that commit to something and
drops those that only identify a document ("Nghị định số 45/2020/NĐ-CP ngày 08 tháng 4 năm 2020"), date
the document itself ("Hà Nội, ngày 18 tháng 10 năm 2011"), tell of the past ("Ngày 6-11-2013, Ban Thường vụ
… ban hành", "đã đạt … năm 2020") or name a programme or a term ("nhiệm kỳ 2020 - 2025"). The cue words
are data: `extractors/data/time_cues.tsv`.
"""

from __future__ import annotations

import bisect
import re

from extractors import scoring
from extractors.base import Context
from extractors.lexicon import narrative_kinds, section_words
from extractors.scoring import Candidate
from extractors.timeexpr import DATA_DIR, RANGE_PREFIX_ROLES, TimeExpr, find_time_expressions
from pipeline import lines
from pipeline.data_files import read_tsv
from pipeline.facts import Deadline

_CUES: dict[str, list[str]] = {}
for _role, _phrase, *_ in read_tsv("time_cues.tsv", DATA_DIR):
    _CUES.setdefault(_role, []).append(_phrase)


def _alt(phrases) -> str:
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))


# The cue right before a time: the leftmost match that reaches the end is the longest phrase.
_CUE_BEFORE = re.compile(
    r"(?<!\w)(?:" + "|".join(f"(?P<{role}>{_alt(_CUES[role])})" for role in ("deadline", "until", "start", "baseline"))
    + r")\s*:?\s*(?:ngày\s*)?$", re.IGNORECASE)
_NAME_BEFORE = re.compile(r"(?<!\w)(?:" + _alt(_CUES["name"]) + r")(?!\w)", re.IGNORECASE)
# Document nouns are capitalised when they name one document ("Đề án …", not "đề án" in general).
_DOCUMENT = re.compile(r"(?<!\w)(?:" + _alt(_CUES["document"]) + r")(?!\w)|(?<!\w)số\s+\d+[\w.]*/[\w/.\-]+")
_COMMIT = re.compile(r"(?<!\w)(?:" + _alt(_CUES["commit"]) + r")(?!\w)", re.IGNORECASE)
_PAST = re.compile(r"(?<!\w)(?!(?:" + _alt(_CUES["not_past"]) + r")(?!\w))(?:" + _alt(_CUES["past"]) + r")(?!\w)",
                   re.IGNORECASE)
_STRIVE = re.compile(r"(?<!\w)(?:" + _alt(_CUES["strive"]) + r")(?!\w)", re.IGNORECASE)
_PREAMBLE = re.compile(r"^\W*(?:" + _alt(_CUES["preamble"]) + r")(?!\w)", re.IGNORECASE)
_NARRATIVE_TYPES = set(narrative_kinds())
_PAST_HEADING = re.compile(r"(?<!\w)(?:" + _alt(section_words("review")) + r")(?!\w)", re.IGNORECASE)
_PLAN_HEADING = re.compile(r"(?<!\w)(?:" + _alt(section_words("plan")) + r")(?!\w)", re.IGNORECASE)
_GOAL_HEADING = re.compile(r"^[^\S\n]*(?:[IVXL]{1,4}[.)][^\S\n]+|\d{1,2}(?:\.\d{1,2})*[.)][^\S\n]+|[a-zđ]\)[^\S\n]+)?"
                           r"(?:" + _alt(_CUES["goal_heading"]) + r")(?!\w)", re.IGNORECASE)
_HEADING_WORDS = 8
_SKIPPED_KINDS = {"preamble"}
_EXCLUDE = re.compile(r"(?<!\w)(?:" + _alt(_CUES["exclude"]) + r")(?!\w)", re.IGNORECASE)

# Where a clause ends: sentence punctuation, a colon, a blank line, a table cell, or a list item
# ("1.", "2.1.", "II.", "a)", "- ") — documents often lose their line breaks, so items are boundaries too.
_BOUNDARY = re.compile(
    r"[.;!?…](?=\s|$)|:(?=\s)|\n[ \t]*\n|\|"
    r"|(?<=\s)" + "".join(r"(?<!" + re.escape(w) + r"\s)" for w in _CUES["number_noun"])
    + r"(?:[IVXL]+|\d{1,2}(?:\.\d{1,2})*)\.(?=\s)"  # not "ngày 25."
    r"|(?<=\s)[a-zđ]\)(?=\s)|\n[ \t]*[-–+•*](?=\s)")
_ITEM_START = re.compile(r"^[\s\W\d]*$")  # only a list marker between the clause start and the time
_COORDINATED = re.compile(r"^\s*(?:" + _alt(_CUES["coordinator"]) + r")\s*$", re.IGNORECASE)
_LABEL_AFTER = re.compile(r"\s*:")
_TOPIC_AFTER = re.compile(r"\s*[:,]")
_SPACE = re.compile(r"\s")
_UNTIL = re.compile(r"^\s*(?:" + _alt(_CUES["range_until"]) + r")(?:\s+ngày)?\s*$", re.IGNORECASE)

_DATED = {"date", "month", "quarter", "year_part", "year", "year_range"}
_NEEDS_CUE = {"year", "year_range"}  # "năm 2021" alone mostly qualifies a name ("Kế hoạch CCHC năm 2021")
_STRONG = {"deadline"}
_MAX_BEFORE, _MAX_AFTER = 70, 90  # quote: the clause, clipped to this many characters around the time


class _Clauses:
    """Clause boundaries of a text, found once; clause_of(start, end) by bisection."""

    def __init__(self, text: str):
        self.starts, self.ends = [], []
        for m in _BOUNDARY.finditer(text):
            self.starts.append(m.start())
            self.ends.append(m.end())
        self.n = len(text)

    def clause_of(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.ends, start) - 1
        cs = self.ends[i] if i >= 0 else 0
        j = bisect.bisect_left(self.starts, end)
        ce = self.starts[j] if j < len(self.starts) else self.n
        return cs, ce

    def next_after(self, pos: int) -> int:
        j = bisect.bisect_right(self.starts, pos)
        return self.starts[j] if j < len(self.starts) else self.n


def _cue(text: str, cs: int, start: int) -> str | None:
    """The cue word right before a time; across a colon too ("Thời gian hoàn thành: quý II/2020")."""
    if text[cs:start].strip() == "" and cs > 0 and text[cs - 1] == ":":
        cs = max(0, cs - 40)
    m = _CUE_BEFORE.search(text[max(cs, start - 40):start])
    if not m:
        return None
    return next(role for role, v in m.groupdict().items() if v)


def time_has_deadline_cue(text: str, start: int) -> bool:
    """A deadline word ("trước", "chậm nhất", "hoàn thành trong") right before the time expression at `start`."""
    return _cue(text, max(0, start - 40), start) in _STRONG


def _names_document(before: str) -> bool:
    """A document or programme named earlier in the clause, with no commitment verb after it."""
    last = None
    for last in _DOCUMENT.finditer(before):
        pass
    return last is not None and not _COMMIT.search(before, last.end())


def _keep(t: TimeExpr, text: str, cs: int, ce: int, cue: str | None, issue_date: str | None,
          now: str | None, period: tuple[int, int] | None = None) -> bool:
    """Is this time a commitment? `now` is the earliest day the document can speak of as future;
    `period` the years the document plans for."""
    before = text[cs:t.start]
    after = text[t.end:ce]
    if _PREAMBLE.search(before):
        return False
    if t.kind in ("relative", "event"):
        return True
    past_zone = before
    if cue in _STRONG:  # "xử lý các vi phạm đã phát hiện, hoàn thành trong quý IV": "đã" only qualifies the object
        past_zone = before[before.rfind(",") + 1:]
    if _PAST.search(past_zone) or _PAST.search(after[:30]):
        return False
    if t.kind == "recurrence":
        return not _excluded(t, text, cs, ce)
    if cue == "baseline" or cue == "start" and t.kind != "date":
        return False  # "so với năm 2020"; "từ năm 2019" (but "có hiệu lực từ ngày 01/7/2021" is a commitment)
    if t.kind in _NEEDS_CUE and _goal_heading(text, t):
        return not (t.date and now and t.date < now)  # "Định hướng đến năm 2030" over the goals for 2030
    strong = cue in _STRONG
    if RANGE_PREFIX_ROLES.get(t.prefix) == "term" or before.count("“") > before.count("”"):
        return False
    if not strong and _NAME_BEFORE.search(before[-25:]):
        return False  # "tầm nhìn đến năm 2030", "năm học 2022 - 2023" (but "tổng kết năm học trước ngày 10/6")
    if t.date is not None and t.kind != "date" and now and t.date < now:
        return False  # a period over before the document begins: "giai đoạn 2006 - 2010" in a 2011 programme
    if not strong and _names_document(before):
        return False
    if t.kind == "date":
        if t.date is not None and not strong and (t.date == issue_date or now and t.date < now):
            return False  # the document's own date repeated ("ban hành kèm theo Quyết định … ngày …"), or the past
        if not strong and before.rstrip().endswith(","):
            return False  # "Hà Nội, ngày 18 tháng 10 năm 2011", "Quyết định số …, ngày …"
        if not strong and _narrative(t, text, cs, ce):
            return False  # "Ngày 6-11-2013, Ban Thường vụ … ban hành": a narrative of events
    if t.kind in _NEEDS_CUE and cue is None:
        # a label or a topic opening the clause: "Năm 2011: Triển khai …", "Giai đoạn 2021 - 2025, hỗ trợ …"
        label = _ITEM_START.match(before) and _TOPIC_AFTER.match(text, t.end)
        if label and _PAST.search(re.split(r"[.;\n]", text[t.end:t.end + 80], maxsplit=1)[0]):
            return False  # "Năm 2019: toàn huyện đã xây mới 40 phòng học" reports, not plans
        return bool(label or _STRIVE.search(before) or _whole_cell(text, t) or _sub_period(text, t, period))
    return True


_YEAR = re.compile(r"(?:19|20)\d\d")


def _sub_period(text: str, t: TimeExpr, period: tuple[int, int] | None) -> bool:
    """"… giai đoạn 2022 - 2024" inside a 2021-2025 programme schedules a task; the programme's own period
    (or one outside it) names a programme."""
    if t.kind != "year_range" or RANGE_PREFIX_ROLES.get(t.prefix) != "period" or not period or None in period:
        return False
    first = int(_YEAR.search(text, t.start, t.end).group(0))
    return period[0] <= first <= t.year <= period[1] and (first, t.year) != tuple(period)


def _goal_heading(text: str, t: TimeExpr) -> bool:
    """The year closes a short heading of goals or tasks ("Chỉ tiêu cụ thể năm 2022"): they are due in it."""
    ls, le = lines.line_start(text, t.start), lines.line_end(text, t.end)
    # not text[t.end:le].strip(" \t:."), and at most _HEADING_WORDS words before it on its line: each read only
    # as far as it decides (a long line is not copied)
    if re.compile(r"[ \t:.]*").match(text, t.end, le).end() < le:
        return False
    words = 0
    for _ in re.compile(r"\S+").finditer(text, ls, t.start):
        words += 1
        if words > _HEADING_WORDS:
            return False
    return _GOAL_HEADING.match(text[ls:t.start]) is not None


def _whole_cell(text: str, t: TimeExpr) -> bool:
    """The time is a whole table cell ("… | Sở Y tế | Năm 2023 |"): a timeline column."""
    ls, le = lines.line_start(text, t.start), lines.line_end(text, t.end)
    # read from the time outwards over white space: a bar there, or the line's edge, closes the cell
    a = t.start
    while a > ls and text[a - 1].isspace():
        a -= 1
    b = t.end
    while b < le and text[b].isspace():
        b += 1
    left_bar, right_bar = a > ls and text[a - 1] == "|", b < le and text[b] == "|"
    return (left_bar or right_bar) and (a == ls or left_bar) and (b == le or right_bar)


def _narrative(t: TimeExpr, text: str, cs: int, ce: int) -> bool:
    """A dated sentence opening: "Ngày 14/9/2022, Huyện ủy … tổ chức hội nghị"."""
    if t.kind != "date" or not text[t.end:ce].lstrip().startswith(","):
        return False
    line = text[text.rfind("\n", 0, t.start) + 1:t.start]
    return bool(_ITEM_START.match(text[cs:t.start]) or _ITEM_START.match(line) and text[t.start].isupper())


def _now(meta, text: str, times: list[TimeExpr], clauses: "_Clauses") -> str | None:
    """The earliest day the document can speak of as the future: its issue date, the start of its period, or,
    in news and reports, the latest day it narrates ("Ngày 14/9/2022, … tổ chức" tells of the past)."""
    days = [meta.issue_date] if meta.issue_date else []
    if meta.period_start and not days:  # a plan issued in December for the next year may set December dates
        days.append(f"{meta.period_start}-01-01")
    if meta.doc_type in _NARRATIVE_TYPES:
        days += [t.date for t in times if t.year and t.date and _narrative(t, text, *clauses.clause_of(t.start, t.end))]
    return max(days) if days else None


def _excluded(t: TimeExpr, text: str, cs: int, ce: int) -> bool:
    """A recurrence word inside a phrase that names a thing ("dự toán ngân sách hàng năm")."""
    return any(m.start() < t.end and t.start < m.end() for m in _EXCLUDE.finditer(text, max(cs, t.start - 30), ce))


def _quote(text: str, t: TimeExpr, cs: int, ce: int, clauses: _Clauses) -> tuple[int, int]:
    if _LABEL_AFTER.match(text, t.end) and text[t.end:ce].strip() == "":
        ce = clauses.next_after(text.index(":", t.end) + 1)  # a label "Năm 2011:" reads with what follows
    s = max(cs, t.start - _MAX_BEFORE)
    if s > cs:  # start and end on word boundaries
        sp = _SPACE.search(text, s, t.start)
        s = sp.end() if sp else t.start
    e = min(ce, t.end + _MAX_AFTER)
    if e < ce:
        spaces = [m.start() for m in _SPACE.finditer(text, t.end, e)]
        e = spaces[-1] if spaces else t.end
    while s < t.start and (text[s].isspace() or text[s] in ",;:-–)(*+•"):
        s += 1
    while e > t.end and (text[e - 1].isspace() or text[e - 1] in ",;:-–(*"):
        e -= 1
    return s, e


def _skipped_sections(root) -> list[tuple[int, int, str]]:
    """Spans of the sections whose times were never read as commitments: the legal grounds (căn cứ, and the
    purpose lines a preamble runs on into), and reviews of the past ("I. KẾT QUẢ THỰC HIỆN NĂM 2021") —
    their headings included — each with which of the two it is."""
    out = []
    for s in root.walk():
        if s.level == 0:
            continue
        if s.kind in _SKIPPED_KINDS:
            out.append((s.start, s.end, "preamble"))
        elif s.kind == "other" and _is_heading(s.title) and _PAST_HEADING.search(s.title) \
                and not _PLAN_HEADING.search(s.title):
            out.append((s.start, s.end, "review"))
    return out


def _is_heading(title: str) -> bool:
    """A title that reads as a heading ("KẾT QUẢ THỰC HIỆN", "Kết quả đạt được"), not the first sentence of an
    item ("d) Hằng quý, 6 tháng và cả năm báo cáo kết quả …")."""
    letters = [c for c in title if c.isalpha()]
    return bool(letters) and (sum(c.isupper() for c in letters) >= 0.8 * len(letters) or len(title.split()) <= 8)


def _context_year(meta) -> int | None:
    if meta.period_start and meta.period_start == meta.period_end:
        return meta.period_start  # a one-year plan: its quarters and months are of that year
    return None


def _recurring_days(text: str, times: list[TimeExpr]) -> set[int]:
    """Year-less days and months just before a recurrence word: "trước ngày 15/6 và ngày 15/12 hằng năm"
    is a recurring duty, not two dates of one year."""
    out: set[int] = set()
    follows = False
    for i in range(len(times) - 1, -1, -1):
        t = times[i]
        if i + 1 < len(times):
            gap = text[t.end:times[i + 1].start]
            follows = (times[i + 1].recurrence is not None or i + 1 in out) and (
                not gap.strip(" \t\n)") or _COORDINATED.match(gap) is not None)
        if t.needs_year and follows:
            out.add(i)
    return out


def _resolve(t: TimeExpr, plan_year: int | None, issue_date: str | None, previous_year: int | None,
             heading_year: int | None = None) -> TimeExpr:
    if not t.needs_year:
        return t
    if t.kind == "this_year":  # "trong năm" is a year only in a one-year plan, or under a heading of one year
        return t.with_year(plan_year or heading_year)
    if t.year_offset is not None:  # "năm nay", "năm tới" count from the year of writing
        return t.with_year(int(issue_date[:4]) if issue_date else plan_year)
    if plan_year:
        return t.with_year(plan_year)
    if issue_date:
        r = t.with_year(int(issue_date[:4]))
        # a plan issued in October that says "trước ngày 15/3" means March of the next year
        return r if r.date is None or r.date >= issue_date else t.with_year(int(issue_date[:4]) + 1)
    return t.with_year(previous_year)


def candidates(ctx: Context) -> list[Candidate]:
    """Every time expression of the document as a possible deadline, resolved to a date, with its features."""
    from extractors import commitment
    from extractors.deadline_candidates import features

    text = ctx.text
    ahead: dict[int, bool] = {}  # by section: a section of goals or directions ("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027")
    meta = ctx.meta
    issue_date = meta.issue_date
    plan_year = _context_year(meta)
    clauses = _Clauses(text)
    skip = _skipped_sections(ctx.root)
    times = find_time_expressions(text, issue_date=issue_date)
    now = _now(meta, text, times, clauses)
    recurring = _recurring_days(text, times)
    title_end = _title_end(ctx)
    out: list[Candidate] = []
    prev: tuple[TimeExpr, str | None] | None = None
    last_year: int | None = None
    for i, t in enumerate(times):
        reason = ""
        if i in recurring:
            reason = "the day of a recurring duty"
        elif i + 1 < len(times) and times[i + 1].kind in _DATED and _UNTIL.match(text[t.end:times[i + 1].start]):
            reason = "the start of a period that ends with the next date"
        cell = _table_cell(ctx, t)
        cs, ce = cell[2] if cell and cell[1] else clauses.clause_of(t.start, t.end)  # a table cell is its own clause
        cue = _cue(text, cs, t.start)
        if prev and prev[0].end >= cs and _COORDINATED.match(text[prev[0].end:t.start]):
            cue = prev[1] or cue  # "trong năm 2013 và giai đoạn 2013 - 2015": one cue for both
        prev = (t, cue)
        skipped = next((what for a, b, what in skip if a <= t.start < b), None)
        sec = ctx.root.at(t.start)
        if id(sec) not in ahead:
            ahead[id(sec)] = commitment.section_context(ctx, sec).objectives
        f = features(t, text, cs, ce, cue, meta, now, skipped, cell[:2] if cell else None, title_end, ahead[id(sec)])
        r = _resolve(t, plan_year, issue_date, last_year,
                     _heading_year(ctx, t.start) if t.kind == "this_year" and not plan_year else None)
        if r.year and r.kind in _DATED:
            last_year = r.year
        if not reason and r.date is None and r.recurrence is None and r.relative is None:
            reason = "a time with no year to read it in"
        qs, qe = _quote(text, r, cs, ce, clauses)
        if r.kind in _NEEDS_CUE and _goal_heading(text, r):
            nl = text.find("\n", r.end, qe)
            qe = qe if nl < 0 else nl  # a heading line is its own quote, not the text under it
        label = r.date or r.recurrence or r.relative or text[t.start:t.end]
        out.append(Candidate(t.start, t.end, f, (r, cs, ce, qs, qe),
                             {"date": r.date, "recurrence": r.recurrence, "quote": (qs, qe)}, label, reason=reason))
    return out


def extract(ctx: Context) -> list[Deadline]:
    cands = candidates(ctx)
    model = ctx.model("deadlines")
    kept = scoring.decide(cands, model)
    ctx.candidates["deadlines"] = cands
    out: list[Deadline] = []
    seen: set[tuple] = set()
    recurring_clauses = {c.payload[1] for c in kept if c.payload[0].recurrence}
    for c in kept:
        t, cs, ce, qs, qe = c.payload
        if t.year_less and cs in recurring_clauses and not t.recurrence:
            c.kept, c.reason = False, "the schedule of a recurring duty in the same clause"
            continue  # "hằng năm báo cáo tại kỳ họp cuối năm"
        key = (cs, t.date, t.recurrence, t.relative)
        if key in seen:
            c.kept, c.reason = False, "the same commitment as another time of its clause"
            continue
        seen.add(key)
        out.append(Deadline(qs, qe, date=t.date, recurrence=t.recurrence, relative=t.relative,
                            time_start=t.start, time_end=t.end, confidence=scoring.confidence(c, model)))
    return out


def _heading_year(ctx: Context, pos: int) -> int | None:
    """The one year named by the nearest heading above `pos` ("2. Chỉ tiêu kế hoạch năm 2021"), if exactly one."""
    from extractors.target_deadlines import ancestors

    for sec in reversed(list(ancestors(ctx.root, ctx.root.at(pos)))):
        if sec.level == 0:
            continue
        years = {t.year for t in find_time_expressions(sec.title or "") if t.kind == "year" and t.year}
        if len(years) == 1:
            return years.pop()
        if years:
            return None
    return None


def _title_end(ctx: Context) -> int:
    """Where the document's header and title end: the first heading of its body, or, without one, the end of
    its title (trích yếu) where the text shows it near the top."""
    kids = [s for s in ctx.root.children if s.level > 0]
    end = kids[0].start if kids else 0
    title = (ctx.meta.title or "").strip()
    if title:
        words = title.split()[:8]
        m = re.search(r"\s+".join(map(re.escape, words)), ctx.text[:_TITLE_REACH], re.IGNORECASE) if words else None
        if m:
            end = max(end, ctx.text.find("\n", m.end()) if "\n" in ctx.text[m.end():] else m.end())
    return end


_TITLE_REACH = 3000  # characters: a title stands in the header, near the top


def _table_cell(ctx: Context, t: TimeExpr) -> tuple[str, bool, tuple[int, int]] | None:
    """(its column header, whether it is the whole cell, the cell's span) for a time inside a table's body cell."""
    for table in ctx.tables:
        if table.start <= t.start < table.end:
            where = table.locate(t.start)
            if where is None:
                return None
            cell = table.rows[where[0]][where[1]]
            return (table.column_header(where[1]), cell.text.strip() == ctx.text[t.start:t.end].strip(),
                    (cell.start, cell.end))
    return None
