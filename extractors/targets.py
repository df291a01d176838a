"""Targets (chỉ tiêu): the quantities a document commits to reach, each with its clause span, comparator,
change, unit, baseline year, deadline, scope and the agencies the clause names.

One pass finds the numbers (`extractors.numbers`); each is kept only when its clause makes it a
commitment (a % in a plan, a count after a commitment word, a ranking) and not a past result, a
reference, a name or a condition. The words deciding that are data: `data/target_cues.tsv`,
`data/comparators.tsv`, `data/changes.tsv`, `data/ranks.tsv`, `data/units.tsv`, `data/indicators.tsv`.
"""

from __future__ import annotations

import bisect
import re

from extractors import commitment, indicators, scoring, target_deadlines
from extractors.base import Context
from extractors.clauses import Clauses, trim
from extractors.comparators import opening_change
from extractors.lexicon import narrative_kinds, phrase_pattern, rows, squash
from extractors.numbers import find_numbers
from extractors.scoring import Candidate
from extractors.table_cells import column_features, read_cell
from extractors.target_candidates import LEVEL_WORD, UNIT_KIND as _UNIT_KIND, Reading, read, read_table_cell
from pipeline.document import CELL_SEPARATOR
from pipeline.facts import Target

_BASELINE = re.compile(r"(?<!\w)so\s+(?:với\s+)?(?:cùng\s+kỳ\s+)?(?:năm\s+)?((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_SIGN = re.compile(r"(?:^|[\s:(])([+-])\s?$")
_SCOPE = re.compile(rf"(?<!\w)(?:{commitment.EXCLUSION})\s+[^();.\n]+", re.IGNORECASE)


def candidates(ctx: Context) -> list[Candidate]:
    """Every number of the document read as a possible target, with its features (none is dropped unseen)."""
    text = ctx.text
    clauses = Clauses(text, ctx.root)
    report_doc = narrative_kinds().get(ctx.meta.doc_type or "")
    plan_year = commitment.plan_year(ctx)
    ref_year = commitment.reference_year(ctx)
    by_section: dict[int, commitment.Where] = {}
    out = []
    tables = ctx.tables
    starts = [t.start for t in tables]
    for num in find_numbers(text):
        table = _table_of(tables, starts, num.start)
        where = table.locate(num.start) if table else None
        if where and table.is_index(*where):
            out.append(Candidate(num.start, num.end, {}, None, {}, num.raw, reason="a table's row number"))
            continue
        cell = read_cell(text, table, *where, ctx.meta.period_start or plan_year) if where else None
        if cell is not None:
            out.append(read_table_cell(text, num, cell, {}))
            continue
        sec = ctx.root.at(num.start)
        if id(sec) not in by_section:
            by_section[id(sec)] = commitment.section_context(ctx, sec)
        feats, deadline = {}, None
        if table is not None:  # a number inside a cell of words ("Từ 95% trở lên"): its column still speaks
            feats = {"in_table": 1.0}
            if where:
                cf, deadline = column_features(table, *where, ctx.meta.period_start or plan_year)
                feats.update(cf)
                if not cf.get("table_label_cell"):
                    feats["table_value_cell"] = 1.0
        c = read(text, num, clauses, by_section[id(sec)], report_doc, plan_year, feats, ref_year)
        if deadline and c.payload is not None:
            c.payload.deadline = c.payload.deadline or deadline
        out.append(c)
    _mark_starting_levels(text, out)
    return out


def _table_of(tables, starts: list[int], pos: int):
    k = bisect.bisect_right(starts, pos) - 1
    return tables[k] if k >= 0 and pos < tables[k].end else None


def _mark_starting_levels(text: str, cands: list[Candidate]) -> None:
    """In "từ 80% lên 90%" or "năm 2020 là 80%, phấn đấu đến năm 2025 đạt 90%" the first number is where
    the indicator starts from, not what is to be reached: a feature of the first."""
    live = [c for c in cands if not c.reason and c.payload is not None]
    for a, b in zip(live, live[1:]):
        ra, rb = a.payload, b.payload
        if ra.clause != rb.clause or not _same_class(ra.unit, rb.unit):
            continue
        ahead = commitment.FUTURE_BEFORE.search(text, ra.clause[0], ra.chain.start)  # a itself looks ahead
        if (not ahead and commitment.FUTURE_BEFORE.search(text, ra.unit_end, rb.chain.start)) or (
                "từ" in ra.chain.words and _TO_LEVEL.match(text, ra.unit_end, rb.number.start)):
            a.features["starting_level"] = 1
            if b.features.get("rule"):
                a.features["rule"] = 0


def extract(ctx: Context) -> list[Target]:
    cands = candidates(ctx)
    model = ctx.model("targets")
    kept = scoring.decide(cands, model)
    ctx.candidates["targets"] = cands
    conf = {id(c.payload): scoring.confidence(c, model) for c in kept}
    return _to_targets(ctx, [c.payload for c in kept], conf)


# ---------------------------------------------------------------------------------------------- output

# "từ 80% lên 90%": a level word (data/changes.tsv) after the first number
_TO_LEVEL = re.compile(r"\s*(?:(?:vào\s+|trong\s+)?năm\s+(?:19|20)\d\d\s*)?,?\s*(?:"
                       + phrase_pattern(r[0] for r in rows("changes") if r[1] == "level") + r")(?!\w)", re.IGNORECASE)


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


def _to_targets(ctx: Context, found: list[Reading], conf: dict[int, float | None]) -> list[Target]:
    text = ctx.text
    out: list[Target] = []
    deadlines = target_deadlines.facts_of(ctx)
    assigned = _Assigned(text, ctx.results.get("assignments", []))
    by_clause: dict[tuple[int, int], list[Reading]] = {}
    for c in found:
        by_clause.setdefault(c.clause, []).append(c)
    for (cs, ce), group in by_clause.items():
        group.sort(key=lambda c: c.number.start)
        cuts = [_split(text, a.unit_end, b.chain.start) for a, b in zip(group, group[1:])]
        for i, c in enumerate(group):
            s = cs if i == 0 else cuts[i - 1][1]
            e = cuts[i][0] if i + 1 < len(group) else ce
            s, e = trim(text, s, e)
            e = max(e, c.unit_end) if c.unit_end <= ce else e
            t = _target(ctx, c, s, e, deadlines, assigned)
            t.confidence = conf.get(id(c))
            out.append(t)
    out.sort(key=lambda t: (t.start, t.end))
    return out


def _target(ctx: Context, c: Reading, s: int, e: int, deadlines: list[target_deadlines.Time],
            assigned: "_Assigned") -> Target:
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
    indicator = c.indicator or indicators.describe(
        c.unit, text[s:c.chain.start], text[c.unit_end:after_end] if after_end > c.unit_end else "",
        c.counted, verb, c.chain.change,
        _UNIT_KIND.get(_head(c.counted)) in _AMOUNTS or _states_a_level(text, s, c, verb))
    base_span = base.span() if base else None
    return Target(
        start=s, end=e, indicator=indicator, value=num.value, unit=c.unit, comparator=c.comparator,
        change=_change(text, c, s, base),
        value_max=num.value_max, baseline_year=int(base.group(1)) if base else None,
        deadline=c.deadline or target_deadlines.resolve(ctx, deadlines, num.start, (s, e), c.clause, base_span),
        agencies=_agencies(assigned, s, c.chain.start, num.start),
        indicator_code=_blanked_code(ctx.text, assigned, s, e, c.unit_end, indicator),
        scope=" ".join(scope.group(0).split()) if scope else None,
    )


def _change(text: str, c: Reading, s: int, base) -> str | None:
    """The change word before the number; a sign against a baseline ("+0,1 %0 so với năm 2020"); or a change
    verb opening the clause ("Giảm tỷ lệ sinh 0,3%", "tăng thu ngân sách bình quân hàng năm đạt 4,2%"), unless a
    level word says the number is the level reached ("giảm … xuống còn 3%")."""
    if c.unit == "rank" or c.chain.level:
        return None
    if c.chain.change:
        return c.chain.change
    sign = _SIGN.search(text, max(s, c.number.start - 3), c.number.start)
    if sign and base and base.start() >= c.number.end:
        return "increase" if sign.group(1) == "+" else "decrease"
    return opening_change(text, s, c.chain.start)


_FOCUS_END = re.compile(r"[,;(]")


def _blanked_code(text: str, assigned: "_Assigned", s: int, e: int, unit_end: int, indicator: str) -> str | None:
    """The taxonomy code of [s, e) read with the agency names found there blanked ("Sở Giáo dục và Đào tạo"
    is not training). Only the target's own span is copied: `_indicator_code` reads nothing outside
    [min(s, unit_end), e)."""
    spans = [(a.start, a.end) for a in assigned.starting(s, e) if a.end <= e]
    if not spans:
        return _indicator_code(text, s, e, unit_end, indicator)
    lo = min(s, unit_end, e)
    chars = list(text[lo:e])
    for a, b in spans:
        chars[a - lo:b - lo] = " " * (b - a)
    return _indicator_code("".join(chars), s - lo, e - lo, unit_end - lo, indicator)


def _indicator_code(text: str, s: int, e: int, unit_end: int, indicator: str) -> str | None:
    """Taxonomy code from the words up to the number and its unit first, then up to the next comma, so a
    side remark later in the clause ("…, ưu tiên nơi có nhiều phản ánh") does not decide it."""
    m = _FOCUS_END.search(text, min(unit_end, e), e)
    focus = text[s:m.start() if m else e]
    return (indicators.classify(text[s:min(unit_end, e)]) or indicators.classify(focus)
            or indicators.classify(indicator) or indicators.classify(text[s:e]))


_AMOUNTS = ("money", "measure")

def _states_a_level(text: str, s: int, c: Reading, verb: str) -> bool:
    """"Tuổi thọ trung bình đạt 74,6 tuổi", "Số xã đạt chuẩn … đạt 52 xã": a subject of two words or more, then
    a verb of level, and no action on the counted thing: the subject is what is measured."""
    if verb or c.chain.change:
        return False
    level = LEVEL_WORD.search(text, c.chain.start, c.number.start)
    return bool(level) and len(text[s:c.chain.start].split()) >= 2
# scale words of a counted amount ("triệu đồng"): thousands and up (data/number_words.tsv)
_BIG_SCALES = {w for w, v, kind, *_ in rows("number_words") if kind == "scale" and int(v) >= 1000}


def _head(counted: str) -> str:
    """The counted noun without a scale word or a coordinated one: "triệu đồng" → "đồng"."""
    first = counted.split(",")[0].strip()
    return first.split(" ", 1)[1] if first.split(" ", 1)[0] in _BIG_SCALES and " " in first else first


class _Assigned:
    """The assignments found, by where they start, and the rows of the text's " | " tables, read once per
    document so that each target looks up only its own clause or row."""

    def __init__(self, text: str, assigned: list):
        self.found = assigned
        self.order = sorted(range(len(assigned)), key=lambda i: assigned[i].start)
        self.starts = [assigned[i].start for i in self.order]
        self.rows = _pipe_rows(text)
        self.row_starts = [a for a, _ in self.rows]

    def starting(self, lo: int, hi: int) -> list:
        """The assignments starting in [lo, hi), in the order they were found."""
        a = bisect.bisect_left(self.starts, lo)
        b = bisect.bisect_left(self.starts, hi, lo=a)
        return [self.found[i] for i in sorted(self.order[a:b])]

    def row(self, pos: int) -> tuple[int, int] | None:
        """The table row (a line of a " | " table) holding clean offset `pos`, if any."""
        k = bisect.bisect_right(self.row_starts, pos) - 1
        return self.rows[k] if k >= 0 and pos <= self.rows[k][1] else None


def _pipe_rows(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines that are rows of a " | " table: a line with cells, next to another line with
    cells (a table has a header and rows, one a line, as the readers write it). A text with no line break is
    not one giant row, even where a "|" stands in it."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), CELL_SEPARATOR in line, "|" in line))
        pos += len(line) + 1
    return [(a, b) for k, (a, b, cells, _) in enumerate(lines)
            if cells and ((k > 0 and lines[k - 1][3]) or (k + 1 < len(lines) and lines[k + 1][3]))]


def _agencies(assigned: _Assigned, s: int, e: int, num_start: int) -> list[str]:
    """Agencies named before the number in its clause ("Sở Y tế phấn đấu 100% …"); those after it are
    what is measured ("100% các sở, ban, ngành …"), not who is responsible. In a table row the agencies
    the row assigns (its "Cơ quan chủ trì" / "phối hợp" cells) are responsible for the row's target."""
    row = assigned.row(num_start)
    if row is not None:
        row_start, row_end = row
        found = [a for a in assigned.starting(row_start, row_end + 1) if a.end <= row_end]
        found.sort(key=lambda a: a.role != "lead")
    else:
        found = [a for a in assigned.starting(s, e) if a.end <= num_start]
    names = []
    for a in found:
        if a.agency not in names:
            names.append(a.agency)
    return names
