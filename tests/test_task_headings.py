"""Tasks grouped under an agency named alone on a numbered line, and a task whose deadline word fixes its end beside
a time that only tells when the work happens. Text written for these tests (another district, another year)."""

from pipeline.analyse import analyse, extract
from pipeline.document import Document

PLAN = """KẾ HOẠCH
Phát triển giáo dục nghề nghiệp huyện Đức Thọ năm 2029

III. NHIỆM VỤ
1. Phòng Nội vụ
- Chủ trì rà soát nhu cầu đào tạo nghề đầu năm, hoàn thành trước ngày 20/3/2029.
2. Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện
Mở các lớp đào tạo nghề ngắn hạn cho lao động nông thôn; báo cáo kết quả trước ngày 10/12/2029.
3. UBND các xã, thị trấn
Tuyên truyền, vận động người lao động tham gia học nghề.
"""


def _assignments():
    recs = extract(analyse(Document(path="kh.txt", raw_text=PLAN, format="txt", doc_id="kh")))
    return {r["agency"]: (r["role"], r["deadline"]) for r in recs if r["kind"] == "assignment"}


def test_an_agency_alone_on_a_numbered_line_owns_the_tasks_below_it():
    got = _assignments()
    assert got.get("Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên huyện") == ("lead", "2029-12-10"), got
    assert got.get("Ủy ban nhân dân các xã, thị trấn", ("?",))[0] == "lead", got


def test_the_time_after_a_deadline_word_is_the_tasks_deadline():
    assert _assignments().get("Phòng Nội vụ") == ("lead", "2029-03-20")


def test_a_remark_in_brackets_between_the_agency_and_its_colon_keeps_the_heading():
    text = ("CHỈ THỊ\nVề phòng, chống hạn hán năm 2029\n\n"
            "2. Sở Nông nghiệp và Môi trường (cơ quan thường trực của Ban Chỉ huy tỉnh):\n"
            "a) Theo dõi nguồn nước các hồ chứa, báo cáo hằng tuần.\n"
            "b) Kiểm tra an toàn các công trình thủy lợi, xong trước ngày 30/4/2029.\n")
    recs = extract(analyse(Document(path="ct.txt", raw_text=text, format="txt", doc_id="ct")))
    got = [(r["agency"], r["role"], r["deadline"]) for r in recs if r["kind"] == "assignment"]
    assert ("Sở Nông nghiệp và Môi trường", "lead", "2029-04-30") in got, got


def test_a_clause_opening_on_another_agency_ends_the_first_agencys_task_and_its_time():
    text = ("KẾ HOẠCH\nThu hút bác sĩ về công tác tại tuyến xã năm 2029\n\nIII. NHIỆM VỤ, GIẢI PHÁP\n"
            "Sở Y tế chủ trì xây dựng đề án, trình UBND tỉnh trong tháng 5/2029; Sở Nội vụ thẩm định, trình phê "
            "duyệt trước ngày 31/8/2029.\n")
    recs = extract(analyse(Document(path="kh.txt", raw_text=text, format="txt", doc_id="kh")))
    got = {r["agency"]: r["deadline"] for r in recs if r["kind"] == "assignment"}
    assert got == {"Sở Y tế": "2029-05-31", "Sở Nội vụ": "2029-08-31"}, got
