"""Who is reviewing, on the page: a login against the users file, a login proxy's header, or (on 127.0.0.1 only)
a typed name. Callbacks call `reviewer()` too, so a decision is recorded under the name this session holds."""

from __future__ import annotations

import os

import streamlit as st

from pipeline.review import auth


def _log_in() -> None:
    s = st.session_state
    try:
        who = auth.login(os.environ[auth.USERS_ENV], s.get("login_name", ""), s.get("login_pw", ""))
    except auth.UsersFileError as e:
        s["login_error"] = f"Không đọc được danh sách người duyệt: {e}"
        return
    s["login_pw"] = ""  # the password is not kept in the session
    if who is None:
        s["login_error"] = "Tên đăng nhập hoặc mật khẩu không đúng."
    else:
        s["who"] = who
        s.pop("login_error", None)


def log_out() -> None:
    st.session_state.pop("who", None)


def reviewer() -> auth.Reviewer | None:
    """The reviewer of this session, as the running mode establishes it (also called from callbacks)."""
    s = st.session_state
    mode = auth.mode()
    if mode == "users_file":
        return s.get("who")
    if mode == "proxy":
        return auth.from_header(st.context.headers, os.environ[auth.HEADER_ENV])
    name = (s.get("reviewer") or "").strip()
    return auth.Reviewer(name, None, "local") if name else None


def identity_gate() -> None:
    """Stop the page until the reviewer is known, where the mode requires it."""
    mode = auth.mode()
    if mode == "users_file" and reviewer() is None:
        st.title("Duyệt chỉ tiêu — đăng nhập")
        with st.form("login"):
            st.text_input("Tên đăng nhập", key="login_name")
            st.text_input("Mật khẩu", type="password", key="login_pw")
            st.form_submit_button("Đăng nhập", on_click=_log_in, type="primary")
        if st.session_state.get("login_error"):
            st.error(st.session_state["login_error"])
        st.stop()
    if mode == "proxy" and reviewer() is None:
        st.error(f"Trang này chỉ mở qua cổng đăng nhập của cơ quan: không nhận được tên người dùng "
                 f"(tiêu đề {os.environ[auth.HEADER_ENV]}).")
        st.stop()
