"""End to end in a real browser: `chitieu review` serves the page, headless Chromium corrects a target with Enter,
accepts the next with the keyboard, picks a row by clicking it, adds a missed target from a selected span, and
a login proxy's header names the reviewer."""

from __future__ import annotations

import os
import re
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
# selects `want` inside the source box as a person would with the mouse, then releases the button
SELECT_IN_SOURCE = """(want) => {
  const text = document.querySelector('.ct-text');
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const i = node.data.indexOf(want);
    if (i < 0) continue;
    const r = document.createRange();
    r.setStart(node, i); r.setEnd(node, i + want.length);
    const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r);
    text.parentElement.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    return true;
  }
  return false;
}"""


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


def _serve(tmp_path, *extra):
    db = build_store(tmp_path)
    port = _free_port()
    log = tmp_path / "review.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("CHITIEU_USERS", None)
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "review", "--db", str(db), "--port", str(port), *extra],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    return db, f"http://127.0.0.1:{port}", proc, log


def _stop(proc) -> None:
    os.killpg(proc.pid, signal.SIGTERM)  # the session we started: chitieu and the streamlit it runs
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def server(tmp_path):
    db, url, proc, log = _serve(tmp_path)
    try:
        _wait_healthy(url, proc, log)
        yield url, db
    finally:
        _stop(proc)


def _reviews(db):
    with Store(db, read_only=True) as s:
        return s.con.execute("SELECT r.status, r.reviewed_value, r.reviewer, t.quote FROM reviews r "
                             "JOIN targets t USING (target_id) ORDER BY r.seq").fetchall()


def _browser(pw):
    return pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)


def _shows(page, quote_part: str) -> None:
    """The rerun is over and this target is the one shown (a fragment rerun briefly shows both)."""
    from playwright.sync_api import expect

    expect(page.locator("mark.ct-quote", has_text=quote_part)).to_be_visible()
    expect(page.locator("mark.ct-quote")).to_have_count(1)


def _settled(page) -> None:
    """Streamlit has finished its rerun: typing into a form that is still being re-rendered can be lost
    or reset, so a test types only once the script is idle."""
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stApp"]')).to_have_attribute("data-test-script-state", "notRunning")


def test_enter_saves_the_correction_and_the_keyboard_accepts_the_next(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    url, db = server
    expect.set_options(timeout=30_000)  # a loaded 2-core machine: Streamlit's first run can take seconds
    dialogs = []
    with sync_playwright() as pw:
        browser = _browser(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(url)
            expect(page.get_by_text("Đã duyệt 0 / 9 chỉ tiêu")).to_be_visible()
            _shows(page, "giải quyết đúng hạn đạt từ 97%")
            reviewer = page.get_by_label("Người duyệt")
            reviewer.fill("Hoàng Thị Nga")
            reviewer.press("Enter")
            expect(page).to_have_url(re.compile(r"reviewer=Ho(%C3%A0|à)ng", re.IGNORECASE))

            # the bug: Enter in the correction form recorded "Chấp nhận" and lost the typed value
            accept = page.get_by_role("button", name="✓ Chấp nhận")
            where = accept.bounding_box()
            value = page.get_by_label("Giá trị đúng")
            _settled(page)
            value.fill("96,5")
            value.press("Enter")
            expect(page.get_by_text("Đã duyệt 1 / 9 chỉ tiêu")).to_be_visible()
            _shows(page, "Mức độ hài lòng của người dân")  # the next target, in the same place
            after = page.get_by_role("button", name="✓ Chấp nhận").bounding_box()
            assert abs(after["y"] - where["y"]) < 5 and abs(after["x"] - where["x"]) < 5  # no jump to the top

            # the keyboard: N accepts (outside a text field), S and T move
            page.evaluate("document.activeElement && document.activeElement.blur()")
            page.keyboard.press("n")
            expect(page.get_by_text("Đã duyệt 2 / 9 chỉ tiêu")).to_be_visible()
            _shows(page, "trực tuyến mức độ 4 phát sinh hồ sơ")
            page.keyboard.press("s")
            _shows(page, "Số hóa 100% kết quả")
            page.keyboard.press("t")
            _shows(page, "trực tuyến mức độ 4 phát sinh hồ sơ")
            # typing a letter in a text field types it: no shortcut fires there
            note = page.get_by_label("Ghi chú")
            note.fill("")
            note.press_sequentially("ns")
            expect(note).to_have_value("ns")
            expect(page.get_by_text("Đã duyệt 2 / 9 chỉ tiêu")).to_be_visible()

            # a reload keeps the reviewer and the open target (they are in the address)
            page.reload()
            _shows(page, "trực tuyến mức độ 4 phát sinh hồ sơ")
            expect(page.get_by_label("Người duyệt")).to_have_value("Hoàng Thị Nga")
            page.screenshot(path=str(tmp_path / "review.png"))
        finally:
            browser.close()
    assert dialogs == []
    assert _reviews(db) == [("corrected", 96.5, "Hoàng Thị Nga", next(q for *_, q in _reviews(db) if "97%" in q)),
                            ("accepted", None, "Hoàng Thị Nga", next(q for *_, q in _reviews(db) if "hài lòng" in q))]


def test_rows_are_clickable_and_a_missed_target_is_added_from_a_selection(server):
    from playwright.sync_api import expect, sync_playwright

    url, db = server
    expect.set_options(timeout=30_000)
    with sync_playwright() as pw:
        browser = _browser(pw)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(30_000)
            page.goto(url + "/?reviewer=V%C3%B5%20Th%E1%BB%8B%20Lan")
            _shows(page, "giải quyết đúng hạn đạt từ 97%")
            grid = page.locator('[data-testid="stDataFrame"]')
            grid.scroll_into_view_if_needed()
            box = grid.bounding_box()
            page.mouse.click(box["x"] + 12, box["y"] + 35 * 5 + 17)  # the 5th row's marker (a header row first)
            _shows(page, "đúng hạn đạt từ 98%")

            # untrusted text stays text: the <script> of a plan shows as characters and never runs
            words = page.get_by_label("Chỉ tiêu (từ khoá)")
            words.fill("lọc mã")
            words.press("Enter")
            _shows(page, "<script>alert('xss')</script>")

            words.fill("")
            words.press("Enter")
            _shows(page, "<script>alert('xss')</script>")  # the open target stays open; it is the last one
            page.get_by_role("button", name="Sau →").click()
            _shows(page, "giải quyết đúng hạn đạt từ 97%")  # after the last comes the first
            page.get_by_role("button", name="Sau →").click()
            _shows(page, "Mức độ hài lòng của người dân")
            assert page.evaluate(SELECT_IN_SOURCE, "Số hóa 100% kết quả giải quyết thủ tục hành chính")
            indicator = page.get_by_label("Chỉ tiêu (điều được đo)")
            expect(indicator).to_be_visible()
            expect(page.get_by_label("Giá trị", exact=True)).to_have_value("100")
            expect(page.get_by_label("Đơn vị", exact=True)).to_have_value("%")
            _settled(page)
            indicator.fill("Tỷ lệ kết quả giải quyết thủ tục hành chính được số hóa")
            expect(indicator).to_have_value("Tỷ lệ kết quả giải quyết thủ tục hành chính được số hóa")
            indicator.press("Enter")
            expect(page.get_by_text("Đã duyệt 1 / 10 chỉ tiêu")).to_be_visible()
        finally:
            browser.close()
    with Store(db, read_only=True) as s:
        added = s.added_targets()
        text = s.document_text(added.iloc[0]["doc_id"])
    row = added.iloc[0]
    assert (row["indicator"], row["value"], row["unit"], row["reviewer"]) == (
        "Tỷ lệ kết quả giải quyết thủ tục hành chính được số hóa", 100, "%", "Võ Thị Lan")
    assert text[row["char_start"]:row["char_end"]] == row["quote"] == "Số hóa 100% kết quả giải quyết thủ tục hành chính"


def test_behind_a_login_proxy_the_header_names_the_reviewer(tmp_path):
    from playwright.sync_api import expect, sync_playwright

    db, url, proc, log = _serve(tmp_path, "--trust-header", "X-Forwarded-User", "--address", "127.0.0.1")
    expect.set_options(timeout=30_000)
    try:
        _wait_healthy(url, proc, log)
        with sync_playwright() as pw:
            browser = _browser(pw)
            try:
                anonymous = browser.new_page()
                anonymous.goto(url)
                expect(anonymous.get_by_text("chỉ mở qua cổng đăng nhập")).to_be_visible()
                page = browser.new_page(viewport={"width": 1400, "height": 1000},
                                        extra_http_headers={"X-Forwarded-User": "thu.nt"})
                page.goto(url + "/?reviewer=Ke%20Mao%20Danh")
                _shows(page, "giải quyết đúng hạn đạt từ 97%")
                expect(page.get_by_label("Người duyệt")).to_have_count(0)  # nothing to type a name into
                page.get_by_role("button", name="✓ Chấp nhận").click()
                expect(page.get_by_text("Đã duyệt 1 / 9 chỉ tiêu")).to_be_visible()
            finally:
                browser.close()
    finally:
        _stop(proc)
    with Store(db, read_only=True) as s:
        log_ = s.review_log()
    assert list(log_[["reviewer", "reviewer_auth"]].itertuples(index=False, name=None)) == [("thu.nt", "proxy")]
