"""Vietnamese time expressions → the last day of the period they name (extractors/timeexpr.py)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.timeexpr import find_time_expressions, period_end


def one(text, **kw):
    found = find_time_expressions(text, **kw)
    assert len(found) == 1, [(text[t.start:t.end], t) for t in found]
    return found[0]


def test_period_end_of_a_year_quarter_month_and_day():
    assert period_end(2019) == "2019-12-31"
    assert period_end(2019, quarter=2) == "2019-06-30"
    assert period_end(2024, 2) == "2024-02-29"  # leap year
    assert period_end(2023, 2) == "2023-02-28"
    assert period_end(2020, 6, 15) == "2020-06-15"
    assert period_end(2020, 2, 30) is None
    assert period_end(2020, 13) is None


@pytest.mark.parametrize("text", [
    "Sở Y tế báo cáo Ủy ban nhân dân tỉnh trước ngày 30/6/2019.",
    "hoàn thành chậm nhất ngày 30-6-2019",
    "nộp hồ sơ trước 30.6.2019 tại bộ phận một cửa",
    "tổ chức khai giảng ngày 30 tháng 6 năm 2019",
    "tổ chức khai giảng ngày 30 tháng 6 năm\n2019",
])
def test_a_day_in_all_its_written_forms(text):
    t = one(text)
    assert t.kind == "date" and t.date == "2019-06-30" and t.year == 2019
    assert "30" in text[t.start:t.end] and "2019" in text[t.start:t.end]


def test_an_impossible_day_is_not_a_date():
    assert find_time_expressions("trước ngày 31/2/2020") == []


def test_a_day_without_a_year_takes_the_context_year():
    t = one("gửi Phòng Tài chính - Kế hoạch trước ngày 15/3", context_year=2018)
    assert t.date == "2018-03-15" and t.year is None
    bare = one("gửi Phòng Tài chính - Kế hoạch trước ngày 15/3")
    assert bare.date is None and bare.needs_year and bare.with_year(2021).date == "2021-03-15"


@pytest.mark.parametrize("text, expected", [
    ("hoàn thành trong quý IV năm 2024", "2024-12-31"),
    ("đưa vào sử dụng trong quý 1/2023", "2023-03-31"),
    ("nghiệm thu vào quý hai năm 2017", "2017-06-30"),
    ("triển khai trong quý III và quý IV năm 2016", "2016-12-31"),  # due when the later quarter ends
    ("thực hiện trong quý II, III năm 2015", "2015-09-30"),
])
def test_quarters(text, expected):
    t = one(text)
    assert t.kind == "quarter" and t.date == expected


def test_a_quarter_without_a_year_needs_one():
    assert one("hoàn thành trong quý II").date is None
    assert one("hoàn thành trong quý II", context_year=2022).date == "2022-06-30"


@pytest.mark.parametrize("text, expected, kind", [
    ("sơ kết việc thực hiện 6 tháng đầu năm 2022", "2022-06-30", "year_part"),
    ("trong sáu tháng cuối năm 2018", "2018-12-31", "year_part"),
    ("hoàn thành việc số hóa vào cuối năm 2019", "2019-12-31", "year_part"),
    ("đưa cổng dịch vụ công vào vận hành tháng 9/2024", "2024-09-30", "month"),
    ("ra quân trồng cây vào tháng Giêng năm 2024", "2024-01-31", "month"),
    ("báo cáo trong tháng 2 năm 2024", "2024-02-29", "month"),
    ("Đến năm 2025, 100% trạm y tế xã có bác sĩ", "2025-12-31", "year"),
])
def test_periods_end_on_their_last_day(text, expected, kind):
    t = one(text)
    assert (t.kind, t.date) == (kind, expected)


@pytest.mark.parametrize("text, expected, prefix", [
    ("xây mới 45 phòng học giai đoạn 2021 - 2023", "2023-12-31", "giai đoạn"),
    ("xây mới 45 phòng học giai đoạn 2021–2023", "2023-12-31", "giai đoạn"),
    ("từ năm 2016 đến năm 2020 trồng mới 500 ha rừng", "2020-12-31", "từ năm"),
    ("Giai đoạn 20162020: trồng mới 500 ha rừng", "2020-12-31", "giai đoạn"),  # a dash lost in conversion
    ("Đại hội lần thứ XVII, nhiệm kỳ 2020 - 2025", "2025-12-31", "nhiệm kỳ"),
])
def test_year_ranges_end_with_their_last_year(text, expected, prefix):
    t = one(text)
    assert (t.kind, t.date, t.prefix) == ("year_range", expected, prefix)


def test_eight_digits_alone_are_not_a_year_range():
    assert find_time_expressions("mã hồ sơ 20162020 đã được cấp") == []
    assert find_time_expressions("giai đoạn 2020 - 2016") == []  # backwards


@pytest.mark.parametrize("text, recurrence", [
    ("Định kỳ hàng tháng, Trung tâm Y tế huyện báo cáo số ca mắc sốt xuất huyết", "monthly"),
    ("hằng tháng tổng hợp tiến độ giải ngân vốn đầu tư công", "monthly"),
    ("hàng quý gửi báo cáo về Sở Thông tin và Truyền thông", "quarterly"),
    ("tổ chức thanh tra tối thiểu 03 trường/quý", "quarterly"),
    ("sáu tháng một lần đánh giá kết quả chuyển đổi số", "half_yearly"),
    ("báo cáo kết quả 6 tháng và cả năm về Sở Tài nguyên và Môi trường", "half_yearly"),
    ("hằng năm tổ chức hội thi giáo viên dạy giỏi cấp huyện", "yearly"),
    ("mỗi năm tập huấn ít nhất hai lớp về an toàn thực phẩm", "yearly"),
    ("kiểm tra đột xuất 02 lần/năm", "yearly"),
    ("theo dõi định kỳ theo ngày, tuần, tháng số ca nhập viện", "monthly"),  # the shortest the schema can name
    ("báo cáo định kỳ quý, 6 tháng, năm", "quarterly"),
])
def test_recurring_duties_have_a_recurrence_and_no_date(text, recurrence):
    t = one(text)
    assert (t.kind, t.recurrence, t.date) == ("recurrence", recurrence, None)


def test_a_weekly_duty_alone_has_no_recurrence_the_schema_names():
    assert find_time_expressions("định kỳ theo tuần giao ban") == []


def test_relative_to_signing_resolves_with_the_issue_date():
    text = "Kế hoạch này có hiệu lực thi hành sau 15 (mười lăm) ngày kể từ ngày ký."
    t = one(text, issue_date="2019-03-01")
    assert (t.kind, t.relative, t.date) == ("relative", "P15D after signing", "2019-03-16")
    assert one(text).date is None  # no issue date known: keep it relative only


def test_in_force_from_signing_is_the_issue_date():
    t = one("Quyết định này có hiệu lực kể từ ngày ký ban hành.", issue_date="2020-11-02")
    assert (t.relative, t.date) == ("P0D after signing", "2020-11-02")


def test_relative_to_receipt_stays_relative():
    t = one("trả lời trong vòng 05 ngày làm việc kể từ ngày nhận được văn bản", issue_date="2020-01-01")
    assert t.date is None and t.relative == "P5D (working days) after receipt"
    t = one("trong thời hạn mười ngày kể từ ngày nhận được đơn", issue_date="2020-01-01")
    assert t.relative == "P10D after receipt" and t.date is None


def test_a_duty_due_on_an_event():
    t = one("gửi báo cáo tổng kết về Sở Nội vụ khi kết thúc Đề án để theo dõi")
    assert t.kind == "event" and t.date is None and t.relative == "on the end of Đề án"


def test_document_numbers_are_not_times():
    assert find_time_expressions("Nghị định số 61/2018/NĐ-CP và Thông tư số 01/2018/TT-VPCP") == []


def test_expressions_come_in_order_without_overlap():
    text = ("Trong năm 2016 triển khai phần mềm; quý II hoàn thành thử nghiệm, hàng tháng báo cáo, "
            "chậm nhất ngày 20/12/2016 tổng kết.")
    found = find_time_expressions(text, context_year=2016)
    assert [t.kind for t in found] == ["year", "quarter", "recurrence", "date"]
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_start_and_end_bound_the_search():
    text = "quý I năm 2020; quý II năm 2021"
    found = find_time_expressions(text, start=text.index(";"))
    assert [t.date for t in found] == ["2021-06-30"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789/.-–: ,;()\nquýnămthángngàyIVXđếnhàngmỗi kỳsau")), max_size=120))
def test_never_raises_and_spans_lie_inside_the_text(text):
    for t in find_time_expressions(text, context_year=2020, issue_date="2020-02-29"):
        assert 0 <= t.start < t.end <= len(text)
        assert t.date is None or len(t.date) == 10


def test_two_days_in_one_phrase_are_two_expressions():
    text = "báo cáo trước ngày 15/6 và 15/12"
    found = find_time_expressions(text, context_year=2022)
    assert [(text[t.start:t.end], t.date) for t in found] == [("ngày 15/6", "2022-06-15"), ("15/12", "2022-12-15")]


def test_half_yearly_and_yearly_reports_are_one_half_yearly_duty():
    t = one("tổng hợp, báo cáo Ủy ban nhân dân tỉnh định kỳ 6 tháng và hằng năm")
    assert t.recurrence == "half_yearly"


@pytest.mark.parametrize("text, expected", [
    ("hoàn thành việc cấp mã định danh trong năm nay", "2021-12-31"),
    ("đưa vào vận hành vào cuối năm nay", "2021-12-31"),
    ("trong năm tới, huyện xây mới 10 phòng học", "2022-12-31"),
    ("triển khai đại trà từ giữa năm sau", "2022-06-30"),
])
def test_years_counted_from_the_year_of_writing(text, expected):
    t = one(text, context_year=2021)
    assert t.date == expected and t.year_offset is not None


def test_a_year_word_that_starts_a_clause_is_not_a_year():
    assert find_time_expressions("báo cáo kết quả 01 năm sau khi triển khai") == []


@pytest.mark.parametrize("text, expected", [
    ("tiêm vét trong tháng 6 và tháng 12 năm 2022", ["2022-06-30", "2022-12-31"]),
    ("báo cáo trước ngày 15/6 và 15/12/2022", ["2022-06-15", "2022-12-15"]),
    ("từ tháng 3 đến tháng 5/2019", ["2019-03-31", "2019-05-31"]),
])
def test_coordinated_times_share_the_year_written_last(text, expected):
    assert [t.date for t in find_time_expressions(text)] == expected


def test_the_year_written_beats_the_context_year():
    found = find_time_expressions("tiêm vét trong tháng 6 và tháng 12 năm 2022", context_year=2019)
    assert [t.date for t in found] == ["2022-06-30", "2022-12-31"]


def test_a_malformed_issue_date_leaves_the_relative_time_unresolved():
    t = one("có hiệu lực sau 10 ngày kể từ ngày ký", issue_date="2021-13-40")
    assert t.relative == "P10D after signing" and t.date is None


def test_the_document_itself_named_in_the_passive_is_the_anchor():
    # "kể từ ngày Kế hoạch này được ban hành" = "kể từ ngày ban hành": the issue date resolves it
    t = one("Các xã xây dựng kế hoạch, hoàn thành trong 20 (hai mươi) ngày kể từ ngày Kế hoạch này được ban hành.",
            issue_date="2023-04-10")
    assert (t.relative, t.date) == ("P20D after issuing", "2023-04-30")
    t = one("Quyết định này có hiệu lực sau 15 ngày kể từ ngày Quyết định này được ký.", issue_date="2016-08-01")
    assert (t.relative, t.date) == ("P15D after signing", "2016-08-16")
    # another document's issuing is not this one's
    assert find_time_expressions("trong 30 ngày kể từ ngày Thông tư số 12/2019/TT-BYT được ban hành",
                                 issue_date="2020-01-01") == []


def test_a_time_counted_from_a_deadline_passing():
    t = one("gửi văn bản xin lỗi người dân trong 05 ngày làm việc kể từ ngày hết hạn giải quyết hồ sơ đất đai")
    assert t.relative == "P5D (working days) after the deadline passing" and t.date is None


def test_a_month_word_ending_a_table_row_does_not_take_the_next_rows_number():
    for text in ("Phòng Nội vụ | Báo cáo tháng\n3 | Tổ chức tập huấn", "Báo cáo tháng\n3\nTổ chức tập huấn",
                 "Sản phẩm: báo cáo quý\n2 | Kiểm tra"):
        assert find_time_expressions(text, context_year=2027) == [], text
    hard_wrapped = find_time_expressions("hoàn thành trong tháng\n3 năm 2027", context_year=2027)
    assert [t.date for t in hard_wrapped] == ["2027-03-31"]
