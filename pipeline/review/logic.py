"""What the review page shows and does, as plain functions: filters, order, the list, moving between targets,
a target's fields in words, and recording decisions and added targets."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from pipeline.labels import label, labels
from pipeline.localtime import display_time
from pipeline.review.data import CACHE, Snapshot, db_from_env, decorate, file_stamp, load_snapshot
from pipeline.review.decisions import (Decision, comparator_label, fold, open_store, parse_comparator, parse_date,
                                       parse_number, record_decision)

__all__ = ["Snapshot", "load_snapshot", "db_from_env", "file_stamp", "apply_filters", "filter_options", "progress",
           "progress_text", "ordered", "table_view", "neighbour", "next_target", "target_fields", "fields_html",
           "decide", "add_target", "load_source", "marks", "LOW_CONFIDENCE"]

STATUS_LABELS = labels("review_status")
STATUS_MARKS = {"pending": "○", "accepted": "✓", "corrected": "✎", "rejected": "✗", "added": "✚"}
LOW_CONFIDENCE = 0.6  # below this the extraction is marked for a careful look
SORTS = {"confidence": "Độ tin cậy thấp trước", "document": "Theo văn bản"}
TABLE_COLUMNS = ["Trạng thái", "Văn bản", "Chỉ tiêu", "Giá trị", "Thời hạn", "Cơ quan", "Tin cậy", "Lưu ý"]


def _clean(v):
    if v is None:
        return None
    if isinstance(v, (list, tuple, np.ndarray)):
        return v
    return None if pd.isna(v) else v


def _decorated(df: pd.DataFrame) -> pd.DataFrame:
    return df if "_issuer_f" in df.columns else decorate(df)


# --- filters -------------------------------------------------------------------------------------

def filter_options(targets: pd.DataFrame) -> dict[str, list]:
    """Choices for the page's filters, from the targets in the store."""
    if targets.empty:
        return {"doc": [], "issuer": [], "year": [], "indicator": [], "agency": []}
    t = _decorated(targets)
    years = set()
    for lo, hi in zip(t["_lo"], t["_hi"]):
        if not (pd.isna(lo) or pd.isna(hi)) and hi - lo <= 30:
            years.update(range(int(lo), int(hi) + 1))
    return {
        "doc": sorted(t["doc"].dropna().unique()),
        "issuer": sorted(t["issuer"].dropna().unique()),
        "year": sorted(years),
        "indicator": sorted(t["indicator_code"].dropna().unique()),
        "agency": sorted({a for v in t["agencies"] for a in (v if isinstance(v, (list, np.ndarray)) else [])}),
    }


def apply_filters(targets: pd.DataFrame, doc=None, issuer=None, year=None, indicator=None, agency=None,
                  deadline_from=None, deadline_to=None, review_status=None) -> pd.DataFrame:
    """Targets kept by the filters, with the meaning `Store.targets(**filters)` gives them; vectorised, so a
    rerun on 10,000 targets costs milliseconds.

    `indicator` is an indicator_code, or otherwise words looked for in the indicator phrase.
    """
    if targets.empty:
        return targets
    df = _decorated(targets)
    keep = np.ones(len(df), dtype=bool)
    if doc:
        keep &= ((df["doc"] == doc) | (df["doc_id"] == doc)).to_numpy()
    if issuer:
        keep &= df["_issuer_f"].str.contains(fold(issuer), regex=False).to_numpy()
    if year:
        y = int(year)
        keep &= ((df["_lo"] <= y) & (df["_hi"] >= y)).fillna(False).to_numpy(dtype=bool)
    if indicator:
        by_code = (df["indicator_code"] == indicator).fillna(False)
        keep &= (by_code if by_code.any() else df["_indicator_f"].str.contains(fold(indicator), regex=False)).to_numpy()
    if agency:
        keep &= df["_agencies_f"].str.contains(fold(agency), regex=False).to_numpy()
    if deadline_from:
        keep &= (df["_deadline"] >= pd.Timestamp(deadline_from)).to_numpy()
    if deadline_to:
        keep &= (df["_deadline"] <= pd.Timestamp(deadline_to)).to_numpy()
    if review_status:
        keep &= (df["review_status"].fillna("pending") == review_status).to_numpy()
    return df[keep]


def ordered(view: pd.DataFrame, sort: str = "confidence") -> pd.DataFrame:
    """The list's order: lowest confidence first (targets without one after, in document order), or by document."""
    if view.empty or sort != "confidence":
        return view
    # a stable sort keeps document order among equal (or missing) confidences
    return view.iloc[np.argsort(view["_conf"].fillna(np.inf).to_numpy(), kind="stable")]


# --- progress, the list and moving through it ------------------------------------------------------

def progress(targets: pd.DataFrame) -> tuple[int, int]:
    """(reviewed, total) over the given targets; added targets are reviewed by the one who added them."""
    total = len(targets)
    if not total:
        return 0, 0
    return int((targets["review_status"].fillna("pending") != "pending").sum()), total


def progress_text(reviewed: int, total: int) -> str:
    return f"Đã duyệt {reviewed} / {total} chỉ tiêu"


def marks(row) -> str:
    """Marks that ask for a careful look: a low confidence, a text read by OCR."""
    out = []
    conf = _clean(row.get("confidence"))
    if conf is not None and float(conf) < LOW_CONFIDENCE:
        out.append("⚠ tin cậy thấp")
    if _clean(row.get("ocr")):
        out.append("🔍 OCR")
    return ", ".join(out)


def table_view(view: pd.DataFrame) -> pd.DataFrame:
    """The list as the page shows it: words, not codes; one row per target, in the view's order."""
    if view.empty:
        return pd.DataFrame(columns=TABLE_COLUMNS)
    status = view["review_status"].fillna("pending")
    conf = view["_conf"]
    low = conf < LOW_CONFIDENCE
    ocr = view["ocr"].fillna(False).astype(bool) if "ocr" in view.columns else pd.Series(False, index=view.index)
    note = np.where(low, "⚠ tin cậy thấp", "")
    note = np.where(ocr, np.char.add(note.astype(str), np.where(low, ", 🔍 OCR", "🔍 OCR")), note)
    return pd.DataFrame({
        "Trạng thái": (status.map(STATUS_MARKS).fillna("○") + " " + status.map(STATUS_LABELS).fillna(status)).to_numpy(),
        "Văn bản": view["doc"].to_numpy(),
        "Chỉ tiêu": view["indicator"].to_numpy(),
        "Giá trị": view["_value_text"].to_numpy(),
        "Thời hạn": view["_deadline"].dt.date.to_numpy(),
        "Cơ quan": view["_agencies_text"].to_numpy(),
        "Tin cậy": conf.to_numpy(),
        "Lưu ý": note,
    })


def neighbour(ids: list[str], current: str | None, step: int) -> str | None:
    """The target `step` places from `current` in the list (wrapping round); the first when there is none."""
    if not ids:
        return None
    if current not in ids:
        return ids[0]
    return ids[(ids.index(current) + step) % len(ids)]


def next_target(ids: list[str], statuses: dict[str, str], current: str | None) -> str | None:
    """The next pending target after `current` (wrapping round), else `current`."""
    if not ids:
        return None
    start = ids.index(current) + 1 if current in ids else 0
    for tid in ids[start:] + ids[:start]:
        if statuses.get(tid, "pending") == "pending" and tid != current:
            return tid
    return current if current in ids else ids[0]


# --- one target in words ---------------------------------------------------------------------------

FIELD_LABELS = (("indicator", "Chỉ tiêu"), ("indicator_code", "Mã chỉ số"), ("value_text", "Giá trị"),
                ("deadline", "Thời hạn"), ("agencies", "Cơ quan thực hiện"), ("scope", "Phạm vi"),
                ("doc", "Văn bản"), ("number", "Số hiệu"), ("doc_type", "Loại văn bản"),
                ("issuer", "Cơ quan ban hành"), ("period", "Kỳ kế hoạch"), ("section_kind", "Loại mục"),
                ("page", "Trang"), ("confidence", "Độ tin cậy"), ("marks", "Lưu ý"), ("review", "Duyệt"))
CORRECTED_LABELS = (("value", "giá trị"), ("comparator", "so sánh"), ("unit", "đơn vị"), ("deadline", "thời hạn"),
                    ("indicator", "chỉ tiêu"), ("agency", "cơ quan"))


def _fmt(v, name) -> str:
    v = _clean(v)
    if name == "deadline":
        return f"{pd.Timestamp(v):%d/%m/%Y}"
    if name == "comparator":
        return comparator_label(v)
    if name == "unit":
        return label("unit", v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def review_text(r: dict) -> str:
    """'Đã sửa — Hoàng Thị Nga (tài khoản), 01/04/2024 03:15 (giá trị: 92,5) — ghi chú'."""
    status = r.get("review_status") or "pending"
    text = STATUS_LABELS.get(status, status)
    if status == "pending":
        return text
    who = _clean(r.get("reviewer")) or "?"
    auth = label("auth", _clean(r.get("reviewer_auth")))
    text += f" — {who}" + (f" ({auth})" if auth else "")
    if _clean(r.get("reviewed_at")) is not None:
        text += f", {display_time(r['reviewed_at'])}"
    fixes = [f"{lab}: {_fmt(r.get('reviewed_' + name), name)}" for name, lab in CORRECTED_LABELS
             if _clean(r.get("reviewed_" + name)) is not None]
    if fixes:
        text += " (" + "; ".join(fixes) + ")"
    if _clean(r.get("note")):
        text += f" — {r['note']}"
    return text


def target_fields(row) -> list[tuple[str, str]]:
    """(label, text) pairs describing one target in words, its review included."""
    from pipeline.compare import format_value

    r = dict(row)
    deadline = _clean(r.get("deadline"))
    ps, pe = _clean(r.get("period_start")), _clean(r.get("period_end"))
    conf = _clean(r.get("confidence"))
    agencies = _clean(r.get("agencies"))
    values = {
        "value_text": format_value(r.get("comparator"), r.get("value"), r.get("value_max"), r.get("unit"),
                                   r.get("change"), r.get("baseline_year")),
        "deadline": "" if deadline is None else f"{pd.Timestamp(deadline):%d/%m/%Y}",
        "agencies": "; ".join(map(str, agencies)) if agencies is not None else "",
        "period": "" if ps is None else (str(int(ps)) if pe in (None, ps) else f"{int(ps)}–{int(pe)}"),
        "doc_type": label("doc_type", _clean(r.get("doc_type"))),
        "section_kind": label("section_kind", _clean(r.get("section_kind"))),
        "confidence": "chưa chấm" if conf is None else f"{float(conf):.2f}",
        "marks": marks(r), "review": review_text(r),
    }
    out = []
    for key, lab in FIELD_LABELS:
        v = values[key] if key in values else _clean(r.get(key))
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        if v not in (None, ""):
            out.append((lab, str(v)))
    return out


BRIEF_FIELDS = ("Chỉ tiêu", "Giá trị", "Thời hạn", "Cơ quan thực hiện", "Số hiệu", "Lưu ý", "Duyệt")


def fields_html(row, brief: bool | None = None) -> str:
    """The target's fields as an HTML table, every value escaped: the few an analyst checks (`brief`), the
    others, or all of them."""
    pairs = [(k, v) for k, v in target_fields(row) if brief is None or (k in BRIEF_FIELDS) == brief]
    cells = "".join(f'<tr><th style="text-align:left; padding-right:1em; vertical-align:top">{html.escape(k)}</th>'
                    f"<td>{html.escape(v)}</td></tr>" for k, v in pairs)
    return f'<table class="ct-fields">{cells}</table>'


# --- writing --------------------------------------------------------------------------------------

ACTIONS = {"accept": "accepted", "correct": "corrected", "reject": "rejected"}
FIELD_NAMES = {"value": "Giá trị", "comparator": "So sánh", "unit": "Đơn vị", "deadline": "Thời hạn",
               "indicator": "Chỉ tiêu", "agency": "Cơ quan"}


class InputError(ValueError):
    """What the analyst typed cannot be recorded as it is: the message says why, in Vietnamese."""


def parse_inputs(raw: dict) -> dict:
    """The correction fields as typed → typed values; blank fields left out; InputError naming the field."""
    out = {}
    for name, value in raw.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            if name == "value":
                parsed = parse_number(value)
            elif name == "comparator":
                parsed = parse_comparator(value)
            elif name == "deadline":
                parsed = parse_date(value)
            else:
                parsed = str(value).strip()
        except ValueError:
            hint = {"value": "một số, ví dụ 92,5", "deadline": "ngày dạng 31/12/2025 hoặc một năm",
                    "comparator": "≥, >, ≤, <, bằng hoặc khoảng"}.get(name, "")
            raise InputError(f"{FIELD_NAMES.get(name, name)}: “{value}” không đọc được; hãy ghi {hint}.") from None
        if parsed is not None:
            out[name] = parsed
    return out


def decide(db, target_id: str, action: str, reviewer: str, note: str | None = None,
           corrections: dict | None = None, timeout: float = 5.0, auth: str | None = None,
           login: str | None = None) -> str:
    """Record an analyst's decision in the store (a brief read-write session); returns the review id.

    Raises InputError (a ValueError) with a message for the analyst when the decision cannot be recorded as
    asked: nothing typed is ever dropped — a correction typed beside an accept or a reject is refused, not lost.
    """
    status = ACTIONS[action]
    parsed = parse_inputs(corrections or {})
    if not (reviewer or "").strip():
        raise InputError("Cần tên người duyệt trước khi ghi quyết định (reviewer).")
    if status != "corrected" and parsed:
        fields = ", ".join(FIELD_NAMES[n] for n in parsed)
        raise InputError(f"Đã điền ô sửa ({fields}) nhưng bấm “{'Chấp nhận' if status == 'accepted' else 'Loại'}”: "
                         "bấm “Lưu sửa” để lưu sửa, hoặc xoá các ô sửa.")
    if status == "corrected" and not parsed:
        raise InputError("Chưa điền ô sửa nào: điền giá trị đúng rồi bấm “Lưu sửa” (corrected field).")
    decision = Decision(target_id, status, reviewer.strip(), note, parsed)
    try:
        return record_decision(db, decision, timeout=timeout, auth=auth, login=login)
    finally:
        CACHE.forget(db)


def add_target(db, doc_id: str, char_start: int, char_end: int, reviewer: str, fields: dict,
               note: str | None = None, timeout: float = 5.0, auth: str | None = None,
               login: str | None = None) -> str:
    """Record a target the extractor missed, from the span the analyst selected; returns its id."""
    if not (reviewer or "").strip():
        raise InputError("Cần tên người duyệt trước khi thêm chỉ tiêu.")
    parsed = parse_inputs({k: fields.get(k) for k in ("value", "comparator", "unit", "deadline", "indicator")})
    if "value" not in parsed:
        raise InputError("Chỉ tiêu bổ sung cần giá trị (một số, ví dụ 95).")
    if not parsed.get("indicator"):
        raise InputError("Chỉ tiêu bổ sung cần tên chỉ tiêu (điều được đo).")
    agencies = [a.strip() for a in str(fields.get("agencies") or "").split(";") if a.strip()]
    try:
        with open_store(db, read_only=False, timeout=timeout) as store:
            return store.add_target(doc_id, int(char_start), int(char_end), reviewer.strip(),
                                    indicator=parsed["indicator"], value=parsed["value"], unit=parsed.get("unit"),
                                    comparator=parsed.get("comparator") or "=", deadline=parsed.get("deadline"),
                                    agencies=agencies, note=(note or "").strip() or None, auth=auth, login=login)
    finally:
        CACHE.forget(db)


def remove_added(db, added_id: str, reviewer: str, timeout: float = 5.0) -> None:
    try:
        with open_store(db, read_only=False, timeout=timeout) as store:
            store.remove_added_target(added_id, reviewer)
    finally:
        CACHE.forget(db)


_sources: dict[tuple[str, str], tuple[str, pd.DataFrame]] = {}


def load_source(db, doc_id: str, stamp=None) -> tuple[str, pd.DataFrame]:
    """A document's raw text and sections, kept per document and extraction `stamp` (the base's)."""
    key = (str(db), doc_id, stamp)
    hit = _sources.get(key)
    if hit is not None:
        return hit
    with open_store(db, read_only=True) as store:
        found = store.document_text(doc_id), store.sections(doc_id)
    if len(_sources) > 64:
        _sources.clear()
    _sources[key] = found
    return found
