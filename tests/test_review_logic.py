"""The review page's logic on a real store: filters, progress, the escaped source, decisions, deadlines' urgency."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.review import agencies, logic, source
from pipeline.review.decisions import parse_comparator, parse_date, parse_number, parse_status
from pipeline.store import Store
from review_data import build_store, target_id


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("logic"))


@pytest.fixture(scope="module")
def snap(db):
    return logic.load_snapshot(db)


@pytest.mark.parametrize("filters", [
    {"doc": "cu-chi-cchc-2022.txt"}, {"issuer": "Củ Chi"}, {"year": 2023}, {"year": 2021},
    {"indicator_code": "satisfaction_rate"}, {"deadline_from": "2023-01-01"}, {"deadline_to": "2022-12-31"},
    {"review_status": "pending"}, {"issuer": "huyện", "year": 2022, "deadline_from": "2022-06-01"},
])
def test_filters_keep_what_the_store_keeps(db, snap, filters):
    with Store(db, read_only=True) as s:
        expected = sorted(s.targets(**filters)["target_id"])
    args = dict(filters)
    if "indicator_code" in args:
        args["indicator"] = args.pop("indicator_code")
    assert sorted(logic.apply_filters(snap.targets, **args)["target_id"]) == expected


def test_filters_forgive_case_and_diacritics(snap):
    assert len(logic.apply_filters(snap.targets, issuer="cu chi")) == 9
    assert len(logic.apply_filters(snap.targets, indicator="hai long")) == 2
    opts = logic.filter_options(snap.targets)
    assert opts["year"] == [2022, 2023] and "ontime_rate" in opts["indicator"] and len(opts["doc"]) == 2


def test_progress_counts_reviewed_targets(snap):
    assert logic.progress(snap.targets) == (0, 9)
    assert logic.progress_text(37, 112) == "Đã duyệt 37 / 112 chỉ tiêu"


def test_source_is_shown_within_its_section_and_escaped(db, snap):
    row = snap.targets[snap.targets["quote"].str.contains("<script>", regex=False)].iloc[0]
    text, sections = logic.load_source(db, row["doc_id"])
    view = source.source_view(text, sections, int(row["char_start"]), int(row["char_end"]), row["section"])
    assert view.quote == row["quote"] and view.section == "I — MỤC TIÊU, CHỈ TIÊU"
    assert "- 100% cán bộ" in view.before and "II. NHIỆM VỤ" not in view.after  # the section, not the next one
    page = source.source_html(view)
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in page
    assert '<mark class="ct-quote">cổng thông tin của 21 xã' in page
    fields = logic.fields_html(row)
    assert "<script>" not in fields and "&lt;script&gt;" in fields


def test_a_pdf_target_shows_its_page():
    text = "KẾ HOẠCH\nII. CHỈ TIÊU\n- Tỷ lệ học sinh tiểu học học 2 buổi/ngày đạt 95%.\n"
    start = text.index("Tỷ lệ học sinh")
    view = source.source_view(text, None, start, text.index("95%") + 3)
    assert "Trang 3" in source.source_html(view, page=3)
    assert "Trang" not in source.source_html(view, page=None)


def test_long_sections_are_cut_around_the_quote():
    text = ("Đoạn mở đầu. " * 400) + "Phấn đấu 100% trường học có phòng tin học." + (" Đoạn tiếp theo." * 400)
    start = text.index("Phấn đấu")
    end = start + len("Phấn đấu 100% trường học có phòng tin học.")
    view = source.source_view(text, None, start, end, context=200)
    assert view.cut_before and view.cut_after and len(view.before) <= 200 and len(view.after) <= 200
    assert view.before.startswith("Đoạn")  # cut at a word boundary


def test_a_decision_is_written_with_reviewer_and_time(tmp_path):
    db = build_store(tmp_path)
    tid = target_id(db, "tối thiểu 40%")
    before = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(seconds=5)
    logic.decide(db, tid, "correct", "Võ Thị Lan", "bản gốc ghi 45%", {"value": "45", "comparator": ">", "unit": "",
                                                                     "deadline": "30/11/2022", "agency": "Phòng Nội vụ"})
    with pytest.raises(ValueError, match="reviewer"):
        logic.decide(db, tid, "accept", "  ")
    with pytest.raises(ValueError, match="corrected field"):
        logic.decide(db, tid, "correct", "Võ Thị Lan", None, {"value": " "})
    with Store(db, read_only=True) as s:
        row = s.targets(review_status="corrected").iloc[0]
    assert row["target_id"] == tid and row["reviewer"] == "Võ Thị Lan" and row["reviewed_at"] >= before
    assert (row["reviewed_value"], row["reviewed_comparator"], row["reviewed_agency"]) == (45, ">", "Phòng Nội vụ")
    assert row["reviewed_deadline"].date() == dt.date(2022, 11, 30) and row["note"] == "bản gốc ghi 45%"
    assert "giá trị: 45" in dict(logic.target_fields(row))["Duyệt"]


def test_next_target_skips_reviewed_ones():
    ids = ["a", "b", "c", "d"]
    statuses = {"a": "accepted", "b": "pending", "c": "rejected", "d": "pending"}
    assert logic.next_target(ids, statuses, "b") == "d"
    assert logic.next_target(ids, statuses, "d") == "b"
    assert logic.next_target(ids, {k: "accepted" for k in ids}, "c") == "c"
    assert logic.next_target(ids, statuses, None) == "b"


def test_deadline_urgency_relative_to_today():
    today = dt.date(2023, 5, 10)
    assert agencies.quarter_end(today) == dt.date(2023, 6, 30)
    assert agencies.quarter_end(dt.date(2023, 11, 2)) == dt.date(2023, 12, 31)
    assert agencies.urgency("2023-05-09", today) == "overdue"
    assert agencies.urgency(dt.date(2023, 5, 10), today) == "due_this_quarter"
    assert agencies.urgency("2023-06-30", today) == "due_this_quarter"
    assert agencies.urgency("2023-07-01", today) == "later"
    assert agencies.urgency(None, today) == "none"


def test_assignments_per_agency_with_overdue_marked(snap):
    today = dt.date(2023, 5, 10)
    summary = agencies.agency_summary(snap.assignments, today)
    noi_vu = summary[summary["Cơ quan"] == "Phòng Nội vụ huyện Củ Chi"].iloc[0]
    assert (noi_vu["Nhiệm vụ"], noi_vu["Quá hạn"], noi_vu["Đến hạn quý này"]) == (2, 1, 0)
    assert summary.iloc[0]["Quá hạn"] >= 1  # most urgent first
    tasks = agencies.agency_tasks(snap.assignments, "Phòng Văn hóa và Thông tin huyện Củ Chi", today)
    assert tasks.iloc[0]["Tình trạng"] == "⏳ Đến hạn quý này" and tasks.iloc[0]["Thời hạn"] == dt.date(2023, 6, 30)
    tasks = agencies.agency_tasks(snap.assignments, "Phòng Nội vụ huyện Củ Chi", today)
    assert list(tasks["Tình trạng"]) == ["⚠ Quá hạn", "Còn hạn"] and tasks.iloc[0]["Vai trò"] == "chủ trì"


def test_analyst_input_is_read_the_vietnamese_way():
    assert parse_status(" Đồng ý ") == "accepted" and parse_status("chap nhan") == "accepted"
    assert parse_status("SỬA") == "corrected" and parse_status("Từ chối") == "rejected" and parse_status("") is None
    with pytest.raises(ValueError):
        parse_status("để sau")
    assert parse_number("97,5") == 97.5 and parse_number("1.000") == 1000 and parse_number("98%") == 98
    assert parse_number(12.0) == 12 and parse_number(" ") is None
    assert parse_comparator("≥") == ">=" and parse_comparator("không quá") == "<=" and parse_comparator("bằng") == "="
    assert parse_date("31/12/2025") == dt.date(2025, 12, 31) and parse_date("2024") == dt.date(2024, 12, 31)
    with pytest.raises(ValueError):
        parse_date("cuối năm")


HOLD_STORE = """
import sys, time
from pipeline.store import Store
with Store(sys.argv[1], timeout=10) as s:
    s.con.execute("SELECT count(*) FROM targets").fetchone()
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_page_holds_no_connection_and_waits_for_a_writer(tmp_path):
    import subprocess
    import sys
    import time

    from pipeline.review.decisions import StoreBusy

    db = build_store(tmp_path)
    tid = target_id(db, "tối thiểu 40%")
    logic.load_snapshot(db)
    logic.decide(db, tid, "accept", "Bùi Văn Tâm")
    # between actions the page holds nothing: an ingest process can open the store for writing at once
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", HOLD_STORE, str(db), "0"], capture_output=True, text=True, timeout=60, cwd=root)
    assert done.returncode == 0 and "holding" in done.stdout, done.stderr
    # while another process writes, the page waits a little, then says the store is busy
    holder = subprocess.Popen([sys.executable, "-c", HOLD_STORE, str(db), "2.5"], stdout=subprocess.PIPE, text=True, cwd=root)
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        with pytest.raises(StoreBusy, match="try again"):
            logic.decide(db, tid, "reject", "Bùi Văn Tâm", timeout=0.5)
        with pytest.raises(StoreBusy):
            logic.load_snapshot(db, timeout=0.5)
        assert time.monotonic() - started < 2.5
    finally:
        holder.wait(30)
    logic.decide(db, tid, "reject", "Bùi Văn Tâm", "trùng chỉ tiêu")  # the writer is gone: it goes through
    assert logic.load_snapshot(db).targets.set_index("target_id").loc[tid, "review_status"] == "rejected"


def test_chart_has_a_panel_per_indicator_longest_series_first(snap):
    from pipeline.compare import chart_data, compare_targets
    from pipeline.review.tabs import chart_points

    pts = chart_points(chart_data(compare_targets(snap.targets)))
    assert pts["panel"].nunique() == 6
    first = pts[pts["order"] == 0]
    assert list(first["year"]) == ["2022", "2023"] and first["panel"].iloc[0].endswith("(%)")
    assert chart_points(chart_data(compare_targets(snap.targets)), limit=2)["panel"].nunique() == 2


def test_review_times_are_shown_in_vietnam_time(monkeypatch):
    from pipeline.localtime import display_time

    monkeypatch.delenv("CHITIEU_TZ", raising=False)
    assert display_time("2024-03-31 20:15:00") == "01/04/2024 03:15"  # stored UTC, shown UTC+7
    monkeypatch.setenv("CHITIEU_TZ", "UTC")
    assert display_time("2024-03-31 20:15:00") == "31/03/2024 20:15"


def test_lowest_confidence_first_and_none_last(snap):
    t = snap.targets.copy()
    ids = list(t["target_id"])
    t["confidence"] = [None, 0.91, 0.35, None, 0.72, None, None, 0.35, None]
    from pipeline.review.data import decorate

    t = decorate(t.drop(columns=[c for c in t.columns if c.startswith("_")]))
    order = list(logic.ordered(t, "confidence")["target_id"])
    assert order[:4] == [ids[2], ids[7], ids[4], ids[1]]  # ties keep document order
    assert order[4:] == [ids[0], ids[3], ids[5], ids[6], ids[8]]
    assert list(logic.ordered(t, "document")["target_id"]) == ids
    table = logic.table_view(logic.ordered(t, "confidence"))
    assert list(table["Lưu ý"][:3]) == ["⚠ tin cậy thấp", "⚠ tin cậy thấp", ""]
    assert dict(logic.target_fields(t.iloc[0]))["Độ tin cậy"] == "chưa chấm"


def test_a_selected_span_is_read_as_a_first_guess():
    g = source.guess_target("Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 98% trở lên")
    assert (g["indicator"], g["value"], g["unit"], g["comparator"]) == ("Tỷ lệ hồ sơ giải quyết đúng hạn", "98", "%", ">=")
    g = source.guess_target("Tỷ lệ hộ nghèo không quá 2%")
    assert (g["indicator"], g["comparator"]) == ("Tỷ lệ hộ nghèo", "<=")
    assert source.guess_target("bồi dưỡng 400 cán bộ, công chức cấp xã")["unit"] == "cán bộ, công chức"
    assert source.guess_target("không có con số")["value"] is None


def test_reviewers_are_who_the_users_file_or_the_proxy_says(tmp_path, monkeypatch):
    from pipeline.review import auth

    monkeypatch.setattr(auth, "FAILED_LOGIN_DELAY", 0.0)
    users = tmp_path / "users.tsv"
    auth.write_users(users, {"lan": auth.User("lan", "Võ Thị Lan", auth.hash_password("mat-khau-2"))})
    assert oct(users.stat().st_mode & 0o777) == "0o600"
    assert "mat-khau-2" not in users.read_text(encoding="utf-8")
    assert auth.login(users, "lan", "mat-khau-2") == auth.Reviewer("Võ Thị Lan", "lan", "users_file")
    assert auth.login(users, "lan", "sai") is None and auth.login(users, "ai", "mat-khau-2") is None
    with pytest.raises(ValueError):
        auth.hash_password("ngan")
    assert auth.from_header({"X-Forwarded-User": "thu.nt"}, "X-Forwarded-User") == auth.Reviewer("thu.nt", "thu.nt", "proxy")
    assert auth.from_header({"x-forwarded-user": "thu.nt"}, "X-Forwarded-User").name == "thu.nt"
    assert auth.from_header({}, "X-Forwarded-User") is None
    assert auth.is_local("127.0.0.1") and not auth.is_local("0.0.0.0")
