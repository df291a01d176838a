"""`chitieu serve` for real: started in a terminal it asks nothing and stops cleanly on Ctrl-C; its local Prefect
server runs the scheduler, and a scheduled run (every few seconds) fills the store from the inbox."""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from pipeline.store import Store

DOCS = ("nghe-an-chi-thi-12-2019.txt", "dong-anh-cchc-2023.docx")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(tmp_path: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update({"PYTHONPATH": str(ROOT), "PREFECT_HOME": str(tmp_path / "prefect"), **extra})
    return env


@pytest.fixture
def inbox(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    for name in DOCS:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def _read_until(fd: int, wanted: bytes, timeout: float) -> bytes:
    out = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end and wanted not in out:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    return out


def _wait(pid: int, timeout: float) -> int | None:
    """The child's wait status, or None if it is still running after `timeout` seconds (never blocks for ever)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        time.sleep(0.2)
    return None


def test_serve_in_a_terminal_asks_nothing_and_stops_on_ctrl_c(inbox, tmp_path):
    port = _free_port()
    args = [sys.executable, "-m", "pipeline.cli", "serve", "--inbox", str(inbox), "--db", str(tmp_path / "s.duckdb"),
            "--port", str(port), "--no-ui"]
    pid, fd = pty.fork()  # the child gets the pseudo-terminal as its controlling terminal, as in a shell
    if pid == 0:
        os.chdir(ROOT)
        os.execve(sys.executable, args, _env(tmp_path, TERM="xterm", COLUMNS="120"))
    try:
        first = _read_until(fd, b"Ctrl-C stops it.", 30).decode(errors="replace")
        # within 30 s: no question asked, and still running (a server start may take longer on a busy machine)
        assert "?" not in first and "[y/n]" not in first.lower(), first
        assert os.waitpid(pid, os.WNOHANG) == (0, 0)
        text = first if "Ctrl-C stops it." in first else first + _read_until(fd, b"Ctrl-C stops it.", 120).decode(errors="replace")
        assert "Ctrl-C stops it." in text, f"not serving after 150 s:\n{text}"
        assert "?" not in text.replace("http://", "") and "usage data" not in text
        assert "View at" not in text and "UI:" not in text  # --no-ui: no links at all
        assert f"Prefect API: http://127.0.0.1:{port}/api" in text
        os.write(fd, b"\x03")  # Ctrl-C, as typed
        rest = _read_until(fd, b"stopped.", 30).decode(errors="replace")
        status = _wait(pid, 120)
        assert status is not None, f"still running 2 minutes after Ctrl-C:\n{rest}"
        pid = 0
        assert os.waitstatus_to_exitcode(status) == 0, rest
        assert "Traceback" not in text + rest and "stopped." in rest
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", port)) != 0  # the Prefect server it started is gone too
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)


def test_a_real_scheduled_run_fills_the_store(inbox, tmp_path):
    db = tmp_path / "chitieu.duckdb"
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "serve", "--inbox", str(inbox), "--db", str(db),
                             "--interval", "10", "--port", str(port), "--name", "every-10-s"],
                            cwd=ROOT, env=_env(tmp_path, PREFECT_RUNNER_POLL_FREQUENCY="2"),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 240
        docs = []
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(2)
            if not db.exists():
                continue
            try:
                with Store(db, read_only=True) as s:
                    docs = sorted(s.documents()["doc"])
            except Exception:  # the scheduled run is writing it: look again
                continue
            if len(docs) == len(DOCS):
                break
        assert proc.poll() is None, proc.communicate()
        assert docs == sorted(DOCS)
        with Store(db, read_only=True) as s:
            assert len(s.targets()) > 5
        # the server has its UI on the port it printed
        import httpx

        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=10).status_code == 200
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
    assert proc.returncode == 0, err[-3000:]
    assert f"UI: http://127.0.0.1:{port}" in out and "every 10 s" in out
    assert "Traceback" not in err, err
