"""Target candidates: every number of the text read with its unit, the words that bind it, and the features
the scorer weighs — what the old gates tested (past results, references, conditions, descriptions, counts
without a commitment word …), kept as values so that no number is dropped without a score and a trace."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors import commitment
from extractors.clauses import Clauses
from extractors.comparators import Chain, read_after, read_chain
from extractors.lexicon import phrase_pattern, rows, squash
from extractors.numbers import Number
from extractors.scoring import Candidate
from extractors.table_cells import CellReading
from pipeline import lines

UNIT_KIND = {squash(noun): kind for noun, kind, *_ in rows("units")}
_UNIT_ALT = phrase_pattern(r[0] for r in rows("units"))
_UNITS = re.compile(rf"\s*((?:{_UNIT_ALT}))(?!\w)", re.IGNORECASE)
_MORE_UNIT = re.compile(rf"[ \t]*,[ \t]*((?:{_UNIT_ALT}))(?!\w)", re.IGNORECASE)
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
# An unknown counted noun: up to three lower-case words after the number, joined by "/" for a rate
# ("73,5 tuổi", "2,1 con/phụ nữ", "45 lần/người/năm"); the words that end a noun phrase are data.
_OPEN_STOP = {w for w, kind, *_ in rows("open_unit_stops")}
_OPEN_WORD = re.compile(r"[ \t]*(/[ \t]*)?([^\W\d_A-ZĐ][^\W\d_]*)")
_PERMILLE = re.compile(r"[ \t]*(?:‰|%0|%o)(?!\w)")
_LABEL_COLON = re.compile(r":[ \t]*$")
_BULLET = re.compile(r"[ \t]*(?:[-+•–*]|\d+(?:\.\d+)*[.)]|[a-zđ]\))")
_HEADING_CAPS = re.compile(r"^[^a-zà-ỹđ]*$")


@dataclass
class Reading:
    """What the number is with the words around it, before the scorer decides."""

    number: Number
    clause: tuple[int, int]
    chain: Chain
    unit: str
    unit_end: int  # where the number, its unit and a trailing comparator word end
    comparator: str
    counted: str = ""  # the counted noun for counts
    features: dict[str, float] = field(default_factory=dict)
    deadline: str | None = None  # the year its table column commits to ("Mục tiêu đến năm 2025")
    indicator: str | None = None  # a table row's label (and column), where the clause is a row of cells


def read_table_cell(text: str, num: Number, cell: "CellReading", base: dict[str, float]) -> Candidate:
    """A number that is a whole table cell: its unit, comparator, quote and deadline come from the table."""
    f = {**base, **cell.features}
    n = cell.number
    unit = cell.unit
    comparator = cell.comparator or "="
    if comparator != "=":
        f["comparator_strict"] = 1
    if is_year(n) and unit in ("", "rank"):
        f["year_value"] = 1
    f["rule"] = float(bool(unit) and not f.get("column_result") and not f.get("other_column_target")
                      and not f.get("column_year_before_plan") and not f.get("year_value"))
    counted = "" if unit in ("%", "‰") else unit
    label = text[cell.span[0]:cell.span[1]].split("\n")[0].split("|")[0].strip()
    indicator = label if not cell.header else f"{label} ({' '.join(cell.header.split())})"
    reading = Reading(n, cell.span, Chain(start=n.start), unit, n.end, comparator, counted, f, cell.deadline,
                      indicator)
    uclass = "%" if unit == "%" else "count"
    return Candidate(n.start, n.end, pool(f), reading, {"value": n.value, "unit_class": uclass},
                     f"{_fmt(n.value)} {unit}".strip())


def is_year(num: Number) -> bool:
    return num.value.is_integer() and 1900 <= num.value <= 2100 and not num.spelled and not num.percent


def read(text: str, num: Number, clauses: Clauses, where: commitment.Where, report_doc: str | None,
         plan_year: int | None, base: dict[str, float], ref_year: int | None = None) -> Candidate:
    cs, ce = clauses.span(num.start)
    if not cs <= num.start < ce:
        cs, ce = num.start, max(ce, num.end)
    chain = read_chain(text, num.start, cs)
    after_cmp, end = read_after(text, num.end)
    f: dict[str, float] = dict(base)  # where the number stands (in a table) as the caller found it
    unit, counted = "", ""
    permille = _PERMILLE.match(text, num.end) if num.percent or text[num.end:num.end + 1] in "‰%" else None
    if chain.rank and (not chain.rank_needs_lead or commitment.LEAD.search(text, num.end, ce)) and not num.percent:
        unit = "rank"
        f["unit_rank"] = 1
    elif permille or _PERMILLE.match(text, num.end):
        pm = permille or _PERMILLE.match(text, num.end)
        unit, counted, end = "‰", "‰", pm.end()
        f["unit_permille"] = 1
    elif num.percent:
        unit = "%"
        f["unit_pct"] = 1
        per = _PER.match(text, num.end)
        if per:  # "10%/năm trở lên": a yearly rate; what comes after it still qualifies the number
            end = per.end()
            after2, end2 = read_after(text, end)
            if after2:
                after_cmp, end = after2, end2
        if commitment.DESCRIPTOR_AFTER.match(text, num.end):
            f["descriptor_after"] = 1
    else:
        unit, counted, end = _count_unit(text, num, chain, cs, f)
        after2, end2 = read_after(text, end)
        if after2:
            after_cmp, end = after2, end2
    _gates(text, num, chain, cs, ce, where, report_doc, plan_year, unit, f)
    _layout(text, num, cs, ce, f)
    context_features(text, num, cs, ce, ref_year or plan_year, f)
    end = max(end, num.end)
    if num.value_max is not None:
        comparator = "range"
    elif unit == "rank":
        comparator = chain.rank or "<="
    elif chain.comparator and chain.comparator != "=":
        comparator = chain.comparator
    else:
        comparator = after_cmp or "="
    if comparator not in ("=", "range"):
        f["comparator_strict"] = 1
    if after_cmp:
        f["comparator_after"] = 1
    reading = Reading(num, (cs, ce), chain, unit, end, comparator, counted, f)
    uclass = "%" if unit == "%" else "rank" if unit == "rank" else "count"
    reason = "a year" if is_year(num) and unit in ("", "rank") and num.value_max is None else ""
    return Candidate(num.start, end, pool(f), reading, {"value": num.value, "unit_class": uclass},
                     f"{_fmt(num.value)} {unit}".strip(), reason=reason)


# Signals that say the same thing in running text and in tables, pooled so that what is learned from one
# layout holds for the other ("Thực hiện 2020" over a column is what "đã đạt" is in a sentence).
_POOLED = {
    "cue_past": ("past_before", "past_start", "past_report", "column_result", "column_year_before_plan",
                 "dated_before_plan", "year_past_before"),
    "cue_future": ("future_before", "future_lead_in", "column_target", "year_ahead_before"),
    "cue_no_unit": ("unit_none", "unit_scale_only"),
}


def pool(f: dict[str, float]) -> dict[str, float]:
    for name, parts in _POOLED.items():
        if any(f.get(p) for p in parts):
            f[name] = 1.0
    return f


def _fmt(v: float) -> str:
    return str(int(v)) if v.is_integer() else str(v)


def _count_unit(text: str, num: Number, chain: Chain, cs: int, f: dict) -> tuple[str, str, int]:
    """(unit, counted noun, end) of a count: a known noun ("công chức", "trụ sở"), with a per-thing rate
    ("đơn vị/quý", "mỗi xã") or, failing that, the open noun phrase after the number."""
    m = _UNITS.match(text, num.end)
    if m:
        kind = UNIT_KIND[squash(m.group(1))]
        f["unit_known"] = 1
        f[f"unit_kind_{kind}"] = 1
        counted, end = " ".join(m.group(1).lower().split()), m.end()
        more = _MORE_UNIT.match(text, end)
        while more:  # "1.000 công chức, viên chức": a coordinated noun is counted too
            counted, end = f"{counted}, {' '.join(more.group(1).lower().split())}", more.end()
            more = _MORE_UNIT.match(text, end)
        if num.scale:
            counted = f"{num.scale} {counted}"
        if not commitment.committed_count(text, chain, cs, num.start, False, kind):
            f["count_uncommitted"] = 1
        if kind == "duration" and chain.comparator in (None, "="):
            f["duration_plain"] = 1
        per = _PER.match(text, end)
        if not per:
            denominator = _per_count(text, end)
            if denominator:  # "12 bác sĩ/10.000 dân", "32 giường bệnh/vạn dân", "110 bé trai/100 bé gái"
                return f"{counted}/{denominator[0]}", counted, denominator[1]
        if per:
            rate, end = counted, per.start()
            while per:  # "triệu đồng/ha/năm", "lần/người/năm"
                rate, end = f"{rate}/{' '.join(per.group(1).lower().split())}", per.end()
                per = _PER.match(text, end)
            return rate, counted, end
        each = _EACH.search(text, cs, num.start) or _EACH_AFTER.match(text, end)
        if each:
            return f"{counted}/{each.group(1).lower()}", counted, end
        holder = _EACH_HOLDER.search(text, cs, num.start)
        if holder:
            return f"{counted}/{' '.join(holder.group(1).split())}", counted, end
        return counted, counted, end
    words, end = _open_unit(text, num.end)
    if words:
        f["unit_open"] = 1
        denominator = _per_count(text, end) if "/" not in words else None
        if denominator:
            words, end = f"{words}/{denominator[0]}", denominator[1]
        counted = f"{num.scale} {words}" if num.scale else words
        if not commitment.committed_count(text, chain, cs, num.start, False, ""):
            f["count_uncommitted"] = 1
        return counted, counted, end
    if num.scale:
        f["unit_scale_only"] = 1
        return num.scale, num.scale, num.end
    f["unit_none"] = 1
    return "", "", num.end


# A rate per a number of people or things: "/10.000 dân", "/vạn dân", "/100 bé gái" (digits kept without separators,
# as the gold writes "giường bệnh/10000 dân")
_PER_COUNT = re.compile(r"[ \t]*/[ \t]*(?:(\d{1,3}(?:[.,]\d{3})+|\d+)[ \t]*)?(?:("
                        + phrase_pattern(w for w, _v, kind, *_ in rows("number_words") if kind == "scale")
                        + r")[ \t]+)?(?=[^\W\d_])", re.IGNORECASE)


def _per_count(text: str, pos: int) -> tuple[str, int] | None:
    m = _PER_COUNT.match(text, pos)
    if not m or not (m.group(1) or m.group(2)):
        return None
    words, end = _open_unit(text, m.end(), max_words=4)
    if not words or "/" in words:
        return None
    parts = [re.sub(r"[.,]", "", m.group(1)) if m.group(1) else "", (m.group(2) or "").lower(), words]
    return " ".join(p for p in parts if p), end


def _open_unit(text: str, pos: int, max_words: int = 4) -> tuple[str, int]:
    """The lower-case noun phrase right after a number, up to a stop word or punctuation."""
    words: list[str] = []
    end = pos
    while len(words) < max_words:
        m = _OPEN_WORD.match(text, end)
        if not m or "\n" in text[end:m.start(2)]:
            break
        w = m.group(2).lower()
        if not m.group(1) and w in _OPEN_STOP:
            break
        words.append(("/" if m.group(1) else "") + w)
        end = m.end()
    return " ".join(words).replace(" /", "/"), end


def _gates(text: str, num: Number, chain: Chain, cs: int, ce: int, where: commitment.Where, report_doc: str | None,
           plan_year: int | None, unit: str, f: dict) -> None:
    """The signals the old extractor used as hard gates, each a feature."""
    before = (cs, chain.start)
    future = bool(commitment.FUTURE_BEFORE.search(text, *before))
    f["future_before"] = float(future)
    f["future_after"] = float(bool(commitment.FUTURE.search(text, num.end, ce)))
    strict = chain.comparator not in (None, "=")
    lead_in = commitment.future_lead_in(text, cs, where.body_start)
    if commitment.DESCRIPTOR_BEFORE.search(text, *before) and not (future or strict or lead_in or where.objectives):
        f["descriptor_before"] = 1  # "chiếm 38%" describes; in a list of goals it plans a structure
    if commitment.CONDITIONAL.search(text, *before):
        f["conditional"] = 1
    if commitment.PAST.search(text, cs, num.start):
        f["past_before"] = 1
    if commitment.PAST_START.match(text, cs, chain.start):
        f["past_start"] = 1
    if commitment.PAST_REPORT.search(text, cs, ce):
        f["past_report"] = 1
    if lead_in:
        f["future_lead_in"] = 1
    if commitment.dated_before_plan(text, cs, num.start, plan_year, where.body_start, where.issued):
        f["dated_before_plan"] = 1
    if not chain.words and commitment.name_before(text, max(cs, num.start - 30), num.start):
        f["name_before"] = 1
    denominator = _DENOMINATOR_BEFORE.search(text, max(cs, num.start - 80), num.start)
    if denominator and unit not in ("%", "‰") and not _LEVEL_VERB.search(denominator.group(0)):
        # "Số bác sỹ trên 10.000 dân": the number is the rate's denominator; a share is never one, and after
        # a verb of level ("Tỷ lệ lao động qua đào tạo đạt trên 70%") "trên" is a comparator
        f["rate_denominator"] = 1
    if (unit.startswith(_AGE_UNIT) and _POPULATION_BEFORE.search(text, max(cs, chain.start - 40), chain.start)
            and not _LEVEL_VERB.search(text, chain.start, num.start)):  # "tuổi thọ … của người dân đạt 75 tuổi"
        f["age_threshold"] = 1  # "trẻ em dưới 5 tuổi": the age bounds who is counted
    if num.spelled:
        f["spelled"] = 1
        if num.value == 1 and chain.comparator in (None, "="):
            f["spelled_article"] = 1
    if chain.words:
        f["chain_words"] = 1
    if chain.weak:
        f["chain_weak"] = 1
    if chain.commit or commitment.COMMIT.search(text, cs, num.start):
        f["commit_word"] = 1
    if chain.change:
        f["change_word"] = 1
    if chain.level:
        f["level_word"] = 1
    f["section_objectives"] = float(where.objectives)
    f["section_report"] = float(where.report)
    f["section_funding"] = float(where.funding)
    if where.funding and chain.comparator in (None, "="):
        f["funding_plain"] = 1
    report = bool(report_doc) or where.report
    if report and not where.objectives and not future and not f["future_after"] and not f.get("future_lead_in"):
        # a report tells of results unless a word looks ahead; a news post that retells a plan's targets
        # often has none, so the two are separate signals
        f["news_no_future" if report_doc == "news" and not where.report else "report_no_future"] = 1
    f["rule"] = float(_rule(f, unit, chain, report, where.objectives))


def _rule(f: dict, unit: str, chain: Chain, report: bool, objectives: bool) -> bool:
    """The old extractor's decision, from the same signals: a feature, and the fallback without a model."""
    if f.get("funding_plain") or f.get("descriptor_after") or f.get("dated_before_plan") or f.get("conditional"):
        return False
    if unit not in ("%", "rank", "‰"):
        if not f.get("unit_known") or f.get("name_before") or f.get("spelled_article"):
            return False
        if f.get("count_uncommitted") and not (objectives and chain.weak):
            return False
    future = f.get("future_before")
    if f.get("descriptor_before") and not objectives:
        return False
    if not future and (f.get("past_before") or f.get("past_start")):
        return False
    if report and (f.get("past_report") or f.get("report_no_future") or f.get("news_no_future")):
        return False
    return True


_YEAR_IN_CLAUSE = re.compile(r"(?<![\d/.,-])((?:19|20)\d\d)(?![\d/])")
_AGE_UNIT = "tuổi"
_DENOMINATOR_BEFORE = re.compile(r"(?<!\w)(?:" + phrase_pattern(w for w, k, *_ in rows("target_cues") if k == "rate_noun")
                                 + r")(?:\s+[^\W\d_]+){1,6}\s+(?:trên|cho|/)\s*$", re.IGNORECASE)
_LEVEL_WORDS = [w for w, k, *_ in rows("target_cues") if k == "level_verb"]
LEVEL_WORD = re.compile(r"(?<!\w)(?:" + phrase_pattern(_LEVEL_WORDS) + r")(?!\w)", re.IGNORECASE)
_LEVEL_VERB = re.compile(r"(?<!\w)(?:" + phrase_pattern(_LEVEL_WORDS + [w for w, *_ in rows("changes")]) + r")(?!\w)",
                         re.IGNORECASE)
_POPULATION_BEFORE = re.compile(r"(?<!\w)(?:" + phrase_pattern(w for w, k, *_ in rows("target_cues") if k == "population")
                                + r")(?:\s+[^\W\d_]+){0,3}\s*$", re.IGNORECASE)
_BASELINE_BEFORE = re.compile(r"(?<!\w)so(?:\s+với)?(?:\s+cùng\s+kỳ)?(?:\s+năm)?\s*$", re.IGNORECASE)
_SCALE_WORDS = re.compile(r"\s*(?:" + phrase_pattern(w for w, _v, kind, *_ in rows("number_words") if kind == "scale")
                          + r")(?!\w)", re.IGNORECASE)


def context_features(text: str, num: Number, cs: int, ce: int, plan_year: int | None, f: dict) -> None:
    """Years around the number (ahead of the plan's start or before it), scale words, the clause's shape."""
    # a year compared against ("so với năm 2020") is a baseline, not a time the number belongs to
    before = [int(m.group(1)) for m in _YEAR_IN_CLAUSE.finditer(text, cs, num.start) if not _BASELINE_BEFORE.search(text, max(cs, m.start() - 14), m.start())]
    after = [int(m.group(1)) for m in _YEAR_IN_CLAUSE.finditer(text, num.end, ce) if not _BASELINE_BEFORE.search(text, max(num.end, m.start() - 14), m.start())]
    if plan_year:
        if any(y >= plan_year for y in before):
            f["year_ahead_before"] = 1
        if any(y < plan_year for y in before):
            f["year_past_before"] = 1
        if any(y < plan_year for y in after):
            f["year_past_after"] = 1
    elif before:
        f["year_before"] = 1
    if num.scale or _SCALE_WORDS.match(text, num.end):
        f["scale_word"] = 1
    ss = _sentence_start(text, cs)
    if ss < cs:  # the sentence this clause continues: "đến năm 2025 phấn đấu đón 25 triệu lượt khách; 130 triệu …"
        if commitment.FUTURE_BEFORE.search(text, ss, cs):
            f["future_in_sentence"] = 1
        if commitment.PAST.search(text, ss, cs):
            f["past_in_sentence"] = 1
    if not text[num.end:ce].strip(" \t.;,"):
        f["ends_clause"] = 1
    words_before = len(text[cs:num.start].split())
    f["words_before_le3"] = float(words_before <= 3)
    f["words_before_ge12"] = float(words_before >= 12)


_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n[ \t]*\n|:[ \t]*\n")
_SENTENCE_REACH = 400


def _sentence_start(text: str, pos: int) -> int:
    s = max(0, pos - _SENTENCE_REACH)
    for m in _SENTENCE_END.finditer(text, s, pos):
        s = m.end()
    return s


def _layout(text: str, num: Number, cs: int, ce: int, f: dict) -> None:
    """Where the number sits: after a label and colon, in a list item, a heading line, a table row."""
    ls, le = lines.line_start(text, num.start), lines.line_end(text, num.end)
    if lines.has_bar(text, ls, le):
        f["table_row"] = 1
    if _LABEL_COLON.search(text, max(cs, num.start - 3), num.start) or _LABEL_COLON.search(text[cs:num.start].rstrip()):
        f["after_colon"] = 1
    if _BULLET.match(text, ls):
        f["list_item"] = 1
    line = text[ls:le] if le - ls < 160 else ""  # a longer line is no heading: not copied
    if le - ls < 160 and _HEADING_CAPS.match(line) and sum(c.isalpha() for c in line) > 8:
        f["heading_line"] = 1
    before = text[cs:num.start]
    if not before.strip():
        f["clause_start"] = 1
    if before.count("(") > before.count(")"):
        f["in_parens"] = 1
    if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
        f["in_quotes"] = 1
