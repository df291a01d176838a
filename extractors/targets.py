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

from extractors import commitment, indicators, target_deadlines
from extractors.base import Context
from extractors.clauses import Clauses, trim
from extractors.comparators import Chain, opening_change, read_after, read_chain
from extractors.lexicon import phrase_pattern, rows, squash
from extractors.numbers import Number, find_numbers
from pipeline.document import CELL_SEPARATOR
from pipeline.facts import Target

_UNIT_KIND = {squash(noun): kind for noun, kind, *_ in rows("units")}
_UNITS = re.compile(rf"\s*((?:{phrase_pattern(r[0] for r in rows('units'))}))(?!\w)", re.IGNORECASE)
_MORE_UNIT = re.compile(rf"[ \t]*,[ \t]*((?:{phrase_pattern(r[0] for r in rows('units'))}))(?!\w)", re.IGNORECASE)
_PER_WORDS = phrase_pattern(r[0] for r in rows("per_words"))
_PER = re.compile(rf"\s*/\s*({_PER_WORDS})(?!\w)", re.IGNORECASE)
_QUANT: dict[str, list[str]] = {}
for _w, _kind, *_ in rows("quantifiers"):
    _QUANT.setdefault(_kind, []).append(_w)
_EACH = re.compile(rf"(?<!\w)(?:{'|'.join(_QUANT['each'])})\s+({_PER_WORDS})(?!\w)", re.IGNORECASE)
_EACH_AFTER = re.compile(rf"\s*(?:trong\s+)?(?:{'|'.join(_QUANT['each'] + _QUANT['one'])})\s+({_PER_WORDS})(?!\w)",
                         re.IGNORECASE)
# "mỗi xã, phường có ít nhất 01 …": the count is per xã, phường
_EACH_HOLDER = re.compile(rf"(?<!\w)(?:{'|'.join(_QUANT['holder'])})\s+([^\W\d][^;:.()]{{0,40}}?)\s+(?:đều\s+)?"
                          rf"(?:{phrase_pattern(_QUANT['holder_verb'])})(?!\w)", re.IGNORECASE)
_BASELINE = re.compile(r"(?<!\w)so\s+với\s+(?:cùng\s+kỳ\s+)?(?:năm\s+)?((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_SCOPE = re.compile(rf"(?<!\w)(?:{commitment.EXCLUSION})\s+[^();.\n]+", re.IGNORECASE)


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
    report_doc = (ctx.meta.doc_type or "") in commitment.REPORT_TYPES
    plan_year = commitment.plan_year(ctx)
    found: list[_Candidate] = []
    by_section: dict[int, commitment.Where] = {}
    for num in find_numbers(text):
        sec = ctx.root.at(num.start)
        if id(sec) not in by_section:
            by_section[id(sec)] = commitment.section_context(ctx, sec)
        cand = _candidate(text, num, clauses, by_section[id(sec)], report_doc, plan_year)
        if cand is not None:
            found.append(cand)
    return _to_targets(ctx, found)


def _candidate(text: str, num: Number, clauses: Clauses, where: commitment.Where, report_doc: bool,
               plan_year: int | None) -> _Candidate | None:
    cs, ce = clauses.span(num.start)
    if not cs <= num.start < ce:
        return None
    chain = read_chain(text, num.start, cs)
    if where.funding and chain.comparator in (None, "="):
        return None
    report, objectives, body_start = report_doc or where.report, where.objectives, where.body_start
    after_cmp, end = read_after(text, num.end)
    unit, counted = "", ""
    if chain.rank and (not chain.rank_needs_lead or commitment.LEAD.search(text, num.end, ce)) and not num.percent:
        unit = "rank"
    elif num.percent:
        unit = "%"
        if commitment.DESCRIPTOR_AFTER.match(text, num.end):
            return None
    else:
        count = _count(text, num, chain, cs, objectives)
        if count is None:
            return None
        unit, counted, end = count
        after_cmp2, end2 = read_after(text, end)
        if after_cmp2:
            after_cmp, end = after_cmp2, end2
    if commitment.rejected(text, cs, ce, num, chain, report, body_start, objectives) or \
            commitment.dated_before_plan(text, cs, num.start, plan_year, body_start):
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


def _count(text: str, num: Number, chain: Chain, cs: int, objectives: bool) -> tuple[str, str, int] | None:
    """(unit, counted noun, end) when the number counts something it commits to: "tối thiểu 05 đơn vị/quý",
    "đào tạo 1.000 công chức, viên chức", "mỗi xã có ít nhất 01 công chức"; None for names and references
    ("Ủy ban nhân dân 16 phường"), years and bare counts."""
    m = _UNITS.match(text, num.end)
    if not m or (num.value_max is None and _is_year(num)):
        return None
    if not chain.words and commitment.NAME_BEFORE.search(text, max(cs, num.start - 30), num.start):
        return None
    if num.spelled and num.value == 1 and chain.comparator in (None, "="):
        return None  # "một" is mostly the article: only "ít nhất một …" counts
    if not commitment.committed_count(text, chain, cs, num.start, objectives, _UNIT_KIND[squash(m.group(1))]):
        return None
    counted, end = " ".join(m.group(1).lower().split()), m.end()
    more = _MORE_UNIT.match(text, end)
    while more:  # "1.000 công chức, viên chức": a coordinated noun is counted too
        counted, end = f"{counted}, {' '.join(more.group(1).lower().split())}", more.end()
        more = _MORE_UNIT.match(text, end)
    if num.scale:
        counted = f"{num.scale} {counted}"
    per = _PER.match(text, end)
    if per:
        return f"{counted}/{per.group(1).lower()}", counted, per.end()
    each = _EACH.search(text, cs, num.start) or _EACH_AFTER.match(text, end)
    if each:
        return f"{counted}/{each.group(1).lower()}", counted, end
    holder = _EACH_HOLDER.search(text, cs, num.start)
    if holder:
        return f"{counted}/{' '.join(holder.group(1).split())}", counted, end
    return counted, counted, end


def _is_year(num: Number) -> bool:
    return num.value.is_integer() and 1900 <= num.value <= 2100 and not num.spelled


# ---------------------------------------------------------------------------------------------- output

# "từ 80% lên 90%": a level word (data/changes.tsv) after the first number
_TO_LEVEL = re.compile(r"\s*(?:(?:vào\s+|trong\s+)?năm\s+(?:19|20)\d\d\s*)?,?\s*(?:"
                       + phrase_pattern(r[0] for r in rows("changes") if r[1] == "level") + r")(?!\w)", re.IGNORECASE)


def _drop_starting_levels(text: str, group: list[_Candidate]) -> list[_Candidate]:
    """In "từ 80% lên 90%" or "năm 2020 là 80%, phấn đấu đến năm 2025 đạt 90%" the first number is where
    the indicator starts from, not what is to be reached."""
    kept = []
    for a, b in zip(group, group[1:] + [None]):
        if b is not None and _same_class(a.unit, b.unit) and (
                commitment.FUTURE_BEFORE.search(text, a.unit_end, b.chain.start)
                or ("từ" in a.chain.words and _TO_LEVEL.match(text, a.unit_end, b.number.start))):
            continue
        kept.append(a)
    return kept


def _same_class(u: str, v: str) -> bool:
    return (u == "%") == (v == "%") and (u == "rank") == (v == "rank")


# Where one target of a clause ends and the next begins, strongest separator first:
# "đạt 70%, trong đó có chứng chỉ đạt 30%", "30% các cơ quan, đơn vị và tối thiểu 50% phường".
_SEPARATORS = (re.compile(r";"), re.compile(r",\s*(?=trong\s+đó)"), re.compile(r"\s(?:và|hoặc)\s"), re.compile(r","))


def _split(text: str, a_end: int, b_start: int) -> tuple[int, int]:
    """(end of the first target, start of the second) between two numbers of one clause."""
    for sep in _SEPARATORS:
        last = None
        for last in sep.finditer(text, a_end, b_start):
            pass
        if last:
            return last.start(), last.end()
    return b_start, b_start


def _to_targets(ctx: Context, found: list[_Candidate]) -> list[Target]:
    text = ctx.text
    out: list[Target] = []
    deadlines = target_deadlines.facts_of(ctx)
    by_clause: dict[tuple[int, int], list[_Candidate]] = {}
    for c in found:
        by_clause.setdefault(c.clause, []).append(c)
    for (cs, ce), group in by_clause.items():
        group.sort(key=lambda c: c.number.start)
        group = _drop_starting_levels(text, group)
        cuts = [_split(text, a.unit_end, b.chain.start) for a, b in zip(group, group[1:])]
        for i, c in enumerate(group):
            s = cs if i == 0 else cuts[i - 1][1]
            e = cuts[i][0] if i + 1 < len(group) else ce
            s, e = trim(text, s, e)
            e = max(e, c.unit_end) if c.unit_end <= ce else e
            out.append(_target(ctx, c, s, e, deadlines))
    out.sort(key=lambda t: (t.start, t.end))
    return out


def _target(ctx: Context, c: _Candidate, s: int, e: int, deadlines: list[target_deadlines.Time]) -> Target:
    text = ctx.text
    num = c.number
    base = _BASELINE.search(text, num.start, e) or _BASELINE.search(text, s, e)
    scope = _SCOPE.search(text, num.end, c.clause[1]) or _SCOPE.search(text, s, e)
    verb = ""
    if c.unit not in ("%", "rank"):
        cm = None
        for cm in commitment.ACTION.finditer(text, s, num.start):
            pass
        verb = squash(cm.group(0)) if cm else ""
    after_end = scope.start() if scope else e
    after_end = base.start() if base and base.start() > c.unit_end and base.start() < after_end else after_end
    indicator = indicators.describe(c.unit, text[s:c.chain.start], text[c.unit_end:after_end] if after_end > c.unit_end else "",
                                    c.counted, verb, c.chain.change, _UNIT_KIND.get(_head(c.counted)) in _AMOUNTS)
    base_span = base.span() if base else None
    return Target(
        start=s, end=e, indicator=indicator, value=num.value, unit=c.unit, comparator=c.comparator,
        change=_change(text, c, s, base),
        value_max=num.value_max, baseline_year=int(base.group(1)) if base else None,
        deadline=target_deadlines.resolve(ctx, deadlines, num.start, (s, e), c.clause, base_span),
        agencies=_agencies(ctx, s, c.chain.start, num.start),
        indicator_code=_indicator_code(_without_agencies(ctx, s, e), s, e, c.unit_end, indicator),
        scope=" ".join(scope.group(0).split()) if scope else None,
    )


def _change(text: str, c: _Candidate, s: int, base) -> str | None:
    """The change word before the number, or one opening the clause when a baseline follows the number."""
    if c.unit == "rank" or c.chain.level:
        return None
    if c.chain.change:
        return c.chain.change
    if base and base.start() >= c.number.end:
        return opening_change(text, s, c.chain.start)
    return None


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
    """Taxonomy code from the words up to the number and its unit first, then up to the next comma, so a
    side remark later in the clause ("…, ưu tiên nơi có nhiều phản ánh") does not decide it."""
    m = _FOCUS_END.search(text, min(unit_end, e), e)
    focus = text[s:m.start() if m else e]
    return (indicators.classify(text[s:min(unit_end, e)]) or indicators.classify(focus)
            or indicators.classify(indicator) or indicators.classify(text[s:e]))


_AMOUNTS = ("money", "measure")
# scale words of a counted amount ("triệu đồng"): thousands and up (data/number_words.tsv)
_BIG_SCALES = {w for w, v, kind, *_ in rows("number_words") if kind == "scale" and int(v) >= 1000}


def _head(counted: str) -> str:
    """The counted noun without a scale word or a coordinated one: "triệu đồng" → "đồng"."""
    first = counted.split(",")[0].strip()
    return first.split(" ", 1)[1] if first.split(" ", 1)[0] in _BIG_SCALES and " " in first else first


def _agencies(ctx: Context, s: int, e: int, num_start: int) -> list[str]:
    """Agencies named before the number in its clause ("Sở Y tế phấn đấu 100% …"); those after it are
    what is measured ("100% các sở, ban, ngành …"), not who is responsible. In a table row the agencies
    the row assigns (its "Cơ quan chủ trì" / "phối hợp" cells) are responsible for the row's target."""
    text = ctx.text
    row_start = text.rfind("\n", 0, num_start) + 1
    row_end = text.find("\n", num_start)
    row_end = len(text) if row_end < 0 else row_end
    in_row = CELL_SEPARATOR in text[row_start:row_end]
    assigned = ctx.results.get("assignments", [])
    names = []
    for a in sorted(assigned, key=lambda a: a.role != "lead") if in_row else assigned:
        if in_row:
            ok = row_start <= a.start and a.end <= row_end
        else:
            ok = s <= a.start < e and a.end <= num_start
        if ok and a.agency not in names:
            names.append(a.agency)
    return names
