"""Vietnamese plans written for the store/flow tests (not from the gold), and their TCVN3 encoding."""

from __future__ import annotations

from pathlib import Path

DIGITAL_QUANG_TRI = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
Số: 118/KH-UBND
Quảng Trị, ngày 06 tháng 4 năm 2023

KẾ HOẠCH
Chuyển đổi số tỉnh Quảng Trị năm 2023

I. MỤC TIÊU
1. Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến toàn trình đạt tối thiểu 40%.
2. 100% văn bản trao đổi giữa các cơ quan nhà nước cấp tỉnh được gửi dưới dạng điện tử trước ngày 30/9/2023.
3. Tỷ lệ người dân hài lòng với dịch vụ công trực tuyến đạt từ 85% trở lên.

II. NHIỆM VỤ
1. Sở Thông tin và Truyền thông chủ trì, phối hợp với Văn phòng Ủy ban nhân dân tỉnh nâng cấp Cổng dịch vụ công, hoàn thành trong quý III năm 2023.
2. Các sở, ban, ngành báo cáo kết quả thực hiện định kỳ hàng quý.

III. TỔ CHỨC THỰC HIỆN
Giao Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này.
"""

HEALTH_CAN_THO = """SỞ Y TẾ
THÀNH PHỐ CẦN THƠ
Số: 27/CTr-SYT
Cần Thơ, ngày 15 tháng 01 năm 2019

CHƯƠNG TRÌNH
Tiêm chủng mở rộng giai đoạn 2019 - 2020

I. MỤC TIÊU CỤ THỂ
1. Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt trên 95%.
2. Giảm tỷ lệ mắc sởi xuống dưới 1 ca/100.000 dân đến năm 2020.
3. Mỗi trạm y tế xã, phường có ít nhất 02 cán bộ được tập huấn về an toàn tiêm chủng.

II. TỔ CHỨC THỰC HIỆN
Trung tâm Kiểm soát bệnh tật thành phố chủ trì, phối hợp với Trung tâm Y tế các quận, huyện triển khai Chương trình; báo cáo định kỳ 6 tháng và cả năm.
"""

LAND_DUC_TRONG = """ỦY BAN NHÂN DÂN
HUYỆN ĐỨC TRỌNG
Số: 2051/QĐ-UBND
Đức Trọng, ngày 20 tháng 7 năm 2017

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch cấp giấy chứng nhận quyền sử dụng đất năm 2017

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch cấp giấy chứng nhận quyền sử dụng đất trên địa bàn huyện năm 2017.

KẾ HOẠCH
I. MỤC TIÊU
Phấn đấu đến ngày 31/12/2017 cấp giấy chứng nhận đạt 98% diện tích đất nông nghiệp cần cấp; hoàn thành không quá 30 ngày đối với mỗi hồ sơ đủ điều kiện.

II. PHÂN CÔNG
Phòng Tài nguyên và Môi trường chủ trì, phối hợp với Văn phòng Đăng ký đất đai chi nhánh Đức Trọng thực hiện; Ủy ban nhân dân các xã, thị trấn báo cáo hàng tháng.
"""

# Written for TCVN3: toned capitals do not exist in that encoding, so headings stay plain.
ENVIRONMENT_QUANG_BINH_TCVN3 = """UBND TINH QUANG BINH
Sè: 09/CT-UBND
Quảng Bình, ngày 10 tháng 3 năm 2009

CHI THI
Về tăng cường công tác bảo vệ môi trường năm 2009

1. Phấn đấu đến cuối năm 2009 có 80% khu dân cư thu gom rác thải sinh hoạt.
2. Sở Tài nguyên và Môi trường chủ trì, phối hợp với các sở, ngành kiểm tra định kỳ 6 tháng.
""".replace("Sè", "Số")

PLANS = {
    "quang-tri-chuyen-doi-so-2023.txt": DIGITAL_QUANG_TRI,
    "can-tho-tiem-chung-2019.txt": HEALTH_CAN_THO,
    "duc-trong-dat-dai-2017.txt": LAND_DUC_TRONG,
}

def tcvn3(text: str) -> bytes:
    """Encode text as a TCVN3 (.VnTime font) file would hold it: the corpus generator's encoder, whose
    table is written apart from the reader's decoding table (so the round trip checks both)."""
    return _make_corpus().encode_tcvn3(text)


def _make_corpus():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "corpus" / "make_corpus.py"
    spec = importlib.util.spec_from_file_location("make_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_plans(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in PLANS.items():
        p = folder / name
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out
