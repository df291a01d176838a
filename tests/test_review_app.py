"""The review page run by Streamlit's AppTest against a real store: filters in the address, decisions that never
drop what was typed, Vietnamese messages, reviewers who log in, the other tabs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipeline.review import auth, logic
from pipeline.store import Store
from review_data import build_store, target_id

APP = str(Path(__file__).resolve().parents[1] / "pipeline" / "review" / "app.py")
REVIEWER = "Đặng Quốc Bảo"


@pytest.fixture
def db(tmp_path, monkeypatch):
    db = build_store(tmp_path)
    monkeypatch.setenv("CHITIEU_DB", str(db))
    monkeypatch.delenv(auth.USERS_ENV, raising=False)
    monkeypatch.delenv(auth.HEADER_ENV, raising=False)
    return db


def _page(**query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _progress(at) -> str:
    return at.get("progress")[0].proto.text


def _current(at) -> str:
    return at.session_state["current"]


def _reviews(db):
    with Store(db, read_only=True) as s:
        return s.con.execute("SELECT target_id, status, reviewed_value, reviewer, reviewer_auth, note FROM reviews "
                             "ORDER BY seq").fetchall()


def _position(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Chỉ tiêu "))


def test_page_lists_targets_and_filters_them_from_the_address(db):
    at = _page()
    assert _progress(at) == "Đã duyệt 0 / 9 chỉ tiêu"
    table = at.dataframe[0].value
    assert len(table) == 9 and list(table.columns)[:4] == ["Trạng thái", "Văn bản", "Chỉ tiêu", "Giá trị"]
    assert set(table["Trạng thái"]) == {"○ Chờ duyệt"} and "≥ 97%" in set(table["Giá trị"])
    at = _page(year="2022", words="hai long")  # a shared link opens with its filters
    assert len(at.dataframe[0].value) == 1 and "hài lòng" in at.dataframe[0].value["Chỉ tiêu"].iloc[0]
    at = _page(code="ontime_rate")
    assert _position(at).startswith("Chỉ tiêu 1 / 2 theo bộ lọc")


def test_accept_then_correct_writes_the_review_log(db):
    at = _page(reviewer=REVIEWER)
    first = _current(at)
    _button(at, "✓ Chấp nhận").click().run()
    assert not at.exception and _progress(at) == "Đã duyệt 1 / 9 chỉ tiêu"
    assert any("Đã chấp nhận" in t.proto.body for t in at.get("toast"))
    second = _current(at)
    assert second != first  # moved on to the next pending target
    at.text_input(key=f"value_{second}").input("92,5")
    at.text_input(key=f"note_{second}").input("theo phụ lục")
    _button(at, "✎ Lưu sửa").click().run()
    assert not at.exception and _progress(at) == "Đã duyệt 2 / 9 chỉ tiêu"
    assert _reviews(db) == [(first, "accepted", None, REVIEWER, "local", None),
                            (second, "corrected", 92.5, REVIEWER, "local", "theo phụ lục")]
    at = _page(reviewer=REVIEWER, status="Đã sửa")  # the status filter finds it (the address holds words)
    assert _current(at) == second and len(at.dataframe[0].value) == 1


def test_a_typed_correction_is_never_dropped_by_accept_or_reject(db):
    at = _page(reviewer=REVIEWER)
    tid = _current(at)
    at.text_input(key=f"value_{tid}").input("96")
    _button(at, "✓ Chấp nhận").click().run()
    assert _reviews(db) == []  # refused: the typed value is neither lost nor overruled
    message = at.error[0].value
    assert "Lưu sửa" in message and "Giá trị" in message
    assert _current(at) == tid and at.text_input(key=f"value_{tid}").value == "96"
    _button(at, "✎ Lưu sửa").click().run()
    assert _reviews(db) == [(tid, "corrected", 96.0, REVIEWER, "local", None)]


def test_messages_are_in_vietnamese(db):
    at = _page()
    _button(at, "✗ Loại").click().run()
    assert "tên người duyệt" in at.error[0].value and _reviews(db) == []
    at = _page(reviewer=REVIEWER)
    tid = _current(at)
    at.text_input(key=f"deadline_{tid}").input("cuối quý")
    _button(at, "✎ Lưu sửa").click().run()
    assert at.error[0].value.startswith("Thời hạn: “cuối quý” không đọc được") and _reviews(db) == []
    _button(at, "✎ Lưu sửa").click().run()  # nothing typed now? the field still holds it: same message
    assert "không đọc được" in at.error[0].value
    fields = "\n".join(m.value for m in at.markdown)
    for code in ("ke_hoach", "objectives", ">=", "None"):
        assert code not in fields
    assert "Kế hoạch" in fields and "Mục tiêu, chỉ tiêu" in fields


def _walk(node):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def test_the_source_goes_to_the_page_as_text_never_as_markup(db):
    tid = target_id(db, "<script>")
    at = _page(reviewer=REVIEWER, target=tid)
    assert _current(at) == tid
    source = next(e for e in _walk(at.main) if getattr(e, "key", "") == f"src_{tid}")
    data = json.loads(source.proto.json)
    with Store(db, read_only=True) as s:
        text = s.document_text(s.targets().set_index("target_id").loc[tid, "doc_id"])
    # plain strings the script sets as textContent; offsets count from `base` in the raw text
    assert data["quote"] == "cổng thông tin của 21 xã phải lọc mã <script>alert('xss')</script> trên 95% trang"
    assert text[data["base"]:data["base"] + len(data["before"] + data["quote"])] == data["before"] + data["quote"]
    assert "textContent" in source.proto.js_content and "innerHTML" not in source.proto.js_content
    html = "\n".join(m.value for m in at.markdown)
    assert "<script>" not in html and "&lt;script&gt;" in html  # the fields table escapes it
    _button(at, "✗ Loại").click().run()
    message = next(t.proto.body for t in at.get("toast"))
    assert "\\<script\\>" in message and "<script>" not in message.replace("\\<script\\>", "")


def test_reviewers_log_in_with_the_users_file(db, tmp_path, monkeypatch):
    users = tmp_path / "users.tsv"
    auth.write_users(users, {"nga": auth.User("nga", "Hoàng Thị Nga", auth.hash_password("mat-khau-1"))})
    monkeypatch.setenv(auth.USERS_ENV, str(users))
    monkeypatch.setattr(auth, "FAILED_LOGIN_DELAY", 0.0)
    at = _page(reviewer="Kẻ Mạo Danh")  # a name in the address counts for nothing here
    assert at.text_input(key="login_name") and not at.dataframe
    at.text_input(key="login_name").input("nga")
    at.text_input(key="login_pw").input("sai-mat-khau")
    _button(at, "Đăng nhập").click().run()
    assert "không đúng" in at.error[0].value and not at.dataframe
    at.text_input(key="login_pw").input("mat-khau-1")
    _button(at, "Đăng nhập").click().run()
    assert at.session_state["login_pw"] == ""  # the password is not kept
    tid = _current(at)
    _button(at, "✓ Chấp nhận").click().run()
    assert _reviews(db) == [(tid, "accepted", None, "Hoàng Thị Nga", "users_file", None)]
    with Store(db, read_only=True) as s:
        assert s.review_log().iloc[0]["reviewer_login"] == "nga"


def test_an_added_target_is_listed_and_counted(db):
    with Store(db, read_only=True) as s:
        doc = s.documents().set_index("doc").loc["cu-chi-cchc-2022.txt"]
        text = s.document_text(doc["doc_id"])
    quote = "kiểm tra công tác cải cách hành chính tại 21 xã, thị trấn"
    start = text.index(quote)
    logic.add_target(db, doc["doc_id"], start, start + len(quote), REVIEWER,
                     {"indicator": "Số xã, thị trấn được kiểm tra", "value": "21", "unit": "xã, thị trấn"})
    at = _page(reviewer=REVIEWER, status="Bổ sung")
    table = at.dataframe[0].value
    assert list(table["Trạng thái"]) == ["✚ Bổ sung"] and list(table["Giá trị"]) == ["21 xã, thị trấn"]
    assert _progress(at) == "Đã duyệt 1 / 10 chỉ tiêu"
    with pytest.raises(ValueError, match="giá trị"):
        logic.add_target(db, doc["doc_id"], start, start + 5, REVIEWER, {"indicator": "x", "value": ""})


def test_assignment_comparison_and_log_tabs(db):
    logic.decide(db, target_id(db, "đúng hạn đạt từ 98%"), "correct", "Lê Thu Hà", "số in sai", {"value": "96"})
    at = _page(tab="Phân công theo cơ quan")
    summary = next(d.value for d in at.dataframe if "Quá hạn" in d.value.columns)
    assert summary.set_index("Cơ quan").loc["Phòng Nội vụ huyện Củ Chi", "Nhiệm vụ"] == 2
    at = _page(tab="So sánh qua các năm")
    assert at.selectbox(key="cmp_issuer").value == "Ủy ban nhân dân huyện Củ Chi"
    compare = next(d.value for d in at.dataframe if "2023" in d.value.columns)
    row = compare[compare["Mã chỉ số"] == "ontime_rate"].iloc[0]
    assert row["2023"] == "≥ 96% ↓ nới lỏng" and row["Nguồn"] == "2022: 45/KH-UBND; 2023: 38/KH-UBND"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1 and '"facet"' in charts[0].proto.spec
    at = _page(tab="Nhật ký duyệt")
    log = at.dataframe[0].value
    assert list(log.iloc[0][["Người duyệt", "Quyết định", "Sửa thành"]]) == ["Lê Thu Hà", "Đã sửa", "giá trị: 96"]


def test_empty_and_missing_stores_are_explained(tmp_path, monkeypatch):
    empty = tmp_path / "empty.duckdb"
    Store(empty).close()
    monkeypatch.setenv("CHITIEU_DB", str(empty))
    monkeypatch.delenv(auth.USERS_ENV, raising=False)
    at = _page()
    assert _progress(at) == "Đã duyệt 0 / 0 chỉ tiêu"
    assert any("Không có chỉ tiêu" in i.value for i in at.info)
    monkeypatch.setenv("CHITIEU_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception and any("Không mở được kho dữ liệu" in e.value for e in at.error)


def test_review_command_refuses_a_missing_store_a_busy_port_or_an_open_address(db, tmp_path):
    import socket

    from typer.testing import CliRunner

    from pipeline.cli import app

    runner = CliRunner()
    res = runner.invoke(app, ["review", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "no store at" in res.output
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        res = runner.invoke(app, ["review", "--db", str(db), "--port", str(s.getsockname()[1])])
    assert res.exit_code == 2 and "already in use" in res.output
    res = runner.invoke(app, ["review", "--db", str(db), "--address", "0.0.0.0"])
    assert res.exit_code == 2 and "--users FILE" in res.stderr
    bad = tmp_path / "users.tsv"
    bad.write_text("nga\tHoàng Thị Nga\tmatkhau\n", encoding="utf-8")
    res = runner.invoke(app, ["review", "--db", str(db), "--address", "0.0.0.0", "--users", str(bad)])
    assert res.exit_code == 2 and "not an argon2 hash" in res.stderr
