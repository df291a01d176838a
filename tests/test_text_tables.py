"""Tables as the text shows them: " | " rows and web tables copied one cell a line, read into rows and headers."""

from pipeline.text_tables import find_tables

# A district plan's indicator table as a web page gives it when copied: one cell a line, blank lines between.
LINE_TABLE = """2. Chỉ tiêu cụ thể

TT

Nội dung chỉ tiêu

Đơn vị tính

Năm 2024

Giai đoạn 2026 - 2030

1

Tỷ lệ hộ gia đình được dùng nước sạch

%

92

98

2

Số trạm y tế xã đạt chuẩn quốc gia

Trạm

14

18

3

Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng

%

12,5

9
"""

PIPE_TABLE = ("Đơn vị tính: ha\n"
              "STT | Loại đất | Hiện trạng năm 2020 | Quy hoạch đến năm 2030 | |\n"
              "Diện tích | Cơ cấu (%) | |||\n"
              "1 | Đất trồng lúa | 2.450,20 | 2.310,00 | 18,40 |\n"
              "2 | Đất rừng sản xuất | 5.120,75 | 5.400,00 | 43,00 |\n")


def test_a_web_table_copied_one_cell_a_line_reads_as_rows_under_its_header():
    (t,) = find_tables(LINE_TABLE)
    assert t.kind == "lines"
    assert t.header_cells() == ["TT", "Nội dung chỉ tiêu", "Đơn vị tính", "Năm 2024", "Giai đoạn 2026 - 2030"]
    assert [[c.text for c in row] for row in t.rows] == [
        ["1", "Tỷ lệ hộ gia đình được dùng nước sạch", "%", "92", "98"],
        ["2", "Số trạm y tế xã đạt chuẩn quốc gia", "Trạm", "14", "18"],
        ["3", "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng", "%", "12,5", "9"]]
    assert t.row_label(1).text == "Số trạm y tế xã đạt chuẩn quốc gia"
    assert t.is_index(0, 0) and not t.is_index(0, 3)
    assert t.value_columns() == {3, 4}
    # every cell's span is where its text stands
    for row in t.rows:
        for c in row:
            assert LINE_TABLE[c.start:c.end] == c.text


def test_a_cell_is_found_from_any_offset_inside_it():
    (t,) = find_tables(LINE_TABLE)
    pos = LINE_TABLE.index("12,5")
    assert t.locate(pos) == (2, 3)
    assert t.locate(LINE_TABLE.index("Chỉ tiêu cụ thể")) is None


def test_numbered_paragraphs_wrapped_over_lines_are_not_a_table():
    text = ("1. Tăng cường công tác tuyên truyền, phổ biến pháp luật về bảo vệ môi trường đến\n"
            "từng thôn, bản, tổ dân phố; nâng cao nhận thức của người dân.\n"
            "2. Đẩy mạnh thu gom, xử lý rác thải sinh hoạt tại các xã; mỗi xã bố trí ít nhất\n"
            "một điểm tập kết rác thải đạt yêu cầu.\n"
            "3. Kiểm tra, xử lý nghiêm các cơ sở gây ô nhiễm môi trường trên địa bàn huyện.\n")
    assert find_tables(text) == []


def test_a_pipe_table_keeps_its_unit_line_and_reads_merged_headers_over_their_columns():
    (t,) = find_tables(PIPE_TABLE)
    assert t.kind == "pipe" and t.unit == "ha"
    heads = t.header_cells()
    assert heads[2] == "Hiện trạng năm 2020"
    # "Quy hoạch đến năm 2030" spans two columns; the short row under it names them
    assert heads[3] == "Quy hoạch đến năm 2030 / Diện tích"
    assert heads[4] == "Quy hoạch đến năm 2030 / Cơ cấu (%)"
    assert [c.text for c in t.rows[1]][:5] == ["2", "Đất rừng sản xuất", "5.120,75", "5.400,00", "43,00"]


def test_a_formal_header_in_two_columns_is_not_a_table_of_values():
    text = ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "TỈNH QUẢNG TRỊ | Độc lập - Tự do - Hạnh phúc |\n\nKẾ HOẠCH\n")
    assert find_tables(text) == []
