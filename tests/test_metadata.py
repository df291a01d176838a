"""Metadata from headers written for these tests, and all fields right on the gold seeds (read at test time)."""

from pathlib import Path

import pytest

from pipeline.analyse import analyse
from pipeline.document import Document
from pipeline.metadata import extract_metadata
from pipeline.normalise import normalise
from pipeline.segment import segment
from tests.conftest import load_jsonl


def meta(text: str):
    clean = normalise(text)
    doc = Document("x.txt", text, "txt", "0" * 64)
    return extract_metadata(doc, clean, segment(clean))


def test_ministry_decision_with_slash_date_and_range_period():
    m = meta("BỘ Y TẾ\n-------\nSố: 1520/QĐ-BYT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
             "Hà Nội, ngày 5/3/2019\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch phát triển y tế cơ sở giai đoạn 2019-2023\n"
             "BỘ TRƯỞNG BỘ Y TẾ\nCăn cứ Nghị định số 75/2017/NĐ-CP;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này.\n"
             "Nơi nhận:\n- Như Điều 3;\nKT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nĐỗ Xuân Tuyên\n")
    assert (m.number, m.doc_type, m.issuer, m.issue_date) == ("1520/QĐ-BYT", "quyet_dinh", "Bộ Y tế", "2019-03-05")
    assert (m.period_start, m.period_end, m.locality) == (2019, 2023, None)
    assert m.signer == "Đỗ Xuân Tuyên"
    assert m.title == "Về việc ban hành Kế hoạch phát triển y tế cơ sở giai đoạn 2019-2023"


def test_party_committee_directive_number_style():
    m = meta("TỈNH ỦY BẮC NINH\n*\nSố 05 - CT/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nBắc Ninh, ngày 12 tháng 8 năm 2016\n"
             "CHỈ THỊ\nvề tăng cường sự lãnh đạo của Đảng đối với công tác chuyển đổi số\n\n"
             "Thời gian qua, công tác chuyển đổi số đạt nhiều kết quả.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNGUYỄN NHÂN CHIẾN\n")
    assert (m.number, m.doc_type, m.issuer, m.locality) == ("05-CT/TU", "chi_thi", "Tỉnh ủy Bắc Ninh", "tỉnh Bắc Ninh")
    assert m.issue_date == "2016-08-12"
    assert m.signer == "Nguyễn Nhân Chiến"
    assert (m.period_start, m.period_end) == (None, None)


def test_issuer_broken_over_lines_and_title_year():
    m = meta("ỦY BAN NHÂN\nDÂN\nTỈNH\nTHỪA THIÊN HUẾ\n-------\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\nSố: 210/KH-UBND\n"
             "Huế, ngày 30 tháng 9 năm 2022\nKẾ HOẠCH\nCHUYỂN ĐỔI SỐ TRONG LĨNH VỰC GIÁO DỤC\nNĂM 2023\n"
             "I. MỤC TIÊU\nTỷ lệ trường học số hóa hồ sơ đạt 100%.\n")
    assert m.issuer == "Ủy ban nhân dân tỉnh Thừa Thiên Huế" and m.locality == "tỉnh Thừa Thiên Huế"
    assert (m.doc_type, m.number, m.issue_date) == ("ke_hoach", "210/KH-UBND", "2022-09-30")
    assert (m.period_start, m.period_end) == (2023, 2023)


def test_department_under_a_provincial_committee():
    m = meta("UBND TỈNH HẢI DƯƠNG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\nSố: 88/KH-SGDĐT\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
             "Hải Dương, ngày 02 tháng 01 năm 2020\nKẾ HOẠCH\nBồi dưỡng giáo viên đến năm 2025\n")
    assert m.issuer == "Sở Giáo dục và Đào tạo tỉnh Hải Dương"
    assert (m.period_start, m.period_end) == (2020, 2025)


def test_document_type_from_the_number_code_and_official_letters():
    assert meta("ỦY BAN NHÂN DÂN\nHUYỆN MÊ LINH\nSố: 45/TB-UBND\nMê Linh, ngày 3 tháng 4 năm 2018\n"
                "Kết luận của Chủ tịch tại buổi làm việc\n").doc_type == "thong_bao"
    m = meta("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ ĐÀ NẴNG\nSố: 1520/UBND-VX\nĐà Nẵng, ngày 15 tháng 7 năm 2015\n"
             "V/v triển khai tiêm chủng mở rộng\nKính gửi: Sở Y tế\n")
    assert (m.doc_type, m.number, m.issuer) == ("cong_van", "1520/UBND-VX", "Ủy ban nhân dân thành phố Đà Nẵng")
    assert meta("Số: 15/2020/QĐ-UBND\nQUYẾT ĐỊNH\nBan hành quy chế\n").number == "15/2020/QĐ-UBND"


def test_news_article_has_no_issuer():
    m = meta("Cà Mau nâng cao chất lượng khám chữa bệnh\n\nNgày 3-4-2020, Sở Y tế tỉnh Cà Mau tổ chức hội nghị. "
             "Ủy ban nhân dân tỉnh chỉ đạo tăng cường kiểm tra.\nLãnh đạo Sở trao giấy khen. Ảnh: H.ANH\n")
    assert (m.doc_type, m.issuer, m.number, m.issue_date, m.period_start) == ("tin_bai", None, None, None, None)


def test_issuer_named_only_in_the_body_is_qualified_by_the_title_place():
    m = meta("CHỈ THỊ\nVỀ TĂNG CƯỜNG PHÒNG CHÁY, CHỮA CHÁY TRÊN ĐỊA BÀN TỈNH LÂM ĐỒNG\n\n"
             "Trong thời gian qua, tình hình cháy rừng diễn biến phức tạp. Để khắc phục, Ủy ban nhân dân tỉnh "
             "yêu cầu các sở, ngành thực hiện tốt các nội dung sau:\n1. Sở Nông nghiệp và Phát triển nông thôn chủ trì.\n")
    assert (m.doc_type, m.issuer, m.locality) == ("chi_thi", "Ủy ban nhân dân tỉnh Lâm Đồng", "tỉnh Lâm Đồng")
    assert (m.number, m.issue_date, m.period_start) == (None, None, None)


def test_report_covers_the_year_it_is_dated_even_without_a_day():
    m = meta("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n........, ngày ... tháng .... năm 2018\nBÁO CÁO\n"
             "tại hội nghị sơ kết công tác bảo vệ môi trường\nKính thưa các đồng chí,\n")
    assert (m.doc_type, m.issue_date, m.period_start, m.period_end) == ("bao_cao", None, 2018, 2018)


def test_dates_of_referenced_documents_do_not_set_the_period():
    m = meta("ỦY BAN NHÂN DÂN\nTỈNH KON TUM\nSố: 12/KH-UBND\nKon Tum, ngày 10 tháng 01 năm 2016\nKẾ HOẠCH\n"
             "Thực hiện Nghị quyết số 19/NQ-CP ngày 18/3/2015 của Chính phủ năm 2016\n")
    assert (m.period_start, m.period_end) == (2016, 2016)
    assert meta("UBND TỈNH AN GIANG\nAn Giang, ngày 31 tháng 2 năm 2019\nKẾ HOẠCH\nX\n").issue_date is None


FIELDS = ("number", "doc_type", "issuer", "issue_date", "period_start", "period_end")


def _fold(v):
    return " ".join(v.casefold().replace("uỷ", "ủy").split()) if isinstance(v, str) else v


@pytest.fixture(scope="module")
def gold_meta(gold_dir: Path):
    return [(rec, analyse(gold_dir / rec["doc"]).meta) for rec in load_jsonl(gold_dir / "documents.jsonl")]


@pytest.mark.parametrize("field", FIELDS)
def test_gold_documents_all_fields(gold_meta, field):
    wrong = [(rec["doc"], getattr(m, field), rec[field]) for rec, m in gold_meta
             if _fold(getattr(m, field)) != _fold(rec[field])]
    assert wrong == []
