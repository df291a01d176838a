"""The .pdf reader on PDFs LibreOffice rendered from Vietnamese plans: pages, furniture removed, header de-interleaved."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from pipeline.errors import CorruptFile, EncryptedPDF, ScannedPDF
from pipeline.readers import read
from pipeline.readers.pdf import Line, _drop_page_furniture, _page_number, _split_columns

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


def test_pdf_without_text_layer_is_scanned_not_empty(monkeypatch):
    monkeypatch.setenv("CHITIEU_TESSERACT", "/nonexistent/tesseract")  # no OCR engine (test_readers_ocr: with one)
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


def _line(top: float, *words: tuple[float, float, str]) -> Line:
    return Line(top, top + 12, [{"x0": a, "x1": b, "text": t, "top": top, "bottom": top + 12} for a, b, t in words])


def test_running_header_is_a_repeat_at_the_same_height_not_any_repeat():
    pages = []
    firsts = ["Giám sát dịch sốt xuất huyết tại các xã ven biển", "Truyền thông thay đổi hành vi phòng bệnh",
              "Bảo đảm thuốc, hóa chất và trang thiết bị"]
    for i, body_top in enumerate((120, 300, 540)):
        pages.append([
            _line(35, (200, 420, "Sở Y tế Cà Mau - Kế hoạch năm 2017")),  # close to the body, same height
            _line(50, (90, 500, firsts[i])),
            _line(body_top, (90, 300, "Tỷ lệ ca bệnh được giám sát: 100%.")),  # repeats, but flows with the text
            _line(body_top + 20, (90, 500, f"Đoạn văn thứ {i + 1} tiếp tục nội dung")),
            _line(760, (290, 310, f"- {i + 1} -")),
        ])
    _drop_page_furniture(pages)
    for i, lines in enumerate(pages):
        texts = [l.text for l in lines]
        assert texts[0] == firsts[i] and "Tỷ lệ ca bệnh được giám sát: 100%." in texts
        assert not any(t.startswith("Sở Y tế Cà Mau") or t.startswith("- ") for t in texts)


def test_header_columns_with_a_narrow_gap_on_the_first_row_are_separated():
    lines = [
        _line(56, (92, 128, "UBND"), (132, 249, "TỈNH THANH HÓA"), (261, 450, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")),
        _line(79, (100, 240, "SỞ GIÁO DỤC VÀ ĐÀO TẠO"), (322, 470, "Độc lập - Tự do - Hạnh phúc")),
        _line(102, (110, 200, "Số: 1520/KH-SGDĐT"), (300, 480, "Thanh Hóa, ngày 25 tháng 8 năm 2016")),
        _line(140, (270, 340, "KẾ HOẠCH")),
        _line(170, (90, 500, "Thực hiện nhiệm vụ trọng tâm năm học 2016 - 2017 của ngành")),
    ]
    out = [l.text for l in _split_columns(lines, 0, [])]
    assert out == ["UBND TỈNH THANH HÓA", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 1520/KH-SGDĐT",
                   "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "Thanh Hóa, ngày 25 tháng 8 năm 2016", "KẾ HOẠCH",
                   "Thực hiện nhiệm vụ trọng tâm năm học 2016 - 2017 của ngành"]


def test_scan_with_a_stamped_page_number_is_still_scanned(monkeypatch):
    monkeypatch.setenv("CHITIEU_TESSERACT", "/nonexistent/tesseract")
    with pytest.raises(ScannedPDF) as err:
        read(FIX / "scanned_numbered.pdf")
    assert "scanned_numbered.pdf" in str(err.value) and "needs OCR" in str(err.value)


def test_pdf_printed_from_a_vni_font_document_is_converted():
    doc = read(FIX / "legacy_vni.pdf")
    assert doc.encoding == "vni"
    assert "Sở Y tế chủ trì, phối hợp với Ủy ban nhân dân các huyện tổ" in doc.raw_text
    assert read(FIX / "report_4p.pdf").encoding is None


def test_glyph_code_text_counts_as_unmapped():
    from pipeline.readers.pdf import unmapped_share

    assert unmapped_share("(cid:71)(cid:72) (cid:3)(cid:90) Sở") == 2 / 3
    assert unmapped_share("Sở Y tế tỉnh Kon Tum") == 0.0


def test_signature_block_is_read_column_by_column_and_ruled_table_stays_rows(report):
    tail = report.raw_text.splitlines()[-16:]
    assert "Chỉ tiêu | Kế hoạch | Cơ quan chủ trì" in tail  # a ruled table: row by row, cells apart
    assert tail[-8:] == ["Nơi nhận:", "- Bộ Kế hoạch và Đầu tư;", "- TT Tỉnh ủy, TT HĐND tỉnh;", "- Lưu: VT, TH.",
                         "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Hùng"]


# ---------------------------------------------------------------- bordered tables (table_wrapped.pdf: 3 pages,
# the targets table starts low on page 1, its heading row is repeated on pages 2 and 3, rows 3 and 9 are cut by
# the page breaks; then a funding table with merged heading cells)

WRAPPED_HEADING = "STT | Chỉ tiêu | Kế hoạch năm 2023 | Cơ quan chủ trì | Cơ quan phối hợp"


@pytest.fixture(scope="module")
def wrapped():
    return read(FIX / "table_wrapped.pdf")


def test_bordered_table_is_one_line_per_row_with_wrapped_cells_joined(wrapped):
    lines = wrapped.raw_text.splitlines()
    at = lines.index(WRAPPED_HEADING)
    assert lines[at - 1] == "II. CHỈ TIÊU CỤ THỂ"
    assert lines[at + 1] == ("1 | Tỷ lệ huy động trẻ em từ 3 đến 5 tuổi đến trường mẫu giáo | Đạt từ 96% trở lên | "
                             "Sở Giáo dục và Đào tạo | Ủy ban nhân dân các huyện, thị xã, thành phố")
    assert lines[at + 2] == ("2 | Tỷ lệ trường trung học cơ sở đạt chuẩn quốc gia về cơ sở vật chất | Tối thiểu 70% | "
                             "Sở Giáo dục và Đào tạo | Sở Kế hoạch và Đầu tư")
    # a row the page break cuts in two is one row again
    assert lines[at + 3] == ("3 | Số phòng học tạm, phòng học nhờ được thay thế bằng phòng học kiên cố | "
                             "Ít nhất 120 phòng | Sở Kế hoạch và Đầu tư | Sở Tài chính, Sở Xây dựng")
    assert lines[at + 9] == ("9 | Tỷ lệ trẻ em mẫu giáo và học sinh tiểu học ở xã đặc biệt khó khăn được hỗ trợ ăn trưa | "
                             "100% | Ủy ban nhân dân các huyện | Sở Lao động - Thương binh và Xã hội")
    assert lines[at + 10].startswith("10 | Số xã, phường, thị trấn đạt chuẩn phổ cập giáo dục trung học cơ sở mức độ 2 | ")
    assert lines[at + 11].startswith("III. TỔ CHỨC THỰC HIỆN: Sở Giáo dục và Đào tạo chủ trì")


def test_table_words_are_not_also_read_as_lines(wrapped):
    text = wrapped.raw_text
    assert text.count("Kế hoạch năm 2023") == 1  # the heading row LibreOffice repeats on each page is read once
    assert text.count("phòng học kiên cố") == 1 and text.count("được hỗ trợ ăn trưa") == 1
    lines = text.splitlines()
    at = lines.index(WRAPPED_HEADING)
    assert all(" | " in l for l in lines[at:at + 11])
    assert not any(" | " in l for l in lines[:at] + lines[at + 11:at + 13])
    assert lines[at + 13:] == ["STT | Nội dung chi | Năm 2023 (triệu đồng)", " |  | Ngân sách tỉnh | Ngân sách huyện",
                               "1 | Xây dựng nhà ở nội trú cho học sinh các trường phổ thông dân tộc bán trú | 12.500 | 3.200",
                               "2 | Mua sắm thiết bị dạy học tối thiểu cho lớp 1 và lớp 2 | 4.800 | 1.150"]


def test_bordered_table_is_listed_with_its_rows_and_raw_span(wrapped):
    doc = wrapped
    assert len(doc.tables) == 2  # the targets table over three pages, the funding table
    t = doc.tables[0]
    assert len(t.rows) == 11 and all(len(r) == 5 for r in t.rows)
    assert " | ".join(t.rows[0]) == WRAPPED_HEADING
    assert t.rows[4] == ["4", "Tỷ lệ học sinh dân tộc thiểu số được chuẩn bị tiếng Việt trước khi vào lớp 1", "100%",
                         "Phòng Giáo dục và Đào tạo các huyện", "Ban Dân tộc tỉnh"]
    assert doc.raw_text[t.char_start:t.char_end] == "\n".join(" | ".join(r) for r in t.rows)
    assert doc.page_at(t.char_start) == 1 and doc.page_at(t.char_end - 1) == 3


def test_table_rows_are_those_the_docx_reader_reads_from_the_document_printed(wrapped, tmp_path):
    # merged cells too: a cell spanning rows leaves "" below it, a cell spanning columns is one cell
    from tests.fixtures import make_fixtures

    src = tmp_path / "table_wrapped.docx"
    make_fixtures.build_table_docx().save(src)
    assert [t.rows for t in wrapped.tables] == [t.rows for t in read(src).tables]


def test_borderless_header_and_signature_tables_are_not_tables(report):
    # report_4p.pdf: the header and signature blocks are borderless Word tables, the targets table has a grid
    assert [t.rows for t in report.tables] == [[
        ["Chỉ tiêu", "Kế hoạch", "Cơ quan chủ trì"],
        ["Tỷ lệ trạm y tế xã có bác sĩ", "95%", "Sở Y tế"],
        ["Trường mầm non đạt chuẩn quốc gia", "65%", "Sở Giáo dục và Đào tạo"],
    ]]


def test_legacy_font_table_is_converted_cell_by_cell():
    from pipeline.readers import legacy
    from pipeline.readers.pdf import _layout
    from pipeline.readers.pdf_tables import Grid

    vni = legacy.vni()
    inverse = {}
    for leg, uni in vni.pairs.items():
        inverse.setdefault(uni, leg)
    enc = lambda s: "".join(inverse.get(ch, ch) for ch in s)  # noqa: E731
    grid = Grid(xs=[0, 100, 200], header=[])
    pages = [[_line(100, (90, 300, enc("Chỉ tiêu năm 2009"))),
              Line(130, 150, [], [enc("Tỷ lệ trẻ em được tiêm chủng"), enc("trên 95%")], grid)],
             [Line(60, 80, [], [enc("Số xã đạt chuẩn y tế"), "40"], grid)]]
    texts, starts, tables = _layout(pages, lambda s: legacy.convert(s, vni))
    assert texts == ["Chỉ tiêu năm 2009\nTỷ lệ trẻ em được tiêm chủng | trên 95%", "Số xã đạt chuẩn y tế | 40"]
    assert starts == [0, len(texts[0]) + 1]
    assert tables[0].rows == [["Tỷ lệ trẻ em được tiêm chủng", "trên 95%"], ["Số xã đạt chuẩn y tế", "40"]]
    raw = "\n".join(texts)
    assert raw[tables[0].char_start:tables[0].char_end] == "Tỷ lệ trẻ em được tiêm chủng | trên 95%\nSố xã đạt chuẩn y tế | 40"


def test_a_table_search_that_fails_leaves_the_page_as_plain_lines(monkeypatch):
    from pipeline.readers import pdf_tables

    def broken(*args, **kwargs):
        raise ValueError("odd drawing")

    monkeypatch.setattr(pdf_tables, "_rows", broken)  # the grid search of the pdfium and pdfplumber paths alike
    doc = read(FIX / "table_wrapped.pdf")
    assert "Lào Cai" in doc.raw_text and not doc.tables
