"""The .html reader on saved pages of document websites: the document body, none of the site around it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pipeline.readers import read

FIX = Path(__file__).parent / "fixtures"


def test_law_site_page_keeps_the_document_and_drops_the_site():
    doc = read(FIX / "law_site_page.html")
    text = doc.raw_text
    assert doc.format == "html" and doc.encoding == "utf-8"
    assert text.startswith("ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH ------- | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "\nSố: 1520/QĐ-UBND | Bình Định, ngày 07 tháng 5 năm 2018\n" in text
    assert "\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển giáo dục mầm non" in text
    assert "giai đoạn 2018 - 2020." in text  # &nbsp; is a space
    assert "\n1. Đến năm 2020, tỷ lệ huy động trẻ mẫu giáo đến trường đạt 98%.\n2. Có ít nhất 60%" in text
    assert text.rstrip().endswith("PHÓ CHỦ TỊCH Trần Văn Minh")
    for furniture in ("Trang chủ", "Văn bản mới", "Tìm kiếm", "ADSENSE", "Quảng cáo", "quảng cáo", "Tải về",
                      "In văn bản", "Chia sẻ", "Lượt xem", "Facebook", "Văn bản liên quan", "Bình luận",
                      "Đăng nhập", "Giấy phép", "_gaq", "font-family", "noi dung van ban", "THƯ VIỆN VĂN BẢN"):
        assert furniture not in text, furniture


def test_html_tables_are_rows_with_spans():
    doc = read(FIX / "law_site_page.html")
    targets = [t for t in doc.tables if t.rows[0] == ["Chỉ tiêu", "Năm 2019", "Năm 2020"]]
    assert len(targets) == 1
    t = targets[0]
    assert t.rows[1:] == [["Trẻ 5 tuổi ra lớp", "99,5%", "99,8%"], ["Phòng học kiên cố", "75%", "85%"]]
    assert doc.raw_text[t.char_start:t.char_end] == (
        "Chỉ tiêu | Năm 2019 | Năm 2020\nTrẻ 5 tuổi ra lớp | 99,5% | 99,8%\nPhòng học kiên cố | 75% | 85%")


def test_page_without_known_container_uses_the_densest_block_and_its_charset():
    doc = read(FIX / "generic_page.htm")
    assert doc.encoding == "cp1258"
    text = unicodedata.normalize("NFC", doc.raw_text)
    assert text.startswith("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 09/CT-UBND\n")
    assert "1. Sở Tài nguyên và Môi trường chủ trì kiểm tra 100% cơ sở sản xuất" in text
    for furniture in ("Cổng thông tin", "Tin tức", "Thông báo tuyển dụng", "Lịch công tác", "Bản quyền"):
        assert furniture not in text, furniture


def test_list_items_carry_their_numbers_even_around_paragraphs(tmp_path):
    f = tmp_path / "ds.html"
    f.write_text("<html><body><ol type='a'><li><p>Trạm y tế xã đạt chuẩn quốc gia: 90%.</p></li>"
                 "<li><p>Tỷ lệ tiêm chủng đầy đủ: trên 95%.</p><p>Ghi chú của Sở Y tế Sóc Trăng.</p></li></ol>"
                 "<ul><li>Báo cáo hằng quý.</li></ul></body></html>", encoding="utf-8")
    assert read(f).raw_text == ("a. Trạm y tế xã đạt chuẩn quốc gia: 90%.\nb. Tỷ lệ tiêm chủng đầy đủ: trên 95%.\n"
                                "Ghi chú của Sở Y tế Sóc Trăng.\n- Báo cáo hằng quý.")


def test_layout_table_page_reads_the_content_cell_as_blocks(tmp_path):
    paragraphs = "".join(f"<p>{i}. Huyện Mộc Châu hoàn thành chỉ tiêu trồng rừng năm 2012 đạt {70 + i}%.</p>"
                         for i in range(1, 9))
    f = tmp_path / "cu.html"
    f.write_text(f"<html><body><table><tr><td><a href='/'>Trang chủ</a><br><a href='/l'>Liên hệ</a></td>"
                 f"<td>{paragraphs}<table border=1><tr><td>Chỉ tiêu</td><td>Kết quả</td></tr></table></td></tr>"
                 f"</table><p>Bản quyền: Cổng thông tin Sơn La</p></body></html>", encoding="utf-8")
    doc = read(f)
    lines = doc.raw_text.splitlines()
    assert lines[0] == "1. Huyện Mộc Châu hoàn thành chỉ tiêu trồng rừng năm 2012 đạt 71%."
    assert lines[-1] == "Chỉ tiêu | Kết quả" and len(lines) == 9
    assert [t.rows for t in doc.tables] == [[["Chỉ tiêu", "Kết quả"]]]
    assert "Trang chủ" not in doc.raw_text and "Bản quyền" not in doc.raw_text


def test_a_furniture_word_on_the_document_block_does_not_drop_the_document(tmp_path):
    body = "".join(f"<p>Điều {i}. Sở Công Thương tỉnh Long An thực hiện chỉ tiêu xuất khẩu năm 2014.</p>"
                   for i in range(1, 6))
    f = tmp_path / "in.html"
    f.write_text(f"<html><body><div class='share'>Chia sẻ: Facebook</div>"
                 f"<div class='content-print'>{body}</div></body></html>", encoding="utf-8")
    text = read(f).raw_text
    assert text.startswith("Điều 1. Sở Công Thương tỉnh Long An") and "Facebook" not in text
