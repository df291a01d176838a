"""The review page (Streamlit script, started by `chitieu review`): thin; what it shows comes from logic.py."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from pipeline.compare import CHANGE_MARKS, chart_data, compare_targets, pivot
from pipeline.review import logic
from pipeline.review.decisions import StoreBusy, comparator_codes, comparator_label
from pipeline.store import StoreError

ALL = "(tất cả)"
KEEP = "(giữ nguyên)"
STATUS_CHOICES = {ALL: None, "Chờ duyệt": "pending", "Đồng ý": "accepted", "Đã sửa": "corrected", "Loại": "rejected"}
CORRECTION_INPUTS = (("value", "Giá trị đúng"), ("unit", "Đơn vị đúng"), ("deadline", "Thời hạn đúng (dd/mm/yyyy)"),
                     ("indicator", "Chỉ tiêu đúng"), ("agency", "Cơ quan đúng"))

DATE_COLUMNS = {"Thời hạn": st.column_config.DateColumn(format="DD/MM/YYYY")}

st.set_page_config(page_title="chitieu — duyệt chỉ tiêu", layout="wide")
DB = logic.db_from_env()


@st.cache_data(show_spinner=False, max_entries=4)
def _snapshot(db: str, stamp: tuple) -> logic.Snapshot:
    return logic.load_snapshot(db)


@st.cache_data(show_spinner=False, max_entries=32)
def _source(db: str, doc_id: str, stamp: tuple):
    return logic.load_source(db, doc_id)


@st.cache_data(show_spinner=False, max_entries=16)
def _compare(db: str, stamp: tuple, issuer: str, words: str | None) -> pd.DataFrame:
    # every rerun runs every tab: the comparison is computed once per store state and choice
    return compare_targets(_snapshot(db, stamp).targets, issuer=issuer, indicator=words)


def _load() -> logic.Snapshot:
    try:
        snap = _snapshot(DB, logic.store_stamp(DB))
    except StoreBusy as e:
        snap = st.session_state.get("last_snapshot")
        if snap is None:
            st.error(f"Kho dữ liệu đang bận: {e}")
            st.stop()
        st.warning(f"Kho dữ liệu đang được ghi; trang hiển thị lần đọc trước. ({e})")
    except StoreError as e:
        st.error(str(e))
        st.stop()
    st.session_state["last_snapshot"] = snap
    return snap


def _decide(tid: str, action: str) -> None:
    """Button callback: runs before the rerun, so the page reloads with the decision in the store."""
    s = st.session_state
    corrections = {name: s.get(f"{name}_{tid}") for name, _ in CORRECTION_INPUTS}
    cmp_label = s.get(f"comparator_{tid}")
    if cmp_label and cmp_label != KEEP:
        corrections["comparator"] = next(c for c in comparator_codes() if comparator_label(c) == cmp_label)
    try:
        logic.decide(DB, tid, action, s.get("reviewer", ""), s.get(f"note_{tid}"), corrections)
    except (ValueError, StoreBusy, KeyError) as e:
        msg = str(e)
        if "reviewer" in msg:
            msg = "Nhập tên người duyệt ở thanh bên trái trước khi ghi quyết định (a decision needs the reviewer's name)."
        s["flash"] = ("error", msg)
        return
    label = {"accept": "Đã chấp nhận", "correct": "Đã lưu sửa", "reject": "Đã loại"}[action]
    s["flash"] = ("success", f"{label}: {logic.md_escape(s.get('labels', {}).get(tid, tid))}")
    statuses = {**s.get("statuses", {}), tid: logic.ACTIONS[action]}
    s["current"] = logic.next_target(s.get("view_ids", []), statuses, tid)


def sidebar(snap: logic.Snapshot) -> dict:
    opts = logic.filter_options(snap.targets)
    sb = st.sidebar
    sb.text_input("Người duyệt (reviewer)", key="reviewer", placeholder="Họ và tên")
    sb.header("Lọc chỉ tiêu")
    doc = sb.selectbox("Văn bản", [ALL] + opts["doc"], key="f_doc")
    issuer = sb.text_input("Cơ quan ban hành (chứa)", key="f_issuer")
    year = sb.selectbox("Năm / kỳ kế hoạch", [ALL] + [str(y) for y in opts["year"]], key="f_year")
    code = sb.selectbox("Mã chỉ số", [ALL] + opts["indicator"], key="f_code")
    words = sb.text_input("Chỉ tiêu (từ khoá)", key="f_words")
    agency = sb.text_input("Cơ quan thực hiện (chứa)", key="f_agency")
    c1, c2 = sb.columns(2)
    d_from = c1.date_input("Hạn từ", value=None, format="DD/MM/YYYY", key="f_from")
    d_to = c2.date_input("Hạn đến", value=None, format="DD/MM/YYYY", key="f_to")
    status = sb.selectbox("Trạng thái duyệt", list(STATUS_CHOICES), key="f_status")
    return {"doc": None if doc == ALL else doc, "issuer": issuer or None, "year": None if year == ALL else int(year),
            "code": None if code == ALL else code, "words": words or None, "agency": agency or None,
            "deadline_from": d_from, "deadline_to": d_to, "review_status": STATUS_CHOICES[status]}


def review_tab(snap: logic.Snapshot, f: dict) -> None:
    view = logic.apply_filters(snap.targets, doc=f["doc"], issuer=f["issuer"], year=f["year"], indicator=f["code"],
                               agency=f["agency"], deadline_from=f["deadline_from"], deadline_to=f["deadline_to"],
                               review_status=f["review_status"])
    view = logic.apply_filters(view, indicator=f["words"])
    done, total = logic.progress(view)
    st.caption(f"Theo bộ lọc: {done} / {total} đã duyệt")
    light = logic.list_rows(view)
    st.dataframe(logic.table_view(light), hide_index=True, width="stretch", height=230, column_config=DATE_COLUMNS)
    if not light:
        st.info("Không có chỉ tiêu nào khớp bộ lọc.")
        return
    ids = [r["target_id"] for r in light]
    labels = {r["target_id"]: logic.target_label(r) for r in light}
    s = st.session_state
    s["view_ids"], s["labels"] = ids, labels
    s["statuses"] = {r["target_id"]: r.get("review_status") or "pending" for r in light}
    if s.get("current") not in labels:
        s["current"] = logic.next_target(ids, s["statuses"], None)
    tid = st.selectbox("Chỉ tiêu đang xem", ids, format_func=lambda t: labels.get(t, t), key="current")
    row = view[view["target_id"] == tid].iloc[0].to_dict()

    left, right = st.columns([2, 3])
    with left:
        st.subheader("Thông tin chỉ tiêu")
        st.markdown(logic.fields_html(row), unsafe_allow_html=True)
    with right:
        st.subheader("Câu nguồn")
        try:
            text, sections = _source(DB, row["doc_id"], logic.store_stamp(DB))
            cs, ce = int(row["char_start"]), int(row["char_end"])
            view_src = logic.source_view(text, sections, cs, ce, row.get("section"))
            st.markdown(logic.source_html(view_src, row.get("page"), row.get("ocr")), unsafe_allow_html=True)
        except (StoreBusy, StoreError) as e:
            st.warning(f"Không đọc được văn bản gốc lúc này: {e}")

    with st.form(f"decide_{tid}", clear_on_submit=False):
        st.markdown("**Quyết định** — sửa thì điền các ô cần sửa, để trống ô đúng.")
        cols = st.columns(3)
        for i, (name, label) in enumerate(CORRECTION_INPUTS[:3]):
            cols[i].text_input(label, key=f"{name}_{tid}")
        cols = st.columns([1, 2, 2])
        cols[0].selectbox("So sánh đúng", [KEEP] + [comparator_label(c) for c in comparator_codes()], key=f"comparator_{tid}")
        cols[1].text_input(CORRECTION_INPUTS[3][1], key=f"indicator_{tid}")
        cols[2].text_input(CORRECTION_INPUTS[4][1], key=f"agency_{tid}")
        st.text_input("Ghi chú", key=f"note_{tid}")
        b1, b2, b3 = st.columns(3)
        b1.form_submit_button("✓ Chấp nhận", on_click=_decide, args=(tid, "accept"), type="primary")
        b2.form_submit_button("✎ Lưu sửa", on_click=_decide, args=(tid, "correct"))
        b3.form_submit_button("✗ Loại", on_click=_decide, args=(tid, "reject"))


def assignments_tab(snap: logic.Snapshot, f: dict) -> None:
    a = snap.assignments
    if not a.empty:
        if f["doc"]:
            a = a[(a["doc"] == f["doc"]) | (a["doc_id"] == f["doc"])]
        if f["issuer"]:
            key = logic.fold(f["issuer"])
            a = a[a["issuer"].map(lambda s: key in logic.fold(s))]
    today = dt.date.today()
    st.caption(f"Hôm nay {today:%d/%m/%Y}; quý này kết thúc {logic.quarter_end(today):%d/%m/%Y}.")
    summary = logic.agency_summary(a, today)
    if summary.empty:
        st.info("Chưa có phân công nào.")
        return
    st.dataframe(summary, hide_index=True, width="stretch", height=220)
    agency = st.selectbox("Cơ quan", list(summary["Cơ quan"]), key="agency_pick")
    tasks = logic.agency_tasks(a, agency, today)
    colours = {logic.URGENCY_LABELS["overdue"]: "background-color: #f8d7da",
               logic.URGENCY_LABELS["due_this_quarter"]: "background-color: #fff3cd"}
    st.dataframe(tasks.style.map(lambda v: colours.get(v, ""), subset=["Tình trạng"]),
                 hide_index=True, width="stretch", column_config=DATE_COLUMNS)


def compare_tab(snap: logic.Snapshot) -> None:
    issuers = logic.filter_options(snap.targets)["issuer"]
    if not issuers:
        st.info("Chưa có chỉ tiêu để so sánh.")
        return
    c1, c2 = st.columns([2, 2])
    issuer = c1.selectbox("Cơ quan ban hành", issuers, key="cmp_issuer")
    words = c2.text_input("Chỉ tiêu (mã hoặc từ khoá)", key="cmp_indicator")
    try:
        long = _compare(DB, logic.store_stamp(DB), issuer, words or None)
    except StoreBusy:
        long = compare_targets(snap.targets, issuer=issuer, indicator=words or None)
    if long.empty:
        st.info("Không có chỉ tiêu nào có năm để so sánh.")
        return
    table = pivot(long).drop(columns=["issuer"]).rename(columns={"indicator": "Chỉ tiêu", "indicator_code": "Mã chỉ số"})
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(" · ".join(v for v in CHANGE_MARKS.values() if v))
    points = logic.chart_points(chart_data(long))
    if points.empty:
        return
    # one faceted chart, a panel per indicator: a chart object per indicator costs a second per rerun
    chart = (alt.Chart(points).mark_line(point=True)
             .encode(x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
                     y=alt.Y("value:Q", title=None, scale=alt.Scale(zero=False, padding=12),
                             axis=alt.Axis(format="~f", tickMinStep=0.5)),
                     tooltip=[alt.Tooltip("year:O", title="Năm"), alt.Tooltip("value:Q", title="Giá trị"),
                              alt.Tooltip("comparator:N", title="So sánh"), alt.Tooltip("doc:N", title="Văn bản")])
             .properties(width=380, height=150)
             .facet(facet=alt.Facet("panel:N", title=None, sort=alt.SortField("order"),
                                    header=alt.Header(labelFontSize=13, labelFontWeight="bold", labelLimit=380)),
                    columns=2)
             .resolve_scale(y="independent", x="independent"))
    st.altair_chart(chart)


def main() -> None:
    snap = _load()
    st.title("Duyệt chỉ tiêu")
    flash = st.session_state.pop("flash", None)
    if flash:
        (st.success if flash[0] == "success" else st.error)(flash[1])
    done, total = logic.progress(snap.targets)
    st.progress(done / total if total else 0.0, text=logic.progress_text(done, total))
    filters = sidebar(snap)
    t1, t2, t3 = st.tabs(["Duyệt chỉ tiêu", "Phân công theo cơ quan", "So sánh qua các năm"])
    with t1:
        review_tab(snap, filters)
    with t2:
        assignments_tab(snap, filters)
    with t3:
        compare_tab(snap)


main()
