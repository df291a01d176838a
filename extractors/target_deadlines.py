"""The deadline of a target (chỉ tiêu): a time stated in its clause or sentence, in a heading above it
("Đến năm 2015", "Chỉ tiêu đến năm 2025"), or the plan's period — read from the Deadline facts the
deadlines extractor found, never parsed a second time here (except the marked fallback)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.base import Context
from pipeline.facts import Deadline
from pipeline.sections import Section


def ancestors(root: Section, sec: Section):
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


@dataclass(frozen=True)
class Time:
    """Where a dated deadline's time expression itself sits ("Đến năm 2025"), and its date."""

    start: int
    end: int
    date: str


def facts_of(ctx: Context) -> list[Time]:
    """The dated deadlines found in the document (not recurring or relative ones), by position."""
    found = ctx.results.get("deadlines", [])
    facts = [d for d in found if d.date and not d.relative and not d.recurrence]
    if not found:
        facts = _fallback_deadlines(ctx.text)
    times = []
    for d in facts:
        ts, te = getattr(d, "time_start", None), getattr(d, "time_end", None)
        times.append(Time(d.start if ts is None else ts, d.end if te is None else te, d.date))
    return sorted(times, key=lambda t: t.start)


def resolve(ctx: Context, facts: list[Time], num_start: int, span: tuple[int, int], clause: tuple[int, int],
            base: tuple[int, int] | None) -> str | None:
    """Stated in the target's span or clause, else earlier in its sentence, else in an enclosing heading,
    else the plan's period (its one year, or the last year of a programme)."""
    s, e = span
    start_year = ctx.meta.period_start

    def usable(d: Time) -> bool:
        if base and d.start < base[1] and base[0] < d.end:
            return False
        return not (start_year and d.date and int(d.date[:4]) < start_year)

    inside = [d for d in facts if s <= d.start and d.end <= e + 1 and usable(d)] or \
             [d for d in facts if clause[0] <= d.start < clause[1] and usable(d)]
    if inside:
        return min(inside, key=lambda d: abs(d.start - num_start)).date
    sentence = _sentence(ctx.text, num_start)
    near = [d for d in facts if sentence[0] <= d.start and d.end <= sentence[1] and d.end <= num_start and usable(d)]
    if near:
        return near[-1].date
    sec = ctx.root.at(num_start)
    for anc in reversed(list(ancestors(ctx.root, sec))):
        heads = [d for d in facts if anc.start <= d.start < anc.body_start and usable(d)]
        if anc.level > 0 and heads:
            return heads[-1].date
    ps, pe = ctx.meta.period_start, ctx.meta.period_end
    if pe and (ps == pe or ps is None or ps < pe):
        return f"{pe}-12-31"
    return None


_SENTENCE_REACH = 600  # a sentence start further back than this is not looked for
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ \t]*\n")


def _sentence(text: str, pos: int) -> tuple[int, int]:
    s = max(0, pos - _SENTENCE_REACH)
    for m in _SENTENCE_END.finditer(text, s, pos):
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
