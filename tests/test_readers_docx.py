"""The .docx reader: Word's automatic numbering rendered, tables as rows, header/footer kept out, bad archives refused."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from pipeline.errors import CorruptFile, TooLarge, ZipBomb
from pipeline.readers import read
from tests.fixtures.make_fixtures import TABLE_ROWS, W

FIX = Path(__file__).parent / "fixtures"

EXPECTED = """\
ỦY BAN NHÂN DÂN TỈNH HÀ GIANG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND | Hà Giang, ngày 15 tháng 3 năm 2023
KẾ HOẠCH
Chuyển đổi số tỉnh Hà Giang năm 2023
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Phát triển chính quyền số, nâng cao hiệu quả phục vụ người dân và doanh nghiệp.
2. Yêu cầu
II. MỤC TIÊU
1. Mục tiêu chung
2. Chỉ tiêu cụ thể
2.1. Về chính quyền số
a) Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến đạt từ 80% trở lên.
b) 100% cơ quan nhà nước cấp tỉnh kết nối với nền tảng chia sẻ dữ liệu.
2.2. Về kinh tế số
a) Kinh tế số chiếm tối thiểu 10% GRDP của tỉnh.
III. NHIỆM VỤ
1. Hoàn thiện hạ tầng mạng băng rộng đến các xã vùng cao.
2. Đào tạo kỹ năng số cho cán bộ, công chức cấp xã.
Chỉ tiêu | Năm 2023 | Cơ quan chủ trì
Dịch vụ công trực tuyến toàn trình | 80% | Văn phòng UBND tỉnh
Hộ gia đình có cáp quang | 70% | Sở Thông tin và Truyền thông
3. Sở Thông tin và Truyền thông chủ trì, hoàn thành trong quý III năm 2023.
4. Sở Tài chính bố trí kinh phí thực hiện.
IV. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành báo cáo kết quả trước ngày 15/12/2023."""


def test_numbering_is_rendered_as_word_shows_it():
    # I./1./2.1./a)/- from one multi-level list (roman headings through a paragraph style), counters reset when a
    # higher level advances, a second w:num of another list restarting at 3 by lvlOverride/startOverride.
    # (LibreOffice renders this file to the same labels.)
    doc = read(FIX / "plan_numbering.docx")
    assert doc.format == "docx"
    assert doc.raw_text == EXPECTED


def test_tables_are_kept_as_rows_with_their_span():
    doc = read(FIX / "plan_numbering.docx")
    assert len(doc.tables) == 2
    header, targets = doc.tables
    assert header.rows[1] == ["Số: 45/KH-UBND", "Hà Giang, ngày 15 tháng 3 năm 2023"]
    assert targets.rows == TABLE_ROWS
    assert doc.raw_text[targets.char_start:targets.char_end] == "\n".join(" | ".join(r) for r in TABLE_ROWS)
    assert doc.raw_text[header.char_start:header.char_end].startswith("ỦY BAN NHÂN DÂN TỈNH HÀ GIANG | ")


def test_header_and_footer_never_enter_the_body():
    text = read(FIX / "plan_numbering.docx").raw_text
    assert "DỰ THẢO" not in text and "Văn phòng UBND tỉnh Hà Giang" not in text


def test_tracked_deletions_and_field_codes_are_not_text(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Tỷ lệ hộ nghèo giảm ")
    p._p.append(parse_xml(f'<w:del xmlns:w="{W}" w:id="1" w:author="a"><w:r><w:delText>3%</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins xmlns:w="{W}" w:id="2" w:author="a"><w:r><w:t>4%</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:r xmlns:w="{W}"><w:instrText> PAGE </w:instrText></w:r>'))
    p.add_run(" mỗi năm.")
    f = tmp_path / "sua.docx"
    d.save(f)
    assert read(f).raw_text == "Tỷ lệ hộ nghèo giảm 4% mỗi năm."


def test_truncated_docx_is_corrupt():
    with pytest.raises(CorruptFile) as err:
        read(FIX / "truncated.docx")
    assert "truncated.docx" in str(err.value) and "truncated or damaged" in str(err.value)


def _bomb(tmp_path: Path, megabytes: int) -> Path:
    """A real .docx plus one member of zeros: ~1000x compression, written in 1 MB steps."""
    out = tmp_path / "bom.docx"
    with zipfile.ZipFile(FIX / "plan_numbering.docx") as zin, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            zout.writestr(info, zin.read(info))
        with zout.open("word/media/padding.bin", "w", force_zip64=True) as f:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                f.write(chunk)
    return out


@pytest.mark.parametrize("megabytes, reason", [(210, "would inflate to"), (20, "inflates")])
def test_zip_bomb_is_refused_from_its_directory_without_inflating(tmp_path, megabytes, reason):
    bomb = _bomb(tmp_path, megabytes)
    assert bomb.stat().st_size < 2_000_000
    tracemalloc.start()
    try:
        with pytest.raises(ZipBomb) as err:
            read(bomb)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "bom.docx" in str(err.value) and reason in str(err.value) and "zip bomb" in str(err.value)
    assert peak < 20_000_000  # the member was never inflated


def test_text_box_is_read_once_after_its_paragraph(tmp_path):
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    box = '<w:txbxContent><w:p><w:r><w:t>Mẫu số 02 - Phụ lục</w:t></w:r></w:p></w:txbxContent>'
    d = docx.Document()
    p = d.add_paragraph("Biểu tổng hợp chỉ tiêu giảm nghèo huyện Mèo Vạc năm 2016")
    p._p.append(parse_xml(
        f'<w:r xmlns:w="{W}" xmlns:mc="{mc}" xmlns:wps="{wps}"><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    d.add_paragraph("Tỷ lệ hộ nghèo giảm bình quân 4%/năm.")
    f = tmp_path / "hop.docx"
    d.save(f)
    assert read(f).raw_text == ("Biểu tổng hợp chỉ tiêu giảm nghèo huyện Mèo Vạc năm 2016\nMẫu số 02 - Phụ lục\n"
                                "Tỷ lệ hộ nghèo giảm bình quân 4%/năm.")


def test_docx_typed_in_a_tcvn3_font_is_converted_with_its_table():
    doc = read(FIX / "legacy_tcvn3.docx")
    assert doc.encoding == "tcvn3"
    assert doc.raw_text.startswith("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\nSố: 27/KH-UBND\nCộng hoà xã hội chủ nghĩa Việt Nam\n")
    t = doc.tables[0]
    assert t.rows[1] == ["Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "trên 95%"]
    assert doc.raw_text[t.char_start:t.char_end] == "\n".join(" | ".join(r) for r in t.rows)


def test_unicode_docx_reports_no_legacy_encoding():
    assert read(FIX / "plan_numbering.docx").encoding is None


def test_document_xml_too_big_to_parse_is_refused(tmp_path):
    # 80 MB of spaces inside document.xml: ratio-wise plausible for XML, but too big to hold as a tree
    big = tmp_path / "dai.docx"
    with zipfile.ZipFile(FIX / "plan_numbering.docx") as zin, \
            zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename != "word/document.xml":
                zout.writestr(info, zin.read(info))
        with zout.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(zin.read("word/document.xml"))
            chunk = b" " * (1 << 20)
            for _ in range(80):
                f.write(chunk)
    with pytest.raises(TooLarge) as err:
        read(big)
    assert "dai.docx" in str(err.value) and "word/document.xml would inflate to" in str(err.value)
