"""The review page's other tabs: each agency's tasks, the comparison across years, the review log."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from pipeline.compare import CHANGE_MARKS_VI, chart_data, compare_targets, issuers_by_years, pivot
from pipeline.labels import label
from pipeline.localtime import display_time
from pipeline.review import agencies, logic
from pipeline.review.decisions import StoreBusy, comparator_label, fold, open_store

DATE_COLUMNS = {"Thời hạn": st.column_config.DateColumn(format="DD/MM/YYYY")}


def assignments_tab(snap: logic.Snapshot, f: dict) -> None:
    a = snap.assignments
    if not a.empty:
        if f["doc"]:
            a = a[(a["doc"] == f["doc"]) | (a["doc_id"] == f["doc"])]
        if f["issuer"]:
            key = fold(f["issuer"])
            a = a[a["issuer"].map(lambda s: key in fold(s or ""))]
    today = dt.date.today()
    st.caption(f"Hôm nay {today:%d/%m/%Y}; quý này kết thúc {agencies.quarter_end(today):%d/%m/%Y}.")
    summary = agencies.agency_summary(a, today)
    if summary.empty:
        st.info("Chưa có phân công nào.")
        return
    st.dataframe(summary, hide_index=True, width="stretch", height=220)
    agency = st.selectbox("Cơ quan", list(summary["Cơ quan"]), key="agency_pick")
    tasks = agencies.agency_tasks(a, agency, today)
    colours = {agencies.URGENCY_LABELS["overdue"]: "background-color: #f8d7da",
               agencies.URGENCY_LABELS["due_this_quarter"]: "background-color: #fff3cd"}
    st.dataframe(tasks.style.map(lambda v: colours.get(v, ""), subset=["Tình trạng"]),
                 hide_index=True, width="stretch", column_config=DATE_COLUMNS)


@st.cache_data(show_spinner=False, max_entries=16)
def _compare(version: tuple, _targets: pd.DataFrame, issuer: str, words: str | None) -> pd.DataFrame:
    # `version` names the store state; the frame itself is not hashed (10,000 rows would cost more than comparing)
    return compare_targets(_targets, issuer=issuer, indicator=words)


def compare_tab(snap: logic.Snapshot) -> None:
    issuers = issuers_by_years(snap.targets)
    if not issuers:
        st.info("Chưa có chỉ tiêu để so sánh.")
        return
    c1, c2 = st.columns([2, 2])
    # the issuer followed over the most years comes first: a comparison needs two years at least
    issuer = c1.selectbox("Cơ quan ban hành", issuers, key="cmp_issuer", bind="query-params")
    words = c2.text_input("Chỉ tiêu (mã hoặc từ khoá)", key="cmp_indicator", bind="query-params")
    long = _compare(snap.version, snap.targets, issuer, words or None)
    if long.empty:
        st.info("Không có chỉ tiêu nào có năm để so sánh.")
        return
    table = pivot(long, marks=CHANGE_MARKS_VI, source_label="Nguồn").drop(columns=["issuer"])
    table = table.rename(columns={"indicator": "Chỉ tiêu", "indicator_code": "Mã chỉ số"})
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption("Chặt hơn / nới lỏng theo chiều của chỉ số (cao hơn hay thấp hơn là tốt); ↑ ↓: con số tăng, giảm; "
               "“trong kỳ kế hoạch”: năm nằm trong một kế hoạch nhiều năm chưa nêu giá trị riêng; "
               "Nguồn: số hiệu văn bản của từng năm.")
    points = chart_points(chart_data(long))
    if points.empty:
        return
    # one faceted chart, a panel per indicator: a chart object per indicator costs a second per rerun
    chart = (alt.Chart(points).mark_line(point=True)
             .encode(x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
                     y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False, padding=12),
                             axis=alt.Axis(format="~f", tickMinStep=0.5)),
                     tooltip=[alt.Tooltip("year:O", title="Năm"), alt.Tooltip("value:Q", title="Giá trị"),
                              alt.Tooltip("comparator_label:N", title="So sánh"), alt.Tooltip("source:N", title="Nguồn")])
             .properties(width=380, height=150)
             .facet(facet=alt.Facet("panel:N", title=None, sort=alt.SortField("order"),
                                    header=alt.Header(labelFontSize=13, labelFontWeight="bold", labelLimit=380)),
                    columns=2)
             .resolve_scale(y="independent", x="independent"))
    st.altair_chart(chart)


def chart_points(points: pd.DataFrame, limit: int = 24) -> pd.DataFrame:
    """Chart rows, one panel per indicator line: the lines followed over most years first, at most `limit`."""
    if points.empty:
        return points.assign(panel=[], order=[], comparator_label=[])
    years = points.groupby("line")["year"].nunique().sort_values(ascending=False, kind="stable")
    keep = list(years.index[:limit])
    pts = points[points["line"].isin(keep)].copy()
    titles = {}
    for line, g in pts.groupby("line"):
        unit = g["unit"].dropna().iloc[-1] if g["unit"].notna().any() else ""
        name = str(g["indicator"].iloc[-1])
        name = name if len(name) <= 60 else name[:59] + "…"
        unit = label("unit", unit)
        titles[line] = f"{name} ({unit})" if unit else name
    pts["panel"] = pts["line"].map(titles)
    pts["order"] = pts["line"].map({line: i for i, line in enumerate(keep)})
    pts["year"] = pts["year"].astype(str)
    pts["comparator_label"] = pts["comparator"].map(comparator_label)
    return pts.sort_values(["order", "year"]).reset_index(drop=True)


def review_log_frame(log: pd.DataFrame) -> pd.DataFrame:
    """The review log in words: when, who (and how that is known), what was decided on which target."""
    cols = ["Thời điểm", "Người duyệt", "Xác thực", "Quyết định", "Văn bản", "Chỉ tiêu", "Sửa thành", "Ghi chú"]
    if log.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for r in log.to_dict("records"):
        fixes = "; ".join(f"{lab}: {logic._fmt(r.get('reviewed_' + name), name)}" for name, lab in logic.CORRECTED_LABELS
                          if not pd.isna(r.get("reviewed_" + name)))
        rows.append({"Thời điểm": display_time(r["reviewed_at"]), "Người duyệt": r["reviewer"],
                     "Xác thực": label("auth", r.get("reviewer_auth")) or "(không rõ)",
                     "Quyết định": label("review_status", r["status"]), "Văn bản": r.get("doc"),
                     "Chỉ tiêu": r.get("indicator"), "Sửa thành": fixes, "Ghi chú": r.get("note")})
    return pd.DataFrame(rows, columns=cols)


def log_tab(db) -> None:
    try:
        with open_store(db, read_only=True) as store:
            log = store.review_log(limit=1000)
            added = store.added_targets()
    except StoreBusy:
        st.warning("Kho dữ liệu đang được ghi; nhật ký sẽ hiện khi lượt nạp xong.")
        return
    st.caption(f"{len(log)} quyết định gần nhất (mới nhất trước); người duyệt như lúc ghi, kèm cách xác thực.")
    st.dataframe(review_log_frame(log), hide_index=True, width="stretch")
    if not added.empty:
        st.markdown("**Chỉ tiêu bổ sung** (người duyệt thêm từ câu nguồn)")
        st.dataframe(pd.DataFrame({"Thời điểm": added["reviewed_at"].map(display_time), "Người duyệt": added["reviewer"],
                                   "Văn bản": added["doc"], "Chỉ tiêu": added["indicator"],
                                   "Trích dẫn": added["quote"]}), hide_index=True, width="stretch")
