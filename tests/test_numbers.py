"""Vietnamese number writing: leading zeros, thousands dots, decimal commas, ranges, %, spelled numbers, echoes."""

import pytest

from extractors.numbers import find_numbers, parse_digits, parse_words


def one(text):
    nums = find_numbers(text)
    assert len(nums) == 1, nums
    return nums[0]


@pytest.mark.parametrize("written, value", [
    ("05", 5), ("1.000", 1000), ("12.500", 12500), ("1,7", 1.7), ("2.350,5", 2350.5), ("2.5", 2.5), ("98", 98),
])
def test_parse_digits(written, value):
    assert parse_digits(written) == value


@pytest.mark.parametrize("words, value", [
    ("mười", 10), ("mười lăm", 15), ("hai mươi lăm", 25), ("ba mươi mốt", 31), ("chín mươi tư", 94),
    ("một trăm", 100), ("một trăm linh năm", 105), ("hai trăm lẻ tư", 204), ("hai trăm ba mươi", 230),
    ("ba nghìn năm trăm", 3500), ("hai ngàn", 2000), ("một triệu hai trăm nghìn", 1_200_000),
])
def test_parse_words(words, value):
    assert parse_words(words.split()) == value


def test_thousands_dot_with_counted_noun():
    n = one("Bồi dưỡng 2.400 lượt cán bộ y tế tuyến xã")
    assert n.value == 2400 and not n.percent


def test_decimal_comma_keeps_scale_word_apart():
    n = one("thu hút 2,5 triệu lượt khách du lịch")
    assert n.value == 2.5 and n.scale == "triệu"


def test_percent_sign_and_word():
    assert one("độ che phủ rừng đạt 42,5%").percent
    n = one("chín mươi phần trăm hộ dân dùng nước sạch")
    assert n.value == 90 and n.percent and n.spelled


@pytest.mark.parametrize("text", ["từ 60% - 70% trạm y tế", "60-70% trạm y tế", "từ 60 đến 70% trạm y tế", "60 – 70 % trạm y tế"])
def test_percent_range(text):
    n = one(text)
    assert (n.value, n.value_max, n.percent) == (60, 70, True)


def test_year_span_is_not_a_range():
    assert [n.value for n in find_numbers("giai đoạn 2016-2020")] == [2016, 2020]


def test_echo_in_words_is_the_same_number():
    n = one("trong thời hạn 15 (mười lăm) ngày làm việc")
    assert n.value == 15 and n.raw == "15 (mười lăm)"
    n = one("mỗi thôn có 01 (một) cộng tác viên")
    assert n.value == 1 and n.raw.endswith("(một)")


def test_echo_that_differs_is_not_swallowed():
    n = find_numbers("cấp 20 (hai) bản sao")
    assert n[0].raw == "20"


@pytest.mark.parametrize("text", [
    "Nghị định số 45/2020/NĐ-CP", "Chỉ thị 13-CT/TU", "ngày 30/6/2019", "Kế hoạch 102/KH-UBND",
])
def test_references_are_not_numbers(text):
    assert find_numbers(text) == []


@pytest.mark.parametrize("text", ["đầu tư xây dựng", "không thực hiện", "năm 2024", "trong một năm"])
def test_words_that_only_look_like_numbers(text):
    assert [n.value for n in find_numbers(text) if n.spelled and n.value != 1] == []


def test_section_label_is_not_a_decimal():
    nums = find_numbers("3.2. Tỷ lệ trẻ em được tiêm chủng đầy đủ")
    assert [n.value for n in nums] == [3]


def test_spans_cover_the_text_written():
    text = "Phấn đấu 85% hộ gia đình; tối thiểu hai mươi lăm lớp học"
    for n in find_numbers(text):
        assert text[n.start:n.end] == n.raw


def test_dotted_decimal_before_a_scale_word():
    n = one("đón 1.5 triệu lượt khách")
    assert (n.value, n.scale) == (1.5, "triệu")


def test_place_out_of_a_total():
    n = one("Chỉ số PCI xếp thứ 12/63 tỉnh, thành phố")
    assert (n.value, n.raw) == (12, "12/63")
    assert find_numbers("ngày 12/6") == []


def test_digits_echoing_a_spelled_number():
    n = one("trong vòng mười lăm (15) ngày")
    assert (n.value, n.raw) == (15, "mười lăm (15)")


def test_spelled_number_glued_to_punctuation():
    n = one("đạt chín mươi%, vượt kế hoạch")
    assert (n.value, n.percent) == (90, True)
