"""Deadlines extractor: which times in a Vietnamese plan are commitments (extractors/deadlines.py)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors import deadlines
from pipeline.analyse import analyse
from pipeline.document import Document
from pipeline.metadata_model import DocumentMeta


def found(text, **meta):
    """(date, recurrence, relative, quote) of each deadline found in `text` with the given metadata."""
    analysis = analyse(Document("t.txt", text, "txt", "t"))
    analysis.meta = DocumentMeta(**meta)
    ctx = analysis.context()
    out = deadlines.extract(ctx)
    for d in out:
        assert 0 <= d.start < d.end <= len(ctx.text)
    return [(d.date, d.recurrence, d.relative, ctx.text[d.start:d.end]) for d in out]


def dates(text, **meta):
    return [(d, r) for d, r, _, _ in found(text, **meta)]


def test_a_date_that_only_identifies_a_document_is_not_a_deadline():
    text = ("Thực hiện Quyết định số 1234/QĐ-UBND ngày 12/5/2019 của Ủy ban nhân dân tỉnh Nghệ An, "
            "Sở Giáo dục và Đào tạo hoàn thành rà soát mạng lưới trường học trước ngày 30/9/2019.")
    assert dates(text) == [("2019-09-30", None)]


def test_laws_and_submissions_cited_with_their_date():
    text = ("Căn cứ Luật Đất đai ngày 29 tháng 11 năm 2013;\n"
            "Luật Quy hoạch ngày 24 tháng 11 năm 2017;\n"
            "Xét đề nghị của Giám đốc Sở Tài nguyên và Môi trường tại Tờ trình số 45/TTr-STNMT ngày 10/3/2021.\n"
            "Triển khai theo Nghị quyết số 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương.")
    assert dates(text) == []


def test_the_documents_own_date_line_is_not_a_deadline():
    text = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH\nSố: 15/KH-UBND\nQuảng Ninh, ngày 05 tháng 3 năm 2020\nKẾ HOẠCH"
    assert dates(text) == []


def test_the_issue_date_repeated_in_the_attached_plan_is_not_a_deadline():
    text = "(Ban hành kèm theo Quyết định số 88/QĐ-UBND ngày 05 tháng 3 năm 2020 của Chủ tịch UBND huyện)"
    assert dates(text, issue_date="2020-03-05") == []


def test_past_events_are_not_deadlines():
    text = ("Ngày 12-4-2018, Ủy ban nhân dân huyện Điện Biên tổ chức hội nghị sơ kết.\n"
            "Năm 2019, toàn tỉnh đã hoàn thành 95% kế hoạch tiêm chủng.\n"
            "Sở Y tế vừa tổng kết công tác phòng chống dịch 6 tháng đầu năm 2022.\n"
            "Trong những năm qua, ngành giáo dục huyện đã đạt nhiều kết quả trong năm 2020.")
    assert dates(text) == []


def test_names_of_terms_and_programmes_are_not_deadlines():
    text = ("Thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XVII, nhiệm kỳ 2020 - 2025;\n"
            "triển khai Chương trình phát triển đô thị thông minh đến năm 2025, định hướng đến năm 2030;\n"
            "thực hiện Đề án phát triển du lịch cộng đồng giai đoạn 2021 - 2025;\n"
            "ban hành Kế hoạch cải cách hành chính năm 2022 của huyện Mộc Châu.")
    assert dates(text) == []


def test_a_baseline_year_is_not_a_deadline():
    assert dates("Tỷ lệ hồ sơ trực tuyến tăng 5% so với năm 2018.") == []


def test_commitments_to_a_year_or_a_period():
    text = ("Đến năm 2025, 100% trạm y tế xã có bác sĩ làm việc.\n"
            "Trong năm 2016, triển khai phần mềm quản lý hồ sơ sức khỏe điện tử.\n"
            "b) Giai đoạn 2021-2023: xây mới 45 phòng học; giai đoạn 2024-2025: sửa chữa 30 phòng học.\n"
            "9. Phấn đấu tỷ lệ trẻ em được tiêm chủng đầy đủ của huyện năm 2024 đạt 98%.\n"
            "Hoàn thành việc cấp giấy chứng nhận quyền sử dụng đất vào cuối năm 2019.")
    assert dates(text) == [("2025-12-31", None), ("2016-12-31", None), ("2023-12-31", None),
                           ("2025-12-31", None), ("2024-12-31", None), ("2019-12-31", None)]


def test_a_roadmap_reads_year_by_year():
    text = ("II. LỘ TRÌNH\n1. Năm 2023: Hoàn thành số hóa hồ sơ địa chính.\n"
            "2. Năm 2024 - 2025: Vận hành cơ sở dữ liệu đất đai.")
    got = found(text)
    assert [(d, r) for d, r, _, _ in got] == [("2023-12-31", None), ("2025-12-31", None)]
    assert got[0][3].startswith("Năm 2023: Hoàn thành số hóa")  # the label reads with its task


def test_a_coordinated_period_shares_its_cue():
    text = "Đây là nhiệm vụ trọng tâm của ngành y tế trong năm 2024 và giai đoạn 2024 - 2026."
    assert dates(text) == [("2024-12-31", None), ("2026-12-31", None)]


def test_one_clause_one_deadline_per_date():
    text = "Sở Nội vụ xây dựng kế hoạch trong quý II và quý III năm 2015 tiến hành kiểm tra công vụ."
    assert dates(text) == [("2015-09-30", None)]


def test_year_less_times_take_the_plan_year():
    text = "Các trường hoàn thành kiểm định chất lượng trong quý III; gửi báo cáo trước ngày 15/12."
    assert dates(text, period_start=2022, period_end=2022) == [("2022-09-30", None), ("2022-12-15", None)]


def test_year_less_days_after_the_issue_date_roll_into_the_next_year():
    text = "Các xã gửi báo cáo tổng kết về Phòng Nông nghiệp trước ngày 15/3."
    assert dates(text, issue_date="2019-10-20", period_start=2019, period_end=2021) == [("2020-03-15", None)]


def test_without_metadata_the_last_year_committed_to_is_the_context():
    text = ("Hoàn thành việc số hóa sổ hộ tịch trong năm 2016.\n"
            "Sở Tư pháp tổ chức kiểm tra trong quý III tại các huyện.")
    assert dates(text) == [("2016-12-31", None), ("2016-09-30", None)]


def test_a_quarter_with_no_year_anywhere_is_left_out():
    assert dates("Sở Tư pháp tổ chức kiểm tra trong quý III tại các huyện.") == []


def test_recurring_duties():
    text = ("Định kỳ hàng quý, các trường báo cáo Phòng Giáo dục và Đào tạo.\n"
            "Thanh tra Sở kiểm tra tối thiểu 02 cơ sở/tháng.\n"
            "Báo cáo kết quả thực hiện 6 tháng và cả năm về Sở Nội vụ.\n"
            "Hằng năm tổ chức hội thi tin học trẻ.")
    assert dates(text) == [(None, "quarterly"), (None, "monthly"), (None, "half_yearly"), (None, "yearly")]


def test_an_annual_budget_is_not_a_recurring_duty():
    assert dates("Kinh phí bố trí trong dự toán ngân sách hàng năm của các đơn vị.") == []


def test_a_past_recurring_activity_is_not_a_duty():
    assert dates("Hàng năm, huyện đã tổ chức tốt hội thi văn nghệ quần chúng.") == []


def test_in_force_from_signing_takes_the_issue_date():
    got = found("Điều 3. Quyết định này có hiệu lực kể từ ngày ký.", issue_date="2020-11-02")
    assert [(d, r, rel) for d, r, rel, _ in got] == [("2020-11-02", None, "P0D after signing")]


def test_relative_times_without_an_issue_date_stay_relative():
    got = found("Chỉ thị này có hiệu lực sau 15 (mười lăm) ngày kể từ ngày ký.")
    assert [(d, r, rel) for d, r, rel, _ in got] == [(None, None, "P15D after signing")]


def test_the_document_named_without_nay_is_still_itself():
    got = found("Sở Tư pháp trình dự thảo trong 20 ngày kể từ ngày Kế hoạch được ban hành.")
    assert [(d, r, rel) for d, r, rel, _ in got] == [(None, None, "P20D after issuing")]


def test_duties_due_on_an_event():
    got = found("Các trường gửi kế hoạch về Phòng Giáo dục khi ban hành Kế hoạch của đơn vị và gửi báo cáo "
                "khi kết thúc năm học.")
    assert [rel for _, _, rel, _ in got] == ["on issuing Kế hoạch", "on the end of năm học"]


def test_the_quote_is_the_clause_around_the_time():
    text = ("Giao Sở Khoa học và Công nghệ chủ trì; chậm nhất ngày 30/11/2019 trình Ủy ban nhân dân tỉnh "
            "phê duyệt danh mục nhiệm vụ; hàng tháng báo cáo tiến độ.")
    got = found(text)
    assert [q for _, _, _, q in got] == [
        "chậm nhất ngày 30/11/2019 trình Ủy ban nhân dân tỉnh phê duyệt danh mục nhiệm vụ",
        "hàng tháng báo cáo tiến độ"]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.-: ,;()\nquýnămthángngàyIVđếnhàngsauđã kỳCăn cứ")),
               max_size=150))
def test_never_raises_and_spans_lie_inside_the_text(text):
    found(text, issue_date="2020-02-29", period_start=2020, period_end=2020)


def test_a_day_repeated_every_year_is_a_yearly_duty():
    assert dates("Các huyện gửi báo cáo tổng kết trước ngày 15/12 hằng năm.", period_start=2021,
                 period_end=2021) == [(None, "yearly")]


def test_a_time_after_a_colon_label():
    text = "- Thời gian hoàn thành: quý II năm 2020.\n- Thời gian thực hiện: năm 2021."
    assert dates(text) == [("2020-06-30", None), ("2021-12-31", None)]


def test_in_force_from_a_given_day():
    assert dates("Quy định này có hiệu lực từ ngày 01/7/2021.", issue_date="2021-06-10") == [("2021-07-01", None)]


def test_a_day_before_the_issue_date_is_past():
    text = "Ngày 15/01/2021 Ủy ban nhân dân huyện tổ chức hội nghị triển khai nhiệm vụ."
    assert dates(text, issue_date="2021-01-25") == []


def test_two_days_repeated_every_year():
    text = "Các huyện báo cáo kết quả về Sở Nội vụ trước ngày 15 tháng 6 và ngày 15 tháng 12 hằng năm."
    assert dates(text, period_start=2021, period_end=2025) == [(None, "yearly")]


def test_a_period_over_before_the_document_begins_is_past():
    text = ("Giai đoạn 2006 - 2010, trong năm 2009 toàn tỉnh xây mới 120 trạm y tế. "
            "Giai đoạn 2011 - 2015: xây mới 80 trạm y tế.")
    assert dates(text, issue_date="2011-10-18", period_start=2011, period_end=2015) == [("2015-12-31", None)]


def test_two_report_days_of_a_one_year_plan():
    text = "Các đơn vị báo cáo kết quả về Sở Y tế trước ngày 15/6 và 15/12 để tổng hợp."
    assert dates(text, period_start=2022, period_end=2022) == [("2022-06-15", None), ("2022-12-15", None)]


def test_weekly_and_monthly_reports():
    text = "Trung tâm Kiểm soát bệnh tật định kỳ hàng tuần, tháng báo cáo Sở Y tế số ca mắc."
    assert dates(text) == [(None, "monthly")]


NEWS = ("Sơ kết 5 năm thực hiện Nghị quyết về phát triển giáo dục\n"
        "Ngày 14/9/2022, Huyện ủy Mộc Châu tổ chức hội nghị sơ kết 5 năm thực hiện Nghị quyết số 05-NQ/HU.\n"
        "Qua 5 năm triển khai, toàn huyện đã xây mới 120 phòng học.\n"
        "Trong năm 2021, huyện hoàn thành phổ cập giáo dục mầm non cho trẻ 5 tuổi.\n"
        "Thời gian tới, huyện phấn đấu đến năm 2025 có 95% trường đạt chuẩn quốc gia; "
        "hằng năm tổ chức bồi dưỡng cho 100% giáo viên.\n"
        "Dịp này, Huyện ủy tặng Giấy khen cho 12 tập thể có thành tích xuất sắc trong giai đoạn 2017 - 2022.")


def test_news_tells_of_the_past_before_the_day_it_narrates():
    assert dates(NEWS, doc_type="tin_bai") == [("2025-12-31", None), (None, "yearly")]


def test_each_deadline_keeps_the_span_of_its_time_expression():
    text = "Giao Sở Xây dựng chủ trì, hoàn thành quy hoạch chung đô thị trong quý III năm 2023 để trình phê duyệt."
    analysis = analyse(Document("t.txt", text, "txt", "t"))
    analysis.meta = DocumentMeta()
    (d,) = deadlines.extract(analysis.context())
    assert text[d.time_start:d.time_end] == "quý III năm 2023"
    assert d.start <= d.time_start < d.time_end <= d.end


def test_amounts_per_year_are_not_duties_but_yearly_growth_recurs():
    # the gold reads an average yearly growth ("bình quân hàng năm", "%/năm") as a yearly recurrence
    # (../shared/gold/real/NOTES.md); an amount per year (income, a plant's output) is a unit, not a duty
    text = ("Tốc độ tăng trưởng kinh tế bình quân hàng năm đạt 7,5%; thu nhập bình quân đầu người đạt "
            "65 triệu đồng/năm; công suất nhà máy 500 tấn/năm. Thanh tra Sở kiểm tra 02 lần/năm.")
    assert dates(text) == [(None, "yearly"), (None, "yearly")]


def test_a_school_year_is_not_the_calendar_year():
    assert dates("Các trường tổ chức kiểm tra sức khỏe học sinh vào đầu năm học.", period_start=2022,
                 period_end=2022) == []


def test_a_roadmap_label_that_reports_the_past():
    text = "1. Năm 2019: toàn huyện đã xây mới 40 phòng học.\n2. Năm 2020: Xây mới 25 phòng học."
    assert dates(text) == [("2020-12-31", None)]


def test_times_in_a_review_of_the_past_are_not_deadlines():
    from pipeline.sections import Section

    past = "I. KẾT QUẢ THỰC HIỆN NĂM 2021\nTrong năm 2021, toàn tỉnh cấp 12.000 giấy chứng nhận; hàng quý kiểm tra.\n"
    plan = "II. NHIỆM VỤ NĂM 2022\nTrong năm 2022, cấp 15.000 giấy chứng nhận; hàng quý kiểm tra.\n"
    text = past + plan
    analysis = analyse(Document("t.txt", text, "txt", "t"))
    n, p = len(text), len(past)
    analysis.root = Section("", "", "", "other", 0, 0, n, 0, [
        Section("I", "I", "KẾT QUẢ THỰC HIỆN NĂM 2021", "other", 1, 0, p, past.index("\n") + 1),
        Section("II", "II", "NHIỆM VỤ NĂM 2022", "tasks", 1, p, n, p + plan.index("\n") + 1)])
    analysis.meta = DocumentMeta()
    got = [(d.date, d.recurrence) for d in deadlines.extract(analysis.context())]
    assert got == [("2022-12-31", None), (None, "quarterly")]


def test_an_item_about_reporting_results_is_not_a_review_of_the_past():
    from pipeline.sections import Section

    text = "c) Định kỳ tổng hợp, báo cáo kết quả thực hiện 6 tháng và cả năm về Sở Tài chính.\n"
    analysis = analyse(Document("t.txt", text, "txt", "t"))
    analysis.root = Section("", "", "", "other", 0, 0, len(text), 0, [
        Section("c", "c", text[3:-1], "other", 1, 0, len(text), 3)])
    analysis.meta = DocumentMeta()
    assert [(d.date, d.recurrence) for d in deadlines.extract(analysis.context())] == [(None, "half_yearly")]


def test_a_year_alone_in_a_table_cell_is_a_timeline():
    text = ("PHỤ LỤC\nSTT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành\n"
            "1 | Xây dựng kho dữ liệu dùng chung | Sở Thông tin và Truyền thông | Năm 2023\n"
            "2 | Số hóa hồ sơ hộ tịch | Sở Tư pháp | Quý II/2024\n")
    assert dates(text) == [("2023-12-31", None), ("2024-06-30", None)]


def test_a_yearly_day_in_brackets():
    text = "Tổ chức mít tinh hưởng ứng Ngày Nước thế giới (22 tháng 3) hằng năm tại các huyện."
    assert dates(text, period_start=2015, period_end=2015) == [(None, "yearly")]


def test_a_school_year_review_due_on_a_day():
    text = "Các trường báo cáo sơ kết học kỳ I trước ngày 15/01/2017 và tổng kết năm học trước ngày 10/6/2017."
    assert dates(text, issue_date="2016-08-25") == [("2017-01-15", None), ("2017-06-10", None)]


def test_a_plan_issued_in_december_for_the_next_year():
    text = "Các phòng xây dựng kế hoạch của đơn vị trong tháng 12/2023; hoàn thành số hóa hồ sơ trong quý I/2024."
    assert dates(text, issue_date="2023-12-08", period_start=2024, period_end=2024) == [
        ("2023-12-31", None), ("2024-03-31", None)]


def test_next_year_counts_from_the_issue_date():
    text = "Trong năm tới, Sở Giao thông vận tải hoàn thành nâng cấp tuyến đường tỉnh 395."
    assert dates(text, issue_date="2018-11-20", period_start=2019, period_end=2019) == [("2019-12-31", None)]


def test_a_period_from_one_day_to_another_ends_on_the_second():
    text = "Tổ chức đợt cao điểm tiêm vắc xin sởi từ ngày 01/3/2022 đến ngày 31/5/2022 tại các xã vùng cao."
    assert dates(text) == [("2022-05-31", None)]


def test_a_period_from_one_day_to_another_in_the_plan_year():
    text = "Tổ chức Tháng hành động vì an toàn thực phẩm từ ngày 15/4 đến ngày 15/5."
    assert dates(text, period_start=2023, period_end=2023) == [("2023-05-15", None)]


def test_a_period_opening_the_sentence_is_its_deadline():
    text = ("Giai đoạn 2021 - 2025, hỗ trợ xây dựng 50 mô hình sản xuất theo chuỗi giá trị.\n"
            "Năm 2019, toàn tỉnh đã xây dựng 12 mô hình.")
    assert dates(text) == [("2025-12-31", None)]


def test_the_schedule_of_a_recurring_duty_is_not_a_date():
    text = "Hằng năm, Ủy ban nhân dân tỉnh báo cáo kết quả thực hiện tại kỳ họp cuối năm của Hội đồng nhân dân tỉnh."
    assert dates(text, period_start=2021, period_end=2025, issue_date="2021-12-10") == [(None, "yearly")]


def test_a_day_after_truoc_without_ngay():
    text = "Các xã gửi danh sách hộ nghèo về Phòng Lao động - Thương binh và Xã hội trước 30/6."
    assert dates(text, period_start=2020, period_end=2020) == [("2020-06-30", None)]


def test_a_past_participle_on_the_object_does_not_make_the_deadline_past():
    # "đã phát hiện" says which violations; the commitment after the comma is still to come
    text = ("b) Xử lý dứt điểm các công trình xây dựng sai phép đã phát hiện trong năm 2023, "
            "hoàn thành trong quý III năm 2024.")
    assert dates(text, issue_date="2024-02-20") == [("2024-09-30", None)]
    # but a clause that tells of what was done stays past
    text = "Năm 2023, huyện Tam Đảo đã hoàn thành trong quý III năm 2023 việc cắm mốc giới."
    assert dates(text) == []


def test_a_heading_of_goals_gives_the_year_they_are_due():
    text = ("II. MỤC TIÊU\n2. Chỉ tiêu cụ thể năm 2024\n"
            "a) 100% trường tiểu học dạy 2 buổi/ngày.\n"
            "III. NHIỆM VỤ TRỌNG TÂM NĂM 2024:\n1. Rà soát mạng lưới trường lớp.\n")
    assert dates(text) == [("2024-12-31", None), ("2024-12-31", None)]
    # a year closing any other short line, or a long sentence about targets, is a name, not a due year
    text = ("KẾ HOẠCH PHÁT TRIỂN GIÁO DỤC NĂM 2024\n"
            "Mục tiêu của Chương trình chuyển đổi số của ngành giáo dục tỉnh Lào Cai được xây dựng năm 2024\n")
    assert dates(text) == []


def test_within_the_year_is_the_year_of_a_one_year_plan():
    text = "3. Thanh tra tỉnh thanh tra công vụ tại ít nhất 08 đơn vị trong năm."
    assert dates(text, doc_type="ke_hoach", period_start=2019, period_end=2019) == [("2019-12-31", None)]
    # a five-year plan: "trong năm" is every year of it, no date
    assert dates(text, doc_type="ke_hoach", period_start=2021, period_end=2025) == []
    # a report tells what happened in the year
    assert dates("Trong năm, toàn huyện đã tiếp nhận 1.200 hồ sơ; tổ chức 04 đợt kiểm tra trong năm.",
                 doc_type="bao_cao", period_start=2019, period_end=2019) == []
    # "trong năm học", "trong năm 2020", "trong năm qua" are other forms
    assert dates("Tổ chức hội thi trong năm học.", doc_type="ke_hoach", period_start=2019, period_end=2019) == []


def test_a_heading_of_orientations_gives_their_year_but_a_programme_name_does_not():
    text = ("Chương trình phát triển du lịch tỉnh Quảng Bình giai đoạn 2021 - 2025, định hướng đến năm 2035\n"
            "3. Định hướng đến năm 2035\n"
            "Du lịch trở thành ngành kinh tế mũi nhọn, đóng góp 15% GRDP của tỉnh.\n")
    assert dates(text, doc_type="chuong_trinh", period_start=2021, period_end=2025) == [("2035-12-31", None)]


def test_a_stage_inside_the_plan_period_schedules_a_task():
    text = ("2. Đầu tư hệ thống quan trắc môi trường tự động tại các khu công nghiệp giai đoạn 2023 - 2024.\n"
            "3. Lồng ghép các chương trình mục tiêu quốc gia giai đoạn 2021 - 2025.\n"
            "4. Rà soát quy hoạch theo định hướng giai đoạn 2026 - 2030.\n")
    assert dates(text, doc_type="ke_hoach", period_start=2021, period_end=2025) == [("2024-12-31", None)]


def test_a_heading_quote_stops_at_its_line():
    text = "2. Chỉ tiêu cụ thể năm 2024\nTỷ lệ trẻ em đi học đúng độ tuổi đạt 99%.\n"
    assert found(text, doc_type="ke_hoach", period_start=2024, period_end=2024) == [
        ("2024-12-31", None, None, "Chỉ tiêu cụ thể năm 2024")]
