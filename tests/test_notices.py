"""A notice of a meeting's conclusions (Thông báo kết luận): it tells the meeting (a day before the notice, a leader
who chaired it), states where things stand on a day already past, then gives tasks with their deadlines.
Text written for these tests (another province, another year)."""

from pipeline.analyse import analyse, extract
from pipeline.document import Document

NOTICE = """ỦY BAN NHÂN DÂN
TỈNH YÊN BÁI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 87/TB-UBND
Yên Bái, ngày 20 tháng 4 năm 2028

THÔNG BÁO
Kết luận của Phó Chủ tịch UBND tỉnh Lê Thị Mai tại buổi làm việc về tiến độ xây dựng trường học năm 2028

Ngày 16 tháng 4 năm 2028, Phó Chủ tịch UBND tỉnh Lê Thị Mai chủ trì buổi làm việc về tiến độ xây dựng trường học. Sau khi nghe Sở Giáo dục và Đào tạo báo cáo, Phó Chủ tịch UBND tỉnh kết luận:

1. Tính đến ngày 31/3/2028, toàn tỉnh mới hoàn thành 12% khối lượng các công trình trường học.

2. Nhiệm vụ thời gian tới
a) Các chủ đầu tư phấn đấu hoàn thành trên 60% khối lượng trước ngày 31/8/2028.
b) Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Tài chính rà soát nhu cầu bàn ghế, hoàn thành trong tháng 6/2028.
"""


def _records():
    doc = Document(path="tb87.txt", raw_text=NOTICE, format="txt", doc_id="tb87")
    return extract(analyse(doc))


def test_a_status_dated_before_the_notice_is_a_result_and_the_commitment_after_it_a_target():
    targets = [r for r in _records() if r["kind"] == "target"]
    assert [(t["value"], t["comparator"], t["deadline"]) for t in targets] == [(60, ">", "2028-08-31")]


def test_the_deadline_stays_out_of_the_indicator():
    (target,) = [r for r in _records() if r["kind"] == "target"]
    assert "trước ngày" not in target["indicator"] and "khối lượng" in target["indicator"]


def test_the_leader_who_chaired_the_meeting_is_not_given_a_task():
    agencies = {(r["agency"], r["role"]) for r in _records() if r["kind"] == "assignment"}
    assert not any("Lê Thị Mai" in a for a, _ in agencies), agencies
    assert ("Sở Giáo dục và Đào tạo", "lead") in agencies and ("Sở Tài chính", "cooperate") in agencies
