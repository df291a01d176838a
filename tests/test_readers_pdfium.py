"""PDF text through pdfium: every page holds the words pdfplumber gives, and extraction is unchanged by it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import CORPUS
from pipeline.analyse import extract
from pipeline.readers import pdf, pdf_pages, read

FIX = Path(__file__).parent / "fixtures"
TEXT_PDFS = sorted(CORPUS.glob("*.pdf")) + [FIX / n for n in (
    "report_4p.pdf", "report_trang.pdf", "table_wrapped.pdf", "legacy_vni.pdf", "two_column.pdf", "fallback_font.pdf",
    "hyphen_break.pdf")]


def _words(path: Path, engine: str) -> list[Counter]:
    found = pdf_pages.read_pages(path, path.read_bytes(), engine)
    return [Counter(w["text"] for line in lines for w in line.words) + Counter(
        c for line in lines if line.cells for cell in line.cells for c in cell.split()) for lines in found.lines]


@pytest.mark.parametrize("path", TEXT_PDFS, ids=lambda p: p.name)
def test_each_page_holds_the_words_pdfplumber_gives(path):
    ours, theirs = _words(path, "pdfium"), _words(path, "pdfplumber")
    assert len(ours) == len(theirs)
    for page, (a, b) in enumerate(zip(ours, theirs), 1):
        assert a == b, (page, a - b, b - a)


@pytest.mark.parametrize("path", TEXT_PDFS, ids=lambda p: p.name)
def test_raw_text_tables_and_facts_are_those_of_the_pdfplumber_path(path):
    data = path.read_bytes()
    ours, theirs = pdf.read(path, data), pdf.read(path, data, engine="pdfplumber")
    assert ours.raw_text == theirs.raw_text
    assert ours.page_starts == theirs.page_starts
    assert [t.rows for t in ours.tables] == [t.rows for t in theirs.tables]
    assert extract(ours) == extract(theirs)  # metadata, targets, deadlines, assignments, with their spans


def test_corpus_pdfs_are_read_without_pdfplumber_on_their_text_pages():
    # pdfplumber reads only a page pdfium cannot order or whose drawings it cannot measure
    for path in [*CORPUS.glob("*.pdf"), FIX / "table_wrapped.pdf", FIX / "two_column.pdf"]:
        assert pdf_pages.read_pages(path, path.read_bytes()).plumber_pages == [], path.name
    path = FIX / "fallback_font.pdf"  # a fallback font draws the accented letters after each line
    assert pdf_pages.read_pages(path, path.read_bytes()).plumber_pages == [1, 2, 3, 4]


def test_a_word_hyphenated_at_a_line_end_stays_as_printed():
    # pdfium joins "NĐ-" + "CP" over the line break; the page (and pdfplumber) has two lines
    doc = read(FIX / "hyphen_break.pdf")
    lines = doc.raw_text.splitlines()
    assert "\ufffe" not in doc.raw_text
    assert "1. Thực hiện nghiêm Nghị định số 100/2016/NĐ-CP, Nghị định số 61/2018/NĐ-" in lines
    assert any(l.startswith("CP và Thông tư số 01/2018/TT-VPCP") for l in lines)
    assert pdf_pages.read_pages(FIX / "hyphen_break.pdf", (FIX / "hyphen_break.pdf").read_bytes()).plumber_pages == []


def test_a_ruled_table_is_found_from_the_drawn_paths_pdfium_reports():
    doc = read(FIX / "table_wrapped.pdf")
    assert len(doc.tables) == 2
    assert doc.tables[0].rows[2][1] == "Tỷ lệ trường trung học cơ sở đạt chuẩn quốc gia về cơ sở vật chất"


# ---------------------------------------------------------------- two-column pages

@pytest.fixture(scope="module")
def two_column():
    return read(FIX / "two_column.pdf")


def test_a_two_column_page_is_read_column_by_column(two_column):
    text = two_column.raw_text
    lines = text.splitlines()
    assert lines[:4] == ["ỦY BAN NHÂN DÂN HUYỆN THANH TRÌ", "KẾ HOẠCH",
                         "Cải cách hành chính năm 2024 trên địa bàn huyện Thanh Trì", "I. MỤC TIÊU"]
    # the left column whole, then the right one: no line holds words of both
    assert text.index("trên môi trường mạng.") < text.index("II. TỔ CHỨC THỰC HIỆN")
    assert "1. Đến hết năm 2024, tỷ lệ hồ sơ thủ tục" in lines
    assert not any("thủ tục II." in l or "hài cáo" in l for l in lines)


def test_facts_of_a_two_column_page_come_out_whole(two_column):
    records = extract(two_column)
    targets = {(r["value"], r["unit"]) for r in records if r["kind"] == "target"}
    assert {(98, "%"), (92, "%"), (100, "%")} <= targets
    lead = [r for r in records if r["kind"] == "assignment" and r["agency"] == "Phòng Nội vụ" and r["role"] == "lead"]
    assert lead and lead[0]["section"].startswith("II")  # the right column's section
    assert "2024-12-15" in {r["date"] for r in records if r["kind"] == "deadline"}


def test_a_one_column_page_with_a_header_block_is_left_as_it_is():
    from pipeline.readers.pdf_columns import read_columns

    found = pdf_pages.read_pages(FIX / "report_4p.pdf", (FIX / "report_4p.pdf").read_bytes())
    for lines in found.lines:
        assert read_columns(lines) is lines
