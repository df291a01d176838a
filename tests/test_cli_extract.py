"""`chitieu extract`: the output contract of DESIGN.md, in every format, and batches that survive bad files."""

import csv
import io
import json

from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import CORPUS
from pipeline.cli import app
from pipeline.records import ASSIGNMENT_FIELDS, DEADLINE_FIELDS, DOCUMENT_FIELDS, TARGET_FIELDS

runner = CliRunner()
PLAN = CORPUS / "dong-anh-cchc-2024.docx"


def _jsonl(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_jsonl_keeps_the_contract_and_every_quote_is_the_raw_text_at_its_span():
    res = runner.invoke(app, ["extract", str(PLAN), "--format", "jsonl"])
    assert res.exit_code == 0, res.output
    recs = _jsonl(res)
    raw = runner.invoke(app, ["text", str(PLAN), "--raw"]).stdout
    fields = {"document": DOCUMENT_FIELDS, "target": TARGET_FIELDS, "assignment": ASSIGNMENT_FIELDS,
              "deadline": DEADLINE_FIELDS}
    assert recs[0]["kind"] == "document" and recs[0]["doc"] == PLAN.name
    assert {r["kind"] for r in recs} == set(fields)
    for r in recs:
        assert next(iter(r)) == "kind"
        assert set(fields[r["kind"]]) <= set(r)
        if r["kind"] != "document":
            assert raw[r["char_start"]:r["char_end"]] == r["quote"]
    satisfaction = [r for r in recs if r["kind"] == "target" and r.get("indicator_code") == "satisfaction_rate"]
    assert satisfaction and satisfaction[0]["unit"] == "%" and satisfaction[0]["deadline"] == "2024-12-31"


def test_a_bad_file_is_named_and_the_rest_of_the_batch_goes_on(tmp_path):
    bad = tmp_path / "hong.pdf"
    bad.write_text("đây không phải là PDF", encoding="utf-8")
    folder_named_like_a_file = tmp_path / "thu_muc.txt"
    folder_named_like_a_file.mkdir()
    res = runner.invoke(app, ["extract", str(bad), str(CORPUS / "nghe-an-chi-thi-12-2019.txt")])
    assert res.exit_code == 1
    assert "hong.pdf" in res.stderr and "Traceback" not in res.output
    assert any(r["kind"] == "target" for r in _jsonl(res))


def test_a_path_that_cannot_be_read_is_one_line_not_a_traceback(tmp_path):
    folder = tmp_path / "ke_hoach.txt"
    folder.mkdir()
    res = runner.invoke(app, ["text", str(folder)])
    assert res.exit_code == 2
    assert "ke_hoach.txt" in res.stderr and "Traceback" not in res.output
    assert len(res.stderr.strip().splitlines()) == 1


def test_csv_and_xlsx_hold_the_same_targets(tmp_path):
    res = runner.invoke(app, ["extract", str(PLAN), "--format", "csv", "--kind", "target"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout.removeprefix("\ufeff"))))
    n_targets = len(rows)
    assert n_targets > 5 and "kind" not in rows[0]
    out = tmp_path / "chi_tieu.xlsx"
    res = runner.invoke(app, ["extract", str(PLAN), "--format", "xlsx", "-o", str(out)])
    assert res.exit_code == 0, res.output
    wb = load_workbook(out)
    assert wb["Chỉ tiêu"].max_row - 1 == n_targets


def test_table_format_prints_the_targets():
    res = runner.invoke(app, ["extract", str(PLAN), "--format", "table"])
    assert res.exit_code == 0 and "targets (" in res.stdout
