"""The review tab: the target's source with its decision beside it, keyboard shortcuts, the clickable list.

It is a Streamlit fragment: a decision reruns this tab only, the page keeps its place (nothing above it
changes height), and the next target opens where the last one was.

Enter never records a decision the analyst did not choose: the correction form's first (and Enter's) button
is "Lưu sửa", and a typed correction beside "Chấp nhận" or "Loại" is refused with a message, not dropped.
"""

from __future__ import annotations

import streamlit as st

from pipeline.review import logic
from pipeline.review.data import CACHE
from pipeline.review.decisions import StoreBusy, comparator_codes, comparator_label
from pipeline.review.identity import reviewer
from pipeline.review.source import SOURCE_CSS, SOURCE_JS, component_data, guess_target, md_escape, source_view

KEEP = "(giữ nguyên)"
CORRECTIONS = (("value", "Giá trị đúng"), ("unit", "Đơn vị đúng"), ("deadline", "Thời hạn đúng (dd/mm/yyyy)"),
               ("indicator", "Chỉ tiêu đúng"), ("agency", "Cơ quan đúng"))
SHORTCUTS = {"accept": "N", "reject": "L", "next": "S", "previous": "T"}
DONE = {"accept": "Đã chấp nhận", "correct": "Đã lưu sửa", "reject": "Đã loại"}
BUSY = "Kho dữ liệu đang được một lượt nạp văn bản ghi; quyết định chưa được lưu. Thử lại sau ít giây."
DATE_COLUMNS = {"Thời hạn": st.column_config.DateColumn(format="DD/MM/YYYY"),
                "Tin cậy": st.column_config.NumberColumn(format="%.2f")}

_source_component = st.components.v2.component("chitieu_source", js=SOURCE_JS, css=SOURCE_CSS,
                                                isolate_styles=False)


def _view(snap: logic.Snapshot, f: dict):
    """The filtered, ordered targets and their ids; kept while neither the store nor the filters change."""
    s = st.session_state
    key = (tuple(sorted((k, str(v)) for k, v in f.items())), snap.version)
    hit = s.get("view_cache")
    if hit is not None and hit[0] == key:
        return hit[1], hit[2]
    view = logic.apply_filters(snap.targets, doc=f["doc"], issuer=f["issuer"], year=f["year"], indicator=f["code"],
                               agency=f["agency"], deadline_from=f["deadline_from"], deadline_to=f["deadline_to"],
                               review_status=f["review_status"])
    if f["words"]:
        view = logic.apply_filters(view, indicator=f["words"])
    view = logic.ordered(view, f.get("sort") or "confidence")
    ids = view["target_id"].tolist()
    s["view_cache"] = (key, view, ids)
    return view, ids


def _message(e: Exception) -> str:
    """What the analyst reads when a write is refused: our own Vietnamese message, or one for the store's."""
    if isinstance(e, logic.InputError):
        return str(e)
    if isinstance(e, KeyError):
        return "Chỉ tiêu này không còn trong kho (văn bản vừa được nạp lại?): tải lại trang rồi làm lại."
    return f"Không ghi được quyết định: {e}"


def _flash(kind: str, text: str) -> None:
    st.session_state["flash"] = (kind, text)


def _move(step: int) -> None:
    s = st.session_state
    s["current"] = logic.neighbour(s.get("view_ids", []), s.get("current"), step)


def _picked() -> None:
    """A click on a row of the list opens that target."""
    s = st.session_state
    rows = s.get("target_list", {}).get("selection", {}).get("rows", [])
    ids = s.get("view_ids", [])
    if rows and rows[0] < len(ids):
        s["current"] = ids[rows[0]]


def _decide(tid: str, action: str) -> None:
    """Button callback: runs before the rerun, so the tab reloads with the decision in the store."""
    s = st.session_state
    who = reviewer()
    raw = {name: s.get(f"{name}_{tid}") for name, _ in CORRECTIONS}
    cmp_label = s.get(f"comparator_{tid}")
    if cmp_label and cmp_label != KEEP:
        raw["comparator"] = next(c for c in comparator_codes() if comparator_label(c) == cmp_label)
    try:
        logic.decide(s["db"], tid, action, who.name if who else "", s.get(f"note_{tid}"), raw,
                     auth=who.auth if who else None, login=who.login if who else None)
    except StoreBusy:
        _flash("error", BUSY)
        return
    except (ValueError, KeyError) as e:
        _flash("error", _message(e))
        return
    _flash("success", f"{DONE[action]}: {md_escape(s.get('current_label', ''))}")
    statuses = {**s.get("statuses", {}), tid: logic.ACTIONS[action]}
    s["statuses"] = statuses
    s["current"] = logic.next_target(s.get("view_ids", []), statuses, tid)


def _add(doc_id: str, start: int, end: int, key: str) -> None:
    s = st.session_state
    who = reviewer()
    fields = {name: s.get(f"{key}_{name}") for name in ("indicator", "value", "comparator", "unit", "deadline", "agencies")}
    if fields["comparator"]:
        fields["comparator"] = next(c for c in comparator_codes() if comparator_label(c) == fields["comparator"])
    try:
        logic.add_target(s["db"], doc_id, start, end, who.name if who else "", fields, s.get(f"{key}_note"),
                         auth=who.auth if who else None, login=who.login if who else None)
    except StoreBusy:
        _flash("error", BUSY)
        return
    except (ValueError, KeyError) as e:
        _flash("error", _message(e))
        return
    s["added_spans"] = {*s.get("added_spans", set()), (doc_id, start, end)}  # its form is done: hide it
    _flash("success", f"Đã thêm chỉ tiêu bị sót: {md_escape(fields['indicator'] or '')}")


def _remove(added_id: str) -> None:
    s = st.session_state
    who = reviewer()
    try:
        logic.remove_added(s["db"], added_id, who.name if who else "?")
    except (StoreBusy, KeyError) as e:
        _flash("error", BUSY if isinstance(e, StoreBusy) else _message(e))
        return
    _flash("success", "Đã xoá chỉ tiêu bổ sung.")
    _move(1)


def _snapshot(db) -> logic.Snapshot | None:
    s = st.session_state
    try:
        snap = CACHE.snapshot(db)
    except StoreBusy:
        snap = s.get("last_snapshot")
        if snap is None:
            st.error(BUSY)
            return None
    s["last_snapshot"] = snap
    return snap


@st.fragment
def review_pane(db: str, f: dict) -> None:
    s = st.session_state
    s["db"] = db
    snap = _snapshot(db)
    if snap is None:
        return
    done, total = logic.progress(snap.targets)
    st.progress(done / total if total else 0.0, text=logic.progress_text(done, total))
    flash = s.pop("flash", None)
    if flash:
        (st.toast(flash[1]) if flash[0] == "success" else st.error(flash[1]))
    view, ids = _view(snap, f)
    s["view_ids"] = ids
    s["statuses"] = dict(zip(ids, view["review_status"].fillna("pending")))
    if not ids:
        st.info("Không có chỉ tiêu nào khớp bộ lọc.")
        return
    if s.get("current") not in s["statuses"]:
        wanted = st.query_params.get("target")
        s["current"] = wanted if wanted in s["statuses"] else logic.next_target(ids, s["statuses"], None)
    tid = s["current"]
    st.query_params["target"] = tid  # the selection is in the address too: a reload opens the same target
    row = view.loc[tid].to_dict()
    s["current_label"] = str(row.get("indicator") or "")

    reviewed, shown = logic.progress(view)
    nav = st.columns([1, 4, 1], vertical_alignment="center")
    nav[0].button("← Trước", on_click=_move, args=(-1,), shortcut=SHORTCUTS["previous"], key="prev", width="stretch")
    nav[1].caption(f"Chỉ tiêu {ids.index(tid) + 1} / {len(ids)} theo bộ lọc · đã duyệt {reviewed} / {shown} · "
                   "phím tắt: N chấp nhận, L loại, S sau, T trước, Enter trong ô sửa: lưu sửa")
    nav[2].button("Sau →", on_click=_move, args=(1,), shortcut=SHORTCUTS["next"], key="next", width="stretch")

    left, right = st.columns([5, 4])
    with left:
        selection = _source(db, snap, row, tid)
    with right:
        if row.get("review_status") == "added":
            st.button("✗ Xoá chỉ tiêu bổ sung này", on_click=_remove, args=(tid,), key=f"remove_{tid}")
        else:
            _decision_form(tid)
        st.markdown(logic.fields_html(row, brief=True), unsafe_allow_html=True)
        with st.expander("Thông tin khác"):
            st.markdown(logic.fields_html(row, brief=False), unsafe_allow_html=True)
    if selection and (selection["doc_id"], selection["start"], selection["end"]) not in s.get("added_spans", set()):
        _add_form(row, selection, snap)

    st.dataframe(logic.table_view(view), hide_index=True, width="stretch", height=320, column_config=DATE_COLUMNS,
                 on_select=_picked, selection_mode="single-row", key="target_list", lazy=len(view) > 1000,
                 placeholder="")


def _source(db, snap, row, tid):
    """The source with the quote marked; returns the analyst's selection in it ({start, end, text}) or None."""
    st.markdown("**Câu nguồn** — bôi đen một đoạn để thêm chỉ tiêu bị sót")
    try:
        text, sections = logic.load_source(db, row["doc_id"], snap.version[0])
    except StoreBusy:
        st.warning(BUSY)
        return None
    view = source_view(text, sections, int(row["char_start"]), int(row["char_end"]), row.get("section"))
    result = _source_component(data=component_data(view, row.get("page")), key=f"src_{tid}",
                               on_selection_change=lambda: None)
    sel = getattr(result, "selection", None)
    if not sel:
        return None
    start, end = int(sel.get("start", -1)), int(sel.get("end", -1))
    if not (0 <= start < end <= len(text)):
        return None
    return {"start": start, "end": end, "quote": text[start:end], "doc_id": row["doc_id"]}


def _decision_form(tid: str) -> None:
    # "Lưu sửa" is the form's first button: Enter in any field of the form is that button, never "Chấp nhận"
    with st.form(f"decide_{tid}", clear_on_submit=False, border=True):
        b = st.columns([1, 1.4, 0.9])
        b[0].form_submit_button("✎ Lưu sửa", on_click=_decide, args=(tid, "correct"), width="stretch")
        b[1].form_submit_button("✓ Chấp nhận", on_click=_decide, args=(tid, "accept"), type="primary",
                                shortcut=SHORTCUTS["accept"], width="stretch")
        b[2].form_submit_button("✗ Loại", on_click=_decide, args=(tid, "reject"), shortcut=SHORTCUTS["reject"],
                                width="stretch")
        st.caption("Sửa: điền ô cần sửa rồi Enter (hoặc ✎ Lưu sửa); để trống ô đúng.")
        c = st.columns(4)
        c[0].text_input(CORRECTIONS[0][1], key=f"value_{tid}")
        c[1].selectbox("So sánh đúng", [KEEP] + [comparator_label(x) for x in comparator_codes()], key=f"comparator_{tid}")
        c[2].text_input(CORRECTIONS[1][1], key=f"unit_{tid}")
        c[3].text_input("Thời hạn đúng", key=f"deadline_{tid}", placeholder="dd/mm/yyyy")
        c = st.columns(2)
        c[0].text_input(CORRECTIONS[3][1], key=f"indicator_{tid}")
        c[1].text_input(CORRECTIONS[4][1], key=f"agency_{tid}")
        st.text_input("Ghi chú", key=f"note_{tid}")


def _overlapping(snap, sel: dict) -> list[str]:
    t = snap.targets
    same = t[(t["doc_id"] == sel["doc_id"]) & (t["char_start"] < sel["end"]) & (t["char_end"] > sel["start"])]
    return [str(x) for x in same["indicator"]]


def _add_form(row: dict, sel: dict, snap) -> None:
    """A missed target from the selected span: fields guessed from it, every one shown and editable."""
    guess = guess_target(sel["quote"])
    already = _overlapping(snap, sel)
    if already:
        st.warning("Đoạn đã chọn trùng với chỉ tiêu đã có: " + "; ".join(md_escape(x) for x in already[:3]))
    key = f"add_{sel['doc_id'][:8]}_{sel['start']}_{sel['end']}"
    with st.form(key, border=True):
        st.markdown("**Thêm chỉ tiêu bị sót** từ đoạn đã chọn:")
        st.code(sel["quote"], language=None, wrap_lines=True)
        st.text_input("Chỉ tiêu (điều được đo)", value=guess["indicator"], key=f"{key}_indicator")
        c = st.columns(3)
        c[0].text_input("Giá trị", value=guess["value"] or "", key=f"{key}_value")
        labels_ = [comparator_label(x) for x in comparator_codes()]
        c[1].selectbox("So sánh", labels_, index=comparator_codes().index(guess["comparator"]), key=f"{key}_comparator")
        c[2].text_input("Đơn vị", value=guess["unit"] or "", key=f"{key}_unit")
        c = st.columns(2)
        c[0].text_input("Thời hạn (dd/mm/yyyy)", key=f"{key}_deadline")
        c[1].text_input("Cơ quan (cách nhau bằng ;)", key=f"{key}_agencies")
        st.text_input("Ghi chú", key=f"{key}_note")
        st.form_submit_button("✚ Thêm chỉ tiêu bị sót", on_click=_add, args=(sel["doc_id"], sel["start"], sel["end"], key),
                              type="primary")
