"""A commune's year-end report: results of the year (past, no targets, no deadlines), then its directions for the next
year (targets, tasks with deadlines and duties). Text written for these tests (another commune, other years)."""

from pipeline.analyse import analyse, extract
from pipeline.document import Document
from pipeline.text_tables import find_tables

REPORT = """UBND XÃ HÒA AN
Số: 95/BC-UBND
Hòa An, ngày 12 tháng 12 năm 2028

BÁO CÁO
Kết quả thực hiện nhiệm vụ năm 2028 và phương hướng, nhiệm vụ năm 2029

I. KẾT QUẢ THỰC HIỆN NĂM 2028
1. Kinh tế
Tổng giá trị sản xuất đạt 430 tỷ đồng, tăng 7,8% so với năm 2027.
2. Văn hóa - xã hội
Tỷ lệ hộ nghèo còn 1,4%; 97,2% dân số tham gia bảo hiểm y tế.
3. Tồn tại, hạn chế
Tỷ lệ thu gom rác thải mới đạt 70%.

II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2029
1. Các chỉ tiêu chủ yếu
- Thu ngân sách đạt 5 tỷ đồng.
- Tỷ lệ thu gom, xử lý rác thải sinh hoạt đạt 80%.
2. Nhiệm vụ, giải pháp
Công an xã giải quyết dứt điểm 100% vụ việc tranh chấp đất đai phát sinh trước quý III/2029.
Văn phòng - Thống kê xã tổng hợp, báo cáo kết quả định kỳ hằng tháng về UBND huyện.
"""


def _records():
    return extract(analyse(Document(path="bc.txt", raw_text=REPORT, format="txt", doc_id="bc")))


def test_numbered_paragraphs_of_a_report_are_not_a_table():
    assert find_tables(REPORT) == []


def test_the_directions_hold_the_targets_and_the_results_none():
    targets = [(r["value"], r["unit"]) for r in _records() if r["kind"] == "target"]
    assert targets == [(5, "tỷ đồng"), (80, "%"), (100, "%")]


def test_a_duty_in_the_directions_keeps_its_rhythm_and_its_deadline():
    deadlines = {(r["date"], r["recurrence"]) for r in _records() if r["kind"] == "deadline"}
    assert deadlines == {("2029-09-30", None), (None, "monthly")}
