"""`chitieu ingest` as a person or a script sees it: a progress bar instead of log lines, no links to a
server that is gone, and exit codes that say whether files failed (real processes, real flow runs)."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from vn_plans import write_plans

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], env: dict | None = None, timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=timeout)


@pytest.fixture
def inbox(tmp_path) -> Path:
    box = tmp_path / "inbox"
    write_plans(box)
    (box / "ghi-chu.xyz").write_text("không phải văn bản")
    return box


def test_exit_0_when_all_documents_are_stored_and_no_prefect_chatter(prefect_api, inbox, tmp_path):
    done = run(["ingest", str(inbox), "--db", str(tmp_path / "chitieu.duckdb")], {"PREFECT_API_URL": prefect_api})
    assert done.returncode == 0, done.stderr[-2000:]
    out = done.stdout + done.stderr
    assert "View at" not in out and "Finished in state" not in out and "Beginning flow run" not in out
    assert re.search(r"new documents\s*│\s*3", done.stdout)
    assert "not taken" in done.stdout and "ghi-chu.xyz: not a format chitieu reads (.xyz)" in done.stdout


def test_exit_1_when_a_file_failed_and_strict_counts_files_not_taken(prefect_api, inbox, tmp_path):
    api = {"PREFECT_API_URL": prefect_api}
    strict = run(["ingest", str(inbox), "--db", str(tmp_path / "a.duckdb"), "--strict", "--quiet"], api)
    assert strict.returncode == 1 and strict.stdout == ""
    (inbox / "hong.pdf").write_bytes(b"%PDF-1.7\n% cut off")
    failed = run(["ingest", str(inbox), "--db", str(tmp_path / "b.duckdb"), "--quiet"], api)
    assert failed.returncode == 1 and failed.stdout == ""
    lines = [line for line in failed.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("set aside ") and "hong.pdf (corrupt)" in lines[0]


def test_exit_2_for_bad_input_before_any_server_starts(tmp_path):
    for args, message in ((["ingest", str(tmp_path / "khong-co")], "not a folder"),
                          (["ingest", str(tmp_path), "--time-limit", "0"], "limits must be positive")):
        done = run(args, {"PREFECT_API_URL": "http://127.0.0.1:9/api"}, timeout=60)  # no server needed
        assert done.returncode == 2 and message in done.stderr
        assert done.stderr.strip().count("\n") == 0 and "Traceback" not in done.stderr


def test_a_terminal_sees_a_progress_bar(prefect_api, inbox, tmp_path):
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "ingest", str(inbox), "--db",
                             str(tmp_path / "chitieu.duckdb")], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=follower, env={**os.environ, "PREFECT_API_URL": prefect_api, "COLUMNS": "120"})
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        elif proc.poll() is not None:
            break
    proc.wait(timeout=240)
    os.close(leader)
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", b"".join(chunks).decode("utf-8", "replace"))
    assert proc.returncode == 0
    assert "documents" in screen and "3/3" in screen and "left" in screen
