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
          "Hà Nội", "Bình Dương", "16", "TT&TT", "Đảng đoàn", "Ban cán sự đảng", "gồm (", ")", "Báo", "Đài",
          "các Cục", "các sở", "Cục trưởng", "/", "–", "phòng", "sở", "ban chỉ đạo", "đại biểu", "Chính phủ",
          "Tập đoàn", "Điện lực", "cơ quan ngang Bộ", "cơ quan thuộc Chính phủ", "trực thuộc", "và các", "PTNT",
          "trường CĐ", "Văn hóa", "Thông tin", "Thể thao", "tổ công nghệ số cộng đồng", "xã hội", "khu vực"]


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


# --- recall on real texts (issue 9): lists, abbreviations, collectives, lower-case heads, long names -----------

@pytest.mark.parametrize("text, expected", [
    # field names listed after a plural head and a colon, known or not, separated by ";", ",", "/" or "và"
    ("Giám đốc các Sở: Xây dựng; Giao thông vận tải; Công Thương chịu trách nhiệm thi hành Quyết định này.",
     ["Sở Xây dựng", "Sở Giao thông vận tải", "Sở Công Thương"]),
    ("Tổng cục trưởng các Tổng cục: Thuế, Hải quan và Thủ trưởng các đơn vị thuộc Bộ chịu trách nhiệm thi hành.",
     ["Tổng cục Thuế", "Tổng cục Hải quan", "các đơn vị thuộc Bộ"]),
    ("Giám đốc các Bệnh viện: Chợ Rẫy, Thống Nhất/Nhân dân Gia Định; Vụ trưởng Vụ Pháp chế chịu trách nhiệm.",
     ["Bệnh viện Chợ Rẫy", "Bệnh viện Thống Nhất", "Bệnh viện Nhân dân Gia Định", "Vụ Pháp chế"]),
    ("Cục trưởng các Cục: An toàn thực phẩm; Quản lý môi trường y tế; Chánh Thanh tra Bộ thực hiện.",
     ["Cục An toàn thực phẩm", "Cục Quản lý môi trường y tế", "Thanh tra Bộ"]),
    # abbreviations in a list split by ";", and a collective closing it
    ("Chủ trì: Các sở: TN&MT; KH&ĐT; GTVT; các trường ĐH trên địa bàn",
     ["Sở Tài nguyên và Môi trường", "Sở Kế hoạch và Đầu tư", "Sở Giao thông vận tải", "các trường đại học"]),
])
def test_listed_after_a_plural_head(text, expected):
    assert names(text) == expected


def test_commas_separate_the_items_of_a_list():
    # outside a list "A, B và C" reads as one department's name; after "các Trung tâm:" the commas separate items
    # (the "và" may join the last two or start the last one: both readings keep the first two apart)
    found = names("Giám đốc các Trung tâm: Kiểm soát bệnh tật, Giám định y khoa và Pháp y chịu trách nhiệm.")
    assert found[0] == "Trung tâm Kiểm soát bệnh tật" and found[1].startswith("Trung tâm Giám định y khoa")


def test_a_list_heading_is_not_a_set_of_its_own():
    found = agencies.find("Giám đốc các sở: Nội vụ, Tư pháp tổ chức thực hiện.")
    assert [m.name for m in found] == ["Sở Nội vụ", "Sở Tư pháp"]
    assert found[0].title_start == 0  # "Giám đốc các sở:" is the title of the listed departments
    assert found[1].title_start == found[0].end


@pytest.mark.parametrize("text, expected", [
    ("Sở Nông nghiệp và PTNT tỉnh Quảng Bình chủ trì", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Quảng Bình"),
    ("Phòng Nông nghiệp và PTNT huyện Yên Thành hướng dẫn", "Phòng Nông nghiệp và Phát triển nông thôn huyện Yên Thành"),
    ("Ban ATGT tỉnh Hà Giang kiểm tra", "Ban An toàn giao thông tỉnh Hà Giang"),
    ("Ban Quản lý các KCN tỉnh Đồng Nai hướng dẫn", "Ban Quản lý các khu công nghiệp tỉnh Đồng Nai"),
    ("TTYT huyện Quế Phong tiêm chủng", "Trung tâm Y tế huyện Quế Phong"),
    ("BCĐ xây dựng NTM huyện Nghĩa Đàn họp", "Ban Chỉ đạo xây dựng nông thôn mới huyện Nghĩa Đàn"),
    ("Ban VH-XH HĐND tỉnh thẩm tra", "Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh"),
])
def test_abbreviations_inside_names_expand(text, expected):
    assert names(text)[0] == expected


@pytest.mark.parametrize("text, expected", [
    # the closing formula of a council resolution: the council's committees and its delegates
    ("Giao Thường trực HĐND, các Ban của HĐND và đại biểu HĐND huyện giám sát việc thực hiện Nghị quyết.",
     ["Thường trực Hội đồng nhân dân", "các Ban của Hội đồng nhân dân", "Đại biểu Hội đồng nhân dân huyện"]),
    ("Tổ đại biểu Hội đồng nhân dân thành phố tiếp xúc cử tri.", ["Tổ đại biểu Hội đồng nhân dân thành phố"]),
    # the central bodies are three sets; a compound group stays whole
    ("Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ và Ủy ban nhân dân các tỉnh rà soát.",
     ["Các Bộ", "cơ quan ngang Bộ", "cơ quan thuộc Chính phủ", "Ủy ban nhân dân các tỉnh"]),
    ("Các bộ, ngành Trung ương hướng dẫn địa phương.", ["Các bộ, ngành Trung ương"]),
    ("Yêu cầu các Bộ rà soát thủ tục hành chính.", ["các Bộ"]),
    # "và các" starts a new set; "trực thuộc" alone closes one
    ("phối hợp với các tổ chức chính trị - xã hội và các đơn vị liên quan triển khai",
     ["các tổ chức chính trị - xã hội"]),
    ("Ủy ban nhân dân các phường và các tổ chức chính trị xã hội trực thuộc vận động nhân dân.",
     ["Ủy ban nhân dân các phường", "các tổ chức chính trị xã hội trực thuộc"]),
    ("Giao các cơ quan chuyên môn thuộc UBND huyện Krông Pắc tham mưu.",
     ["các cơ quan chuyên môn thuộc Ủy ban nhân dân huyện Krông Pắc"]),
])
def test_council_members_and_collectives(text, expected):
    assert names(text) == expected


def test_a_set_of_units_owned_by_a_level_stays_unspecific():
    # "của" + an agency names a set ("các Ban của HĐND"); "của" + a bare level only owns
    found = agencies.find("các phòng của huyện triển khai")
    assert [m.generic for m in found] == [True]
    assert not agencies.find("các phòng của Sở Y tế triển khai")[0].generic


@pytest.mark.parametrize("text, expected", [
    ("Giao phòng Văn hóa và Thông tin huyện chủ trì; phòng Tư pháp phối hợp.",
     ["Phòng Văn hóa và Thông tin huyện", "Phòng Tư pháp"]),
    ("Tổ công nghệ số cộng đồng phường Tân Định hướng dẫn người dân.", ["Tổ công nghệ số cộng đồng phường Tân Định"]),
    ("giao các tổ công nghệ số cộng đồng ở thôn, bản hỗ trợ người dân", ["Tổ công nghệ số cộng đồng"]),
    ("Phát huy vai trò của Ban chỉ đạo phòng, chống tham nhũng của tỉnh trong kiểm tra.",
     ["Ban chỉ đạo phòng, chống tham nhũng của tỉnh"]),
    ("Trưởng Ban\nChỉ đạo xây dựng nông thôn mới của huyện chịu trách nhiệm.",
     ["Ban\nChỉ đạo xây dựng nông thôn mới của huyện".replace("\n", " ")]),
    ("Hội đồng Nhân dân huyện Hàm Yên giám sát.", ["Hội đồng Nhân dân huyện Hàm Yên"]),
])
def test_heads_in_lower_case(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    # a lower-case head word without a known field name after it is an ordinary word
    "công tác phòng, chống dịch bệnh; ban hành kế hoạch; thị trường Hà Nội; phòng Họp số 2",
    "ỦY BAN DÂN TỘC\nTRẠM Y TẾ",
    "Môi trường, Thủ trưởng đơn vị",
])
def test_lower_case_words_that_are_no_heads(text):
    assert names(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Trung tâm Văn hóa, Thông tin và Thể thao huyện Mộc Châu tổ chức hội diễn.",
     ["Trung tâm Văn hóa, Thông tin và Thể thao huyện Mộc Châu"]),
    ("Phòng Lao động – Thương binh và Xã hội huyện Tuy An rà soát.", ["Phòng Lao động – Thương binh và Xã hội huyện Tuy An"]),
    ("Thanh tra Chính phủ hướng dẫn; Văn phòng Chính phủ theo dõi.", ["Thanh tra Chính phủ", "Văn phòng Chính phủ"]),
    ("Tập đoàn Điện lực Việt Nam cấp điện; Tổng công ty Điện lực miền Nam phối hợp.",
     ["Tập đoàn Điện lực Việt Nam", "Tổng công ty Điện lực miền Nam"]),
    ("Trạm Y tế xã Hòa Bắc tiêm chủng; Học viện Chính trị khu vực III bồi dưỡng cán bộ.",
     ["Trạm Y tế xã Hòa Bắc", "Học viện Chính trị khu vực III"]),
    ("Bưu điện tỉnh Quảng Ngãi tiếp nhận hồ sơ; Ủy ban Dân tộc hướng dẫn.", ["Bưu điện tỉnh Quảng Ngãi", "Ủy ban Dân tộc"]),
    ("Công ty cổ phần Cấp thoát nước Bình Định và Công ty TNHH MTV Thủy lợi Nam Hà Tĩnh bảo đảm nguồn nước.",
     ["Công ty cổ phần Cấp thoát nước Bình Định", "Công ty TNHH MTV Thủy lợi Nam Hà Tĩnh"]),
    ("Ban Thanh tra nhân dân xã giám sát; Báo Công an nhân dân đưa tin.", ["Ban Thanh tra nhân dân xã", "Báo Công an nhân dân"]),
    ("Trung tâm Công tác xã hội tỉnh Bình Định tiếp nhận đối tượng.", ["Trung tâm Công tác xã hội tỉnh Bình Định"]),
    ("Hội đồng nhân dân tỉnh Quảng Trị Thông qua nghị quyết.", ["Hội đồng nhân dân tỉnh Quảng Trị"]),
    ("Xét đề nghị của Sở Nội vụ Tờ trình số 45/TTr-SNV ngày 12/3/2021", ["Sở Nội vụ"]),  # a document, not a place
])
def test_long_and_national_names(text, expected):
    assert names(text) == expected


def test_a_list_of_departments_is_not_one_long_name():
    # "A, B và C" holds together only as one department's fields; heads or proper names make a list
    assert names("Trung tâm Y tế, Bệnh viện Đa khoa và Trung tâm Văn hóa huyện phối hợp") == [
        "Trung tâm Y tế", "Bệnh viện Đa khoa", "Trung tâm Văn hóa huyện"]
    assert names("Trường Tiểu học Kim Đồng, Lê Lợi và Quang Trung khai giảng") == ["Trường Tiểu học Kim Đồng"]


def test_emitted_names_are_spaced_and_capitalised():
    assert names("Ủy ban nhân dân các xã, phường,thị trấn triển khai") == ["Ủy ban nhân dân các xã, phường, thị trấn"]
    assert agencies.full_form("Phòng Lao động–Thương binh và Xã hội") == "Phòng Lao động – Thương binh và Xã hội"
    assert agencies.full_form("xã,phường") == "xã, phường" and agencies.full_form("1,5 tỷ") == "1,5 tỷ"


def test_data_examples_read_as_their_entries_say():
    """Each head, name, case and abbreviation row's example names an agency holding the entry."""
    wrong = []
    for kind, value, extra, example in agencies.read_rows("agencies.tsv"):
        if kind not in ("head", "name", "any_case", "lower_head", "member"):
            continue
        found = [m.name.casefold() for m in agencies.find(example)]
        wanted = [(h.strip() + " " + value).casefold() for h in extra.split(",")] if kind == "name" else [value.casefold()]
        if not any(w in n for n in found for w in wanted):
            wrong.append((kind, value, example, found))
    for abbr, full, _kind, example in agencies.read_rows("abbreviations.tsv"):
        found = [m.name.casefold() for m in agencies.find(example)]
        if not any(full.casefold() in n for n in found):
            wrong.append(("abbreviation", abbr, example, found))
    assert wrong == []


@pytest.mark.parametrize("text, expected", [
    ("Cấp ủy các cấp lãnh đạo thực hiện; Hội Nông dân các cấp vận động hội viên.",
     ["Cấp ủy các cấp", "Hội Nông dân các cấp"]),
    ("các cấp ủy, tổ chức đảng, chính quyền các cấp tăng cường lãnh đạo",
     ["các cấp ủy, tổ chức đảng, chính quyền các cấp"]),
    ("Phối hợp với Đại học Huế mở lớp bồi dưỡng; chỉ đạo các trạm y tế xã lập danh sách.",
     ["Đại học Huế", "Trạm y tế xã"]),
    # a head word inside an ordinary noun is no agency: "Đảng bộ", "cán bộ", "cơ sở y tế", "đại học" as a level
    ("Đảng bộ tỉnh lãnh đạo cán bộ các cấp nâng cấp cơ sở y tế; đào tạo trình độ đại học", []),
])
def test_party_sets_universities_and_lower_case_stations(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("Các bệnh viện tuyến huyện, Trung tâm Y tế thị xã bảo đảm đủ giường bệnh.", ["Các bệnh viện", "Trung tâm Y tế thị xã"]),
    ("Yêu cầu các tổ chức tín dụng trên địa bàn giảm lãi suất; các cơ sở giáo dục nghề nghiệp tuyển sinh.",
     ["các tổ chức tín dụng", "các cơ sở giáo dục"]),
])
def test_sets_of_hospitals_lenders_and_schools_are_named(text, expected):
    assert names(text) == expected


def test_an_abbreviation_in_brackets_belongs_to_the_name_before_it():
    from pipeline.analyse import analyse
    from pipeline.document import Document
    import extractors

    text = ("KẾ HOẠCH\nII. NHIỆM VỤ\n1. Trung tâm Kiểm soát bệnh tật tỉnh (CDC) chủ trì giám sát ổ dịch.\n"
            "2. Ban Quản lý các khu công nghiệp (sau đây gọi tắt là BQL) phối hợp kiểm tra môi trường.\n")
    found = agencies.find(text)
    assert [(m.name, text[m.start:m.end]) for m in found] == [
        ("Trung tâm Kiểm soát bệnh tật tỉnh", "Trung tâm Kiểm soát bệnh tật tỉnh (CDC)"),
        ("Ban Quản lý các khu công nghiệp", "Ban Quản lý các khu công nghiệp (sau đây gọi tắt là BQL)")]
    ctx = analyse(Document(path="kh.txt", raw_text=text, format="txt", doc_id="t")).context()
    extractors.run(ctx)
    assert [(a.agency, a.role) for a in ctx.results["assignments"]] == [
        ("Trung tâm Kiểm soát bệnh tật tỉnh", "lead"), ("Ban Quản lý các khu công nghiệp", "cooperate")]


def test_a_command_board_is_named_by_its_topic_like_a_steering_committee():
    assert names("Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn huyện kiện toàn bộ máy; "
                 "Ban Chỉ huy Quân sự huyện chuẩn bị lực lượng.") == [
        "Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn huyện", "Ban Chỉ huy Quân sự huyện"]
