"""Scanned PDFs read by OCR (Tesseract, Vietnamese model): text close to the text PDF's, targets found, pages marked."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, ROOT
from pipeline.analyse import extract
from pipeline.errors import EmptyDocument, ScannedPDF
from pipeline.normalise import normalise
from pipeline.readers import read

FIX = Path(__file__).parent / "fixtures"
NO_ENGINE = "/nonexistent/tesseract"


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalise(a).text, normalise(b).text, autojunk=False).ratio()


def _squash(s: str) -> str:
    return " ".join(normalise(s).text.split())


@pytest.fixture(scope="module")
def scanned_plan(scans):
    return read(scans["plan"])


@pytest.fixture(scope="module")
def text_plan():
    return read(CORPUS / "thanh-hoa-sgddt-nam-hoc-2016.pdf")


def test_a_scanned_plan_reads_back_close_to_the_text_pdf(scanned_plan, text_plan):
    assert scanned_plan.ocr and sorted(scanned_plan.ocr_pages) == [1, 2, 3]
    assert len(scanned_plan.page_starts) == 3
    assert _similarity(scanned_plan.raw_text, text_plan.raw_text) >= 0.95
    for i in range(3):  # each page is read as its own page
        a = text_plan.raw_text[text_plan.page_starts[i]:(text_plan.page_starts + [None])[i + 1]]
        b = scanned_plan.raw_text[scanned_plan.page_starts[i]:(scanned_plan.page_starts + [None])[i + 1]]
        assert _similarity(a, b) >= 0.9, i + 1


def test_targets_of_the_text_pdf_are_found_on_its_scan(scanned_plan, text_plan):
    ours = [r for r in extract(scanned_plan) if r["kind"] == "target"]
    theirs = [r for r in extract(text_plan) if r["kind"] == "target"]
    assert len(theirs) >= 8
    found = [t for t in theirs if any(r["value"] == t["value"] and r["unit"] == t["unit"]
                                      and _similarity(r["quote"], t["quote"]) >= 0.8 for r in ours)]
    assert len(found) >= 0.9 * len(theirs), [t["quote"] for t in theirs if t not in found]


def test_ocr_pages_and_their_confidence_are_recorded(scanned_plan):
    records = extract(scanned_plan)
    doc = records[0]
    assert doc["ocr"] is True and doc["ocr_pages"] == [1, 2, 3]
    assert 50 < doc["ocr_confidence"] <= 100
    assert all(c is not None and 50 < c <= 100 for c in scanned_plan.ocr_pages.values())
    facts = [r for r in records if r["kind"] != "document"]
    assert facts and all(r["ocr"] is True for r in facts)
    # quotes still index the raw text: the analyst sees what OCR read
    assert all(scanned_plan.raw_text[r["char_start"]:r["char_end"]] == r["quote"] for r in facts)


def test_one_scanned_page_among_text_pages_is_the_only_one_ocrd(scans):
    text = read(CORPUS / "dong-anh-cchc-2025.pdf")
    mixed = read(scans["mixed"])
    assert sorted(mixed.ocr_pages) == [3]
    assert len(mixed.page_starts) == len(text.page_starts)

    def page(doc, i):
        return doc.raw_text[doc.page_starts[i]:(doc.page_starts + [len(doc.raw_text) + 1])[i + 1] - 1]

    for i in range(len(text.page_starts)):
        if i == 2:
            assert _similarity(page(mixed, i), page(text, i)) >= 0.95
        else:
            assert page(mixed, i) == page(text, i)  # text pages are read as before, word for word
    records = extract(mixed)
    assert records[0]["ocr"] is True and records[0]["ocr_pages"] == [3]
    facts = [r for r in records if r["kind"] != "document"]
    assert {r["ocr"] for r in facts if r["page"] == 3} == {True}
    assert {r["ocr"] for r in facts if r["page"] != 3} == {False}


def test_a_text_pdf_is_not_marked_as_ocr(text_plan):
    records = extract(text_plan)
    assert records[0]["ocr"] is False and records[0]["ocr_pages"] == [] and records[0]["ocr_confidence"] is None
    assert not any(r["ocr"] for r in records[1:])


def test_a_scan_of_blank_pages_is_one_clear_error(ocr_engine):
    with pytest.raises(EmptyDocument) as err:
        read(FIX / "blank_scan.pdf")
    assert str(err.value) == (f"{FIX / 'blank_scan.pdf'}: scanned PDF with blank pages: OCR found no text on its "
                              "2 pages")


# ---------------------------------------------------------------- no OCR engine: the same "needs OCR" error

def test_without_tesseract_a_scan_needs_ocr(monkeypatch, scans):
    monkeypatch.setenv("CHITIEU_TESSERACT", NO_ENGINE)
    with pytest.raises(ScannedPDF) as err:
        read(scans["plan"])
    message = str(err.value)
    assert message.startswith(f"{scans['plan']}: scanned PDF with no text layer: needs OCR")
    assert "tesseract" in message and "\n" not in message
    with pytest.raises(ScannedPDF, match="needs OCR"):
        read(FIX / "scanned_numbered.pdf")


def test_a_tesseract_without_the_vietnamese_model_is_named_as_the_reason(monkeypatch, ocr_engine, tmp_path):
    import re

    # the real engine, pointed at a model folder that holds the English model only
    said = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60).stdout
    models = Path(re.search(r'"(.+?)"', said)[1]) if '"' in said else Path("/usr/share/tesseract-ocr/5/tessdata")
    if not (models / "eng.traineddata").exists():
        pytest.skip(f"no English model at {models}")
    (tmp_path / "eng.traineddata").symlink_to(models / "eng.traineddata")
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))
    with pytest.raises(ScannedPDF) as err:
        read(FIX / "scanned.pdf")
    assert "needs OCR; Tesseract has no Vietnamese model (apt-get install tesseract-ocr-vie)" in str(err.value)


def test_without_tesseract_a_scanned_page_among_text_pages_is_named(monkeypatch, scans):
    monkeypatch.setenv("CHITIEU_TESSERACT", NO_ENGINE)
    with pytest.raises(ScannedPDF) as err:
        read(scans["mixed"])
    assert "page 3 of 7 has no text layer (scanned): needs OCR" in str(err.value)


def test_without_tesseract_the_cli_prints_one_line(scans, tmp_path):
    env = {"CHITIEU_TESSERACT": NO_ENGINE, "PATH": "/usr/bin:/bin"}
    ok = tmp_path / "ke-hoach.txt"
    ok.write_text("KẾ HOẠCH\nI. MỤC TIÊU\n1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 98% trở lên.\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(scans["mixed"]), str(ok)],
                          cwd=ROOT, capture_output=True, text=True, timeout=180, env=env)
    errors = [l for l in done.stderr.splitlines() if l.strip()]
    assert len(errors) == 1 and "dong-anh-trang-3-scan.pdf" in errors[0] and "needs OCR" in errors[0]
    assert '"kind": "target"' in done.stdout and "ke-hoach.txt" in done.stdout  # the batch went on
