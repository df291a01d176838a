"""The deadline of a target (chỉ tiêu): a time stated in its clause or sentence, in the lead-in of its list
("Năm 2024, quận phấn đấu:"), in a heading above it ("Chỉ tiêu đến năm 2025"), or the plan's period —
read from the Deadline facts the deadlines extractor found, and from its time parser (`timeexpr`) for
headings and lead-ins; never parsed a second time here."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extractors.base import Context
from extractors.timeexpr import find_time_expressions
from pipeline import lines
from pipeline.sections import Section


def ancestors(root: Section, sec: Section):
    """`sec` and the sections above it (the tree has no parent links: walk down from the root)."""
    path = []
    node = root
    while True:
        path.append(node)
        nxt = node.child_at(sec.start)
        if nxt is None or node is sec:
            break
        node = nxt
    return reversed(path)


@dataclass(frozen=True)
class Time:
    """Where a dated deadline's time expression itself sits ("Đến năm 2025"), and its date."""

    start: int
    end: int
    date: str


def facts_of(ctx: Context) -> list[Time]:
    """The dated deadlines found in the document (not recurring or relative ones), by position."""
    facts = [d for d in ctx.results.get("deadlines", []) if d.date and not d.relative and not d.recurrence]
    times = []
    for d in facts:
        ts, te = getattr(d, "time_start", None), getattr(d, "time_end", None)
        times.append(Time(d.start if ts is None else ts, d.end if te is None else te, d.date))
    return sorted(times, key=lambda t: t.start)


def resolve(ctx: Context, facts: list[Time], num_start: int, span: tuple[int, int], clause: tuple[int, int],
            base: tuple[int, int] | None) -> str | None:
    """Stated in the target's span or clause, else earlier in its sentence, else in its list's lead-in,
    else in an enclosing heading, else the plan's period (its one year, or the last year of a programme)."""
    s, e = span
    start_year = ctx.meta.period_start

    def usable(d: Time) -> bool:
        if base and d.start < base[1] and base[0] < d.end:
            return False
        return not (start_year and d.date and int(d.date[:4]) < start_year)

    inside = [d for d in _starting(facts, s, e + 1) if d.end <= e + 1 and usable(d)] or \
             [d for d in _starting(facts, clause[0], clause[1] - 1) if usable(d)]
    if inside:
        return min(inside, key=lambda d: abs(d.start - num_start)).date
    sentence = _sentence(ctx.text, num_start)
    near = [d for d in _starting(facts, sentence[0], min(sentence[1], num_start))
            if d.end <= sentence[1] and d.end <= num_start and usable(d)]
    # "Theo kế hoạch, năm 2027 tỉnh phấn đấu 95% …": a year opening the sentence dates its targets, though
    # the deadlines extractor keeps no bare year of its own there
    opening = [t for t in _times(ctx.text, sentence[0], min(sentence[0] + _OPENING_REACH, num_start)) if usable(t)]
    if near and opening and near[-1].start > opening[0].end and ";" in ctx.text[near[-1].end:num_start]:
        return opening[0].date  # "…; 100% bệnh viện … trước ngày 30/9/2027; tỷ lệ … 60%": that day is the other clause's
    if near:
        return near[-1].date
    if opening:
        return opening[0].date
    sec = ctx.root.at(num_start)
    body = sec.body_start if sec.level > 0 else 0
    lead = _lead_in(ctx.text, clause[0], body)
    if lead:
        times = [d for d in _starting(facts, lead[0], lead[1] - 1) if usable(d)] or \
                [t for t in _times(ctx.text, *lead) if usable(t)]
        if times:
            return times[-1].date
    for anc in reversed(list(ancestors(ctx.root, sec))):
        if anc.level == 0:
            continue
        head_end = _heading_end(ctx.text, anc)
        heads = [d for d in _starting(facts, anc.start, head_end - 1) if usable(d)] or \
                [t for t in _times(ctx.text, anc.start, head_end) if usable(t)]
        if heads:
            return heads[-1].date
    ps, pe = ctx.meta.period_start, ctx.meta.period_end
    if pe and (ps == pe or ps is None or ps < pe):
        return f"{pe}-12-31"
    return None


def _starting(facts: list[Time], lo: int, hi: int) -> list[Time]:
    """The facts starting in [lo, hi], in their order: `facts` is sorted by start (`facts_of`), so a bisect
    finds them without reading the others. A fact ends after it starts, so one ending by `hi` starts by it."""
    a = bisect.bisect_left(facts, lo, key=_start)
    b = bisect.bisect_right(facts, hi, lo=a, key=_start)
    return facts[a:b]


def _start(d: Time) -> int:
    return d.start


def _times(text: str, start: int, end: int) -> list[Time]:
    """Dated times in a heading or lead-in ("CHỈ TIÊU ĐẾN NĂM 2025", "Năm 2024, quận phấn đấu:"), read by
    the deadlines extractor's own parser: a heading year is not a deadline fact of its own, but it dates
    the targets under it."""
    return [Time(t.start, t.end, t.date) for t in find_time_expressions(text, start, end)
            if t.date and t.kind in _HEADING_KINDS]


# Only years and year ranges: a full date in a heading is mostly the date of a document it cites
# ("theo Kế hoạch số 47/KH-UBND ngày 09 tháng 3 năm 2019 của tỉnh").
_HEADING_KINDS = ("year", "year_range")


_LEAD_IN = re.compile(r"[^\n]*:[ \t]*\n")
_ITEM = re.compile(r"\s*(?:[-+•–*]|[a-zđ]\)|\d+(?:\.\d+)*[.)])")


def _lead_in(text: str, clause_start: int, body_start: int) -> tuple[int, int] | None:
    """The line ending in ":" that opens the list this clause is an item of, if any."""
    lead = lines.last_lead_in(text, max(body_start, clause_start - 1500), clause_start)  # the last _LEAD_IN there
    if lead is None or not _ITEM.match(text, lead[1]):
        return None
    return lead


def _heading_end(text: str, sec: Section) -> int:
    """End of a section's heading: its body start, or the end of its title when the title runs on."""
    if sec.title:
        i = text.find(sec.title, sec.start, sec.start + len(sec.label) + len(sec.title) + 40)
        if i >= 0:
            return max(sec.body_start, i + len(sec.title))
    return sec.body_start


_OPENING_REACH = 40  # how far into a sentence a year still opens it
_SENTENCE_REACH = 600  # a sentence start further back than this is not looked for
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ \t]*\n|:[ \t]*\n")  # a lead-in line ("… như sau:") ends one too


def _sentence(text: str, pos: int) -> tuple[int, int]:
    s = max(0, pos - _SENTENCE_REACH)
    for m in _SENTENCE_END.finditer(text, s, pos):
        s = m.end()
    m = _SENTENCE_END.search(text, pos)
    e = m.start() if m else len(text)
    # a table row is a sentence of its own: rows end without a full stop, and a row's time is not the next row's
    ls, le = max(s, text.rfind("\n", s, pos) + 1), text.find("\n", pos, e)
    le = e if le < 0 else le
    if (ls > s or le < e) and " | " in text[ls:le]:
        return ls, le
    return s, e
