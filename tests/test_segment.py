"""Section tree: the heading grammar of Vietnamese official texts, on texts written for these tests."""

from pipeline.normalise import normalise
from pipeline.segment import segment


def tree(text: str):
    clean = normalise(text)
    return clean.text, segment(clean)


def paths(root) -> list[str]:
    return [s.path for s in root.walk() if s.level]


def by_path(root, path):
    return next(s for s in root.walk() if s.path == path)


PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG NAM
KẾ HOẠCH
Chuyển đổi số trong lĩnh vực y tế năm 2022
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao chất lượng khám chữa bệnh.
2. Yêu cầu
Bảo đảm đồng bộ, hiệu quả.
II. CHỈ TIÊU
1. 100% bệnh viện tuyến tỉnh triển khai bệnh án điện tử.
2. Tỷ lệ thanh toán không dùng tiền mặt đạt từ 50% trở lên.
III. NHIỆM VỤ VÀ GIẢI PHÁP
1. Hoàn thiện hạ tầng
1.1. Nâng cấp mạng nội bộ tại các bệnh viện.
1.2. Trang bị máy chủ cho Trung tâm Kiểm soát bệnh tật.
2. Phát triển nhân lực
a) Đào tạo cán bộ chuyên trách công nghệ thông tin;
b) Bồi dưỡng kỹ năng số cho nhân viên y tế;
c) Tuyển dụng kỹ sư;
d) Thuê chuyên gia;
đ) Hợp tác với các trường đại học;
e) Tổ chức hội thi tay nghề.
- Các đơn vị chủ động bố trí nhân lực.
- Báo cáo kết quả định kỳ.
IV. KINH PHÍ
Từ nguồn ngân sách tỉnh.
V. TỔ CHỨC THỰC HIỆN
1. Sở Y tế
Chủ trì triển khai Kế hoạch.
2. Sở Tài chính
Bố trí kinh phí.
"""


def test_plan_headings_paths_and_kinds():
    _, root = tree(PLAN)
    assert paths(root) == [
        "I", "I > 1", "I > 2", "II", "II > 1", "II > 2", "III", "III > 1", "III > 1 > 1.1", "III > 1 > 1.2",
        "III > 2", "III > 2 > a", "III > 2 > b", "III > 2 > c", "III > 2 > d", "III > 2 > đ", "III > 2 > e",
        "IV", "V", "V > 1", "V > 2",
    ]
    kinds = {s.path: s.kind for s in root.walk() if s.level}
    assert kinds["I"] == "objectives" and kinds["II"] == "objectives"
    assert kinds["III"] == "tasks" and kinds["III > 2 > đ"] == "tasks"  # inherited
    assert kinds["IV"] == "funding" and kinds["V"] == "organisation" and kinds["V > 2"] == "organisation"
    sec = by_path(root, "III")
    assert (sec.label, sec.title) == ("III", "NHIỆM VỤ VÀ GIẢI PHÁP")


def test_spans_nest_and_bullets_stay_in_their_section():
    text, root = tree(PLAN)
    e = by_path(root, "III > 2 > e")
    assert text[e.start:e.end].startswith("e) Tổ chức hội thi")
    assert "Báo cáo kết quả định kỳ." in text[e.start:e.end]  # "- " bullets are not sections
    for s in root.walk():
        for c in s.children:
            assert s.start <= c.start <= c.end <= s.end
    i = text.index("Bố trí kinh phí")
    assert root.at(i).path == "V > 2"


def test_body_start_after_a_capitals_heading_and_at_the_item_text():
    text, root = tree(PLAN)
    iv = by_path(root, "IV")
    assert text[iv.body_start:].startswith("Từ nguồn ngân sách tỉnh.")
    item = by_path(root, "II > 2")
    assert text[item.body_start:].startswith("Tỷ lệ thanh toán không dùng tiền mặt")


def test_numbering_out_of_sequence_is_not_a_heading():
    text = ("I. NHIỆM VỤ\n1. Sở Giáo dục và Đào tạo chủ trì rà soát mạng lưới trường, giảm số điểm trường lẻ xuống còn\n"
            "5. Số còn lại sáp nhập vào trường chính.\n2. Sở Nội vụ thẩm định đề án.\n"
            "3. lần so với năm trước là mức tăng cao nhất.\n")
    _, root = tree(text)
    assert paths(root) == ["I", "I > 1", "I > 2"]


def test_lines_broken_mid_sentence_keep_the_heading_title_whole():
    text = ("I. MỤC TIÊU\nHoàn thành kế hoạch sử dụng đất.\nII. NHIỆM VỤ TRỌNG\nTÂM NĂM 2019\nCác đơn vị tập trung thực hiện:\n1. Công tác\nquản lý đất đai và\n"
            "môi trường\n1.1. Hoàn thành cấp giấy chứng nhận quyền sử dụng\nđất lần đầu.\n")
    _, root = tree(text)
    assert paths(root) == ["I", "II", "II > 1", "II > 1 > 1.1"]
    assert by_path(root, "II").title == "NHIỆM VỤ TRỌNG TÂM NĂM 2019"
    assert by_path(root, "II > 1").title == "Công tác quản lý đất đai và môi trường"


def test_flattened_text_with_inline_headings_and_page_markers():
    filler = "Các sở, ngành phối hợp chặt chẽ với Ủy ban nhân dân các huyện trong quá trình triển khai. " * 4
    text = (f"PHẦN THỨ NHẤT ĐÁNH GIÁ KẾT QUẢ GIAI ĐOẠN 2016-2020 {filler}\n- 2 {filler}"
            f"PHẦN THỨ HAI MỤC TIÊU VÀ NHIỆM VỤ GIAI ĐOẠN 20212025 {filler}trong tình hình mới. "
            f"I. MỤC TIÊU 1. Mục tiêu chung Phát triển nông nghiệp bền vững. {filler}2. Chỉ tiêu cụ thể "
            f"Đến năm 2025 có 80% số xã đạt chuẩn nông thôn mới.\n- 3 {filler}II. NHIỆM VỤ 1. Quy hoạch "
            f"vùng sản xuất tập trung. 2. Ứng dụng khoa học công nghệ. {filler}")
    clean_text, root = tree(text)
    assert paths(root) == ["PHẦN THỨ NHẤT", "PHẦN THỨ HAI", "PHẦN THỨ HAI > I", "PHẦN THỨ HAI > I > 1",
                           "PHẦN THỨ HAI > I > 2", "PHẦN THỨ HAI > II", "PHẦN THỨ HAI > II > 1",
                           "PHẦN THỨ HAI > II > 2"]
    assert by_path(root, "PHẦN THỨ HAI > I > 1").title == "Mục tiêu chung"
    assert by_path(root, "PHẦN THỨ HAI > I").kind == "objectives"
    assert by_path(root, "PHẦN THỨ HAI > II > 2").kind == "tasks"
    assert "- 3" not in clean_text


def test_references_inside_sentences_are_not_headings():
    text = ("1. Trong quý I. Sở Xây dựng rà soát theo Điều 5. Nghị định số 15/2021/NĐ-CP và khoản 2. "
            "Các đơn vị thực hiện theo mục 1. của Kế hoạch; năm 2024. 2. Sở Tài chính bố trí kinh phí.\n")
    _, root = tree(text)
    assert paths(root) == ["1", "2"]


def test_decision_with_attached_plan_is_one_document_with_a_plan_section():
    text = """ỦY BAN NHÂN DÂN
HUYỆN ĐÔNG ANH
QUYẾT ĐỊNH
Ban hành Kế hoạch phòng, chống dịch bệnh năm 2020
CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ĐÔNG ANH
Căn cứ Luật Phòng, chống bệnh truyền nhiễm năm 2007;
Xét đề nghị của Trưởng phòng Y tế,
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống dịch bệnh năm 2020.
Điều 2. Quyết định có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng, Trưởng phòng Y tế chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Trần Văn B
KẾ HOẠCH
PHÒNG, CHỐNG DỊCH BỆNH NĂM 2020
(Ban hành kèm theo Quyết định số 45/QĐ-UBND ngày 10 tháng 02 năm 2020 của UBND huyện Đông Anh)
Căn cứ tình hình dịch bệnh trên địa bàn huyện.
I. MỤC TIÊU
Giảm 10% số ca mắc so với năm 2019.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Y tế chủ trì.
"""
    clean_text, root = tree(text)
    assert [s.path for s in root.children] == ["Căn cứ", "Điều 1", "Điều 2", "Điều 3", "KẾ HOẠCH"]
    plan = root.children[-1]
    assert plan.kind == "plan" and plan.title == "PHÒNG, CHỐNG DỊCH BỆNH NĂM 2020"
    assert [c.path for c in plan.children] == ["KẾ HOẠCH > Căn cứ", "KẾ HOẠCH > I", "KẾ HOẠCH > II"]
    assert plan.children[1].kind == "objectives" and plan.children[2].children[0].kind == "organisation"
    # the recipients list after "Nơi nhận" belongs to no article
    d3 = root.children[3]
    assert "Nơi nhận" not in clean_text[d3.start:d3.end]
    assert root.children[0].kind == "preamble"
    assert clean_text[root.children[0].start:root.children[0].end].endswith("Trưởng phòng Y tế,")


def test_regulation_chapters_and_articles():
    text = ("Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi điều chỉnh\nQuy chế này quy định việc quản lý.\n"
            "Điều 2. Đối tượng áp dụng\nCác cơ quan hành chính.\nChương II\nTỔ CHỨC THỰC HIỆN\n"
            "Điều 3. Trách nhiệm của Sở Khoa học và Công nghệ\nHướng dẫn các đơn vị.\n")
    _, root = tree(text)
    assert paths(root) == ["Chương I", "Chương I > Điều 1", "Chương I > Điều 2", "Chương II",
                           "Chương II > Điều 3"]
    assert by_path(root, "Chương II").title == "TỔ CHỨC THỰC HIỆN"
    assert by_path(root, "Chương II > Điều 3").kind == "organisation"


def test_ordinal_words_and_appendix():
    text = ("Kính thưa các đồng chí,\nThứ nhất, tỉnh đã hoàn thành việc số hóa hồ sơ.\n"
            "Thứ hai, tỉnh đẩy mạnh dịch vụ công trực tuyến.\nMột là, đề nghị Bộ Nội vụ hướng dẫn.\n"
            "Hai là, đề nghị Chính phủ bố trí kinh phí.\nPHỤ LỤC I\nDANH MỤC NHIỆM VỤ NĂM 2024\n"
            "1. Số hóa hồ sơ đất đai.\n")
    _, root = tree(text)
    assert paths(root) == ["Thứ nhất", "Thứ hai", "Một là", "Hai là", "PHỤ LỤC I", "PHỤ LỤC I > 1"]
    assert by_path(root, "PHỤ LỤC I").kind == "appendix"
    assert by_path(root, "PHỤ LỤC I").title == "DANH MỤC NHIỆM VỤ NĂM 2024"
    _, root = tree("I. NHIỆM VỤ\nRà soát hồ sơ.\nPhụ lục kèm theo gồm danh mục nhiệm vụ.\nPhụ lục 2\nBIỂU MẪU\n")
    assert paths(root) == ["I", "PHỤ LỤC 2"]


def test_latin_letters_and_spaced_decimal_labels():
    text = ("1. Sở Nội vụ\na) Thẩm định;\nb) Hướng dẫn;\nc) Kiểm tra;\nd) Tổng hợp;\ne) Báo cáo;\nf) Lưu trữ.\n"
            "2. Các phòng chuyên môn\n2. 1. Phòng Tư pháp: rà soát văn bản.\n2.2. Phòng Nội vụ: tổng hợp.\n")
    _, root = tree(text)
    assert paths(root) == ["1", "1 > a", "1 > b", "1 > c", "1 > d", "1 > e", "1 > f", "2", "2 > 2.1", "2 > 2.2"]
    assert by_path(root, "2 > 2.1").title == "Phòng Tư pháp"


def test_capital_letter_parts_of_a_report():
    text = ("BÁO CÁO\nKết quả công tác năm 2019\nA. KẾT QUẢ THỰC HIỆN NĂM 2019\nI. CÔNG TÁC CHỈ ĐẠO\n"
            "Ảnh: N. Phú chụp tại hội nghị.\nII. KẾT QUẢ CỤ THỂ\nB. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2020\n"
            "I. MỤC TIÊU\nTăng 5% số hồ sơ trực tuyến.\n")
    _, root = tree(text)
    assert paths(root) == ["A", "A > I", "A > II", "B", "B > I"]
    assert by_path(root, "B").kind == "tasks" and by_path(root, "B > I").kind == "objectives"


def test_a_text_without_headings_is_the_root_alone():
    _, root = tree("Ngày 3-5-2019, Sở Y tế tỉnh Cà Mau tổ chức hội nghị tổng kết.\n\nẢnh: T.L")
    assert root.children == [] and root.end > 0


# --- any text: the tree is well formed -------------------------------------------------------------
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pipeline.document import Document  # noqa: E402
from pipeline.metadata import extract_metadata  # noqa: E402

PIECES = ["I. MỤC TIÊU", "II. NHIỆM VỤ", "1. ", "2. ", "1.1. ", "2.1. ", "a) ", "đ) ", "Điều 1. ", "Chương I",
          "PHẦN THỨ HAI", "Thứ nhất, ", "Một là, ", "PHỤ LỤC", "KẾ HOẠCH", "(Ban hành kèm theo Quyết định",
          "Căn cứ Luật", "QUYẾT ĐỊNH:", "Nơi nhận:", "Sở Y tế", "chủ trì", "năm 2021.", "- ", "\n", "\n\n", " ",
          "Số: 12/QĐ-UBND", "ỦY BAN NHÂN DÂN", "TỈNH NAM ĐỊNH", "Nam Định, ngày 3 tháng 2 năm 2020", "Ảnh: A"]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(PIECES), max_size=40).map("".join), st.text(max_size=300)))
def test_any_text_gives_a_well_formed_tree(raw):
    clean = normalise(raw)
    root = segment(clean)
    assert (root.start, root.end) == (0, len(clean.text))
    for s in root.walk():
        assert s.start <= s.body_start <= s.end <= len(clean.text)
        for a, b in zip(s.children, s.children[1:]):
            assert a.end <= b.start
        for c in s.children:
            assert s.start <= c.start and c.end <= s.end and c.level == s.level + 1 and c.kind
    extract_metadata(Document("x.txt", raw, "txt", "0" * 64), clean, root)
