"""A " | " table row is a line of the text (issue 13 item 6): a text pasted without its line breaks is not one
giant table row whose agencies every target would share."""

from pipeline.analyse import extract
from pipeline.document import Document

PLAN = """ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ
Số: 47/KH-UBND
KẾ HOẠCH
Thực hiện chuyển đổi số năm 2026
I. MỤC TIÊU
1. Phấn đấu 100% hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng.
2. Tỷ lệ dịch vụ công trực tuyến toàn trình đạt trên 80%.
3. Phấn đấu 90% người dân trưởng thành có tài khoản định danh điện tử.
II. NHIỆM VỤ
STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành
1 | Nâng cấp cổng dịch vụ công | Sở Khoa học và Công nghệ | Văn phòng Ủy ban nhân dân tỉnh | Quý II/2026
2 | Số hóa hồ sơ hộ tịch | Sở Tư pháp | Công an tỉnh | Quý III/2026
3 | Đào tạo kỹ năng số cho cán bộ | Sở Nội vụ | Sở Tài chính | Năm 2026
III. TỔ CHỨC THỰC HIỆN
1. Sở Y tế chủ trì triển khai bệnh án điện tử tại các bệnh viện công lập trong năm 2026.
2. Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Tài chính bảo đảm kinh phí chuyển đổi số trong trường học.
3. Giao Sở Khoa học và Công nghệ theo dõi, tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.
"""


def _targets(text: str) -> list[tuple]:
    records = extract(Document(path="ke-hoach.txt", raw_text=text, format="txt", doc_id="k"))
    return [(r["value"], r["unit"], r["agencies"]) for r in records if r["kind"] == "target"]


def test_one_line_text_with_cells_is_not_one_table_row():
    with_breaks = _targets(PLAN)
    one_line = _targets(PLAN.replace("\n", " "))
    assert [t[:2] for t in with_breaks] == [(100, "%"), (80, "%"), (90, "%")]
    assert all(not agencies for *_, agencies in with_breaks)
    # before the fix every target of the one-line text had every agency the text assigns
    assert one_line == with_breaks


def test_line_of_a_table_is_still_its_row():
    plan = PLAN.replace("3 | Đào tạo kỹ năng số cho cán bộ | Sở Nội vụ | Sở Tài chính | Năm 2026",
                        "3 | Tỷ lệ cán bộ được đào tạo kỹ năng số đạt 70% | Sở Nội vụ | Sở Tài chính | Năm 2026")
    row = [t for t in _targets(plan) if t[0] == 70]
    assert row and row[0][2] == ["Sở Nội vụ", "Sở Tài chính"]


def test_long_single_line_gives_what_its_lines_give():
    """A long text on one line (about 100,000 characters) is read part by part like the same text with its
    line breaks: each target keeps only its own clause's agencies (no time is measured here)."""
    parts = "\n".join(PLAN for _ in range(104))
    with_breaks = _targets(parts)
    one_line = _targets(parts.replace("\n", " "))
    assert len(parts) > 100_000
    assert len(one_line) == len(with_breaks) == 3 * 104
    assert one_line == with_breaks
