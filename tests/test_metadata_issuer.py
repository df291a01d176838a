"""Issuing bodies printed in capitals, read as Vietnamese writes their names."""

import pytest

from pipeline.issuer import issuer_in_body, written_issuer


@pytest.mark.parametrize("capitals, issuer, locality", [
    ("ỦY BAN NHÂN DÂN TỈNH BÀ RỊA - VŨNG TÀU", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu", "tỉnh Bà Rịa - Vũng Tàu"),
    ("UBND THÀNH PHỐ HỒ CHÍ MINH", "Ủy ban nhân dân thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh"),
    ("HỘI ĐỒNG NHÂN DÂN\nXÃ TÂN LẬP", "Hội đồng nhân dân xã Tân Lập", "xã Tân Lập"),
    ("- HUYỆN ỦY GIA LÂM", "Huyện ủy Gia Lâm", "huyện Gia Lâm"),
    ("TỈNH ỦY QUẢNG NINH", "Tỉnh ủy Quảng Ninh", "tỉnh Quảng Ninh"),
    ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Bộ Lao động - Thương binh và Xã hội", None),
    ("BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "Bộ Thông tin và Truyền thông", None),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI TỈNH NAM ĐỊNH", "Sở Lao động - Thương binh và Xã hội tỉnh Nam Định",
     "tỉnh Nam Định"),
    ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ", None),
    # the office of a council or committee: the abbreviation written out, the place kept
    ("VĂN PHÒNG UBND TỈNH YÊN BÁI", "Văn phòng Ủy ban nhân dân tỉnh Yên Bái", "tỉnh Yên Bái"),
    ("VĂN PHÒNG HĐND VÀ UBND\nHUYỆN LẠC SƠN", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện Lạc Sơn",
     "huyện Lạc Sơn"),
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None, None),
])
def test_capitals_to_written_names(capitals, issuer, locality):
    assert written_issuer(capitals) == (issuer, locality)


def test_a_body_speaking_for_itself_in_the_text():
    assert issuer_in_body("Qua 5 năm, Ủy ban nhân dân tỉnh Sóc Trăng báo cáo kết quả như sau:") == \
        ("Ủy ban nhân dân tỉnh Sóc Trăng", "tỉnh Sóc Trăng")
    # a body the text addresses or reports to does not issue it
    assert issuer_in_body("Các sở báo cáo về Ủy ban nhân dân tỉnh chỉ đạo giải quyết.") is None
    assert issuer_in_body("Sở Y tế trình UBND tỉnh ban hành quy chế.") is None


def test_a_party_committee_speaking_for_itself_keeps_its_place_name():
    assert issuer_in_body("Tỉnh ủy Hà Giang trân trọng báo cáo Ban Bí thư") == ("Tỉnh ủy Hà Giang", "tỉnh Hà Giang")
    assert issuer_in_body("Thành ủy Hải Phòng yêu cầu các quận ủy") == ("Thành ủy Hải Phòng", "thành phố Hải Phòng")
    assert issuer_in_body("Huyện ủy chỉ thị các chi bộ") == ("Huyện ủy", None)
