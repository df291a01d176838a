"""Targets (chỉ tiêu): the quantities a document commits to reach, each with its clause span, comparator,
change, unit, baseline year, deadline, scope and the agencies the clause names.

One pass finds the numbers (`extractors.numbers`); each is kept only when its clause makes it a
commitment (a % in a plan, a count after a commitment word, a ranking) and not a past result, a
reference, a name or a condition. The words deciding that are data: `data/target_cues.tsv`,
`data/comparators.tsv`, `data/changes.tsv`, `data/ranks.tsv`, `data/units.tsv`, `data/indicators.tsv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors import indicators
from extractors.base import Context
from extractors.clauses import Clauses, trim
from extractors.comparators import Chain, read_after, read_chain
from extractors.lexicon import phrase_pattern, rows, squash
from extractors.numbers import Number, find_numbers
from pipeline.facts import Deadline, Target

_CUES: dict[str, list[str]] = {}
for _p, _kind, *_ in rows("target_cues"):
    _CUES.setdefault(_kind, []).append(_p)


def _words_re(kind: str) -> re.Pattern:
    words = _CUES.get(kind)
    if not words:
        return re.compile(r"(?!)")  # no such cue: never matches
    return re.compile(rf"(?<!\w)(?:{phrase_pattern(words)})(?!\w)", re.IGNORECASE)


_FUTURE = _words_re("future")
_FUTURE_BEFORE = re.compile(f"{_FUTURE.pattern}|{_words_re('future_before').pattern}", re.IGNORECASE)
_DESCRIPTOR_BEFORE = _words_re("descriptor_before")
_PAST = _words_re("past")
_PAST_START = re.compile(rf"\s*(?:{phrase_pattern(_CUES['past_start'])})(?!\w)", re.IGNORECASE)
_PAST_REPORT = _words_re("past_report")
_CONDITIONAL = _words_re("conditional")
_LEAD = _words_re("lead")
_COMMIT = _words_re("commit")
_NAME_BEFORE = re.compile(rf"(?<!\w)(?:{phrase_pattern(_CUES['name_before'])})\s*$", re.IGNORECASE)
_DESCRIPTOR_AFTER = re.compile(rf"\s*(?:{phrase_pattern(_CUES['descriptor_after'])})(?!\w)", re.IGNORECASE)
_REPORT_TITLE = _words_re("report_title")

_UNITS = re.compile(rf"\s*((?:{phrase_pattern(r[0] for r in rows('units'))}))(?!\w)", re.IGNORECASE)
_PER = re.compile(r"\s*/\s*(năm|quý|tháng|tuần|ngày|xã|lớp|trường|người|dân)(?!\w)", re.IGNORECASE)
_EACH = re.compile(r"(?<!\w)(?:mỗi|hằng|hàng)\s+(năm|quý|tháng|tuần)(?!\w)", re.IGNORECASE)
_EACH_AFTER = re.compile(r"\s*(?:trong\s+)?(?:mỗi|hằng|hàng|một)\s+(năm|quý|tháng|tuần)(?!\w)", re.IGNORECASE)
# "mỗi xã, phường có ít nhất 01 …": the count is per xã, phường
_EACH_HOLDER = re.compile(r"(?<!\w)(?:mỗi|từng)\s+([^\W\d][^;:.()]{0,40}?)\s+(?:đều\s+)?(?:có|phải\s+có|bố\s+trí|được\s+bố\s+trí)(?!\w)", re.IGNORECASE)
_BASELINE = re.compile(r"(?<!\w)so\s+với\s+(?:cùng\s+kỳ\s+)?(?:năm\s+)?((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_SCOPE = re.compile(r"(?<!\w)((?:ngoại\s+)?trừ|không\s+(?:kể|tính|bao\s+gồm))\s+[^();.\n]+", re.IGNORECASE)
_REPORT_TYPES = {"bao_cao", "tin_bai"}
# "Năm 2018, …" opening a paragraph, sentence or clause of a 2019 plan: what follows is a past result.
_OPENING_YEAR = re.compile(
    r"[\W\d]{0,6}(?:(?:trong\s+|cả\s+|đến\s+(?:hết\s+|cuối\s+)?)?năm\s+|giai\s+đoạn\s+(?:19|20)\d\d\s*[-–]\s*)"
    r"((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_SENTENCE_START = re.compile(r"[.!?]\s+(?=\S)")
_LINE_START = re.compile(r"\n[ \t]*")


@dataclass
class _Candidate:
    number: Number
    clause: tuple[int, int]
    chain: Chain
    unit: str
    unit_end: int  # where the number, its unit and a trailing comparator word end
    comparator: str
    counted: str = ""  # the counted noun for counts


def extract(ctx: Context) -> list[Target]:
    text = ctx.text
    clauses = Clauses(text, ctx.root)
    report_doc = (ctx.meta.doc_type or "") in _REPORT_TYPES
    plan_year = _plan_year(ctx)
    found: list[_Candidate] = []
    for num in find_numbers(text):
        cand = _candidate(text, num, clauses, report_doc or _in_report_section(ctx, num.start), plan_year)
        if cand is not None:
            found.append(cand)
    return _to_targets(ctx, found)


def _plan_year(ctx: Context) -> int | None:
    """The first year the plan covers: its period, else the year it was issued."""
    if ctx.meta.period_start:
        return ctx.meta.period_start
    if ctx.meta.issue_date:
        return int(ctx.meta.issue_date[:4])
    return None


def _candidate(text: str, num: Number, clauses: Clauses, report: bool, plan_year: int | None) -> _Candidate | None:
    cs, ce = clauses.span(num.start)
    if not cs <= num.start < ce:
        return None
    chain = read_chain(text, num.start, cs)
    after_cmp, end = read_after(text, num.end)
    unit, counted = "", ""
    if chain.rank and (not chain.rank_needs_lead or _LEAD.search(text, num.end, ce)) and not num.percent:
        unit = "rank"
    elif num.percent:
        unit = "%"
        if _DESCRIPTOR_AFTER.match(text, num.end):
            return None
    else:
        m = _UNITS.match(text, num.end)
        if not m or num.value_max is None and _is_year(num) or not chain.words and _NAME_BEFORE.search(text, max(cs, num.start - 30), num.start):
            return None
        counted = " ".join(m.group(1).lower().split())
        if num.scale:
            counted = f"{num.scale} {counted}"
        unit, end = counted, m.end()
        per = _PER.match(text, end)
        if per:
            unit, end = f"{counted}/{per.group(1).lower()}", per.end()
        else:
            each = _EACH.search(text, cs, num.start) or _EACH_AFTER.match(text, end)
            holder = _EACH_HOLDER.search(text, cs, num.start)
            if each:
                unit = f"{counted}/{each.group(1).lower()}"
            elif holder:
                unit = f"{counted}/{' '.join(holder.group(1).split())}"
        if num.spelled and num.value == 1 and chain.comparator in (None, "="):
            return None  # "một" is mostly the article: only "ít nhất một …" counts
        if not _committed_count(text, chain, cs, num.start):
            return None
        after_cmp2, end2 = read_after(text, end)
        if after_cmp2:
            after_cmp, end = after_cmp2, end2
    if _rejected(text, cs, ce, num, chain, report) or _dated_before_plan(text, cs, num.start, plan_year):
        return None
    end = max(end, num.end)
    if num.value_max is not None:
        comparator = "range"
    elif unit == "rank":
        comparator = chain.rank or "<="
    elif chain.comparator and chain.comparator != "=":
        comparator = chain.comparator
    else:
        comparator = after_cmp or "="
    return _Candidate(num, (cs, ce), chain, unit, end, comparator, counted)


def _is_year(num: Number) -> bool:
    return num.value.is_integer() and 1900 <= num.value <= 2100 and not num.spelled


def _committed_count(text: str, chain: Chain, cs: int, pos: int) -> bool:
    """A count is a target only after a commitment: a strict comparator, a commitment verb, or a plain
    "đạt/có" in a clause that looks ahead (phấn đấu, đến năm …)."""
    if chain.commit or (chain.comparator and chain.comparator != "="):
        return True
    if chain.change:
        return True
    return chain.weak and bool(_FUTURE.search(text, cs, pos) or _COMMIT.search(text, cs, pos))


def _rejected(text: str, cs: int, ce: int, num: Number, chain: Chain, report: bool) -> bool:
    """Past results, conditions and report statements without a forward-looking word."""
    before = (cs, chain.start)
    future = _FUTURE_BEFORE.search(text, *before)
    if _DESCRIPTOR_BEFORE.search(text, *before) and not future:
        return True
    if _CONDITIONAL.search(text, *before):
        return True
    if not future and (_PAST.search(text, *before) or _PAST_START.match(text, cs, chain.start)):
        return True
    if report:
        if _PAST_REPORT.search(text, cs, ce):
            return True
        if not future and not _FUTURE.search(text, num.end, ce):
            return True
    return False


def _dated_before_plan(text: str, cs: int, pos: int, plan_year: int | None) -> bool:
    """The paragraph, sentence or clause opens with a year before the plan's ("Năm 2018, … đạt 96%" or
    "Đến năm 2016, … 95%" in a 2017 plan or report): a result, whatever the words around it."""
    if not plan_year:
        return False
    sent = max(0, pos - 600)
    for m in _SENTENCE_START.finditer(text, sent, pos):
        sent = m.end()
    # hard-wrapped text: any line start since the sentence began may be where a paragraph opened
    para = text.rfind("\n", 0, pos) + 1
    starts = {para, sent, cs} | {m.end() for m in _LINE_START.finditer(text, sent, pos)}
    # the opening nearest the number speaks for it ("Giai đoạn 2016-2020 …; giai đoạn 2021-2025 phấn đấu …")
    for start in sorted(starts, reverse=True):
        m = _OPENING_YEAR.match(text, start, pos)
        if m:
            return int(m.group(1)) < plan_year
    return False


def _in_report_section(ctx: Context, pos: int) -> bool:
    """Inside an assessment/report section ("ĐÁNH GIÁ TÌNH HÌNH …", "KẾT QUẢ …") or the preamble."""
    sec = ctx.root.at(pos)
    chain = list(_ancestors(ctx.root, sec))
    if any(s.kind == "preamble" for s in chain):
        return True
    if any(s.kind == "objectives" for s in chain):
        return False
    return any(s.title and _REPORT_TITLE.search(s.title) for s in chain)


def _ancestors(root, sec):
    """`sec` and the sections above it (the tree has no parent links: walk down from the root)."""
    path = []
    node = root
    while True:
        path.append(node)
        nxt = next((c for c in node.children if c.start <= sec.start < c.end), None)
        if nxt is None or node is sec:
            break
        node = nxt
    return reversed(path)


# ---------------------------------------------------------------------------------------------- output

def _to_targets(ctx: Context, found: list[_Candidate]) -> list[Target]:
    text = ctx.text
    out: list[Target] = []
    deadlines = _deadline_facts(ctx)
    by_clause: dict[tuple[int, int], list[_Candidate]] = {}
    for c in found:
        by_clause.setdefault(c.clause, []).append(c)
    for (cs, ce), group in by_clause.items():
        group.sort(key=lambda c: c.number.start)
        for i, c in enumerate(group):
            s = cs if i == 0 else c.chain.start
            e = group[i + 1].chain.start if i + 1 < len(group) else ce
            s, e = trim(text, s, e)
            e = max(e, c.unit_end) if c.unit_end <= ce else e
            out.append(_target(ctx, c, s, e, deadlines))
    out.sort(key=lambda t: (t.start, t.end))
    return out


def _target(ctx: Context, c: _Candidate, s: int, e: int, deadlines: list[_Time]) -> Target:
    text = ctx.text
    num = c.number
    clause_text = text[s:e]
    base = _BASELINE.search(text, num.start, e) or _BASELINE.search(text, s, e)
    scope = _SCOPE.search(text, num.end, c.clause[1]) or _SCOPE.search(text, s, e)
    verb = ""
    if c.unit not in ("%", "rank"):
        cm = None
        for cm in _COMMIT.finditer(text, s, num.start):
            pass
        verb = squash(cm.group(0)) if cm else ""
    after_end = scope.start() if scope else e
    after_end = base.start() if base and base.start() > c.unit_end and base.start() < after_end else after_end
    indicator = indicators.describe(c.unit, text[s:c.chain.start], text[c.unit_end:after_end] if after_end > c.unit_end else "",
                                    c.counted, verb, c.chain.change)
    return Target(
        start=s, end=e, indicator=indicator, value=num.value, unit=c.unit, comparator=c.comparator,
        change=c.chain.change if c.unit != "rank" else None,
        value_max=num.value_max, baseline_year=int(base.group(1)) if base else None,
        deadline=_deadline(ctx, c, s, e, deadlines, base),
        agencies=_agencies(ctx, s, c.chain.start, num.start),
        indicator_code=_indicator_code(_without_agencies(ctx, s, e), s, e, c.unit_end, indicator),
        scope=" ".join(scope.group(0).split()) if scope else None,
    )


_FOCUS_END = re.compile(r"[,;(]")


def _without_agencies(ctx: Context, s: int, e: int) -> str:
    """The text with the agency names found in [s, e) blanked ("Sở Giáo dục và Đào tạo" is not training)."""
    text = ctx.text
    spans = [(a.start, a.end) for a in ctx.results.get("assignments", []) if s <= a.start and a.end <= e]
    if not spans:
        return text
    chars = list(text[s:e])
    for a, b in spans:
        chars[a - s:b - s] = " " * (b - a)
    return text[:s] + "".join(chars) + text[e:]


def _indicator_code(text: str, s: int, e: int, unit_end: int, indicator: str) -> str | None:
    """Taxonomy code from the words nearest the number first (up to the next comma), so a side remark
    later in the clause ("…, ưu tiên nơi có nhiều phản ánh") does not decide it."""
    m = _FOCUS_END.search(text, min(unit_end, e), e)
    focus = text[s:m.start() if m else e]
    return indicators.classify(focus) or indicators.classify(indicator) or indicators.classify(text[s:e])


def _agencies(ctx: Context, s: int, e: int, num_start: int) -> list[str]:
    """Agencies named before the number in its clause ("Sở Y tế phấn đấu 100% …"); those after it are
    what is measured ("100% các sở, ban, ngành …"), not who is responsible."""
    names = []
    for a in ctx.results.get("assignments", []):
        if s <= a.start < e and a.end <= num_start and a.agency not in names:
            names.append(a.agency)
    return names


# ------------------------------------------------------------------------------------------- deadlines

@dataclass(frozen=True)
class _Time:
    """Where a dated deadline's time expression itself sits ("Đến năm 2025"), and its date."""

    start: int
    end: int
    date: str


def _deadline_facts(ctx: Context) -> list[_Time]:
    found = ctx.results.get("deadlines", [])
    facts = [d for d in found if d.date and not d.relative and not d.recurrence]
    if not found:
        facts = _fallback_deadlines(ctx.text)
    times = []
    for d in facts:
        ts, te = getattr(d, "time_start", None), getattr(d, "time_end", None)
        times.append(_Time(d.start if ts is None else ts, d.end if te is None else te, d.date))
    return sorted(times, key=lambda t: t.start)


def _deadline(ctx: Context, c: _Candidate, s: int, e: int, facts: list[_Time], base) -> str | None:
    """Stated in the clause, else in the sentence, else in an enclosing heading, else the plan's period."""
    num = c.number
    start_year = ctx.meta.period_start

    def usable(d: _Time) -> bool:
        if base and d.start < base.end() and base.start() < d.end:
            return False
        return not (start_year and d.date and int(d.date[:4]) < start_year)

    inside = [d for d in facts if s <= d.start and d.end <= e + 1 and usable(d)] or \
             [d for d in facts if c.clause[0] <= d.start < c.clause[1] and usable(d)]
    if inside:
        return min(inside, key=lambda d: abs(d.start - num.start)).date
    sentence = _sentence(ctx.text, num.start)
    near = [d for d in facts if sentence[0] <= d.start and d.end <= sentence[1] and d.end <= num.start and usable(d)]
    if near:
        return near[-1].date
    sec = ctx.root.at(num.start)
    for anc in reversed(list(_ancestors(ctx.root, sec))):
        heads = [d for d in facts if anc.start <= d.start < anc.body_start and usable(d)]
        if anc.level > 0 and heads:
            return heads[-1].date
    ps, pe = ctx.meta.period_start, ctx.meta.period_end
    if pe and (ps == pe or ps is None or ps < pe):
        return f"{pe}-12-31"
    return None


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ \t]*\n")


def _sentence(text: str, pos: int) -> tuple[int, int]:
    s = 0
    for m in _SENTENCE_END.finditer(text, max(0, pos - 600), pos):
        s = m.end()
    m = _SENTENCE_END.search(text, pos)
    return s, (m.start() if m else len(text))


# FALLBACK until extractors/deadlines.py lands: the plainest "đến (hết/cuối) năm YYYY" and "giai đoạn
# YYYY-YYYY" phrases, only used when the deadlines extractor produced nothing for this document.
_FALLBACK = re.compile(
    r"(?<!\w)(?:(?:đến|trước|cuối|hết|trong)\s+(?:hết\s+|cuối\s+)?năm\s+((?:19|20)\d\d)"
    r"|giai\s+đoạn\s+(?:19|20)\d\d\s*[-–]?\s*((?:19|20)\d\d))(?!\d)",
    re.IGNORECASE,
)


def _fallback_deadlines(text: str) -> list[Deadline]:
    return [Deadline(m.start(), m.end(), date=f"{m.group(1) or m.group(2)}-12-31") for m in _FALLBACK.finditer(text)]
