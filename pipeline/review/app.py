"""The review page (Streamlit script, started by `chitieu review`): who is reviewing, the filters, the tabs.
Thin: what it shows comes from logic.py, data.py and source.py; each tab lives in its own module."""

from __future__ import annotations

import streamlit as st

from pipeline.labels import label, labels
from pipeline.review import auth, logic
from pipeline.review.identity import identity_gate, log_out, reviewer
from pipeline.review.data import CACHE, db_from_env
from pipeline.review.decisions import StoreBusy
from pipeline.store import StoreError

st.set_page_config(page_title="chitieu — duyệt chỉ tiêu", layout="wide")
DB = db_from_env()
ALL = "__all__"
STATUS_OPTIONS = [ALL, "pending", "accepted", "corrected", "rejected", "added"]
TABS = ["Duyệt chỉ tiêu", "Phân công theo cơ quan", "So sánh qua các năm", "Nhật ký duyệt"]
BUSY = ("Kho dữ liệu đang được một lượt nạp văn bản ghi, trang chưa đọc được. Thử lại sau ít giây. "
        "Kho: {db}")


def load() -> logic.Snapshot:
    """This rerun's data; while an ingest holds the store, the last one read, said so."""
    s = st.session_state
    try:
        snap = CACHE.snapshot(DB)
    except StoreBusy:
        snap = s.get("last_snapshot")
        if snap is None:
            st.error(BUSY.format(db=DB))
            st.stop()
        st.warning("Kho dữ liệu đang được ghi; trang hiển thị lần đọc trước.")
    except StoreError as e:
        st.error(f"Không mở được kho dữ liệu: {e}")
        st.stop()
    s["last_snapshot"] = snap
    return snap


def sidebar(snap: logic.Snapshot) -> dict:
    """Who is reviewing and the filters, each kept in the page's address (a reload or a shared link keeps them)."""
    sb = st.sidebar
    who = reviewer()
    if auth.mode() == "local":
        sb.text_input("Người duyệt", key="reviewer", placeholder="Họ và tên", bind="query-params")
    else:
        sb.markdown(f"**Người duyệt:** {who.name}  \n_{label('auth', who.auth)}_")
        if auth.mode() == "users_file":
            sb.button("Đăng xuất", on_click=log_out)
    opts = snap.options
    sb.header("Lọc chỉ tiêu")
    doc = sb.selectbox("Văn bản", [ALL] + opts["doc"], format_func=lambda v: "(tất cả)" if v == ALL else v,
                       key="doc", bind="query-params")
    issuer = sb.text_input("Cơ quan ban hành (chứa)", key="issuer", bind="query-params")
    years = [ALL] + [str(y) for y in opts["year"]]
    year = sb.selectbox("Năm / kỳ kế hoạch", years, format_func=lambda v: "(tất cả)" if v == ALL else v,
                        key="year", bind="query-params")
    code = sb.selectbox("Mã chỉ số", [ALL] + opts["indicator"], format_func=lambda v: "(tất cả)" if v == ALL else v,
                        key="code", bind="query-params")
    words = sb.text_input("Chỉ tiêu (từ khoá)", key="words", bind="query-params")
    agency = sb.text_input("Cơ quan thực hiện (chứa)", key="agency", bind="query-params")
    c1, c2 = sb.columns(2)
    d_from = c1.date_input("Hạn từ", value=None, format="DD/MM/YYYY", key="from", bind="query-params")
    d_to = c2.date_input("Hạn đến", value=None, format="DD/MM/YYYY", key="to", bind="query-params")
    status_words = labels("review_status")
    status = sb.selectbox("Trạng thái duyệt", STATUS_OPTIONS, key="status", bind="query-params",
                          format_func=lambda v: "(tất cả)" if v == ALL else status_words.get(v, v))
    sort = sb.selectbox("Sắp xếp", list(logic.SORTS), format_func=logic.SORTS.get, key="sort", bind="query-params")
    return {"doc": None if doc == ALL else doc, "issuer": issuer or None, "year": None if year == ALL else int(year),
            "code": None if code == ALL else code, "words": words or None, "agency": agency or None,
            "deadline_from": d_from, "deadline_to": d_to, "review_status": None if status == ALL else status,
            "sort": sort}


def main() -> None:
    identity_gate()
    snap = load()
    filters = sidebar(snap)
    from pipeline.review import pane, tabs

    t_review, t_agencies, t_compare, t_log = st.tabs(TABS, key="tab", on_change="rerun", bind="query-params")
    # only the open tab is built: comparing 10,000 targets on every decision would cost seconds
    if t_review.open:
        with t_review:
            pane.review_pane(DB, filters)
    if t_agencies.open:
        with t_agencies:
            tabs.assignments_tab(snap, filters)
    if t_compare.open:
        with t_compare:
            tabs.compare_tab(snap)
    if t_log.open:
        with t_log:
            tabs.log_tab(DB)


main()
