"""Excel round-trip: export the store, an analyst fills in verdicts with Excel (openpyxl here), import them back."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store import Store
from pipeline.xlsx import (STATUS, TARGET_ID, export_store, import_reviews, read_review_sheet, unsafe_cell,
                           write_workbook)
from review_data import build_store


def _sheet_rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    return header, [dict(zip(header, r)) for r in rows[1:]]


def _fill(path, verdicts: dict[str, dict]) -> None:
    """Write verdicts into the 'Chỉ tiêu' sheet the way an analyst would: by the rows' quotes."""
    wb = load_workbook(path)
    ws = wb["Chỉ tiêu"]
    header = [c.value for c in ws[1]]
    quote_col = header.index("Trích dẫn") + 1
    for row in range(2, ws.max_row + 1):
        quote = ws.cell(row=row, column=quote_col).value
        for part, cells in verdicts.items():
            if part in quote:
                for name, value in cells.items():
                    ws.cell(row=row, column=header.index(name) + 1, value=value)
    wb.save(path)


@pytest.fixture
def db(tmp_path):
    return build_store(tmp_path)


def test_export_has_a_sheet_per_kind_with_vietnamese_headers(db, tmp_path):
    out = tmp_path / "chi-tieu.xlsx"
    with Store(db, read_only=True) as s:
        export_store(s, out)
    wb = load_workbook(out)
    assert wb.sheetnames[:4] == ["Chỉ tiêu", "Phân công", "Thời hạn", "Văn bản"]
    ws = wb["Chỉ tiêu"]
    header, rows = _sheet_rows(ws)
    for name in (TARGET_ID, "Chỉ tiêu", "Giá trị", "Thời hạn", "Mục", "Trích dẫn", STATUS, "Giá trị sửa", "Ghi chú", "Người duyệt"):
        assert name in header
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    assert len(rows) == 9
    ontime = next(r for r in rows if "đúng hạn đạt từ 98%" in r["Trích dẫn"])
    assert ontime["Giá trị"] == 98 and ontime["So sánh"] == "≥" and ontime["Mục"] == "I"
    assert ontime["Thời hạn"] == dt.datetime(2023, 12, 31)  # a real date cell, not text
    assert ws.cell(row=2, column=header.index("Thời hạn") + 1).number_format == "DD/MM/YYYY"
    _, docs = _sheet_rows(wb["Văn bản"])
    assert {d["Số hiệu"] for d in docs} == {"45/KH-UBND", "38/KH-UBND"}
    assert all(isinstance(d["Ngày ban hành"], dt.datetime) for d in docs)
    _, tasks = _sheet_rows(wb["Phân công"])
    assert {"chủ trì", "phối hợp"} <= {t["Vai trò"] for t in tasks}


def test_cells_a_spreadsheet_would_run_are_neutralised(tmp_path):
    records = [
        {"kind": "document", "doc": "qd-12.txt", "number": "12/QĐ-UBND", "issuer": "Ủy ban nhân dân tỉnh Sóc Trăng",
         "period_start": 2019, "period_end": 2019},
        {"kind": "target", "doc": "qd-12.txt", "indicator": "=HYPERLINK(\"http://x\",\"bấm\")", "comparator": "=",
         "value": 100, "unit": "%", "deadline": "2019-12-31", "agencies": ["@Sở Y tế"], "section": "-2",
         "quote": "+100% trạm y tế xã có bác sĩ", "char_start": 10, "char_end": 38, "target_id": "t1"},
    ]
    out = write_workbook(records, tmp_path / "x.xlsx")
    ws = load_workbook(out)["Chỉ tiêu"]
    header, rows = _sheet_rows(ws)
    cells = [c for c in ws[2]]
    assert not any(c.data_type == "f" for c in cells)  # no formula anywhere
    row = rows[0]
    assert row["Chỉ tiêu"].startswith("'=") and row["Trích dẫn"] == "'+100% trạm y tế xã có bác sĩ"
    assert row["Cơ quan thực hiện"] == "'@Sở Y tế" and row["Mục"] == "'-2"
    assert row["So sánh"] == "bằng"  # the comparator "=" is shown as a word, not a formula
    assert row["Số hiệu"] == "12/QĐ-UBND" and row["Thời hạn"] == dt.datetime(2019, 12, 31)
    assert unsafe_cell(row["Chỉ tiêu"]) == records[1]["indicator"]


def test_round_trip_corrections_into_the_review_log(db, tmp_path):
    out = tmp_path / "duyet.xlsx"
    with Store(db, read_only=True) as s:
        export_store(s, out)
    _fill(out, {
        "đúng hạn đạt từ 98%": {STATUS: "Sửa", "Giá trị sửa": "97,5", "Ghi chú": "bản ký đóng dấu ghi 97,5%"},
        "hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính đạt từ 90% trở lên.": {},
        "mức độ 4 phát sinh trên tổng số": {STATUS: "đồng ý"},
        "<script>": {STATUS: "Từ chối", "Ghi chú": "không phải chỉ tiêu"},
        "cán bộ, công chức cấp xã": {"Thời hạn sửa": dt.datetime(2023, 9, 30)},  # no status word: a correction
    })
    wb = load_workbook(out)
    ws = wb["Chỉ tiêu"]
    header = [c.value for c in ws[1]]
    ws.append({header.index(TARGET_ID) + 1: "khong-co-that", header.index(STATUS) + 1: "Đồng ý"})
    ws.append({header.index(TARGET_ID) + 1: ws.cell(row=2, column=1).value, header.index(STATUS) + 1: "xem lại sau"})
    wb.save(out)

    with Store(db) as s:
        result = import_reviews(s, out, reviewer="Trần Minh Khoa")
        t = s.targets().set_index("quote")
    assert sorted(status for _, _, status in result.applied) == ["accepted", "corrected", "corrected", "rejected"]
    assert [reason.split(" (")[0] for _, reason in result.unmatched] == [
        "target_id 'khong-co-that' matches no target in the store", "unknown status 'xem lại sau'"]
    assert [row for row, _ in result.unmatched] == [11, 12]
    ontime = t.loc[[q for q in t.index if "đúng hạn đạt từ 98%" in q][0]]
    assert (ontime["review_status"], ontime["reviewed_value"], ontime["reviewer"]) == ("corrected", 97.5, "Trần Minh Khoa")
    assert ontime["note"] == "bản ký đóng dấu ghi 97,5%" and ontime["reviewed_at"] is not None
    training = t.loc[[q for q in t.index if "cán bộ, công chức cấp xã" in q][0]]
    assert training["review_status"] == "corrected" and training["reviewed_deadline"].date() == dt.date(2023, 9, 30)
    script = t.loc[[q for q in t.index if "<script>" in q][0]]
    assert (script["review_status"], script["note"]) == ("rejected", "không phải chỉ tiêu")
    assert (t["review_status"] == "pending").sum() == 5

    # exported again, the decisions come back filled in; importing that file records nothing new
    again = tmp_path / "lan-2.xlsx"
    with Store(db, read_only=True) as s:
        export_store(s, again)
    _, rows = _sheet_rows(load_workbook(again)["Chỉ tiêu"])
    row = next(r for r in rows if "đúng hạn đạt từ 98%" in r["Trích dẫn"])
    assert (row[STATUS], row["Giá trị sửa"], row["Người duyệt"]) == ("Đã sửa", 97.5, None)
    assert row["Lần duyệt trước"].startswith("Đã sửa · Trần Minh Khoa · ")
    with Store(db) as s:
        second = import_reviews(s, again)
        n_reviews = s.counts()["reviews"]
    assert (second.applied, second.unchanged, second.unmatched) == ([], 4, [])
    assert n_reviews == 4


def test_reviewer_comes_from_the_row_or_is_asked_for(db, tmp_path):
    out = tmp_path / "a.xlsx"
    with Store(db, read_only=True) as s:
        export_store(s, out)
    _fill(out, {"đúng hạn đạt từ 97%": {STATUS: "accepted", "Người duyệt": "Phạm Văn Long"},
                "hài lòng": {STATUS: "Loại"}})
    with Store(db) as s:
        result = import_reviews(s, out)
        t = s.targets()
    assert [status for _, _, status in result.applied] == ["accepted"]
    assert t[t["review_status"] == "accepted"]["reviewer"].tolist() == ["Phạm Văn Long"]
    assert len(result.unmatched) == 2 and all("reviewer" in reason for _, reason in result.unmatched)


def test_sheet_without_target_ids_is_refused(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Chỉ tiêu"
    wb.active.append(["Văn bản", "Trạng thái"])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(ValueError, match="target_id"):
        read_review_sheet(tmp_path / "bad.xlsx")
    (tmp_path / "not.xlsx").write_text("không phải bảng tính")
    with pytest.raises(ValueError, match="not an Excel workbook"):
        read_review_sheet(tmp_path / "not.xlsx")


def test_cli_export_then_import_review_reports_unmatched_rows(db, tmp_path):
    out = tmp_path / "cli.xlsx"
    res = CliRunner().invoke(app, ["export", "--xlsx", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    _fill(out, {"tối thiểu 40%": {STATUS: "Chấp nhận"}})
    wb = load_workbook(out)
    wb["Chỉ tiêu"].append(["0000", None])
    wb["Chỉ tiêu"].cell(row=wb["Chỉ tiêu"].max_row, column=[c.value for c in wb["Chỉ tiêu"][1]].index(STATUS) + 1, value="Sửa")
    wb.save(out)
    res = CliRunner().invoke(app, ["import-review", str(out), "--db", str(db), "--reviewer", "Nguyễn Thị Mai"])
    assert res.exit_code == 1
    assert "1 decisions recorded as Nguyễn Thị Mai (1 accepted)" in " ".join(res.output.split())
    assert "1 rows not recorded" in " ".join(res.output.split())
    assert "row 11:" in res.output and "no '… sửa' column filled" in res.output


def test_cli_extract_writes_a_workbook(tmp_path):
    from review_data import write_plans

    _, plan = write_plans(tmp_path / "plans")
    out = tmp_path / "extract.xlsx"
    res = CliRunner().invoke(app, ["extract", str(plan), "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    wb = load_workbook(out)
    assert wb.sheetnames[:4] == ["Chỉ tiêu", "Phân công", "Thời hạn", "Văn bản"]
    _, docs = _sheet_rows(wb["Văn bản"])
    assert [d["Văn bản"] for d in docs] == ["cu-chi-cchc-2023.txt"]
    header, targets = _sheet_rows(wb["Chỉ tiêu"])
    assert TARGET_ID in header and all(t[TARGET_ID] for t in targets)
    text = plan.read_text(encoding="utf-8")
    for t in targets:  # whatever the extractors find, each row points at its source
        assert text[t["Vị trí đầu"]:t["Vị trí cuối"]] == unsafe_cell(t["Trích dẫn"])


def test_the_workbook_prints_landscape_one_page_wide_with_the_header_on_each_page(tmp_path):
    db = build_store(tmp_path)
    out = tmp_path / "in.xlsx"
    with Store(db, read_only=True) as s:
        export_store(s, out)
    wb = load_workbook(out)
    for title in ("Chỉ tiêu", "Phân công", "Thời hạn", "Văn bản"):
        ws = wb[title]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
    docs = wb["Văn bản"]
    header = [c.value for c in docs[1]]
    assert {r[header.index("Loại văn bản")].value for r in docs.iter_rows(min_row=2)} == {"Kế hoạch"}
    targets = wb["Chỉ tiêu"]
    header = [c.value for c in targets[1]]
    kinds = {r[header.index("Loại mục")].value for r in targets.iter_rows(min_row=2)}
    assert kinds == {"Mục tiêu, chỉ tiêu"} and "Người duyệt" in header
    choices = targets.data_validations.dataValidation[0].formula1
    assert choices == '"Chấp nhận,Đã sửa,Loại"'


def test_import_review_with_a_users_file_records_the_verified_reviewer(db, tmp_path):
    from pipeline.review import auth

    users = tmp_path / "users.tsv"
    auth.write_users(users, {"mai": auth.User("mai", "Nguyễn Thị Mai", auth.hash_password("mat-khau-3"))})
    out = tmp_path / "verified.xlsx"
    with Store(db, read_only=True) as s:
        export_store(s, out)
    _fill(out, {"tối thiểu 40%": {STATUS: "Chấp nhận", "Người duyệt": "Ai Đó"}})
    args = ["import-review", str(out), "--db", str(db), "--users", str(users), "--reviewer", "mai", "--password-stdin"]
    wrong = CliRunner().invoke(app, args, input="sai-mat-khau\n")
    assert wrong.exit_code == 2 and "wrong login or password" in wrong.stderr
    res = CliRunner().invoke(app, args, input="mat-khau-3\n")
    assert res.exit_code == 0, res.output
    with Store(db, read_only=True) as s:
        log = s.review_log()
    assert list(log[["reviewer", "reviewer_login", "reviewer_auth"]].iloc[0]) == ["Nguyễn Thị Mai", "mai", "workbook_verified"]
    res = CliRunner().invoke(app, ["import-review", str(out), "--db", str(db), "--users", str(users)])
    assert res.exit_code == 2 and "--reviewer LOGIN" in res.stderr


def test_the_workbook_carries_each_fact_s_confidence(tmp_path):
    from openpyxl import load_workbook

    from pipeline.analyse import extract
    from pipeline.xlsx import write_workbook

    plan = tmp_path / "kh_ninh_thuan.txt"
    plan.write_text("KẾ HOẠCH\nI. MỤC TIÊU\n1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 97% trở lên trong năm 2024.\n",
                    encoding="utf-8")
    recs = extract(plan)
    out = tmp_path / "kh.xlsx"
    write_workbook(recs, out)
    ws = load_workbook(out)["Chỉ tiêu"]
    headers = [c.value for c in ws[1]]
    col = headers.index("Độ tin cậy")
    conf = ws.cell(row=2, column=col + 1).value
    target = next(r for r in recs if r["kind"] == "target")
    assert conf == target["confidence"] and 0.5 <= conf <= 1
