"""The assignments tab: each agency's tasks with their deadlines, overdue and due-this-quarter marked."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from pipeline.labels import labels

URGENCY_LABELS = labels("urgency")
ROLE_LABELS = labels("role")


def _clean(v):
    if v is None or isinstance(v, (list, tuple)):
        return v
    return None if pd.isna(v) else v


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
