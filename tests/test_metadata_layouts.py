"""Metadata from the shapes real inputs take: legal-library pages, portal posts, excerpts without a header, tables,
headers with a site's lines above them, stacked bodies, a header that shows only the parent body (texts written
for these tests)."""

from pipeline.document import Document
from pipeline.metadata import extract_metadata
from pipeline.normalise import normalise
from pipeline.segment import segment


def meta(text: str):
    clean = normalise(text)
    return extract_metadata(Document("x.txt", text, "txt", "0" * 64), clean, segment(clean))


def fields(m):
    return m.number, m.doc_type, m.issuer, m.issue_date, m.period_start, m.period_end


def test_library_metadata_block_without_the_header():
    m = meta("Kế hoạch 96/KH-UBND năm 2022 phát triển du lịch cộng đồng tỉnh Quảng Trị giai đoạn 2022 - 2025\n"
             "Số hiệu | 96/KH-UBND | Loại văn bản | Kế hoạch |\n"
             "Cơ quan ban hành | Tỉnh Quảng Trị | Người ký | Hoàng Nam |\n"
             "Ngày ban hành | 12/05/2022 | Ngày hiệu lực | 12/05/2022 |\n"
             "Tình trạng | Còn hiệu lực |\n\n"
             "I. MỤC ĐÍCH, YÊU CẦU\n1. Phát triển du lịch cộng đồng gắn với bảo tồn văn hóa.\n")
    assert fields(m) == ("96/KH-UBND", "ke_hoach", "Ủy ban nhân dân tỉnh Quảng Trị", "2022-05-12", 2022, 2025)
    assert (m.layout, m.has_formal_header, m.locality) == ("library_page", False, "tỉnh Quảng Trị")


def test_library_block_with_a_party_committee_and_labels_with_colons():
    m = meta("Số ký hiệu: 21-CTr/TU\nLoại văn bản: Chương trình\nNơi ban hành: Tỉnh Phú Yên\nNgày ký: 05/01/2021\n\n"
             "1. Mục tiêu chung\nNâng cao năng lực lãnh đạo của các cấp ủy.\n")
    assert fields(m)[:4] == ("21-CTr/TU", "chuong_trinh", "Tỉnh ủy Phú Yên", "2021-01-05")


def test_library_page_reproducing_the_full_text_keeps_the_header():
    m = meta("Hệ thống pháp luật\nĐang tải nội dung, vui lòng chờ giây lát...\n\n"
             "HỘI ĐỒNG NHÂN DÂN\nTỈNH BẮC KẠN\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
             "Số: 17/2019/NQ-HĐND\nBắc Kạn, ngày 04 tháng 12 năm 2019\nNGHỊ QUYẾT\n"
             "VỀ KẾ HOẠCH ĐẦU TƯ CÔNG NĂM 2020\nHỘI ĐỒNG NHÂN DÂN TỈNH BẮC KẠN\nCăn cứ Luật Đầu tư công;\n")
    assert fields(m) == ("17/2019/NQ-HĐND", "nghi_quyet", "Hội đồng nhân dân tỉnh Bắc Kạn", "2019-12-04", 2020, 2020)
    assert (m.layout, m.has_formal_header) == ("library_page", True)


def test_portal_post_retelling_a_decision_has_no_number_or_issuer():
    m = meta("Cà Mau: phê duyệt Đề án phát triển kinh tế biển\nĐăng lúc: 08/09/2022 (GMT+7)\n"
             "(Camau.gov.vn) - Ngày 5/9/2022, UBND tỉnh Cà Mau ban hành Quyết định số 1720/QĐ-UBND phê duyệt "
             "Đề án phát triển kinh tế biển tỉnh Cà Mau giai đoạn 2022 - 2026. Theo đó, tỉnh phấn đấu đến năm 2026 "
             "có 3 cảng cá loại I.\nLãnh đạo tỉnh kiểm tra cảng cá Sông Đốc. Ảnh: Minh Thư\nTác giả: Minh Thư\n"
             "Bài trước: Cà Mau tổ chức hội chợ thủy sản năm 2021\n")
    assert fields(m) == (None, "tin_bai", None, "2022-09-08", 2022, 2026)
    assert (m.layout, m.has_formal_header) == ("portal_post", False)


def test_portal_post_takes_the_programme_it_is_about_not_a_plan_cited_by_number():
    m = meta("Điều chỉnh lịch tổ chức Hội thao công nhân viên chức\n"
             "Sáng ngày 20/4, UBND huyện Yên Thành đã có văn bản điều chỉnh lịch Hội thao năm 2022. Trước đó, "
             "ngày 3/3/2022, UBND huyện đã ban hành Kế hoạch số 41/KH-UBND về tổ chức Hội thao năm 2022.\n"
             "Các xã hoàn thành vòng loại trong tháng 6/2022.\n")
    assert fields(m) == (None, "tin_bai", None, None, None, None)


def test_post_about_a_programme_to_a_horizon_starts_in_its_approval_year():
    m = meta("Mục tiêu đến 2025: mọi xã có trạm y tế đạt chuẩn\n"
             "Đây là nội dung tại Quyết định 1150/QĐ-TTg ngày 14/7/2021 của Thủ tướng Chính phủ phê duyệt "
             "\"Chương trình nâng cao chất lượng y tế cơ sở đến năm 2025, định hướng đến năm 2030\".\n"
             "Theo đó, Chương trình đề ra các mục tiêu sau:\n- 100% trạm y tế xã có bác sĩ;\n")
    assert (m.doc_type, m.period_start, m.period_end) == ("tin_bai", 2021, 2030)


def test_post_without_a_programme_name_takes_the_years_its_targets_look_to():
    m = meta("Về giáo dục, mục tiêu cụ thể đến năm 2025 là: 100% trường học có kết nối Internet băng rộng. "
             "Đến năm 2030, 80% giáo viên sử dụng thành thạo học liệu số.\n")
    assert fields(m) == (None, "tin_bai", None, None, None, 2030)
    m = meta("Tăng cường hạ tầng số tại các xã vùng cao\n\nTrong năm 2024, huyện Mường Tè tập trung thực hiện 04 "
             "mục tiêu: 90% thôn bản có sóng di động; 70% hộ gia đình có cáp quang.\nTác giả: Lò Văn Thắng\n")
    assert (m.doc_type, m.period_start, m.period_end) == ("tin_bai", 2024, 2024)


def test_post_date_on_its_own_line_or_with_time():
    assert meta("14/03/2023\nHuyện Nam Đàn triển khai Kế hoạch chuyển đổi số năm 2023\nLượt xem: 86\n"
                "Sáng ngày 14/03/2023, UBND huyện Nam Đàn tổ chức hội nghị.\n").issue_date == "2023-03-14"
    assert meta("Hội nghị sơ kết công tác cải cách hành chính\n06/07/2022 09:12:00 Xem cỡ chữ: A+ A-\n"
                "Ngày 6/7, UBND tỉnh tổ chức hội nghị sơ kết.\n").issue_date == "2022-07-06"
    # a lede's date is the date of the event, not of the post
    assert meta("Hội nghị triển khai nhiệm vụ năm 2023\n\n(Baobinhdinh.vn) - Ngày 9/1/2023, Sở Y tế tổ chức "
                "hội nghị triển khai nhiệm vụ.\n").issue_date is None


def test_excerpt_of_a_resolution_under_its_title():
    m = meta("NGHỊ QUYẾT CỦA HỘI ĐỒNG NHÂN DÂN TỈNH LONG AN VỀ KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2019 (Trích)\n\n"
             "(Nghị quyết này đã được Hội đồng nhân dân tỉnh khóa IX, kỳ họp thứ 11 thông qua ngày 07/12/2018)\n\n"
             "CÁC CHỈ TIÊU CHỦ YẾU\n- Tốc độ tăng trưởng kinh tế đạt 10%.\n")
    assert fields(m) == (None, "nghi_quyet", "Hội đồng nhân dân tỉnh Long An", "2018-12-07", 2019, 2019)
    assert m.layout == "excerpt"


def test_a_sentence_case_title_ends_where_the_body_begins_without_a_blank_line():
    m = meta("ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN\nSố: 05/CT-UBND\nCHỈ THỊ\nVề tăng cường công tác phòng, chống\n"
             "cháy rừng năm 2025\nNăm 2024, toàn tỉnh xảy ra 12 vụ cháy rừng, giảm 3 vụ so với năm 2023.\n"
             "Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:\n1. Sở Nông nghiệp và Môi trường chủ trì kiểm tra.\n")
    assert m.title == "Về tăng cường công tác phòng, chống cháy rừng năm 2025"
    assert (m.period_start, m.period_end) == (2025, 2025)


def test_a_resolution_without_its_date_line_is_dated_by_its_adoption():
    m = meta("HỘI ĐỒNG NHÂN DÂN\nTỈNH PHÚ YÊN\nSố: 31/NQ-HĐND\nNGHỊ QUYẾT\nVề kế hoạch đầu tư công năm 2025\n"
             "Điều 1. Thông qua kế hoạch đầu tư công năm 2025 với tổng vốn 5.100 tỷ đồng.\n"
             "Nghị quyết này đã được Hội đồng nhân dân tỉnh Phú Yên khóa VIII, Kỳ họp thứ 20 thông qua ngày 09 tháng 12 "
             "năm 2024 và có hiệu lực từ ngày 01 tháng 01 năm 2025./.\n")
    assert fields(m) == ("31/NQ-HĐND", "nghi_quyet", "Hội đồng nhân dân tỉnh Phú Yên", "2024-12-09", 2025, 2025)


def test_excerpt_that_opens_with_its_outline_is_other_with_the_heading_period():
    m = meta("I. PHƯƠNG HƯỚNG, MỤC TIÊU CHỦ YẾU NHIỆM KỲ 2020 - 2025:\n1. Kinh tế:\n"
             "- Tổng giá trị sản xuất năm 2025 đạt 2.300 tỷ đồng.\n- Thu nhập bình quân đầu người đạt 75 triệu đồng.\n")
    assert fields(m) == (None, "other", None, None, 2020, 2025)
    assert m.layout == "excerpt"


def test_table_of_figures_names_no_period():
    rows = "".join(f"{i}. Chỉ tiêu số {i}\n{80 + i}.5\n{81 + i}.0\n{85 + i}\n\n" for i in range(1, 8))
    m = meta("Niên giám thống kê\n\nTên chỉ tiêu\nThực hiện 2021\nThực hiện 2022\nMục tiêu đến năm 2025\n\n" + rows)
    assert (m.layout, m.doc_type, m.issuer, m.period_start, m.period_end) == ("table_only", "other", None, None, None)


def test_header_under_a_site_title_and_a_posting_line():
    m = meta("Kế hoạch ra quân làm sạch đồng ruộng\n\nĐăng lúc: 02/04/2022 (GMT+7)\n\n"
             "Thực hiện Công văn số 25-CV/HU, ngày 10/3/2022 của Ban Thường vụ Huyện ủy về vệ sinh môi trường.\n\n"
             "HUYỆN ỦY CAN LỘC\n\nĐẢNG ỦY XÃ THIÊN LỘC\n\n*\n\nSố 07 - KH/ĐU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
             "Thiên Lộc, ngày 28 tháng 3 năm 2022\n\nKẾ HOẠCH\n\nRa quân làm sạch đồng ruộng trên địa bàn xã\n\n"
             "I. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao ý thức của Nhân dân.\n")
    assert fields(m) == ("07-KH/ĐU", "ke_hoach", "Đảng ủy xã Thiên Lộc", "2022-03-28", 2022, 2022)
    assert (m.layout, m.has_formal_header, m.locality) == ("formal", True, "xã Thiên Lộc")


def test_bare_committee_in_the_header_is_placed_by_the_authority_line():
    m = meta("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 822/QĐ-UBND | Phan Thiết, ngày 3 tháng 4 "
             "năm 2020 |\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BÌNH THUẬN\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
             "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển nông nghiệp hữu cơ tỉnh Bình "
             "Thuận giai đoạn 2020 - 2025.\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n")
    assert fields(m) == ("822/QĐ-UBND", "quyet_dinh", "Ủy ban nhân dân tỉnh Bình Thuận", "2020-04-03", 2020, 2025)


def test_number_code_names_the_body_under_a_ministry_header():
    m = meta("BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN |\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 315/TCTL-KHTC |\n"
             "Hà Nội, ngày 9 tháng 3 năm 2022 |\nKính gửi: Sở Nông nghiệp và Phát triển nông thôn các tỉnh.\n"
             "Để triển khai Chiến lược thủy lợi Việt Nam đến năm 2030, Tổng cục Thủy lợi hướng dẫn xây dựng kế hoạch "
             "giai đoạn 2022-2026 như sau:\n1. Mục tiêu\nBảo đảm nước tưới cho 100% diện tích lúa.\n")
    assert fields(m) == ("315/TCTL-KHTC", "cong_van", "Tổng cục Thủy lợi", "2022-03-09", 2022, 2026)
    # the header's own body when the code is its own
    m = meta("BỘ Y TẾ\nSố: 410/BYT-KH-TC\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nHà Nội, ngày 2 tháng 2 năm 2022\n"
             "V/v xây dựng kế hoạch năm 2023\nKính gửi: Sở Y tế các tỉnh\n")
    assert (m.issuer, m.doc_type, m.period_start) == ("Bộ Y tế", "cong_van", 2023)


def test_a_date_inside_a_sentence_of_the_header_is_not_its_date_line():
    m = meta("ỦY BAN NHÂN DÂN\nHUYỆN ĐAM RÔNG\nSố: 77/KH-UBND\nĐam Rông, ngày 15 tháng 6 năm 2021\nKẾ HOẠCH\n"
             "Thực hiện Công văn của UBND tỉnh, ngày 2/6/2021 về phòng, chống thiên tai\nI. MỤC ĐÍCH\n")
    assert m.issue_date == "2021-06-15"


def test_title_periods_in_their_usual_forms():
    def period(title_line, date="ngày 10 tháng 1 năm 2021"):
        m = meta(f"ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\nSố: 5/KH-UBND\nPhủ Lý, {date}\nKẾ HOẠCH\n{title_line}\n\nI. MỤC ĐÍCH\n")
        return m.period_start, m.period_end

    assert period("Thực hiện Nghị quyết Đại hội Đảng bộ tỉnh nhiệm kỳ 2020 - 2025") == (2020, 2025)
    assert period("Phát triển công nghiệp đến năm 2025, tầm nhìn đến năm 2030") == (2021, 2030)
    assert period("Phát triển giáo dục nghề nghiệp giai đoạn 2021-2025 và tầm nhìn đến năm 2030") == (2021, 2030)
    assert period("Chuyển đổi số năm 2021") == (2021, 2021)
    assert period("Bồi dưỡng cán bộ năm học 2021 - 2022") == (2021, 2022)
    assert period("Tổ chức các hoạt động kỷ niệm ngày thành lập tỉnh") == (2021, 2021)  # a plan for its year
    # a horizon before the plan was approved is not its start
    assert period("Tổng kết Đề án phát triển giao thông đến năm 2020", "ngày 5 tháng 3 năm 2021") == (None, 2020)


def test_more_post_date_forms():
    def date(line):
        return meta(f"Ninh Bình tổng kết mùa thi\n{line}\nNgày 12/8, Sở Giáo dục tổ chức tổng kết.\n").issue_date

    assert date("Thứ năm, 13/06/2024 - 08:30") == "2024-06-13"
    assert date("Cập nhật lúc 08:30 ngày 13/06/2024") == "2024-06-13"
    assert date("13/06/2024 | 08:30") == "2024-06-13"
    assert date("Ngày đăng: 13-06-2024") == "2024-06-13"
    assert date("13/06/2024 Sở Giáo dục tổ chức tổng kết năm học") is None  # a sentence, not a date line


def test_a_department_under_a_party_committee_is_named_with_it():
    m = meta("TỈNH ỦY QUẢNG NINH\nBAN TUYÊN GIÁO\n*\nSố 112-HD/BTGTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
             "Hạ Long, ngày 9 tháng 5 năm 2022\nHƯỚNG DẪN\nTuyên truyền kỷ niệm ngày thành lập tỉnh\n")
    assert (m.issuer, m.doc_type, m.issue_date) == ("Ban Tuyên giáo Tỉnh ủy Quảng Ninh", "other", "2022-05-09")


def test_a_result_told_with_a_horizon_does_not_set_the_period():
    m = meta("Xây dựng nông thôn mới ở Hậu Lộc\n\nĐến năm 2020, toàn huyện đã có 22 xã đạt chuẩn nông thôn mới. "
             "Đến năm 2025, huyện phấn đấu có thêm 5 xã đạt chuẩn nâng cao.\n")
    assert (m.period_start, m.period_end) == (None, 2025)
    m = meta("Kết quả xây dựng nông thôn mới\n\nĐến năm 2020, toàn huyện đã có 22 xã đạt chuẩn.\n")
    assert (m.period_start, m.period_end) == (None, None)


def test_a_dashed_ministry_name_and_its_letter_code():
    m = meta("BỘ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI\n-------\nSố: 2150/LĐTBXH-BTXH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
             "Hà Nội, ngày 20 tháng 6 năm 2023\nV/v hướng dẫn rà soát hộ nghèo năm 2023\nKính gửi: Sở Lao động - Thương "
             "binh và Xã hội các tỉnh\n")
    assert (m.issuer, m.doc_type, m.number) == ("Bộ Lao động - Thương binh và Xã hội", "cong_van", "2150/LĐTBXH-BTXH")
    assert (m.period_start, m.period_end) == (2023, 2023)


def test_a_headline_names_the_programme_and_the_lede_dates_its_approval():
    m = meta("Phê duyệt Chương trình \"Phát triển văn hóa đọc trong cộng đồng đến năm 2030\"\n\n"
             "Ngày 15/3/2017, Phó Thủ tướng đã ký Quyết định số 329/QĐ-TTg về việc phê duyệt Chương trình \"Phát triển "
             "văn hóa đọc trong cộng đồng đến năm 2030\".\nMục tiêu đến năm 2020, 30% dân số nông thôn được tiếp cận "
             "sách báo.\n")
    assert (m.doc_type, m.period_start, m.period_end, m.issue_date) == ("tin_bai", 2017, 2030, None)


def test_a_page_that_says_it_reproduces_part_of_a_resolution():
    m = meta("Trang chủ > Giới thiệu > Định hướng phát triển\nMục tiêu và chỉ tiêu của Kế hoạch 5 năm 2016 - 2020\n"
             "(Trích Nghị quyết Đại hội đại biểu Đảng bộ huyện lần thứ XXII)\n\nMỤC TIÊU TỔNG QUÁT\n\n"
             "Tiếp tục đổi mới mô hình tăng trưởng, phấn đấu đến năm 2020 tỉnh ta đạt mức trung bình của cả nước.\n")
    assert (m.layout, m.doc_type, m.number, m.issuer) == ("excerpt", "nghi_quyet", None, None)
    assert (m.period_start, m.period_end) == (2016, 2020)


def test_a_portal_table_written_one_cell_a_line():
    rows = "".join(f"{i}\nĐề án sắp xếp các đơn vị thuộc lĩnh vực {i}\nSở Nội vụ\nQuý {i % 4 + 1}/2021\n"
                   for i in range(1, 9))
    m = meta("Danh mục đề án sắp xếp đơn vị sự nghiệp\n\nSTT\nTên đề án\nCơ quan chủ trì\nThời gian hoàn thành\n" + rows)
    assert (m.layout, m.doc_type, m.issuer, m.period_start, m.period_end) == ("table_only", "other", None, None, None)


def test_a_cited_resolution_keeps_its_years_to_itself():
    m = meta("Đặt mục tiêu nằm trong nhóm 10 tỉnh dẫn đầu về chỉ số cải cách hành chính, tỉnh tập trung hoàn thành "
             "các nhiệm vụ đề ra theo Nghị quyết số 09-NQ/TU ngày 2/3/2021 của Tỉnh ủy về cải cách hành chính giai "
             "đoạn 2021 - 2025, định hướng đến năm 2030.\nNăm 2024, UBND tỉnh phấn đấu tỷ lệ hồ sơ trực tuyến đạt "
             "70% trở lên.\n")
    assert (m.doc_type, m.period_start, m.period_end) == ("tin_bai", 2024, 2024)


def test_a_plan_the_lede_reports_counts_even_when_cited_by_number():
    m = meta("Trà Vinh đẩy mạnh kinh tế số\n\nNgày 12/6/2023, UBND tỉnh Trà Vinh ban hành Kế hoạch số 45/KH-UBND về "
             "phát triển kinh tế số giai đoạn 2023 - 2025. Theo đó, tỉnh phấn đấu đến năm 2025 kinh tế số chiếm 20% "
             "GRDP.\nNguồn: Cổng TTĐT tỉnh\n")
    assert (m.doc_type, m.period_start, m.period_end) == ("tin_bai", 2023, 2025)


def test_the_office_of_a_committee_is_one_body():
    m = meta("VĂN PHÒNG ỦY BAN NHÂN DÂN\nTỈNH THÁI BÌNH\nSố: 18/TB-VP\nThái Bình, ngày 6 tháng 3 năm 2023\nTHÔNG BÁO\n"
             "Kết luận của Chủ tịch UBND tỉnh tại cuộc họp về giải phóng mặt bằng\n")
    assert fields(m) == ("18/TB-VP", "thong_bao", "Văn phòng Ủy ban nhân dân tỉnh Thái Bình", "2023-03-06", None, None)


def test_a_header_reduced_to_its_body_and_title_is_still_formal():
    m = meta("ỦY BAN NHÂN DÂN HUYỆN LỤC NGẠN\n\nKẾ HOẠCH\nPhát triển vùng vải thiều năm 2024\n\nI. MỤC TIÊU\n"
             "- Diện tích vải đạt chuẩn VietGAP tăng 10%.\n")
    assert (m.layout, m.has_formal_header, m.doc_type, m.issuer) == (
        "formal", True, "ke_hoach", "Ủy ban nhân dân huyện Lục Ngạn")
    assert (m.period_start, m.period_end) == (2024, 2024)
