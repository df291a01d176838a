"""`chitieu import-review` reads a workbook it cannot be exhausted by, refuses values that are not what the
analyst meant (infinite, NaN, a date typed as 3.5) row by row, and writes all decisions or none."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hostile_files import ROOT, chitieu, lying_member, peak_rss_mb
from pipeline.store import Store
from pipeline.xlsx import CORRECTION_HEADERS, REVIEWER, STATUS, export_store, import_reviews
from review_data import build_store
from vn_plans import PLANS


@pytest.fixture
def exported(tmp_path):
    db = build_store(tmp_path)
    book = tmp_path / "duyet.xlsx"
    with Store(db, read_only=True) as s:
        export_store(s, book)
    return db, book


def _with_shared_strings(book: Path, out: Path, megabytes: int) -> Path:
    """The workbook with a shared-strings part of `megabytes` MB (a few MB once zipped)."""
    with zipfile.ZipFile(book) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename != "xl/sharedStrings.xml":
                zout.writestr(info, zin.read(info))
        with zout.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            chunk = b"<si><t>ch\xe1\xbb\x89 ti\xc3\xaau</t></si>" * 40_000
            for _ in range(megabytes * (1 << 20) // len(chunk)):
                f.write(chunk)
            f.write(b"</sst>")
    return out


@pytest.mark.parametrize("kind", ["honest", "lying"])
def test_a_workbook_bomb_is_refused_in_one_line_with_little_memory(exported, tmp_path, kind):
    db, book = exported
    if kind == "honest":
        bomb = _with_shared_strings(book, tmp_path / "bom.xlsx", 500)
    else:
        bomb = lying_member(book, tmp_path / "bom.xlsx", "xl/sharedStrings.xml", inflated_mb=1500)
    assert bomb.stat().st_size < 20_000_000
    started = time.monotonic()
    peak, code, err = peak_rss_mb(chitieu("import-review", str(bomb), "--db", str(db), "--reviewer", "Lan"))
    assert code == 2 and err.strip().count("\n") == 0 and err.startswith(f"error: {bomb}: "), err
    assert "xl/sharedStrings.xml" in err
    assert peak < 500, f"peak {peak:.0f} MB"
    assert time.monotonic() - started < 60
    with Store(db, read_only=True) as s:
        assert s.con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0


def _fill(book: Path, rows: dict[int, dict[str, object]]) -> None:
    wb = load_workbook(book)
    ws = wb["Chỉ tiêu"]
    header = [c.value for c in ws[1]]
    for row, cells in rows.items():
        for name, value in cells.items():
            ws.cell(row=row, column=header.index(name) + 1, value=value)
    wb.save(book)


def _patch_sheet(book: Path, old: bytes, new: bytes) -> None:
    with zipfile.ZipFile(book) as z:
        parts = [(info, z.read(info)) for info in z.infolist()]
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info, data.replace(old, new) if info.filename.startswith("xl/worksheets/") else data)


def test_values_that_are_not_what_the_analyst_meant_are_refused_row_by_row(exported):
    db, book = exported
    value, deadline = CORRECTION_HEADERS["value"], CORRECTION_HEADERS["deadline"]
    _fill(book, {
        2: {STATUS: "Sửa", value: 12345.678, REVIEWER: "Lan"},  # made a number cell of 1e400 below
        3: {STATUS: "Sửa", value: "1e400", REVIEWER: "Lan"},
        4: {STATUS: "Sửa", value: "nan", REVIEWER: "Lan"},
        5: {STATUS: "Sửa", deadline: 3.5, REVIEWER: "Lan"},  # a date cell: Excel reads 3.5 as 03/01/1900
        6: {STATUS: "Sửa", value: "95,5", deadline: "31/12/2024", REVIEWER: "Lan"},
    })
    _patch_sheet(book, b"<v>12345.678</v>", b"<v>1e400</v>")  # what no spreadsheet writes, a crafted file can
    with Store(db) as s:
        result = import_reviews(s, book)
        stored = s.con.execute("SELECT reviewed_value, reviewed_deadline FROM reviews").fetchall()
    problems = dict(result.unmatched)
    assert set(problems) == {2, 3, 4, 5}
    assert all("is not a finite number" in problems[r] for r in (2, 3, 4))
    assert "03/01/1900 is not a plausible deadline" in problems[5]
    assert [r for r, _, _ in result.applied] == [6]
    assert [(v, d.isoformat()) for v, d in stored] == [(95.5, "2024-12-31")]


def test_the_store_refuses_such_values_from_any_caller(exported):
    db, _ = exported
    with Store(db) as s:
        target = s.targets().iloc[0].target_id
        with pytest.raises(ValueError, match="finite"):
            s.add_review(target, "corrected", "Lan", value=float("inf"))
        with pytest.raises(ValueError, match="plausible"):
            s.add_review(target, "corrected", "Lan", deadline="1900-01-03")


@pytest.fixture(scope="module")
def big_review(tmp_path_factory):
    """A store of 120 plans with every target marked accepted in its exported workbook."""
    from pipeline.store.ingest import ingest_directly

    root = tmp_path_factory.mktemp("big-review")
    inbox = root / "inbox"
    inbox.mkdir()
    texts = list(PLANS.values())
    for i in range(120):
        text = re.sub(r"Số: \d+/", f"Số: {2000 + i}/", texts[i % len(texts)], count=1)
        (inbox / f"ke-hoach-{i:03d}.txt").write_text(text, encoding="utf-8")
    db = root / "chitieu.duckdb"
    ingest_directly(inbox, db)
    book = root / "duyet.xlsx"
    with Store(db, read_only=True) as s:
        export_store(s, book)
        n = len(s.targets())
    wb = load_workbook(book)
    ws = wb["Chỉ tiêu"]
    header = [c.value for c in ws[1]]
    for row in range(2, ws.max_row + 1):
        ws.cell(row=row, column=header.index(STATUS) + 1, value="Đồng ý")
        ws.cell(row=row, column=header.index(REVIEWER) + 1, value="Lan")
    wb.save(book)
    return db, book, n


def _holds(pid: int, path: Path) -> bool:
    try:
        return any(os.readlink(f"/proc/{pid}/fd/{fd}") == str(path) for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


def test_an_import_killed_while_writing_leaves_no_decision(big_review, tmp_path):
    db0, book, n = big_review
    assert n > 200
    whole = tmp_path / "whole.duckdb"
    shutil.copy(db0, whole)
    done = subprocess.run(chitieu("import-review", str(book), "--db", str(whole)), cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    with Store(whole, read_only=True) as s:
        assert s.con.execute("SELECT count(*) FROM reviews").fetchone()[0] == n

    killed = tmp_path / "killed.duckdb"
    shutil.copy(db0, killed)
    proc = subprocess.Popen(chitieu("import-review", str(book), "--db", str(killed)), cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not _holds(proc.pid, killed.resolve()) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.3)  # into the writes: the workbook was read before the store was opened
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the import ended before it could be killed while writing"
    with Store(killed, read_only=True) as s:
        assert s.con.execute("SELECT count(*) FROM reviews").fetchone()[0] == 0
