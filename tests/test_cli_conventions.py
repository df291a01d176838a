"""The CLI's conventions on real files: --version, the exit-code table, `-` for stdin, quoted globs, one CSV per
kind with a BOM, a compact table that fits 80 columns."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, ROOT
from pipeline.cli import app
from pipeline.commands.common import EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE

runner = CliRunner()
PLAN = CORPUS / "dong-anh-cchc-2024.docx"
PLAN_TEXT = """ỦY BAN NHÂN DÂN
HUYỆN BA VÌ
Số: 17/KH-UBND
KẾ HOẠCH
Chuyển đổi số năm 2024

I. MỤC TIÊU
- Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt từ 98% trở lên.
- 100% xã, thị trấn có trang thông tin điện tử.
II. TỔ CHỨC THỰC HIỆN
Phòng Nội vụ chủ trì, phối hợp với Phòng Văn hóa và Thông tin báo cáo trước ngày 30/6/2024.
"""


def _run(*args, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """chitieu in its own process, as a script or a scheduler runs it."""
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, input=stdin, capture_output=True,
                          timeout=180, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_version_names_the_package_and_the_extractors():
    import extractors

    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0
    assert res.stdout.startswith("chitieu ") and extractors.EXTRACTOR_VERSION in res.stdout


@pytest.mark.parametrize("args", [["extract", "khong-co.txt"], ["info", "khong-co.txt"], ["text", "khong-co.txt"],
                                  ["sections", "khong-co.txt"], ["extract", "corpus/*.khong"]])
def test_a_missing_input_is_exit_2_for_every_command(args):
    res = runner.invoke(app, args)
    assert res.exit_code == EXIT_USAGE, res.output
    assert res.stderr.strip().startswith("error: ") and args[-1] in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_a_batch_with_a_bad_file_exits_1_and_keeps_the_good_ones(tmp_path):
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    res = runner.invoke(app, ["extract", str(bad), str(PLAN), "--format", "jsonl"])
    assert res.exit_code == EXIT_SOME_FAILED
    assert "hong.pdf" in res.stderr
    assert any(json.loads(line)["kind"] == "target" for line in res.stdout.splitlines())
    # the only file given is unreadable: nothing was done, which is bad input
    assert runner.invoke(app, ["extract", str(bad)]).exit_code == EXIT_USAGE


def test_usage_errors_are_exit_2():
    assert runner.invoke(app, ["extract", str(PLAN), "--format", "yaml"]).exit_code == EXIT_USAGE
    assert runner.invoke(app, ["extract", str(PLAN), "--kind", "chi_tieu"]).exit_code == EXIT_USAGE
    res = runner.invoke(app, ["extract", str(PLAN), "--format", "table", "--columns", "indicator,mau_sac"])
    assert res.exit_code == EXIT_USAGE and "mau_sac" in res.stderr
    assert runner.invoke(app, ["extract", "--no-such-option", str(PLAN)]).exit_code == EXIT_USAGE
    assert runner.invoke(app, ["eval", str(CORPUS)]).exit_code == EXIT_USAGE  # not a gold folder


def test_stdin_is_read_as_a_document_in_a_real_process():
    res = _run("extract", "-", "--format", "jsonl", stdin=PLAN_TEXT.encode("utf-8"))
    assert res.returncode == EXIT_OK, res.stderr
    recs = [json.loads(line) for line in res.stdout.decode().splitlines()]
    assert recs[0]["kind"] == "document" and recs[0]["number"] == "17/KH-UBND"
    target = next(r for r in recs if r["kind"] == "target" and r["value"] == 98)
    assert PLAN_TEXT[target["char_start"]:target["char_end"]] == target["quote"]
    # a .docx piped in is recognised by its content
    res = _run("text", "-", "--raw", stdin=PLAN.read_bytes())
    assert res.returncode == EXIT_OK and "KẾ HOẠCH" in res.stdout.decode()
    res = _run("info", "-", stdin=b"")
    assert res.returncode == EXIT_USAGE and res.stderr.decode().startswith("error: stdin: ")


def test_a_quoted_glob_is_expanded(tmp_path):
    for name in ("a-2023.txt", "b-2024.txt", "ghi-chu.md"):
        (tmp_path / name).write_text(PLAN_TEXT, encoding="utf-8")
    res = runner.invoke(app, ["extract", str(tmp_path / "*.txt"), "--kind", "document"])
    assert res.exit_code == EXIT_OK, res.output
    assert sorted(json.loads(line)["doc"] for line in res.stdout.splitlines()) == ["a-2023.txt", "b-2024.txt"]
    res = runner.invoke(app, ["info", str(tmp_path / "a-*.txt"), "--json"])
    assert res.exit_code == EXIT_OK and json.loads(res.stdout)["doc"] == "a-2023.txt"
    res = runner.invoke(app, ["info", str(tmp_path / "*.txt")])
    assert res.exit_code == EXIT_USAGE and "names 2 files" in res.stderr


def test_csv_is_one_file_per_kind_with_a_bom(tmp_path):
    out = tmp_path / "csv"
    res = runner.invoke(app, ["extract", str(PLAN), "--format", "csv", "-o", str(out)])
    assert res.exit_code == EXIT_OK, res.output
    files = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(files) == ["assignments.csv", "deadlines.csv", "documents.csv", "targets.csv"]
    for data in files.values():
        assert data.startswith(b"\xef\xbb\xbf")  # Excel on Windows reads UTF-8 only with it
    targets = list(csv.DictReader(io.StringIO(files["targets.csv"].decode("utf-8-sig"))))
    assert targets and {"indicator", "value", "quote", "char_start"} <= set(targets[0])
    assert "agency" not in targets[0] and "recurrence" not in targets[0]  # no sparse mix of kinds
    assert any("hài lòng" in t["indicator"] for t in targets)
    deadlines = list(csv.DictReader(io.StringIO(files["deadlines.csv"].decode("utf-8-sig"))))
    assert deadlines and "date" in deadlines[0] and "indicator" not in deadlines[0]
    # one kind can go to stdout or to a .csv file; all kinds to stdout cannot
    one = runner.invoke(app, ["extract", str(PLAN), "--format", "csv", "--kind", "assignment"])
    assert one.exit_code == EXIT_OK and one.stdout.startswith("\ufeffdoc,agency,role")
    res = runner.invoke(app, ["extract", str(PLAN), "--format", "csv"])
    assert res.exit_code == EXIT_USAGE and "-o FOLDER" in res.stderr


def test_table_fits_80_columns_and_shows_words(tmp_path):
    res = _run("extract", str(PLAN), "--format", "table", env={"COLUMNS": "80"})
    assert res.returncode == EXIT_OK, res.stderr
    lines = res.stdout.decode().splitlines()
    assert max(len(line) for line in lines) <= 80
    head = next(line for line in lines if line.startswith("indicator"))
    assert head.split() == ["indicator", "value", "deadline", "agencies", "conf."]
    assert "Kế hoạch" in res.stdout.decode() or "Quyết định" in res.stdout.decode()
    assert any("≥ 98%" in line and "31/12/2024" in line for line in lines)
    # a target per line: the 18 targets do not become hundreds of wrapped lines
    n_targets = sum(1 for line in lines if "31/12/2024" in line)
    assert n_targets >= 10 and len(lines) < n_targets + 15
    more = _run("extract", str(PLAN), "--format", "table", "--columns", "indicator,quote", env={"COLUMNS": "80"})
    assert "đối với sự phục vụ" in more.stdout.decode()  # asked-for columns wrap instead of cutting


def test_progress_goes_to_a_terminal_only():
    from rich.console import Console

    from pipeline.commands.common import progress_bar

    shown, hidden = io.StringIO(), io.StringIO()
    with progress_bar(3, "extract", console=Console(file=shown, force_terminal=True, width=80)) as advance:
        for _ in range(3):
            advance()
    assert "3/3" in shown.getvalue()
    with progress_bar(3, "extract", console=Console(file=hidden, force_terminal=False)) as advance:
        advance()
    with progress_bar(3, "extract", quiet=True, console=Console(file=hidden, force_terminal=True)) as advance:
        advance()
    assert hidden.getvalue() == ""


def test_commands_are_documented_with_their_exit_codes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Exit codes"):]
    for code in (EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE):
        assert f"| {code} |" in section
    assert Path(ROOT / "pipeline" / "commands" / "common.py").read_text(encoding="utf-8").count("EXIT_") >= 6


def test_an_output_in_a_folder_not_made_yet_is_written_there(tmp_path):
    src = tmp_path / "ke-hoach.txt"
    src.write_text(PLAN_TEXT, encoding="utf-8")
    out = tmp_path / "ket-qua" / "2024" / "chi-tieu.jsonl"
    res = _run("extract", str(src), "-o", str(out), "-q")
    assert res.returncode == EXIT_OK, res.stderr.decode()
    values = [r["value"] for r in map(json.loads, out.read_text(encoding="utf-8").splitlines()) if r["kind"] == "target"]
    assert values == [98, 100]


def test_an_output_that_cannot_be_written_is_named_before_any_work(tmp_path):
    src = tmp_path / "ke-hoach.txt"
    src.write_text(PLAN_TEXT, encoding="utf-8")
    blocker = tmp_path / "la-tep"
    blocker.write_text("", encoding="utf-8")  # a file where the output's folder should be
    res = _run("extract", str(src), "-o", str(blocker / "chi-tieu.jsonl"))
    assert res.returncode == EXIT_USAGE
    err = res.stderr.decode()
    assert err.startswith("error: ") and "chi-tieu.jsonl" in err and "Traceback" not in err
    res = _run("extract", str(src), "-o", str(tmp_path))  # a folder given for a jsonl file
    assert res.returncode == EXIT_USAGE and "is a folder" in res.stderr.decode()
