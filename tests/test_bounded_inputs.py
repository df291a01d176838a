"""Inputs that cannot exhaust memory: packages checked by what they really inflate to, a size limit per format."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hostile_files import chitieu, lying_member, peak_rss_mb
from pipeline.errors import EmptyDocument, TooLarge, ZipBomb
from pipeline.readers import MAX_BYTES_BY_FORMAT, read
from pipeline.readers.archive import ZipLimits, check_package

FIX = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def lying_docx(tmp_path_factory) -> Path:
    # 1.5 GB of zeros behind a directory entry that claims 1,000 bytes (the file itself is ~7 MB)
    out = tmp_path_factory.mktemp("hostile") / "ke-hoach-gia.docx"
    return lying_member(FIX / "plan_numbering.docx", out, "word/document.xml", inflated_mb=1500)


def test_a_docx_whose_directory_lies_is_refused_with_little_memory(lying_docx):
    assert lying_docx.stat().st_size < 10_000_000
    peak, code, err = peak_rss_mb(chitieu("text", str(lying_docx)))
    assert code == 2
    line = err.strip()
    assert line.count("\n") == 0 and line.startswith(f"error: {lying_docx}: ")
    assert "word/document.xml inflates to more than" in line and "claims 1,000 bytes" in line
    assert peak < 500, f"peak {peak:.0f} MB"


def test_the_same_file_read_the_way_python_docx_reads_it_takes_gigabytes(lying_docx):
    # what the check protects against: zipfile inflates the whole stream in one call before cutting it
    code = f"import zipfile; zipfile.ZipFile({str(lying_docx)!r}).read('word/document.xml')"
    peak, status, _ = peak_rss_mb([sys.executable, "-c", code])
    assert status == 0 and peak > 1000


def test_a_member_larger_than_declared_by_a_little_is_refused_too(tmp_path):
    f = lying_member(FIX / "plan_numbering.docx", tmp_path / "lech.docx", "word/styles.xml", inflated_mb=1,
                     claimed=4096)
    with pytest.raises(ZipBomb) as err:
        read(f)
    assert "word/styles.xml inflates to 1,048,576 bytes but the archive's directory claims 4,096" in str(err.value)


def test_check_package_counts_the_real_total_against_its_cap(tmp_path):
    import zipfile

    f = tmp_path / "nhieu.zip"
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(5):
            z.writestr(f"phan-{i}.bin", bytes(3 << 20))  # 5 x 3 MB, each under the member cap
    limits = ZipLimits(total=10 << 20, member=4 << 20, xml_member=4 << 20, what="workbook")
    with pytest.raises(ZipBomb, match="more than 10 MB"):
        check_package(f, f.read_bytes(), limits)
    check_package(f, f.read_bytes(), ZipLimits(total=20 << 20, member=4 << 20, xml_member=4 << 20))


def test_each_format_has_its_own_size_limit(tmp_path):
    assert MAX_BYTES_BY_FORMAT["txt"] < MAX_BYTES_BY_FORMAT["pdf"]
    f = tmp_path / "nhat-ky.txt"
    with open(f, "wb") as fh:
        fh.truncate(MAX_BYTES_BY_FORMAT["txt"] + 1)  # sparse: no disk, no time
    with pytest.raises(TooLarge) as err:
        read(f)
    assert "nhat-ky.txt" in str(err.value) and "limit is 20 MB for .txt files" in str(err.value)


def test_a_pdf_with_zero_pages_is_named_as_such(tmp_path):
    import io

    import pypdfium2 as pdfium

    buf = io.BytesIO()
    pdfium.PdfDocument.new().save(buf)
    f = tmp_path / "khong-trang.pdf"
    f.write_bytes(buf.getvalue())
    with pytest.raises(EmptyDocument) as err:
        read(f)
    assert str(err.value) == f"{f}: PDF has 0 pages"
