"""The review page run by Streamlit's AppTest against a real store: filters, decisions, escaping, tabs."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipeline.store import Store
from review_data import build_store, target_id

APP = str(Path(__file__).resolve().parents[1] / "pipeline" / "review" / "app.py")


@pytest.fixture
def db(tmp_path, monkeypatch):
    db = build_store(tmp_path)
    monkeypatch.setenv("CHITIEU_DB", str(db))
    return db


def _page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _progress(at) -> str:
    return at.get("progress")[0].proto.text


def test_page_lists_targets_and_filters_them(db):
    at = _page()
    assert _progress(at).startswith("Đã duyệt 0 / 9 chỉ tiêu")
    assert len(at.selectbox(key="current").options) == 9
    at.selectbox(key="f_year").select("2022").run()
    assert len(at.selectbox(key="current").options) == 4
    at.text_input(key="f_words").input("hai long").run()
    assert len(at.selectbox(key="current").options) == 1
    assert "hài lòng" in at.selectbox(key="current").format_func(at.selectbox(key="current").value)
    at.selectbox(key="f_year").select("(tất cả)").run()
    at.text_input(key="f_words").input("").run()
    at.selectbox(key="f_code").select("ontime_rate").run()
    assert len(at.selectbox(key="current").options) == 2
    assert any("Theo bộ lọc: 0 / 2 đã duyệt" in c.value for c in at.caption)


def test_accept_then_correct_writes_the_review_log(db):
    at = _page()
    at.text_input(key="reviewer").input("Đặng Quốc Bảo").run()
    first = at.selectbox(key="current").value
    _button(at, "✓ Chấp nhận").click().run()
    assert not at.exception
    assert any("Đã chấp nhận" in s.value for s in at.success)
    assert _progress(at).startswith("Đã duyệt 1 / 9")
    second = at.selectbox(key="current").value
    assert second != first  # moved on to the next pending target
    at.text_input(key=f"value_{second}").input("92,5")
    at.text_input(key=f"note_{second}").input("theo phụ lục")
    _button(at, "✎ Lưu sửa").click().run()
    assert not at.exception and _progress(at).startswith("Đã duyệt 2 / 9")
    with Store(db, read_only=True) as s:
        t = s.targets().set_index("target_id")
    assert t.loc[first, "review_status"] == "accepted" and t.loc[first, "reviewer"] == "Đặng Quốc Bảo"
    assert (t.loc[second, "review_status"], t.loc[second, "reviewed_value"], t.loc[second, "note"]) == ("corrected", 92.5, "theo phụ lục")
    # the status filter now finds them
    at.selectbox(key="f_status").select("Đã sửa").run()
    assert at.selectbox(key="current").value == second and len(at.selectbox(key="current").options) == 1


def test_a_decision_without_a_reviewer_is_refused(db):
    at = _page()
    _button(at, "✗ Loại").click().run()
    assert any("tên người duyệt" in e.value for e in at.error)
    with Store(db, read_only=True) as s:
        assert s.counts()["reviews"] == 0


def test_document_text_is_escaped(db):
    tid = target_id(db, "<script>")
    at = _page()
    at.selectbox(key="current").set_value(tid).run()
    html = "\n".join(m.value for m in at.markdown)
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert '<mark class="ct-quote">' in html
    at.text_input(key="reviewer").input("Đặng Quốc Bảo").run()
    _button(at, "✗ Loại").click().run()
    message = at.success[0].value  # the confirmation names the target: its text is escaped there too
    assert "\\<script\\>" in message and "<script>" not in message.replace("\\<script\\>", "")


def test_assignment_and_comparison_tabs(db):
    at = _page()
    summary = next(d.value for d in at.dataframe if "Quá hạn" in d.value.columns)
    assert summary.set_index("Cơ quan").loc["Phòng Nội vụ huyện Củ Chi", "Nhiệm vụ"] == 2
    agencies = at.selectbox(key="agency_pick").options
    assert "Phòng Nội vụ huyện Củ Chi" in agencies
    at.selectbox(key="agency_pick").select("Phòng Nội vụ huyện Củ Chi").run()
    assert at.selectbox(key="cmp_issuer").value == "Ủy ban nhân dân huyện Củ Chi"
    frames = [d.value for d in at.dataframe]
    compare = next(f for f in frames if "2023" in f.columns)
    row = compare[compare["Mã chỉ số"] == "ontime_rate"].iloc[0]
    assert row["2023"] == "≥ 98% ↑ raised"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1 and '"facet"' in charts[0].proto.spec  # a panel per indicator line


def test_empty_and_missing_stores_are_explained(tmp_path, monkeypatch):
    empty = tmp_path / "empty.duckdb"
    Store(empty).close()
    monkeypatch.setenv("CHITIEU_DB", str(empty))
    at = _page()
    assert _progress(at).startswith("Đã duyệt 0 / 0")
    assert any("Không có chỉ tiêu" in i.value for i in at.info)
    monkeypatch.setenv("CHITIEU_DB", str(tmp_path / "none.duckdb"))
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception and any("no store at" in e.value for e in at.error)


def test_review_command_refuses_a_missing_store_or_a_busy_port(db, tmp_path):
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
