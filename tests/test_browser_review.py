"""End to end in a real browser: `chitieu review` serves the page, headless Chromium accepts one target and corrects another."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from pipeline.store import Store
from review_data import build_store

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (Debian package 'chromium')")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 40) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"chitieu review exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the review page did not come up in {timeout} s:\n{log.read_text(errors='replace')}")


@pytest.fixture
def server(tmp_path):
    db = build_store(tmp_path)
    port = _free_port()
    log = tmp_path / "review.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "review", "--db", str(db), "--port", str(port)],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url, db
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the session we started: chitieu and the streamlit it runs
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def test_accept_and_correct_in_chromium(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, db = server
    expect.set_options(timeout=30_000)  # a loaded 2-core machine: Streamlit's first run can take seconds
    dialogs = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(url)
            expect(page.get_by_text("Đã duyệt 0 / 9 chỉ tiêu")).to_be_visible()
            expect(page.locator("mark.ct-quote")).to_contain_text("giải quyết đúng hạn đạt từ 97%")

            reviewer = page.get_by_label("Người duyệt (reviewer)")
            reviewer.fill("Hoàng Thị Nga")
            reviewer.press("Enter")
            page.get_by_role("button", name="✓ Chấp nhận").click()
            expect(page.get_by_text("Đã duyệt 1 / 9 chỉ tiêu")).to_be_visible()
            # the page moved on to the next pending target: the satisfaction target of 2022
            expect(page.locator("mark.ct-quote", has_text="Mức độ hài lòng của người dân")).to_be_visible()
            expect(page.locator("mark.ct-quote")).to_have_count(1)

            page.get_by_label("Giá trị đúng").fill("92,5")
            page.get_by_label("Ghi chú").fill("phụ lục ghi 92,5%")
            page.get_by_role("button", name="✎ Lưu sửa").click()
            expect(page.get_by_text("Đã duyệt 2 / 9 chỉ tiêu")).to_be_visible()

            # untrusted text stays text: the <script> in a plan shows as characters and never runs
            words = page.get_by_label("Chỉ tiêu (từ khoá)")
            words.fill("lọc mã")
            words.press("Enter")
            expect(page.locator("mark.ct-quote", has_text="<script>alert('xss')</script>")).to_be_visible()
            expect(page.locator("mark.ct-quote")).to_have_count(1)  # the rerun is over
            page.get_by_label("Ghi chú").fill("không phải chỉ tiêu")
            page.get_by_role("button", name="✗ Loại").click()
            expect(page.get_by_text("Đã duyệt 3 / 9 chỉ tiêu")).to_be_visible()
            # the confirmation quotes the target's text: shown as written, backslashes and all markup gone
            expect(page.get_by_text("Đã loại: ○ cu-chi-cchc-2023.txt · Tỷ lệ trang của cổng thông tin xã được lọc mã <script> · > 95%")).to_be_visible()
            page.set_viewport_size({"width": 1400, "height": 1800})  # Streamlit scrolls inside its page: show it all
            page.wait_for_timeout(300)
            page.screenshot(path=str(tmp_path / "review.png"))
        finally:
            browser.close()
    assert dialogs == []
    assert (tmp_path / "review.png").stat().st_size > 10_000

    with Store(db, read_only=True) as s:
        t = s.targets()
    decided = t[t["review_status"] != "pending"].set_index("review_status")
    assert sorted(decided.index) == ["accepted", "corrected", "rejected"]
    assert "<script>" in decided.loc["rejected", "quote"]
    assert "đúng hạn đạt từ 97%" in decided.loc["accepted", "quote"]
    assert decided.loc["accepted", "reviewer"] == "Hoàng Thị Nga"
    corrected = decided.loc["corrected"]
    assert "hài lòng" in corrected["quote"] and corrected["reviewed_value"] == 92.5
    assert corrected["note"] == "phụ lục ghi 92,5%" and corrected["reviewer"] == "Hoàng Thị Nga"
