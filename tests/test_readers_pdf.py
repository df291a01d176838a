"""The .pdf reader on PDFs LibreOffice rendered from Vietnamese plans: pages, furniture removed, header de-interleaved."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from pipeline.errors import CorruptFile, EncryptedPDF, ScannedPDF
from pipeline.readers import read
from pipeline.readers.pdf import _page_number

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def report():
    return read(FIX / "report_4p.pdf")


def test_pages_are_read_in_order_with_their_start_offsets(report):
    doc = report
    assert doc.format == "pdf"
    assert len(doc.page_starts) == 4 and doc.page_starts[0] == 0
    assert doc.page_starts == sorted(doc.page_starts)
    with pdfplumber.open(FIX / "report_4p.pdf") as pdf:
        for i, page in enumerate(pdf.pages):
            body_last_line = page.extract_text().splitlines()[-2]  # the line above the page number
            at = doc.raw_text.index(body_last_line, doc.page_starts[i])
            assert doc.page_at(at) == i + 1


def test_vietnamese_letters_keep_their_marks_and_words_their_spaces(report):
    text = report.raw_text
    assert "Giao Sở Y tế chủ trì, phối hợp với Ủy ban nhân dân các huyện, thị xã, thành phố" in text
    assert "Mục tiêu: phấn đấu đến cuối năm 2022, tỷ lệ trạm y tế xã có bác sĩ đạt từ 95% trở" in text


def test_running_header_and_page_numbers_are_removed(report):
    doc = report
    assert "Kế hoạch số 112/KH-UBND ngày 10/02/2022" not in doc.raw_text
    lines = doc.raw_text.splitlines()
    for n in range(1, 5):
        assert f"- {n} -" not in lines
    doc = read(FIX / "report_trang.pdf")
    assert not [l for l in doc.raw_text.splitlines() if l.startswith("Trang ")]


def test_header_block_reads_issuer_column_then_motto_column(report):
    lines = report.raw_text.splitlines()
    assert lines[:7] == [
        "ỦY BAN NHÂN DÂN", "TỈNH NGHỆ AN", "Số: 112/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA", "VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Nghệ An, ngày 10 tháng 02 năm 2022",
    ]
    assert lines[7] == "KẾ HOẠCH"


@pytest.mark.parametrize("line, expected", [
    ("- 4 -", ("numbered", 4)), ("-12-", ("numbered", 12)), ("Trang 3", ("numbered", 3)),
    ("Trang 3/12", ("numbered", 3)), ("3/12", ("numbered", 3)), ("7", ("bare", 7)),
    ("15/12", None), ("Điều 4.", None), ("- Sở Y tế", None),
])
def test_page_number_shapes(line, expected):
    assert _page_number(line) == expected


def test_pdf_without_text_layer_is_scanned_not_empty():
    with pytest.raises(ScannedPDF) as err:
        read(FIX / "scanned.pdf")
    assert "scanned.pdf" in str(err.value) and "needs OCR" in str(err.value)


def test_encrypted_pdf_needs_a_password():
    with pytest.raises(EncryptedPDF) as err:
        read(FIX / "encrypted.pdf")
    assert "encrypted.pdf" in str(err.value) and "password" in str(err.value)


def test_text_file_named_pdf_is_not_a_pdf():
    with pytest.raises(CorruptFile) as err:
        read(FIX / "text_named.pdf")
    assert "text_named.pdf" in str(err.value) and "not a PDF" in str(err.value)


def test_truncated_pdf_is_corrupt(tmp_path):
    data = (FIX / "report_4p.pdf").read_bytes()
    f = tmp_path / "cut.pdf"
    f.write_bytes(data[: len(data) // 3])
    with pytest.raises(CorruptFile) as err:
        read(f)
    assert "cut.pdf" in str(err.value) and "damaged PDF" in str(err.value)
