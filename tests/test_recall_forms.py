"""Forms real documents write that the first extractors missed: glued units, per-mille rates, tables copied one
cell a line, year lists, growth rates per year, effectivity after a council adopts a resolution, a preamble that
goes on to ask agencies for work. Sentences written for these tests (other provinces, other years)."""

import extractors
from extractors.numbers import find_numbers
from extractors.timeexpr import find_time_expressions
from pipeline.analyse import analyse
from pipeline.document import Document
from tests.targets_helpers import targets_of


def _ctx(text, **meta):
    analysis = analyse(Document(path="kh.txt", raw_text=text, format="txt", doc_id="t"))
    for k, v in meta.items():
        setattr(analysis.meta, k, v)
    ctx = analysis.context()
    extractors.run(ctx)
    return ctx


def test_numbers_glued_to_a_unit_or_to_the_word_before_are_read():
    assert [(n.raw, n.value) for n in find_numbers("doanh thu 450tỷđ; thu nhập 52trđ/người/năm")] == [
        ("450", 450.0), ("52", 52.0)]
    assert [n.value for n in find_numbers("giảm tỷ suất chết trẻ sơ sinh xuống dưới12,5‰")] == [12.5]
    assert find_numbers("mạng 5G và cúm H7N9") == []  # codes stay codes


def test_a_rate_per_thousand_is_a_count_not_a_percent():
    found, _ = targets_of("Đến năm 2030, giảm tỷ suất chết trẻ em dưới 1 tuổi xuống dưới 9‰.", period=(2021, 2030))
    assert [(t.value, t.unit, t.comparator) for t in found] == [(9, "‰", "<")]
    found, _ = targets_of("Điều chỉnh mức sinh: +0,2 %0 so với năm 2022.", period=(2023, 2023))
    assert [(t.value, t.unit) for t in found] == [(0.2, "‰")]


def test_tens_of_thousands_keep_their_scale_word():
    found, _ = targets_of("Đến năm 2025, giải quyết việc làm cho 3 vạn lao động.", period=(2021, 2025))
    assert [(t.value, t.unit) for t in found] == [(3, "vạn lao động")]


LINE_TABLE = """II. CHỈ TIÊU

TT

Chỉ tiêu

Đơn vị tính

Thực hiện năm 2023

Kế hoạch năm 2025

1

Tỷ lệ xã đạt chuẩn nông thôn mới

%

61

75

2

Số bác sỹ trên 10.000 dân

Bác sỹ

8.4

9.5
"""


def test_a_table_copied_one_cell_a_line_gives_its_target_column_not_its_results():
    ctx = _ctx(LINE_TABLE, doc_type="ke_hoach", period_start=2024, period_end=2025)
    got = [(t.value, t.unit, t.deadline) for t in ctx.results["targets"]]
    assert got == [(75, "%", "2025-12-31"), (9.5, "bác sỹ", "2025-12-31")]
    for t in ctx.results["targets"]:  # the quote runs from the row's label to the cell
        assert ctx.text[t.start:t.end].split("\n")[0] in ("Tỷ lệ xã đạt chuẩn nông thôn mới", "Số bác sỹ trên 10.000 dân")


def test_year_lists_growth_per_year_and_effectivity_after_adoption():
    def read(text, **kw):
        return [(t.kind, t.date, t.recurrence, t.relative) for t in find_time_expressions(text, **kw)]

    assert read("Năm 2024 và 2025") == [("year_range", "2025-12-31", None, None)]
    assert read("Năm 2022/2023") == [("year_range", "2023-12-31", None, None)]
    assert read("doanh thu du lịch tăng bình quân 9 - 10%/năm") == [("recurrence", None, "yearly", None)]
    assert read("Nghị quyết có hiệu lực sau 10 ngày kể từ ngày HĐND huyện thông qua", issue_date="2019-12-06") == [
        ("relative", "2019-12-16", None, "P10D after adoption")]


def test_within_the_year_takes_the_year_of_its_heading_in_a_longer_plan():
    text = ("II. CHỈ TIÊU NĂM 2022\n"
            "1. Tổ chức ít nhất 04 lớp tập huấn kỹ năng số cho cán bộ xã trong năm.\n")
    ctx = _ctx(text, doc_type="ke_hoach", period_start=2021, period_end=2025)
    assert "2022-12-31" in {d.date for d in ctx.results["deadlines"]}


def test_a_preamble_that_goes_on_to_ask_agencies_assigns_them():
    text = ("Thực hiện Công văn số 512/BYT-DP ngày 02/3/2023 của Bộ Y tế về phòng, chống dịch sốt xuất huyết, "
            "Ủy ban nhân dân tỉnh yêu cầu: Sở Y tế chủ trì, phối hợp với Sở Giáo dục và Đào tạo tổ chức "
            "chiến dịch diệt lăng quăng tại các trường học.\n")
    ctx = _ctx(text, doc_type="cong_van", issuer="Ủy ban nhân dân tỉnh Long An")
    got = {(a.agency, a.role) for a in ctx.results["assignments"]}
    assert ("Sở Y tế", "lead") in got and ("Sở Giáo dục và Đào tạo", "cooperate") in got
    assert not any(a.agency == "Bộ Y tế" for a in ctx.results["assignments"])  # only cited, in the legal ground


def test_the_issuer_is_never_its_own_assignee_and_the_trace_says_so():
    text = "Ủy ban nhân dân tỉnh chỉ đạo chung; Sở Tài chính bố trí kinh phí thực hiện.\n"
    ctx = _ctx(text, doc_type="ke_hoach", issuer="Ủy ban nhân dân tỉnh Hà Giang")
    assert {a.agency for a in ctx.results["assignments"]} == {"Sở Tài chính"}
    dropped = [c for c in ctx.candidates["assignments"] if c.label == "Ủy ban nhân dân tỉnh"]
    assert dropped and dropped[0].reason == "the document's own issuer"


def test_a_share_after_a_verb_of_level_is_a_target_not_a_rate_denominator():
    # "Tỷ lệ … trên N" opens a rate per N people; "Tỷ lệ … đạt trên 70%" reaches a level above 70%
    found, _ = targets_of("Năm 2026, tỷ lệ lao động nông thôn qua đào tạo nghề đạt trên 72%; tỷ lệ hộ cận nghèo "
                          "giảm trên 1,2% so với năm 2025.", period=(2026, 2026))
    assert [(t.value, t.unit, t.comparator, t.change) for t in found] == [
        (72, "%", ">", None), (1.2, "%", ">", "decrease")]
    found, _ = targets_of("Đến năm 2030, số giường bệnh trên 1 vạn dân đạt 35 giường bệnh.", period=(2026, 2030))
    assert [t.value for t in found] == [35]
    # a value per unit of area: the 1 ha is the denominator, the rate keeps every "/…"
    found, _ = targets_of("I. MỤC TIÊU\n1. Giá trị thu hoạch trên 1 ha đất nông nghiệp đạt 180 triệu đồng/ha/năm.\n"
                          "2. Năng suất ngô bình quân đạt 5,8 tấn/ha.\n", period=(2027, 2027))
    assert [(t.value, t.unit) for t in found] == [(180, "triệu đồng/ha/năm"), (5.8, "tấn/ha")]


def test_a_change_verb_after_the_clauses_year_or_a_commitment_word_is_a_change():
    found, _ = targets_of("Năm 2026, phấn đấu giảm tỷ lệ hộ nghèo từ 3 - 4%; tăng tỷ lệ hồ sơ trực tuyến 10%.",
                          period=(2026, 2026))
    assert [(t.value, t.value_max, t.change) for t in found] == [(3, 4, "decrease"), (10, None, "increase")]
    # the level reached is no change
    found, _ = targets_of("Năm 2026, giảm tỷ lệ hộ nghèo xuống còn 3%.", period=(2026, 2026))
    assert [(t.value, t.change) for t in found] == [(3, None)]


def test_a_yearly_growth_rate_keeps_its_indicator_and_its_comparator_after_it():
    found, _ = targets_of("Đến năm 2030, tốc độ tăng trưởng kinh tế bình quân đạt từ 9%/năm trở lên; tăng trưởng "
                          "bình quân ngành dịch vụ 7%/năm.", period=(2026, 2030))
    assert [(t.value, t.comparator, t.indicator) for t in found] == [
        (9, ">=", "Tốc độ tăng trưởng kinh tế"), (7, "=", "Tăng trưởng bình quân ngành dịch vụ")]


def test_a_subject_that_reaches_a_level_is_the_indicator_of_a_count():
    found, _ = targets_of("I. MỤC TIÊU NĂM 2027\n1. Tuổi thọ trung bình của người dân đạt 75,2 tuổi.\n"
                          "2. Số xã đạt chuẩn nông thôn mới nâng cao đạt 18 xã.\n", period=(2027, 2027))
    assert [(t.value, t.indicator) for t in found] == [
        (75.2, "Tuổi thọ trung bình của người dân"), (18, "Số xã đạt chuẩn nông thôn mới nâng cao")]


def test_a_rate_per_a_number_of_people_keeps_its_denominator_in_the_unit():
    found, _ = targets_of("I. MỤC TIÊU\n1. Đạt 13 bác sĩ/10.000 dân.\n2. Đạt 34 giường bệnh/vạn dân.\n"
                          "3. Tỷ số giới tính khi sinh dưới 109 bé trai/100 bé gái.\n", period=(2026, 2026))
    assert [(t.value, t.unit) for t in found] == [
        (13, "bác sĩ/10000 dân"), (34, "giường bệnh/vạn dân"), (109, "bé trai/100 bé gái")]


def test_a_reports_section_of_directions_holds_targets_without_a_future_word():
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN LÂM HÀ\nSố: 88/BC-UBND\nBÁO CÁO\nKết quả 6 tháng đầu năm 2026\n"
            "I. KẾT QUẢ THỰC HIỆN\n1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,7%.\n"
            "II. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026\n1. Giảm tỷ lệ hộ nghèo xuống còn 2,1% vào cuối năm.\n")
    found, _ = targets_of(text, doc_type="bao_cao", period=(2026, 2026))
    assert [t.value for t in found] == [2.1]  # the first half's result is no target


def test_a_year_opening_the_sentence_dates_its_targets_and_a_day_stays_in_its_own_clause():
    text = ("Tin tức\nGia Lai đẩy mạnh bệnh án điện tử\n\nTheo kế hoạch, năm 2029 tỉnh phấn đấu 90% người dân có sổ "
            "sức khỏe điện tử; 100% bệnh viện tuyến tỉnh triển khai bệnh án điện tử trước ngày 30/9/2029; tỷ lệ "
            "thanh toán viện phí không dùng tiền mặt đạt trên 70%.")
    found, _ = targets_of(text, doc_type="tin_bai")
    assert [(t.value, t.deadline) for t in found] == [(90, "2029-12-31"), (100, "2029-09-30"), (70, "2029-12-31")]


def test_a_number_coordinated_after_a_count_is_not_part_of_its_indicator():
    found, _ = targets_of("- Bồi dưỡng kỹ năng số cho 900 công chức, viên chức và 150 thành viên tổ công nghệ số "
                          "cộng đồng.", period=(2029, 2029))
    assert found[0].value == 900 and "150" not in found[0].indicator, found[0].indicator
