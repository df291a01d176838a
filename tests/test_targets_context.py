"""How targets use what the other extractors found: deadline facts in the clause, in an enclosing
heading or the plan's period, and the agencies (assignment facts) the clause itself names."""

from extractors import targets
from extractors.base import Context
from pipeline.document import Document
from pipeline.facts import Assignment, Deadline
from pipeline.metadata_model import DocumentMeta
from pipeline.sections import Section
from pipeline.textmap import CleanText


def _ctx(text, sections=(), deadlines=(), assignments=(), period=(None, None), doc_type="ke_hoach"):
    root = Section("", "", "", "other", 0, 0, len(text), 0, list(sections))
    meta = DocumentMeta(doc_type=doc_type, period_start=period[0], period_end=period[1])
    doc = Document(path="ctx.txt", raw_text=text, format="txt", doc_id="ctx")
    return Context(doc, CleanText.identity(text), root, meta,
                   {"deadlines": list(deadlines), "assignments": list(assignments)})


def _fact(cls, text, phrase, **kw):
    i = text.index(phrase)
    return cls(i, i + len(phrase), **kw)


HEADED = ("II. CHỈ TIÊU ĐẾN NĂM 2025\n"
          "1. 95% hộ gia đình nông thôn dùng nước sạch.\n"
          "2. Đến năm 2023, 100% trường học có nhà vệ sinh đạt chuẩn.\n")


def _headed_sections(text):
    body = text.index("1. 95%")
    return [Section("II", "II", "CHỈ TIÊU ĐẾN NĂM 2025", "objectives", 1, 0, len(text), body)]


def test_deadline_inherited_from_the_section_heading():
    deadlines = [_fact(Deadline, HEADED, "ĐẾN NĂM 2025", date="2025-12-31"),
                 _fact(Deadline, HEADED, "Đến năm 2023", date="2023-12-31")]
    found = targets.extract(_ctx(HEADED, _headed_sections(HEADED), deadlines))
    assert [(t.value, t.deadline) for t in found] == [(95, "2025-12-31"), (100, "2023-12-31")]


def test_heading_without_a_deadline_falls_back_to_the_period():
    deadlines = [_fact(Deadline, HEADED, "Đến năm 2023", date="2023-12-31")]
    found = targets.extract(_ctx(HEADED, _headed_sections(HEADED), deadlines, period=(2021, 2025)))
    assert [(t.value, t.deadline) for t in found] == [(95, "2025-12-31"), (100, "2023-12-31")]


def test_recurring_and_relative_deadlines_do_not_date_a_target():
    text = "Hàng năm, tối thiểu 30% cơ sở giáo dục được kiểm tra."
    deadlines = [_fact(Deadline, text, "Hàng năm", recurrence="yearly")]
    (t,) = targets.extract(_ctx(text, deadlines=deadlines))
    assert t.deadline is None


def test_baseline_year_is_not_the_deadline():
    text = "Số doanh nghiệp thành lập mới tăng 10% so với năm 2020."
    deadlines = [_fact(Deadline, text, "năm 2020", date="2020-12-31")]
    (t,) = targets.extract(_ctx(text, deadlines=deadlines, period=(2022, 2022)))
    assert (t.baseline_year, t.deadline) == (2020, "2022-12-31")


def test_agencies_named_in_the_clause():
    text = "Sở Giáo dục và Đào tạo bảo đảm 100% trường học có kết nối internet; Sở Y tế chủ trì kiểm tra."
    assignments = [_fact(Assignment, text, "Sở Giáo dục và Đào tạo", agency="Sở Giáo dục và Đào tạo"),
                   _fact(Assignment, text, "Sở Y tế", agency="Sở Y tế")]
    (t,) = targets.extract(_ctx(text, assignments=assignments))
    assert t.agencies == ["Sở Giáo dục và Đào tạo"]
    assert t.indicator_code == "internet_access"


def test_assessment_section_needs_a_forward_looking_word():
    text = ("I. KẾT QUẢ THỰC HIỆN\nTỷ lệ hồ sơ đúng hạn đạt 97%.\n"
            "II. MỤC TIÊU\nTỷ lệ hồ sơ đúng hạn đạt 99%.\n")
    s2 = text.index("II. MỤC TIÊU")
    sections = [Section("I", "I", "KẾT QUẢ THỰC HIỆN", "other", 1, 0, s2, text.index("Tỷ lệ")),
                Section("II", "II", "MỤC TIÊU", "objectives", 1, s2, len(text), text.index("Tỷ lệ", s2))]
    found = targets.extract(_ctx(text, sections))
    assert [t.value for t in found] == [99]


def test_agencies_after_the_number_are_what_is_measured():
    text = "100% Ủy ban nhân dân cấp xã có bộ phận một cửa hiện đại."
    assignments = [_fact(Assignment, text, "Ủy ban nhân dân cấp xã", agency="Ủy ban nhân dân cấp xã")]
    (t,) = targets.extract(_ctx(text, assignments=assignments))
    assert t.agencies == []


def test_plain_count_in_an_objectives_section():
    text = "2. Chỉ tiêu\nThu nhập bình quân đầu người đạt 70 triệu đồng/người/năm.\n"
    body = text.index("Thu nhập")
    sections = [Section("2", "2", "Chỉ tiêu", "objectives", 1, 0, len(text), body)]
    (t,) = targets.extract(_ctx(text, sections))
    assert (t.value, t.unit, t.comparator) == (70, "triệu đồng/người/năm", "=")  # the whole rate, as written
    assert t.indicator == "Thu nhập bình quân đầu người"
    plain = "Thu nhập bình quân đầu người đạt 70 triệu đồng/người/năm."
    # outside a section of goals the same words may only name an amount: the scorer is less sure of them
    outside = targets.extract(_ctx(plain))
    assert not outside or outside[0].confidence < t.confidence


def test_heading_year_dates_targets_without_a_fact():
    text = "II. CHỈ TIÊU NĂM 2026\n1. 98% hồ sơ thuế được nộp điện tử.\n"
    sections = [Section("II", "II", "CHỈ TIÊU NĂM 2026", "objectives", 1, 0, len(text), text.index("1. 98%"))]
    (t,) = targets.extract(_ctx(text, sections))
    assert t.deadline == "2026-12-31"


def test_cited_document_date_in_a_heading_is_not_a_deadline():
    text = ("KẾ HOẠCH (Ban hành kèm theo Quyết định số 15/QĐ-UBND ngày 10 tháng 02 năm 2022)\n"
            "100% hồ sơ được số hóa.\n")
    sections = [Section("KẾ HOẠCH", "KẾ HOẠCH", text.split("\n")[0][9:], "plan", 1, 0, len(text), text.index("100%"))]
    (t,) = targets.extract(_ctx(text, sections))
    assert t.deadline is None


def test_lead_in_of_a_list_dates_its_items():
    text = "Năm 2027, ngành y tế phấn đấu:\n- 95% trạm y tế xã có bác sĩ;\n- 100% bệnh viện có bệnh án điện tử.\n"
    found = targets.extract(_ctx(text, period=(2026, 2026)))
    assert [(t.value, t.deadline) for t in found] == [(95, "2027-12-31"), (100, "2027-12-31")]


def test_funding_shares_are_not_targets_unless_bound():
    text = ("IV. KINH PHÍ\nNgân sách tỉnh bảo đảm 70%, ngân sách huyện 30% kinh phí thực hiện; "
            "bố trí tối thiểu 2% tổng chi thường xuyên cho chuyển đổi số.\n")
    sections = [Section("IV", "IV", "KINH PHÍ", "funding", 1, 0, len(text), text.index("Ngân sách"))]
    found = targets.extract(_ctx(text, sections))
    assert [(t.value, t.comparator) for t in found] == [(2, ">=")]
