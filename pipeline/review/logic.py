"""What the review page shows and does, as plain functions: filters, progress, the highlighted source, deadlines' urgency."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.localtime import display_time
from pipeline.compare import format_value
from pipeline.review.decisions import Decision, comparator_label, open_store, parse_corrections, record_decision

CONTEXT_CHARS = 1200  # characters of the section shown on each side of the quote, at most
STATUS_LABELS = {"pending": "Chờ duyệt", "accepted": "Đồng ý", "corrected": "Đã sửa", "rejected": "Loại"}
URGENCY_LABELS = {"overdue": "⚠ Quá hạn", "due_this_quarter": "⏳ Đến hạn quý này", "later": "Còn hạn",
                  "none": "Không có hạn"}
ROLE_LABELS = {"lead": "chủ trì", "cooperate": "phối hợp"}


@dataclass
class Snapshot:
    """What one read of the store gives the page; the connection is closed before the page renders."""

    targets: pd.DataFrame
    assignments: pd.DataFrame
    documents: pd.DataFrame


def store_stamp(db) -> tuple:
    """Changes whenever the store file (or its write-ahead log) is written: the page's cache key."""
    out = []
    for p in (Path(db), Path(str(db) + ".wal")):
        try:
            st = p.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


def load_snapshot(db, timeout: float = 5.0) -> Snapshot:
    with open_store(db, read_only=True, timeout=timeout) as store:
        return Snapshot(store.targets(), store.assignments(), store.documents())


def load_source(db, doc_id: str) -> tuple[str, pd.DataFrame]:
    with open_store(db, read_only=True) as store:
        return store.document_text(doc_id), store.sections(doc_id)


# --- filters ------------------------------------------------------------------------------------

def fold(text) -> str:
    """Case- and diacritic-blind form for substring filters ('go vap' finds 'Gò Vấp')."""
    text = unicodedata.normalize("NFD", str(text or "").lower()).replace("đ", "d")
    return "".join(c for c in text if unicodedata.category(c) != "Mn")


def _agencies(v) -> list[str]:
    if isinstance(v, (list, tuple, np.ndarray)):
        return [str(x) for x in v]
    return []


def _year_span(row) -> tuple[int | None, int | None]:
    """The years a target's document covers: its plan period, else the year it was issued (as the store does)."""
    ps, pe, issued = row.get("period_start"), row.get("period_end"), row.get("issue_date")
    issued_year = None if pd.isna(issued) else pd.Timestamp(issued).year
    lo = ps if not pd.isna(ps) else issued_year
    hi = pe if not pd.isna(pe) else (ps if not pd.isna(ps) else issued_year)
    return (None if lo is None else int(lo)), (None if hi is None else int(hi))


def filter_options(targets: pd.DataFrame) -> dict[str, list]:
    """Choices for the page's filters, from the targets in the store."""
    if targets.empty:
        return {"doc": [], "issuer": [], "year": [], "indicator": [], "agency": []}
    years = set()
    for row in targets[["period_start", "period_end", "issue_date"]].to_dict("records"):
        lo, hi = _year_span(row)
        if lo is not None and hi is not None and hi - lo <= 30:
            years.update(range(lo, hi + 1))
    codes = sorted(c for c in targets["indicator_code"].dropna().unique())
    return {
        "doc": sorted(targets["doc"].dropna().unique()),
        "issuer": sorted(targets["issuer"].dropna().unique()),
        "year": sorted(years),
        "indicator": codes,
        "agency": sorted({a for v in targets["agencies"] for a in _agencies(v)}),
    }


def apply_filters(targets: pd.DataFrame, doc=None, issuer=None, year=None, indicator=None, agency=None,
                  deadline_from=None, deadline_to=None, review_status=None) -> pd.DataFrame:
    """Targets kept by the filters, with the meaning `Store.targets(**filters)` gives them.

    `indicator` is an indicator_code, or otherwise words looked for in the indicator phrase.
    """
    df = targets
    if df.empty:
        return df
    keep = pd.Series(True, index=df.index)
    if doc:
        keep &= (df["doc"] == doc) | (df["doc_id"] == doc)
    if issuer:
        key = fold(issuer)
        keep &= df["issuer"].map(lambda s: key in fold(s))
    if year:
        year = int(year)
        spans = [_year_span(r) for r in df[["period_start", "period_end", "issue_date"]].to_dict("records")]
        keep &= pd.Series([lo is not None and hi is not None and lo <= year <= hi for lo, hi in spans], index=df.index)
    if indicator:
        if (df["indicator_code"] == indicator).any():
            keep &= df["indicator_code"] == indicator
        else:
            key = fold(indicator)
            keep &= df["indicator"].map(lambda s: key in fold(s))
    if agency:
        key = fold(agency)
        keep &= df["agencies"].map(lambda v: any(key in fold(a) for a in _agencies(v)))
    deadlines = pd.to_datetime(df["deadline"])
    if deadline_from:
        keep &= deadlines >= pd.Timestamp(deadline_from)
    if deadline_to:
        keep &= deadlines <= pd.Timestamp(deadline_to)
    if review_status:
        keep &= df["review_status"].fillna("pending") == review_status
    return df[keep]


# --- progress and labels -----------------------------------------------------------------------

def progress(targets: pd.DataFrame) -> tuple[int, int]:
    """(reviewed, total) over the given targets."""
    total = len(targets)
    if not total:
        return 0, 0
    return int((targets["review_status"].fillna("pending") != "pending").sum()), total


def progress_text(reviewed: int, total: int) -> str:
    return f"Đã duyệt {reviewed} / {total} chỉ tiêu ({reviewed} of {total} reviewed)"


def _clean(v):
    if v is None:
        return None
    if isinstance(v, (list, tuple, np.ndarray)):
        return v
    return None if pd.isna(v) else v


def value_text(row) -> str:
    return format_value(_clean(row.get("comparator")), _clean(row.get("value")), _clean(row.get("value_max")),
                        _clean(row.get("unit")))


def target_label(row) -> str:
    """How a target reads in the picker: status, document, indicator, value."""
    mark = {"pending": "○", "accepted": "✓", "corrected": "✎", "rejected": "✗"}.get(row.get("review_status") or "pending", "○")
    indicator = str(_clean(row.get("indicator")) or "(chưa rõ chỉ tiêu)")
    if len(indicator) > 70:
        indicator = indicator[:67] + "…"
    return f"{mark} {row.get('doc')} · {indicator} · {value_text(row)}"


LIST_COLUMNS = ["target_id", "review_status", "doc", "indicator", "comparator", "value", "value_max", "unit",
                "deadline", "agencies", "section"]


def list_rows(targets: pd.DataFrame) -> list[dict]:
    """The few fields the list and the picker need (converting every column costs more than the rest of a rerun)."""
    return targets[LIST_COLUMNS].to_dict("records")


def table_view(targets: pd.DataFrame | list[dict]) -> pd.DataFrame:
    """The targets list as the page shows it (Vietnamese headings)."""
    rows = list_rows(targets) if isinstance(targets, pd.DataFrame) else targets
    if not rows:
        return pd.DataFrame(columns=["Trạng thái", "Văn bản", "Chỉ tiêu", "Giá trị", "Thời hạn", "Cơ quan", "Mục"])
    return pd.DataFrame({
        "Trạng thái": [STATUS_LABELS.get(r.get("review_status") or "pending", r.get("review_status")) for r in rows],
        "Văn bản": [r.get("doc") for r in rows],
        "Chỉ tiêu": [_clean(r.get("indicator")) for r in rows],
        "Giá trị": [value_text(r) for r in rows],
        "Thời hạn": [None if _clean(r.get("deadline")) is None else pd.Timestamp(r["deadline"]).date() for r in rows],
        "Cơ quan": ["; ".join(_agencies(r.get("agencies"))) for r in rows],
        "Mục": [_clean(r.get("section")) for r in rows],
    })


def next_target(ids: list[str], statuses: dict[str, str], current: str | None) -> str | None:
    """The next pending target after `current` (wrapping round), else `current`."""
    if not ids:
        return None
    start = ids.index(current) + 1 if current in ids else 0
    for tid in ids[start:] + ids[:start]:
        if statuses.get(tid, "pending") == "pending" and tid != current:
            return tid
    return current if current in ids else ids[0]


# --- the source sentence ------------------------------------------------------------------------

@dataclass
class SourceView:
    section: str  # section path and title, as a heading
    before: str
    quote: str
    after: str
    cut_before: bool
    cut_after: bool


def source_view(raw_text: str, sections: pd.DataFrame, char_start: int, char_end: int,
                section_path: str | None = None, context: int = CONTEXT_CHARS) -> SourceView:
    """The quote within its section's text: the deepest section holding the span, cut to `context` either side."""
    lo, hi = 0, len(raw_text)
    heading = section_path or ""
    if sections is not None and not sections.empty:
        holding = sections[(sections["char_start"] <= char_start) & (sections["char_end"] >= char_end)]
        if section_path:
            named = holding[holding["path"] == section_path]
            holding = named if not named.empty else holding
        if not holding.empty:
            best = holding.assign(_len=holding["char_end"] - holding["char_start"]).sort_values(["_len", "level"], ascending=[True, False]).iloc[0]
            lo, hi = int(best["char_start"]), int(best["char_end"])
            title = _clean(best.get("title")) or ""
            heading = " — ".join(x for x in (str(_clean(best.get("path")) or ""), str(title)) if x)
    a, b = max(lo, char_start - context), min(hi, char_end + context)
    if a > lo:  # start the shown text at a line or word boundary
        nl = raw_text.rfind("\n", a, char_start)
        a = nl + 1 if nl >= 0 else (raw_text.find(" ", a, char_start) + 1 or a)
    if b < hi:
        nl = raw_text.find("\n", char_end, b)
        b = nl if nl >= 0 else (raw_text.rfind(" ", char_end, b) if raw_text.rfind(" ", char_end, b) > 0 else b)
    return SourceView(heading, raw_text[a:char_start], raw_text[char_start:char_end], raw_text[char_end:b],
                      a > lo, b < hi)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&])")


def md_escape(text: str) -> str:
    """Document text made inert inside Streamlit markdown (messages): every markdown/HTML character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def source_html(view: SourceView, page=None, ocr=None) -> str:
    """The section text with the quote marked. Document text is untrusted: every piece is escaped.

    A quote read by OCR off a scanned page is marked so: its letters may differ from the paper's.
    """
    page_note = "" if _clean(page) is None else f'<div class="ct-page">Trang {int(page)}</div>'
    if _clean(ocr):
        page_note += ('<div class="ct-ocr"><b>OCR</b>: chữ đọc từ trang quét, cần đối chiếu với bản gốc</div>')
    head = f'<div class="ct-section">{html.escape(view.section or "(toàn văn bản)")}</div>'
    body = (("… " if view.cut_before else "") + html.escape(view.before)
            + '<mark class="ct-quote">' + html.escape(view.quote) + "</mark>"
            + html.escape(view.after) + (" …" if view.cut_after else ""))
    return (f'{head}{page_note}<div class="ct-source" style="white-space: pre-wrap; line-height: 1.6; '
            f'border-left: 3px solid #f0b429; padding: .5em 1em; max-height: 28em; overflow-y: auto">{body}</div>')


FIELD_LABELS = (("indicator", "Chỉ tiêu"), ("indicator_code", "Mã chỉ số"), ("value_text", "Giá trị"),
                ("change", "Biến động"), ("baseline_year", "Năm gốc"), ("deadline", "Thời hạn"),
                ("agencies", "Cơ quan"), ("scope", "Phạm vi"), ("doc", "Văn bản"), ("number", "Số hiệu"),
                ("issuer", "Cơ quan ban hành"), ("period", "Kỳ kế hoạch"), ("page", "Trang"),
                ("review", "Duyệt"))


def target_fields(row) -> list[tuple[str, str]]:
    """(label, text) pairs describing one target, review included."""
    r = dict(row)
    deadline = _clean(r.get("deadline"))
    ps, pe = _clean(r.get("period_start")), _clean(r.get("period_end"))
    status = r.get("review_status") or "pending"
    review = STATUS_LABELS.get(status, status)
    if status != "pending":
        review += f" — {_clean(r.get('reviewer')) or '?'}"
        if _clean(r.get("reviewed_at")) is not None:
            review += f", {display_time(r['reviewed_at'])}"
        fixes = [f"{label}: {_fmt(r.get('reviewed_' + name), name)}" for name, label in
                 (("value", "giá trị"), ("comparator", "so sánh"), ("unit", "đơn vị"), ("deadline", "thời hạn"),
                  ("indicator", "chỉ tiêu"), ("agency", "cơ quan")) if _clean(r.get("reviewed_" + name)) is not None]
        if fixes:
            review += " (" + "; ".join(fixes) + ")"
        if _clean(r.get("note")):
            review += f" — {r['note']}"
    values = {
        "value_text": value_text(r), "deadline": "" if deadline is None else f"{pd.Timestamp(deadline):%d/%m/%Y}",
        "agencies": "; ".join(_agencies(r.get("agencies"))),
        "period": "" if ps is None else (str(int(ps)) if pe in (None, ps) else f"{int(ps)}–{int(pe)}"),
        "change": {"increase": "tăng", "decrease": "giảm"}.get(_clean(r.get("change")), _clean(r.get("change")) or ""),
        "review": review,
    }
    out = []
    for key, label in FIELD_LABELS:
        v = values[key] if key in values else _clean(r.get(key))
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if v not in (None, ""):
            out.append((label, str(v)))
    return out


def _fmt(v, name) -> str:
    v = _clean(v)
    if name == "deadline":
        return f"{pd.Timestamp(v):%d/%m/%Y}"
    if name == "comparator":
        return comparator_label(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def fields_html(row) -> str:
    """The target's fields as an HTML table, every value escaped."""
    cells = "".join(f'<tr><th style="text-align:left; padding-right:1em; vertical-align:top">{html.escape(k)}</th>'
                    f"<td>{html.escape(v)}</td></tr>" for k, v in target_fields(row))
    return f'<table class="ct-fields">{cells}</table>'


# --- decisions ----------------------------------------------------------------------------------

ACTIONS = {"accept": "accepted", "correct": "corrected", "reject": "rejected"}


def decide(db, target_id: str, action: str, reviewer: str, note: str | None = None,
           corrections: dict | None = None, timeout: float = 5.0) -> str:
    """Record an analyst's decision in the store (a brief read-write session); returns the review id.

    Raises ValueError with a message for the analyst when the decision is incomplete.
    """
    status = ACTIONS[action]
    parsed = parse_corrections(corrections or {}) if status == "corrected" else {}
    decision = Decision(target_id, status, (reviewer or "").strip(), note, parsed)
    return record_decision(db, decision, timeout=timeout)


# --- assignments ---------------------------------------------------------------------------------

def quarter_end(day: dt.date) -> dt.date:
    q_last_month = ((day.month - 1) // 3 + 1) * 3
    nxt = dt.date(day.year + (q_last_month == 12), q_last_month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def urgency(deadline, today: dt.date) -> str:
    """overdue (passed), due_this_quarter (by the end of today's quarter), later, or none."""
    d = _clean(deadline)
    if d is None:
        return "none"
    d = pd.Timestamp(d).date()
    if d < today:
        return "overdue"
    if d <= quarter_end(today):
        return "due_this_quarter"
    return "later"


def agency_key(row) -> str:
    return str(_clean(row.get("agency_local")) or _clean(row.get("agency")) or "?")


def agency_summary(assignments: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """One row per agency: tasks, overdue, due this quarter — most urgent first."""
    cols = ["Cơ quan", "Nhiệm vụ", "Quá hạn", "Đến hạn quý này"]
    if assignments.empty:
        return pd.DataFrame(columns=cols)
    rows = {}
    for r in assignments.to_dict("records"):
        k = agency_key(r)
        u = urgency(r.get("deadline"), today)
        s = rows.setdefault(k, [k, 0, 0, 0])
        s[1] += 1
        s[2] += u == "overdue"
        s[3] += u == "due_this_quarter"
    df = pd.DataFrame(list(rows.values()), columns=cols)
    return df.sort_values(["Quá hạn", "Đến hạn quý này", "Nhiệm vụ", "Cơ quan"], ascending=[False, False, False, True]).reset_index(drop=True)


def agency_tasks(assignments: pd.DataFrame, agency: str, today: dt.date) -> pd.DataFrame:
    """One agency's tasks with their deadlines, marked overdue / due this quarter, soonest first."""
    cols = ["Tình trạng", "Thời hạn", "Vai trò", "Nhiệm vụ", "Văn bản", "Mục"]
    if assignments.empty:
        return pd.DataFrame(columns=cols)
    mine = [r for r in assignments.to_dict("records") if agency_key(r) == agency]
    order = {"overdue": 0, "due_this_quarter": 1, "later": 2, "none": 3}
    mine.sort(key=lambda r: (order[urgency(r.get("deadline"), today)],
                             pd.Timestamp(r["deadline"]) if _clean(r.get("deadline")) is not None else pd.Timestamp.max,
                             str(r.get("doc")), r.get("char_start") or 0))
    return pd.DataFrame([{
        "Tình trạng": URGENCY_LABELS[urgency(r.get("deadline"), today)],
        "Thời hạn": None if _clean(r.get("deadline")) is None else pd.Timestamp(r["deadline"]).date(),
        "Vai trò": ROLE_LABELS.get(r.get("role"), r.get("role")),
        "Nhiệm vụ": _clean(r.get("quote")),
        "Văn bản": r.get("doc"),
        "Mục": _clean(r.get("section")),
    } for r in mine], columns=cols)


def chart_points(points: pd.DataFrame, limit: int = 24) -> pd.DataFrame:
    """Chart rows, one panel per indicator line: the lines followed over most years first, at most `limit`."""
    if points.empty:
        return points.assign(panel=[], order=[])
    years = points.groupby("line")["year"].nunique().sort_values(ascending=False, kind="stable")
    keep = list(years.index[:limit])
    pts = points[points["line"].isin(keep)].copy()
    titles = {}
    for line, g in pts.groupby("line"):
        unit = g["unit"].dropna().iloc[-1] if g["unit"].notna().any() else ""
        name = str(g["indicator"].iloc[-1])
        name = name if len(name) <= 60 else name[:59] + "…"
        titles[line] = f"{name} ({unit})" if unit else name
    pts["panel"] = pts["line"].map(titles)
    pts["order"] = pts["line"].map({line: i for i, line in enumerate(keep)})
    pts["year"] = pts["year"].astype(str)
    return pts.sort_values(["order", "year"]).reset_index(drop=True)


def db_from_env() -> str:
    """The store the page opens: set by `chitieu review --db` (CHITIEU_DB)."""
    return os.environ.get("CHITIEU_DB", "chitieu.duckdb")
