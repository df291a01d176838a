"""Agency names in Vietnamese text: where a name starts and ends, lists split, abbreviations expanded."""

import pytest

from extractors import agencies


def names(text: str) -> list[str]:
    return [m.name for m in agencies.find(text) if not m.generic]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a "và" inside a known department name does not split it; a new head word starts a new agency
        ("Sở Tài nguyên và Môi trường chủ trì, phối hợp với Sở Tài chính, Sở Kế hoạch và Đầu tư thẩm định.",
         ["Sở Tài nguyên và Môi trường", "Sở Tài chính", "Sở Kế hoạch và Đầu tư"]),
        ("Phòng Y tế, Phòng Giáo dục và Đào tạo huyện Kỳ Anh hướng dẫn các trường.",
         ["Phòng Y tế", "Phòng Giáo dục và Đào tạo huyện Kỳ Anh"]),
        # one head shared by two known field names
        ("Giao Sở Tài chính, Kế hoạch và Đầu tư bố trí vốn.", ["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]),
        # commas inside a known name
        ("Sở Văn hóa, Thể thao và Du lịch tỉnh Ninh Bình tổ chức lễ hội.",
         ["Sở Văn hóa, Thể thao và Du lịch tỉnh Ninh Bình"]),
        ("Sở Lao động - Thương binh và Xã hội rà soát hộ nghèo.", ["Sở Lao động - Thương binh và Xã hội"]),
    ],
)
def test_name_boundaries(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("UBND tỉnh Quảng Trị chỉ đạo", "Ủy ban nhân dân tỉnh Quảng Trị"),
        ("Sở TT&TT triển khai nền tảng số", "Sở Thông tin và Truyền thông"),
        ("Sở GD&ĐT hướng dẫn tuyển sinh", "Sở Giáo dục và Đào tạo"),
        ("Phòng TC-KH huyện Bình Chánh thẩm định", "Phòng Tài chính - Kế hoạch huyện Bình Chánh"),
        ("Sở NN&PTNT chỉ đạo phòng dịch", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("UBMTTQVN huyện Đông Anh giám sát", "Ủy ban Mặt trận Tổ quốc Việt Nam huyện Đông Anh"),
        ("Đảng đoàn HĐND tỉnh lãnh đạo", "Đảng đoàn Hội đồng nhân dân tỉnh"),
        ("BCĐ CCHC huyện Gia Lâm kiểm tra", "Ban Chỉ đạo cải cách hành chính huyện Gia Lâm"),
        ("Uỷ ban nhân dân xã Tân Lập rà soát", "Ủy ban nhân dân xã Tân Lập"),
    ],
)
def test_abbreviations_expand(text, expected):
    assert names(text)[0] == expected


def test_name_wrapped_across_a_line_break():
    text = "Chủ tịch Ủy ban nhân\ndân huyện Đông Anh và Chi cục\nthuế huyện chịu trách nhiệm"
    found = agencies.find(text)
    assert [m.name for m in found] == ["Ủy ban nhân dân huyện Đông Anh", "Chi cục thuế huyện"]
    assert text[found[0].title_start:found[0].start] == "Chủ tịch "


def test_title_is_not_part_of_the_name():
    m = agencies.find("Giám đốc Sở Y tế tỉnh Thái Nguyên báo cáo")[0]
    assert m.name == "Sở Y tế tỉnh Thái Nguyên"
    assert m.title_start == 0 and m.start == len("Giám đốc ")


def test_title_holding_the_head_word():
    assert names("Trưởng phòng Y tế huyện Phù Cát") == ["Phòng Y tế huyện Phù Cát"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ủy ban nhân dân các huyện, thị xã, thành phố bố trí quỹ đất", "Ủy ban nhân dân các huyện, thị xã, thành phố"),
        ("Ủy ban nhân dân 12 xã triển khai", "Ủy ban nhân dân 12 xã"),
        ("Ủy ban nhân dân cấp huyện thực hiện", "Ủy ban nhân dân cấp huyện"),
        ("Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu chỉ đạo", "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"),
        ("Chi cục Thuế khu vực Thủ Đức - Bình Thạnh thu ngân sách", "Chi cục Thuế khu vực Thủ Đức - Bình Thạnh"),
        ("Trung tâm Y tế các huyện, thị xã, thành phố tiêm vắc xin", "Trung tâm Y tế các huyện, thị xã, thành phố"),
        ("Thủ trưởng các sở, ban, ngành tỉnh quán triệt", "các sở, ban, ngành tỉnh"),
        ("Giám đốc Sở, Thủ trưởng ban, ngành cấp tỉnh chịu trách nhiệm", "Sở, ban, ngành cấp tỉnh"),
        ("các cơ quan chuyên môn thuộc Ủy ban nhân dân huyện Mê Linh",
         "các cơ quan chuyên môn thuộc Ủy ban nhân dân huyện Mê Linh"),
        ("các ban đảng của Tỉnh ủy và Văn phòng Tỉnh ủy", "các ban đảng của Tỉnh ủy"),
        ("các huyện, thị, thành ủy trực thuộc", "các huyện, thị, thành ủy"),
        ("đảng ủy trực thuộc Tỉnh ủy xây dựng kế hoạch", "đảng ủy trực thuộc Tỉnh ủy"),
    ],
)
def test_collectives_and_levels(text, expected):
    assert names(text)[0] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ban Tuyên giáo Tỉnh ủy, Ban Dân vận Tỉnh ủy", ["Ban Tuyên giáo Tỉnh ủy", "Ban Dân vận Tỉnh ủy"]),
        ("Ban Thường vụ Huyện ủy Sóc Sơn chỉ đạo", ["Ban Thường vụ Huyện ủy Sóc Sơn"]),
        ("Ban cán sự đảng UBND tỉnh lãnh đạo", ["Ban cán sự đảng Ủy ban nhân dân tỉnh"]),
        ("Văn phòng HĐND và UBND huyện Krông Pắc theo dõi", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện Krông Pắc"]),
        ("Văn phòng Ủy ban nhân dân tỉnh; Sở Y tế", ["Văn phòng Ủy ban nhân dân tỉnh", "Sở Y tế"]),
        ("Đài Phát thanh và Truyền hình Bình Dương, Báo Bình Dương mở chuyên mục",
         ["Đài Phát thanh và Truyền hình Bình Dương", "Báo Bình Dương"]),
        ("Công an tỉnh Hưng Yên, Kho bạc Nhà nước huyện và Bảo hiểm xã hội tỉnh",
         ["Công an tỉnh Hưng Yên", "Kho bạc Nhà nước huyện", "Bảo hiểm xã hội tỉnh"]),
        ("Hội Nông dân tỉnh, Hội Liên hiệp Phụ nữ tỉnh, Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh",
         ["Hội Nông dân tỉnh", "Hội Liên hiệp Phụ nữ tỉnh", "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh"]),
        ("Ban Chỉ đạo phòng chống thiên tai tỉnh Quảng Bình họp", ["Ban Chỉ đạo phòng chống thiên tai tỉnh Quảng Bình"]),
    ],
)
def test_party_councils_and_other_bodies(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # field names not in the lexicon: a capitalised phrase up to a verb or punctuation
        ("Trung tâm Kiểm soát bệnh tật tỉnh Bắc Giang chủ trì giám sát dịch",
         ["Trung tâm Kiểm soát bệnh tật tỉnh Bắc Giang"]),
        ("Trung tâm Phục vụ hành chính công tiếp nhận hồ sơ", ["Trung tâm Phục vụ hành chính công"]),
        ("Trường Cao đẳng Y tế Thanh Hóa; Bệnh viện Đa khoa tỉnh Kon Tum",
         ["Trường Cao đẳng Y tế Thanh Hóa", "Bệnh viện Đa khoa tỉnh Kon Tum"]),
        ("Trung tâm Giáo dục thường xuyên - Hướng nghiệp tỉnh", ["Trung tâm Giáo dục thường xuyên - Hướng nghiệp tỉnh"]),
    ],
)
def test_unknown_field_names(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ban hành kèm theo Quyết định này Quy chế làm việc.",
        "Bộ phận tiếp nhận và trả kết quả giải quyết thủ tục hành chính.",
        "Báo cáo kết quả thực hiện trước ngày 15/12/2022.",
        "Hội nghị trực tuyến toàn tỉnh về chuyển đổi số.",
        "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nCÁC CƠ QUAN HÀNH CHÍNH NHÀ NƯỚC",
        "Đoàn kiểm tra liên ngành làm việc tại xã.",
        "Bộ Chỉ số đánh giá chuyển đổi số cấp tỉnh (DTI).",
    ],
)
def test_words_that_only_look_like_agencies(text):
    assert names(text) == []


def test_unspecified_sets_are_generic():
    found = agencies.find("phối hợp với các cơ quan, đơn vị có liên quan và các tổ chức, cá nhân")
    assert found and all(m.generic for m in found)
    assert agencies.find("Thủ trưởng cơ quan, đơn vị chịu trách nhiệm")[0].generic  # bare: any agency
    assert not agencies.find("Thủ trưởng các cơ quan, đơn vị chịu trách nhiệm")[0].generic


def test_full_form_expands_abbreviations():
    assert agencies.full_form("Văn phòng  UBND\nTP. Đà Nẵng") == "Văn phòng Ủy ban nhân dân thành phố Đà Nẵng"
    assert agencies.full_form("Sở LĐ-TB&XH") == "Sở Lao động - Thương binh và Xã hội"


# --- properties: random and mangled text with agency words in it ---------------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PIECES = ["Sở", "Phòng", "Ban", "Bộ", "Ủy ban nhân dân", "UBND", "HĐND", "Văn phòng", "Trung tâm", "Chi cục",
          "Thuế", "Nội vụ", "Tài chính", "Kế hoạch và Đầu tư", "Y tế", "các", "sở", "ban", "ngành", "cơ quan",
          "đơn vị", "tỉnh", "huyện", "xã", "phường", "cấp xã", "Thành ủy", "Quận ủy", "Chủ tịch", "Giám đốc",
          "Thủ trưởng các", "Trưởng phòng", "và", ",", ";", "-", ":", "\n", "thuộc", "của", "có liên quan",
          "Hà Nội", "Bình Dương", "16", "TT&TT", "Đảng đoàn", "Ban cán sự đảng", "gồm (", ")", "Báo", "Đài"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=30),
       st.sampled_from([" ", "", "\n", "  "]))
def test_mentions_lie_in_the_text_in_order_without_overlap(parts, glue):
    text = glue.join(parts)
    found = agencies.find(text)
    last = 0
    for m in found:
        assert last <= m.title_start <= m.start < m.end <= len(text)
        assert m.name and m.name == m.name.strip()
        last = m.end


def test_a_unit_of_a_department_is_one_agency():
    assert names("4. Phòng Kế hoạch - Tài chính, Sở Y tế: bố trí kinh phí") == ["Phòng Kế hoạch - Tài chính, Sở Y tế"]
    # a district Phòng with its own place next to a provincial Sở stays two agencies
    assert names("Phòng Y tế huyện, Sở Y tế") == ["Phòng Y tế huyện", "Sở Y tế"]


def test_every_data_entry_has_an_example():
    for name, cols in (("agencies.tsv", 4), ("abbreviations.tsv", 4), ("role_words.tsv", 3)):
        for row in agencies.read_rows(name):
            assert len(row) == cols and row[-1].strip(), (name, row)


def test_only_the_last_party_committee_of_a_list_is_qualified_by_truc_thuoc():
    # "trực thuộc Thành ủy" qualifies the đảng ủy only: quận ủy and huyện ủy are committees in their own right
    assert names("5. Các quận ủy, huyện ủy, đảng ủy trực thuộc Thành ủy Cần Thơ: Quán triệt Kế hoạch.") == [
        "Các quận ủy, huyện ủy", "đảng ủy trực thuộc Thành ủy Cần Thơ"]
    # a list of committees all under one: kept whole
    assert names("Các huyện ủy, thị ủy, thành ủy trực thuộc Tỉnh ủy: tổ chức quán triệt.") == [
        "Các huyện ủy, thị ủy, thành ủy trực thuộc Tỉnh ủy"]


def test_press_agencies_are_a_named_set():
    assert names("Sở Văn hóa phối hợp với các cơ quan báo chí của tỉnh Quảng Trị tuyên truyền về du lịch.") == [
        "Sở Văn hóa", "các cơ quan báo chí"]  # "của tỉnh" only owns (as for "các ngành của tỉnh")


@pytest.mark.parametrize("text, expected", [
    # a place whose word is also an agency head is read whole
    ("Ủy ban nhân dân thành phố Hải Phòng chỉ đạo các quận, huyện.", ["Ủy ban nhân dân thành phố Hải Phòng"]),
    ("Sở Y tế thành phố Hải Phòng chủ trì triển khai.", ["Sở Y tế thành phố Hải Phòng"]),
    ("Trung tâm Văn hóa thành phố Hội An tổ chức lễ hội đèn lồng.", ["Trung tâm Văn hóa thành phố Hội An"]),
    ("Phòng Nông nghiệp huyện Vụ Bản hướng dẫn nông dân.", ["Phòng Nông nghiệp huyện Vụ Bản"]),
    # a head after an ordinary place still starts a new agency
    ("Ủy ban nhân dân huyện Kỳ Anh, Phòng Tư pháp huyện rà soát.", ["Ủy ban nhân dân huyện Kỳ Anh", "Phòng Tư pháp huyện"]),
])
def test_places_named_with_a_head_word(text, expected):
    assert names(text) == expected
