"""Assignments: a Vietnamese plan in, (agency, role, deadline, quote) out. Texts written for these tests."""

from extractors import assignments
from pipeline.analyse import analyse
from pipeline.document import Document
from pipeline.facts import Deadline


def run(text: str, deadlines=(), **meta):
    """Extract from `text`; `deadlines` are (quoted time expression, date) the deadline extractor found."""
    analysis = analyse(Document(path="kh.txt", raw_text=text, format="txt", doc_id="test"))
    meta.setdefault("doc_type", "ke_hoach")
    for k, v in meta.items():
        setattr(analysis.meta, k, v)
    ctx = analysis.context()
    found = []
    for quote, date in deadlines:
        i = ctx.text.index(quote)
        found.append(Deadline(i, i + len(quote), date=date))
    ctx.results["deadlines"] = found
    return assignments.extract(ctx), ctx.text


def pairs(recs) -> set[tuple[str, str]]:
    return {(r.agency, r.role) for r in recs}


DIGITAL_PLAN = """KẾ HOẠCH
Chuyển đổi số tỉnh Quảng Ninh năm 2022
III. TỔ CHỨC THỰC HIỆN
1. Sở Thông tin và Truyền thông:
a) Chủ trì triển khai nền tảng chính quyền số của tỉnh, hoàn thành trước ngày 30/9/2022;
b) Phối hợp với Sở Nội vụ đánh giá mức độ chuyển đổi số của các sở, ngành.
2. Sở Tài chính: Bố trí kinh phí thực hiện Kế hoạch theo quy định.
3. Ủy ban nhân dân các huyện, thị xã, thành phố chịu trách nhiệm triển khai Kế hoạch tại địa phương; \
định kỳ hàng quý gửi báo cáo về Sở Thông tin và Truyền thông để tổng hợp, báo cáo Ủy ban nhân dân tỉnh.
"""


def test_heading_over_sub_items_gives_one_task_each_with_its_role_and_deadline():
    recs, text = run(DIGITAL_PLAN, deadlines=[("trước ngày 30/9/2022", "2022-09-30")])
    stt = [r for r in recs if r.agency == "Sở Thông tin và Truyền thông" and text[r.start:r.end].startswith(("a)", "b)"))]
    assert [(text[r.start:r.start + 2], r.role, r.deadline) for r in stt] == [
        ("a)", "lead", "2022-09-30"), ("b)", "cooperate", None)]
    assert text[stt[0].start:stt[0].end].startswith("a) Chủ trì triển khai nền tảng chính quyền số")


def test_partner_without_chu_tri_leads_and_the_heading_agency_cooperates():
    recs, _ = run(DIGITAL_PLAN)
    assert ("Sở Nội vụ", "lead") in pairs(recs)
    assert ("Sở Nội vụ", "cooperate") not in pairs(recs)


def test_heading_with_colon_and_inline_task():
    recs, text = run(DIGITAL_PLAN)
    r = next(r for r in recs if r.agency == "Sở Tài chính")
    assert r.role == "lead"
    assert text[r.start:r.end] == "2. Sở Tài chính: Bố trí kinh phí thực hiện Kế hoạch theo quy định"


def test_subject_of_an_item_and_the_compiling_agency_but_not_the_receiver():
    recs, _ = run(DIGITAL_PLAN)
    got = pairs(recs)
    assert ("Ủy ban nhân dân các huyện, thị xã, thành phố", "lead") in got
    assert ("Sở Thông tin và Truyền thông", "lead") in got  # "gửi … về Sở … để tổng hợp"
    assert not any(a == "Ủy ban nhân dân tỉnh" for a, _ in got)  # only receives the report


def test_giao_chu_tri_phoi_hop():
    text = ("Giao Sở Y tế chủ trì, phối hợp với Bảo hiểm xã hội tỉnh và Ủy ban nhân dân các huyện tổ chức "
            "khám sức khỏe định kỳ cho người cao tuổi, hoàn thành trong quý III năm 2019.")
    recs, _ = run(text, deadlines=[("trong quý III năm 2019", "2019-09-30")])
    assert pairs(recs) == {("Sở Y tế", "lead"), ("Bảo hiểm xã hội tỉnh", "cooperate"),
                           ("Ủy ban nhân dân các huyện", "cooperate")}
    assert {r.deadline for r in recs} == {"2019-09-30"}


def test_owner_and_advised_agencies_are_not_assigned():
    text = ("- Sở Nội vụ tham mưu Ủy ban nhân dân tỉnh ban hành quy chế đánh giá cán bộ theo hướng dẫn của "
            "Bộ Nội vụ và Quyết định số 12/2018/QĐ-TTg của Thủ tướng Chính phủ.")
    recs, _ = run(text)
    assert pairs(recs) == {("Sở Nội vụ", "lead")}


def test_recipients_list_is_not_an_assignment():
    text = ("Điều 3. Giám đốc Sở Xây dựng, Chủ tịch Ủy ban nhân dân huyện Lạc Dương chịu trách nhiệm thi hành "
            "Quyết định này./.\nNơi nhận:\n- Như Điều 3;\n- Sở Tài chính;\n- UBND huyện: các đồng chí PCT;\n"
            "- Lưu: VT.\n")
    recs, _ = run(text, doc_type="quyet_dinh")
    assert pairs(recs) == {("Sở Xây dựng", "lead"), ("Ủy ban nhân dân huyện Lạc Dương", "lead")}


def test_issuer_itself_is_skipped_and_locality_attached():
    text = ("1. Văn phòng Ủy ban nhân dân tỉnh: theo dõi, đôn đốc việc thực hiện.\n"
            "2. Sở Du lịch: xây dựng chương trình kích cầu du lịch năm 2023.\n"
            "3. Ủy ban nhân dân tỉnh chịu trách nhiệm chỉ đạo chung.\n")
    recs, _ = run(text, issuer="Ủy ban nhân dân tỉnh Lâm Đồng", locality="tỉnh Lâm Đồng")
    local = {r.agency: r.agency_local for r in recs}
    assert local == {"Văn phòng Ủy ban nhân dân tỉnh": "Văn phòng Ủy ban nhân dân tỉnh Lâm Đồng",
                     "Sở Du lịch": "Sở Du lịch tỉnh Lâm Đồng"}


def test_locality_unknown_leaves_agency_local_empty():
    recs, _ = run("2. Sở Du lịch: xây dựng chương trình kích cầu du lịch.\n", locality=None, issuer=None)
    assert [(r.agency, r.agency_local) for r in recs] == [("Sở Du lịch", None)]


def test_past_results_and_reports_assign_nothing():
    past = "1. Sở Xây dựng đã phối hợp với Công an tỉnh kiểm tra 45 công trình trong năm 2020.\n"
    assert run(past)[0] == []
    report = ("BÁO CÁO\nKết quả công tác năm 2021\nSở Y tế phối hợp với Bảo hiểm xã hội tỉnh rà soát "
              "thẻ bảo hiểm y tế; Ủy ban nhân dân các xã chịu trách nhiệm lập danh sách.\n")
    assert run(report, doc_type="bao_cao")[0] == []


def test_bullet_subject_with_deadline():
    text = ("- Ủy ban nhân dân các xã, phường, thị trấn rà soát, lập danh sách hộ nghèo, hộ cận nghèo "
            "trước ngày 15/11/2019.\n- Phòng Lao động - Thương binh và Xã hội tổng hợp kết quả.\n")
    recs, _ = run(text, deadlines=[("trước ngày 15/11/2019", "2019-11-15")])
    got = {(r.agency, r.role, r.deadline) for r in recs}
    assert got == {("Ủy ban nhân dân các xã, phường, thị trấn", "lead", "2019-11-15"),
                   ("Phòng Lao động - Thương binh và Xã hội", "lead", None)}


def test_heading_without_colon_over_numbered_sub_items():
    text = ("4. Ban Tuyên giáo Huyện ủy, Ủy ban Mặt trận Tổ quốc Việt Nam huyện\n"
            "4.1. Tuyên truyền Nghị quyết về xây dựng nông thôn mới đến từng thôn, bản.\n"
            "4.2. Phối hợp giám sát việc sử dụng vốn hỗ trợ của Nhà nước.\n"
            "5. Kinh phí thực hiện từ ngân sách huyện.\n")
    recs, _ = run(text)
    assert pairs(recs) == {(a, r) for a in ("Ban Tuyên giáo Huyện ủy", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện")
                           for r in ("lead", "cooperate")}


def test_coordinated_heading_and_deadline_inherited_from_the_lead_in():
    text = ("2. Các phòng chuyên môn sau đây chỉ đạo thực hiện trong năm 2024 các nội dung:\n"
            "2.1. Phòng Y tế, Phòng Giáo dục và Đào tạo: hướng dẫn trường học thanh toán không dùng tiền mặt.\n"
            "2.2. Phòng Tư pháp: rà soát văn bản quy phạm pháp luật.\n"
            "3. Công an huyện: bảo đảm an ninh mạng.\n")
    recs, _ = run(text, deadlines=[("trong năm 2024", "2024-12-31")])
    got = {(r.agency, r.deadline) for r in recs}
    assert got == {("Phòng Y tế", "2024-12-31"), ("Phòng Giáo dục và Đào tạo", "2024-12-31"),
                   ("Phòng Tư pháp", "2024-12-31"), ("Công an huyện", None)}


def test_flattened_text_with_inline_numbering():
    text = ("IV. PHÂN CÔNG TRÁCH NHIỆM 1. Ban Thường vụ Huyện ủy: Lãnh đạo, chỉ đạo triển khai Nghị quyết. "
            "2. Ủy ban Kiểm tra Huyện ủy: Kiểm tra việc thực hiện ở các chi bộ. 3. Các chi bộ trực thuộc: "
            "Xây dựng kế hoạch cụ thể.")
    recs, _ = run(text, doc_type="chuong_trinh")
    assert pairs(recs) == {("Ban Thường vụ Huyện ủy", "lead"), ("Ủy ban Kiểm tra Huyện ủy", "lead")}


def test_unspecified_partners_are_dropped():
    text = "3. Sở Công Thương: Chủ trì, phối hợp với các cơ quan, đơn vị có liên quan kiểm tra thị trường dịp Tết."
    recs, _ = run(text)
    assert pairs(recs) == {("Sở Công Thương", "lead")}


def test_cooperation_clause_after_a_semicolon():
    text = ("2.3. Phòng Tài nguyên và Môi trường: cấp giấy chứng nhận quyền sử dụng đất đúng hạn; "
            "phối hợp với Chi cục Thuế huyện xác định nghĩa vụ tài chính.\n")
    recs, _ = run(text)
    assert pairs(recs) == {("Phòng Tài nguyên và Môi trường", "lead"), ("Phòng Tài nguyên và Môi trường", "cooperate"),
                           ("Chi cục Thuế huyện", "lead")}


def test_quotes_are_inside_the_text_and_start_at_the_task():
    recs, text = run(DIGITAL_PLAN)
    assert recs
    for r in recs:
        assert 0 <= r.start < r.end <= len(text)
        assert not text[r.start].isspace()


def test_agencies_in_a_review_of_the_past_are_not_assigned():
    text = ("PHẦN THỨ NHẤT\nĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN GIAI ĐOẠN 2016 - 2020\n"
            "1. Sở Nông nghiệp và Phát triển nông thôn chủ trì xây dựng 120 công trình thủy lợi nhỏ.\n"
            "PHẦN THỨ HAI\nNHIỆM VỤ GIAI ĐOẠN 2021 - 2025\n"
            "1. Sở Giao thông vận tải chủ trì nâng cấp tuyến đường tỉnh 291.\n")
    recs, _ = run(text)
    assert pairs(recs) == {("Sở Giao thông vận tải", "lead")}


def test_partner_shares_the_deadline_of_the_lead_in():
    text = ("2. Trong năm 2025, các phòng sau thực hiện:\n"
            "2.1. Phòng Kinh tế: Phối hợp với Chi cục Thống kê huyện điều tra doanh nghiệp.\n")
    recs, _ = run(text, deadlines=[("Trong năm 2025", "2025-12-31")])
    assert {(r.agency, r.role, r.deadline) for r in recs} == {
        ("Phòng Kinh tế", "cooperate", "2025-12-31"), ("Chi cục Thống kê huyện", "lead", "2025-12-31")}


def test_partner_list_broken_by_words_naming_no_agency_still_cooperates():
    text = ("1. Cục Quản lý môi trường y tế:\na) Chủ trì, phối hợp với các chuyên gia môi trường và Sở Y tế các "
            "tỉnh, thành phố tổ chức kiểm tra chất thải bệnh viện.\n2. Vụ Kế hoạch - Tài chính: bố trí kinh phí.\n"
            "3. Thanh tra Bộ: Chủ trì thanh tra việc xử lý chất thải.\n")
    recs, _ = run(text)
    assert pairs(recs) == {("Cục Quản lý môi trường y tế", "lead"), ("Sở Y tế các tỉnh, thành phố", "cooperate"),
                           ("Vụ Kế hoạch - Tài chính", "lead"), ("Thanh tra Bộ", "lead")}


def test_lanh_dao_at_the_start_of_a_task_is_a_verb_not_a_title():
    text = ("3. Ban cán sự đảng Ủy ban nhân dân tỉnh:\n"
            "a) Lãnh đạo Ủy ban nhân dân tỉnh ban hành kế hoạch phát triển kinh tế số.\n"
            "b) Chỉ đạo Sở Khoa học và Công nghệ chủ trì xây dựng đề án đổi mới sáng tạo.\n")
    recs, _ = run(text, doc_type="chuong_trinh")
    assert pairs(recs) == {("Ban cán sự đảng Ủy ban nhân dân tỉnh", "lead"), ("Sở Khoa học và Công nghệ", "lead")}


def test_locality_joins_party_and_level_names_but_not_lower_levels():
    text = ("1. Ban Thường vụ Thành ủy: lãnh đạo triển khai Chương trình.\n"
            "2. Đảng đoàn Hội đồng nhân dân thành phố: giám sát việc thực hiện.\n"
            "3. Giám đốc Sở, Thủ trưởng ban, ngành cấp thành phố chịu trách nhiệm tổ chức thực hiện.\n"
            "4. Ủy ban nhân dân các quận, huyện xây dựng kế hoạch của địa phương.\n")
    recs, _ = run(text, doc_type="chuong_trinh", issuer="Thành ủy Hải Phòng", locality="thành phố Hải Phòng")
    local = {r.agency: r.agency_local for r in recs}
    assert local == {
        "Ban Thường vụ Thành ủy": "Ban Thường vụ Thành ủy Hải Phòng",
        "Đảng đoàn Hội đồng nhân dân thành phố": "Đảng đoàn Hội đồng nhân dân thành phố Hải Phòng",
        "Sở, ban, ngành cấp thành phố": "Sở, ban, ngành cấp thành phố",
        "Ủy ban nhân dân các quận, huyện": "Ủy ban nhân dân các quận, huyện",
    }


def test_closing_article_listing_departments_after_cac_so():
    text = ("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các Sở: Nội vụ, Tài chính, Kế hoạch và Đầu tư; "
            "Chủ tịch Ủy ban nhân dân các huyện, thành phố và Thủ trưởng các cơ quan, đơn vị có liên quan chịu "
            "trách nhiệm thi hành Quyết định này./.\n")
    recs, _ = run(text, doc_type="quyet_dinh")
    # the gold keeps a closing article's generic groups as assigned ("đơn vị, cá nhân có liên quan": NOTES.md)
    assert pairs(recs) == {(a, "lead") for a in ("Văn phòng Ủy ban nhân dân tỉnh", "Sở Nội vụ", "Sở Tài chính",
                                                 "Sở Kế hoạch và Đầu tư", "Ủy ban nhân dân các huyện, thành phố",
                                                 "các cơ quan, đơn vị có liên quan")}


def test_ministry_decision_units_and_requests_to_cooperate():
    text = ("Điều 3. Chánh Văn phòng Bộ, Cục trưởng Cục Quản lý Dược, Thủ trưởng các đơn vị thuộc Bộ chịu trách "
            "nhiệm thi hành Quyết định này.\n"
            "Đề nghị Liên đoàn Lao động tỉnh, Tỉnh đoàn Yên Bái phối hợp tuyên truyền.\n")
    recs, _ = run(text, doc_type="quyet_dinh")
    assert pairs(recs) == {("Văn phòng Bộ", "lead"), ("Cục Quản lý Dược", "lead"), ("các đơn vị thuộc Bộ", "lead"),
                           ("Liên đoàn Lao động tỉnh", "cooperate"), ("Tỉnh đoàn Yên Bái", "cooperate")}


def test_notice_of_conclusions_sentences():
    text = ("THÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc về quy hoạch đô thị\n"
            "1. Giao Sở Xây dựng khẩn trương hoàn thiện hồ sơ điều chỉnh quy hoạch, trình Ủy ban nhân dân tỉnh "
            "trước ngày 15/8/2020.\n"
            "2. Ủy ban nhân dân thành phố Đà Lạt chủ động phối hợp với Sở Xây dựng tổ chức lấy ý kiến nhân dân.\n")
    recs, _ = run(text, doc_type="thong_bao", deadlines=[("trước ngày 15/8/2020", "2020-08-15")],
                  issuer="Ủy ban nhân dân tỉnh Lâm Đồng")
    got = {(r.agency, r.role, r.deadline) for r in recs}
    assert ("Sở Xây dựng", "lead", "2020-08-15") in got
    assert ("Ủy ban nhân dân thành phố Đà Lạt", "cooperate", None) in got
    assert not any(a.startswith("Ủy ban nhân dân tỉnh") for a, _, _ in got)


def test_unnumbered_agency_headings_own_the_bullets_under_them():
    text = ("IV. TỔ CHỨC THỰC HIỆN\nSở Y tế:\n- Chủ trì tổ chức tiêm vắc xin cho trẻ em;\n"
            "- Phối hợp với Sở Tài chính bảo đảm kinh phí mua vắc xin.\n"
            "Ủy ban nhân dân các huyện:\n- Bố trí điểm tiêm tại trạm y tế xã.\n")
    recs, text = run(text)
    got = {(r.agency, r.role, text[r.start:r.start + 12]) for r in recs}
    assert got == {("Sở Y tế", "lead", "- Chủ trì tổ"), ("Sở Y tế", "cooperate", "- Phối hợp v"),
                   ("Sở Tài chính", "lead", "Phối hợp với"),
                   ("Ủy ban nhân dân các huyện", "lead", "- Bố trí điể")}


def test_articles_headed_by_the_duties_of_an_agency():
    text = ("Điều 5. Trách nhiệm của Ủy ban nhân dân cấp huyện\n"
            "1. Tổ chức tiếp nhận hồ sơ đăng ký đất đai tại Bộ phận một cửa.\n"
            "2. Phối hợp với Sở Tài nguyên và Môi trường cập nhật cơ sở dữ liệu đất đai.\n"
            "Điều 6. Trách nhiệm của Sở Tư pháp\n"
            "Sở Tư pháp kiểm tra việc thi hành Quy định này.\n"
            "Điều 7. Hiệu lực thi hành\nQuy định này có hiệu lực kể từ ngày 01/7/2015.\n")
    recs, _ = run(text, doc_type="quy_dinh")
    assert pairs(recs) == {("Ủy ban nhân dân cấp huyện", "lead"), ("Ủy ban nhân dân cấp huyện", "cooperate"),
                           ("Sở Tài nguyên và Môi trường", "lead"), ("Sở Tư pháp", "lead")}


def test_doi_voi_agency_headings():
    text = ("3. Tổ chức thực hiện\na) Đối với Sở Tài chính: thẩm định dự toán kinh phí.\n"
            "b) Đối với Ủy ban nhân dân các huyện: bố trí vốn đối ứng.\n"
            "c) Ưu tiên vốn đối với Ủy ban nhân dân các xã đặc biệt khó khăn.\n")
    recs, _ = run(text)
    assert pairs(recs) == {("Sở Tài chính", "lead"), ("Ủy ban nhân dân các huyện", "lead")}


def test_agencies_counted_by_goals_are_not_assigned():
    text = ("I. MỤC TIÊU, CHỈ TIÊU\n1. 100% Ủy ban nhân dân cấp xã công khai thủ tục hành chính.\n"
            "2. Ủy ban nhân dân các xã đạt chuẩn tiếp cận pháp luật: từ 90% trở lên.\n"
            "II. NHIỆM VỤ\n1. Phòng Tư pháp chủ trì hướng dẫn các xã xây dựng xã đạt chuẩn tiếp cận pháp luật.\n")
    recs, _ = run(text)
    assert pairs(recs) == {("Phòng Tư pháp", "lead")}


def test_task_table_columns_give_roles_and_row_deadlines():
    text = ("PHỤ LỤC\nDANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2023\n"
            "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n"
            "1 | Xây dựng kho dữ liệu dùng chung | Sở Thông tin và Truyền thông | Các sở, ban, ngành; "
            "Sở Tài chính | Quý III/2023\n"
            "2 | Số hóa hồ sơ hộ tịch | Sở Tư pháp | Ủy ban nhân dân các huyện | Tháng 12/2023\n"
            "Ghi chú: các cơ quan báo cáo tiến độ hằng quý.\n")
    recs, text = run(text, deadlines=[("Quý III/2023", "2023-09-30"), ("Tháng 12/2023", "2023-12-31")])
    got = {(r.agency, r.role, r.deadline) for r in recs}
    assert got == {("Sở Thông tin và Truyền thông", "lead", "2023-09-30"),
                   ("Các sở, ban, ngành", "cooperate", "2023-09-30"), ("Sở Tài chính", "cooperate", "2023-09-30"),
                   ("Sở Tư pháp", "lead", "2023-12-31"), ("Ủy ban nhân dân các huyện", "cooperate", "2023-12-31")}
    assert all(text[r.start:r.end].startswith(("1 |", "2 |")) for r in recs)


def test_slash_numbering():
    text = ("III/ TỔ CHỨC THỰC HIỆN\n1/ Phòng Văn hóa và Thông tin:\na/ Chủ trì tuyên truyền về chuyển đổi số;\n"
            "b/ Phối hợp với Phòng Nội vụ đánh giá kết quả.\n2/ Công an huyện: bảo đảm an ninh mạng.\n")
    recs, _ = run(text)
    assert pairs(recs) == {("Phòng Văn hóa và Thông tin", "lead"), ("Phòng Văn hóa và Thông tin", "cooperate"),
                           ("Phòng Nội vụ", "lead"), ("Công an huyện", "lead")}


def test_the_subject_working_with_a_partner_leads_and_the_partner_cooperates():
    text = ("KẾ HOẠCH\nPhòng, chống dịch bệnh năm 2028\n\nIII. TỔ CHỨC THỰC HIỆN\n"
            "1. Trung tâm Y tế huyện phối hợp với Phòng Giáo dục và Đào tạo tổ chức tiêm chủng tại trường học.\n"
            "2. Công an huyện phối hợp chặt chẽ với các xã bảo đảm an ninh.\n"
            "3. Phòng Tài chính - Kế hoạch:\nPhối hợp với Chi cục Thuế quản lý nguồn thu.\n"
            "4. Hội Chữ thập đỏ huyện phối hợp thực hiện.\n")
    got = pairs(run(text)[0])
    assert {("Trung tâm Y tế huyện", "lead"), ("Phòng Giáo dục và Đào tạo", "cooperate"),
            ("Công an huyện", "lead")} <= got, got
    # under an agency's heading, "Phối hợp với X" is that agency's part in X's task; alone, "phối hợp" cooperates
    assert {("Phòng Tài chính - Kế hoạch", "cooperate"), ("Chi cục Thuế", "lead"),
            ("Hội Chữ thập đỏ huyện", "cooperate")} <= got, got
