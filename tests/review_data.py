"""Plans of one district for two years, written for these tests, stored with hand-made records.

The records are what a correct extraction gives (quotes are exact substrings with raw offsets), so
the review, Excel and comparison tests do not depend on how far the extractors have come.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.readers import read
from pipeline.records import fact_id
from pipeline.store import Store

ISSUER = "Ủy ban nhân dân huyện Củ Chi"

PLAN_2022 = """ỦY BAN NHÂN DÂN
HUYỆN CỦ CHI
Số: 45/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Củ Chi, ngày 20 tháng 01 năm 2022

KẾ HOẠCH
Cải cách hành chính năm 2022

I. MỤC TIÊU, CHỈ TIÊU
- Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt từ 97% trở lên.
- Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính đạt từ 90% trở lên.
- Tỷ lệ dịch vụ công trực tuyến mức độ 4 phát sinh hồ sơ đạt tối thiểu 40%.
- Số hóa 100% kết quả giải quyết thủ tục hành chính còn hiệu lực.
II. NHIỆM VỤ
1. Phòng Nội vụ chủ trì, phối hợp với Văn phòng HĐND và UBND huyện kiểm tra công tác cải cách hành chính tại 21 xã, thị trấn, hoàn thành trước ngày 30/9/2022.
2. Phòng Tư pháp rà soát, đề xuất đơn giản hóa thủ tục hành chính, báo cáo trước ngày 15/6/2022.
III. TỔ CHỨC THỰC HIỆN
Thủ trưởng các phòng, ban báo cáo kết quả định kỳ hàng quý về Phòng Nội vụ.
"""

PLAN_2023 = """ỦY BAN NHÂN DÂN
HUYỆN CỦ CHI
Số: 38/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Củ Chi, ngày 16 tháng 01 năm 2023

KẾ HOẠCH
Cải cách hành chính năm 2023

I. MỤC TIÊU, CHỈ TIÊU
- Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt từ 98% trở lên.
- Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính đạt từ 90% trở lên.
- Tỷ lệ hồ sơ dịch vụ công trực tuyến mức độ 4 phát sinh trên tổng số hồ sơ đạt tối thiểu 50%.
- 100% cán bộ, công chức cấp xã được bồi dưỡng kỹ năng chuyển đổi số.
- Ghi chú kỹ thuật: cổng thông tin của 21 xã phải lọc mã <script>alert('xss')</script> trên 95% trang.
II. NHIỆM VỤ
1. Phòng Văn hóa và Thông tin chủ trì nâng cấp cổng thông tin điện tử huyện, hoàn thành trước ngày 30/6/2023.
2. Phòng Nội vụ tổ chức bồi dưỡng cán bộ, công chức cấp xã trong quý IV năm 2023.
III. TỔ CHỨC THỰC HIỆN
Các phòng, ban báo cáo kết quả định kỳ 6 tháng và cả năm về Phòng Nội vụ.
"""

# (quote, indicator, indicator_code, comparator, value, unit, deadline)
TARGETS_2022 = [
    ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt từ 97% trở lên",
     "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn", "ontime_rate", ">=", 97, "%", "2022-12-31"),
    ("Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính đạt từ 90% trở lên",
     "Mức độ hài lòng của người dân, tổ chức", "satisfaction_rate", ">=", 90, "%", "2022-12-31"),
    ("Tỷ lệ dịch vụ công trực tuyến mức độ 4 phát sinh hồ sơ đạt tối thiểu 40%",
     "Tỷ lệ dịch vụ công trực tuyến mức độ 4 phát sinh hồ sơ", None, ">=", 40, "%", "2022-12-31"),
    ("Số hóa 100% kết quả giải quyết thủ tục hành chính còn hiệu lực",
     "Tỷ lệ kết quả giải quyết thủ tục hành chính được số hóa", "digitised_results_rate", "=", 100, "%", "2022-12-31"),
]
TARGETS_2023 = [
    ("Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt từ 98% trở lên",
     "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn", "ontime_rate", ">=", 98, "%", "2023-12-31"),
    ("Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính đạt từ 90% trở lên",
     "Mức độ hài lòng của người dân, tổ chức", "satisfaction_rate", ">=", 90, "%", "2023-12-31"),
    ("Tỷ lệ hồ sơ dịch vụ công trực tuyến mức độ 4 phát sinh trên tổng số hồ sơ đạt tối thiểu 50%",
     "Tỷ lệ hồ sơ dịch vụ công trực tuyến mức độ 4 phát sinh", None, ">=", 50, "%", "2023-12-31"),
    ("100% cán bộ, công chức cấp xã được bồi dưỡng kỹ năng chuyển đổi số",
     "Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng kỹ năng chuyển đổi số", "training_rate", "=", 100, "%", "2023-12-31"),
    ("cổng thông tin của 21 xã phải lọc mã <script>alert('xss')</script> trên 95% trang",
     "Tỷ lệ trang của cổng thông tin xã được lọc mã <script>", None, ">", 95, "%", "2023-12-31"),
]
# (quote start, agency, role, deadline)
ASSIGNMENTS_2022 = [
    ("Phòng Nội vụ chủ trì", "Phòng Nội vụ", "lead", "2022-09-30"),
    ("Văn phòng HĐND và UBND huyện kiểm tra", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện", "cooperate", "2022-09-30"),
    ("Phòng Tư pháp rà soát", "Phòng Tư pháp", "lead", "2022-06-15"),
]
ASSIGNMENTS_2023 = [
    ("Phòng Văn hóa và Thông tin chủ trì", "Phòng Văn hóa và Thông tin", "lead", "2023-06-30"),
    ("Phòng Nội vụ tổ chức bồi dưỡng", "Phòng Nội vụ", "lead", "2023-12-31"),
]
HEADING = re.compile(r"^(I|II|III)\. (.+)$", re.M)
KINDS = {"I": "objectives", "II": "tasks", "III": "organisation"}


def _sections(text: str) -> list[dict]:
    heads = list(HEADING.finditer(text))
    out = [{"path": "", "label": "", "title": "", "kind": "other", "level": 0, "char_start": 0, "char_end": len(text)}]
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        out.append({"path": m[1], "label": m[1], "title": m[2], "kind": KINDS[m[1]], "level": 1,
                    "char_start": m.start(), "char_end": end})
    return out


def _section_at(sections, offset):
    best = [s for s in sections if s["char_start"] <= offset < s["char_end"]]
    return max(best, key=lambda s: s["level"])


def document_records(path: Path, number: str, year: int, issue_date: str, targets, assignments) -> tuple[list[dict], str, list[dict]]:
    doc = read(path)
    text = doc.raw_text
    sections = _sections(text)
    recs = [{"kind": "document", "doc": doc.name, "number": number, "doc_type": "ke_hoach", "issuer": ISSUER,
             "issue_date": issue_date, "period_start": year, "period_end": year, "doc_id": doc.doc_id,
             "format": "txt", "extractor_version": "test", "title": f"Cải cách hành chính năm {year}"}]
    for quote, indicator, code, comparator, value, unit, deadline in targets:
        cs = text.index(quote)
        ce = cs + len(quote)
        sec = _section_at(sections, cs)
        recs.append({"kind": "target", "doc": doc.name, "indicator": indicator, "comparator": comparator,
                     "change": None, "value": value, "value_max": None, "unit": unit, "baseline_year": None,
                     "deadline": deadline, "agencies": [], "section": sec["path"], "section_kind": sec["kind"],
                     "quote": quote, "char_start": cs, "char_end": ce, "page": None, "indicator_code": code,
                     "scope": None, "target_id": fact_id(doc.doc_id, "target", cs, ce, value, unit)})
    for start, agency, role, deadline in assignments:
        cs = text.index(start)
        ce = text.index("\n", cs)
        sec = _section_at(sections, cs)
        recs.append({"kind": "assignment", "doc": doc.name, "agency": agency, "role": role, "deadline": deadline,
                     "section": sec["path"], "section_kind": sec["kind"], "quote": text[cs:ce], "char_start": cs,
                     "char_end": ce, "page": None, "agency_local": f"{agency} huyện Củ Chi" if "huyện" not in agency else agency,
                     "assignment_id": fact_id(doc.doc_id, "assignment", cs, ce, agency, role)})
    return recs, text, sections


def write_plans(folder: Path) -> tuple[Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    p22, p23 = folder / "cu-chi-cchc-2022.txt", folder / "cu-chi-cchc-2023.txt"
    p22.write_text(PLAN_2022, encoding="utf-8")
    p23.write_text(PLAN_2023, encoding="utf-8")
    return p22, p23


def build_store(folder: Path, db: Path | None = None) -> Path:
    """A DuckDB store holding the two plans; returns its path."""
    p22, p23 = write_plans(folder / "plans")
    db = db or folder / "review.duckdb"
    with Store(db) as store:
        for path, number, year, issued, targets, assignments in (
                (p22, "45/KH-UBND", 2022, "2022-01-20", TARGETS_2022, ASSIGNMENTS_2022),
                (p23, "38/KH-UBND", 2023, "2023-01-16", TARGETS_2023, ASSIGNMENTS_2023)):
            recs, text, sections = document_records(path, number, year, issued, targets, assignments)
            store.write_document(recs, str(path), text, sections)
    return db


def target_id(db: Path, quote_part: str) -> str:
    with Store(db, read_only=True) as store:
        t = store.targets()
    ids = t[t["quote"].str.contains(quote_part, regex=False)]["target_id"].tolist()
    assert len(ids) == 1, (quote_part, ids)
    return ids[0]
