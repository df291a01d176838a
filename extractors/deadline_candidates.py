"""Deadline candidates: every time expression of the text with the features the scorer weighs — the cue
before it, what the old gates tested (a document's date, a programme's name, a past event, a title), where
it sits (title, heading, table column, legal grounds) — so that no time is dropped without a score."""

from __future__ import annotations

import re

from extractors import deadlines as rules
from extractors.lexicon import section_words
from extractors.timeexpr import RANGE_PREFIX_ROLES, TimeExpr
from pipeline import lines

_TIME_HEADER = re.compile(r"(?<!\w)(?:thời\s+gian|thời\s+hạn|tiến\s+độ|hoàn\s+thành)(?!\w)", re.IGNORECASE)
_CAPS_LINE = re.compile(r"^[^a-zà-ỹđ]*$")
_NUMBERED_LINE = re.compile(r"^[ \t]*(?:[IVXL]{1,4}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])[.)][ \t]")
_PERCENT_NEAR = re.compile(r"\d\s*%")
# a programme or plan named in lower case before the time (the capitalised ones are rules._DOCUMENT)
_PROGRAMME = re.compile(r"(?<!\w)(?:" + rules._alt(w.lower() for w in rules._CUES["document"]) + r")(?!\w)")
_PROGRAMME_REACH = 60
_YEAR4 = re.compile(r"(?:19|20)\d\d")


def _first_year(text: str, t: TimeExpr) -> int | None:
    m = _YEAR4.search(text, t.start, t.end)
    return int(m.group(0)) if m else None
_FUTURE = re.compile(r"(?<!\w)(?:" + rules._alt(section_words("plan")) + r")(?!\w)", re.IGNORECASE)
# a value right after the time: a number that is not a year, after at most a colon, a bracket or a linking verb
_VALUE_AFTER = re.compile(r"[ \t]*[):]{0,2}[ \t]*(?:(?:đạt|là|còn|có|khoảng|từ|trên|dưới|tối thiểu)[ \t]+)?"
                          r"(?!(?:19|20)\d\d(?!\d))\d[\d.,]*(?![\d.,]*\s*[:/]\s*\d)", re.IGNORECASE)  # not "3:16"
_PAST_NEAR = 45  # characters: a past marker further back in the clause belongs to another verb


def features(t: TimeExpr, text: str, cs: int, ce: int, cue: str | None, meta, now: str | None,
             skipped: str | None, table_cell: tuple | None, title_end: int, ahead: bool = False) -> dict[str, float]:
    """The old `_keep` decision and each of its tests as a feature, plus layout signals."""
    f: dict[str, float] = {f"time_{t.kind}": 1.0, f"cue_{cue or 'none'}": 1.0}
    before, after = text[cs:t.start], text[t.end:ce]
    period = (meta.period_start, meta.period_end)
    issue_date = meta.issue_date
    strong = cue in rules._STRONG
    relative = t.kind in ("relative", "event")
    if rules._PREAMBLE.search(before):
        f["preamble_before"] = 1
    # each of the old tests is a feature only where the old rule asked it (after a strong cue "trước …" a
    # document's name does not make the time a citation; a relative time is never a programme's name)
    if not relative:
        past_zone = before[before.rfind(",") + 1:] if strong else before
        if rules._PAST.search(past_zone[-_PAST_NEAR:]) or rules._PAST.search(after[:30]):
            f["past_words"] = 1  # "đã hoàn thành trong năm 2020"
        elif rules._PAST.search(past_zone):
            f["past_words_far"] = 1  # "đã thông qua kế hoạch …, phổ biến các mục tiêu … năm 2025": another verb's
    if t.kind == "recurrence" and rules._excluded(t, text, cs, ce):
        f["recurrence_in_name"] = 1
    if t.kind in rules._NEEDS_CUE and rules._goal_heading(text, t):
        f["goal_heading"] = 1
    if not relative and t.kind != "recurrence":
        if RANGE_PREFIX_ROLES.get(t.prefix) == "term":
            f["term_prefix"] = 1
        if before.count("“") > before.count("”"):
            f["in_quotes"] = 1
        if not strong and rules._NAME_BEFORE.search(before[-25:]):
            f["name_before"] = 1
        if t.date is not None and now and t.date < now:
            f["before_now"] = 1
        if not strong and rules._names_document(before):
            f["names_document"] = 1
    if t.kind == "date" and not strong:
        if t.date is not None and t.date == issue_date:
            f["issue_date"] = 1
        if before.rstrip().endswith(","):
            f["comma_before"] = 1
        if rules._narrative(t, text, cs, ce):
            f["narrative_date"] = 1
    if t.kind in rules._NEEDS_CUE and cue is None:
        label = rules._ITEM_START.match(before) and rules._TOPIC_AFTER.match(text, t.end)
        if label:
            f["label_year"] = 1
            if rules._PAST.search(re.split(r"[.;\n]", text[t.end:t.end + 80], maxsplit=1)[0]):
                f["label_past"] = 1
        if rules._STRIVE.search(before):
            f["strive_before"] = 1
        if rules._whole_cell(text, t):
            f["whole_cell"] = 1
        if rules._sub_period(text, t, period):
            f["sub_period"] = 1
        if not any(f.get(k) for k in ("label_year", "strive_before", "whole_cell", "sub_period", "goal_heading")):
            f["bare_year"] = 1  # "năm 2021" with nothing that makes it a time to meet: mostly a name's year
    if skipped:
        f[f"{skipped}_section"] = 1  # preamble_section, review_section
    if t.kind == "this_year" and meta.doc_type in rules._NARRATIVE_TYPES:
        f["this_year_narrative"] = 1
    if meta.doc_type == "bao_cao" and not ahead and not (rules._STRIVE.search(text, cs, ce) or _FUTURE.search(text, cs, ce)):
        f["report_no_future"] = 1  # a report tells what was done unless a word or its section (directions) looks ahead
    _layout(t, text, f, table_cell, title_end)
    if t.year and period[1] and period[0] and period[0] <= t.year <= period[1]:
        f["year_in_period"] = 1
    if t.year and period[1] and t.year > period[1]:
        f["year_after_period"] = 1
    if _PERCENT_NEAR.search(text, max(cs, t.start - 80), min(ce, t.end + 120)):
        f["target_near"] = 1
    if t.kind == "year_range" and period[0] and (t.year, _first_year(text, t)) == (period[1], period[0]):
        f["own_period"] = 1  # the document's own period: mostly the name of the plan or a programme's span
    if _PROGRAMME.search(before[-_PROGRAMME_REACH:]):
        f["programme_before"] = 1  # "các chương trình mục tiêu quốc gia giai đoạn 2021 - 2025"
    if _VALUE_AFTER.match(text, t.end):
        f["value_after"] = 1  # "năm 2020: 845 hộ", "(năm 2009 70%)", "năm 2025 đạt 90%": the year dates a value
    f["rule"] = float(_rule(f, t, cue))
    return f


def _layout(t: TimeExpr, text: str, f: dict, table_cell: tuple | None, title_end: int) -> None:
    ls, le = lines.line_start(text, t.start), lines.line_end(text, t.end)
    line = text[ls:le] if le - ls < 200 else ""  # a longer line is neither a caps line nor a numbered one
    if le - ls < 200 and _CAPS_LINE.match(line) and sum(c.isalpha() for c in line) > 6:
        f["caps_line"] = 1
    if le - ls < 120 and _NUMBERED_LINE.match(line):
        f["numbered_line"] = 1
    if t.start < title_end:
        f["in_title_zone"] = 1
    if lines.blank(text, ls, t.start) and re.compile(r"[ \t.:;,]*").match(text, t.end, le).end() >= le:
        f["alone_on_line"] = 1
    if table_cell is not None:
        header, whole = table_cell
        f["table_cell"] = 1
        if _TIME_HEADER.search(header):
            f["time_column"] = 1
        if whole:
            f["whole_table_cell"] = 1
            if f.get("time_column"):
                f["whole_cell"] = 1  # "… | Sở Y tế | Quý IV/2019": the row's deadline


def _rule(f: dict, t: TimeExpr, cue: str | None) -> bool:
    """The old extractor's keep decision, from the same signals (the fallback without a model)."""
    if f.get("preamble_section") or f.get("review_section") or f.get("this_year_narrative") or f.get("preamble_before"):
        return False
    if t.kind in ("relative", "event"):
        return True
    if f.get("past_words") or f.get("past_words_far"):
        return False
    if t.kind == "recurrence":
        return not f.get("recurrence_in_name")
    if cue == "baseline" or cue == "start" and t.kind != "date":
        return False
    if t.kind in rules._NEEDS_CUE and f.get("goal_heading"):
        return not f.get("before_now")
    strong = cue in rules._STRONG
    if f.get("term_prefix") or f.get("in_quotes") or f.get("name_before"):
        return False
    if t.kind != "date" and f.get("before_now"):
        return False
    if f.get("names_document"):
        return False
    if t.kind == "date" and (f.get("issue_date") or (not strong and f.get("before_now")) or f.get("comma_before")
                             or f.get("narrative_date")):
        return False
    if t.kind in rules._NEEDS_CUE and cue is None:
        if f.get("label_past"):
            return False
        return bool(f.get("label_year") or f.get("strive_before") or f.get("whole_cell") or f.get("sub_period"))
    return True
