"""Targets: what a plan commits to reach, read from sentences of many fields, provinces and years."""

import pytest

from tests.targets_helpers import only, targets_of


# ------------------------------------------------------------------ comparators, one test per word
@pytest.mark.parametrize("sentence, comparator, value", [
    ("Tỷ lệ trạm y tế xã có bác sĩ làm việc: tối thiểu 90%.", ">=", 90),
    ("Ít nhất 75% hộ gia đình nông thôn được dùng nước hợp vệ sinh.", ">=", 75),
    ("Tỷ lệ trẻ em được tiêm chủng đầy đủ: không dưới 95%.", ">=", 95),
    ("Tỷ lệ người dân hài lòng với dịch vụ y tế: từ 85% trở lên.", ">=", 85),
    ("Tỷ lệ học sinh hoàn thành chương trình tiểu học: từ 99%.", ">=", 99),
    ("Trên 80% doanh nghiệp kê khai thuế qua mạng.", ">", 80),
    ("Hơn 60% hồ sơ đăng ký đất đai được nộp trực tuyến.", ">", 60),
    ("Giảm tỷ lệ hộ nghèo toàn tỉnh xuống dưới 3%.", "<", 3),
    ("Tỷ lệ hồ sơ giải quyết quá hạn không quá 2%.", "<=", 2),
    ("Tỷ lệ nợ đọng thuế tối đa 5% tổng thu.", "<=", 5),
    ("Phấn đấu đạt 100% xã có trạm y tế đạt chuẩn quốc gia.", "=", 100),
    ("Bảo đảm 100% trường học có nhà vệ sinh đạt chuẩn.", "=", 100),
    ("100% thôn, bản có đường ô tô đến trung tâm.", "=", 100),
])
def test_comparator_words(sentence, comparator, value):
    t, _ = only("II. MỤC TIÊU CỤ THỂ\n" + sentence)
    assert (t.comparator, t.value, t.unit) == (comparator, value, "%")


def test_stricter_word_beats_a_plain_commitment():
    t, _ = only("Phấn đấu đạt trên 90% dân số tham gia bảo hiểm y tế.")
    assert t.comparator == ">"
    assert t.indicator_code == "health_insurance_coverage"


# ------------------------------------------------------------------ ranges, changes, ranks
def test_percent_range():
    t, quote = only("- Đến cuối năm 2019 có 40% - 50% thủ tục được cung cấp trực tuyến mức độ 3, 4.")
    assert (t.comparator, t.value, t.value_max) == ("range", 40, 50)
    assert t.deadline == "2019-12-31"


def test_increase_against_a_baseline_year():
    t, _ = only("Số hồ sơ nộp trực tuyến tăng 15% so với năm 2022.")
    assert (t.change, t.value, t.baseline_year, t.comparator) == ("increase", 15, 2022, "=")


def test_decrease_with_a_floor():
    t, _ = only("Tinh giản tối thiểu 10% biên chế sự nghiệp so với năm 2015.", period=(2016, 2021))
    assert (t.change, t.comparator, t.baseline_year, t.value) == ("decrease", ">=", 2015, 10)
    assert t.indicator_code == "staff_reduction"


def test_level_reached_is_not_a_change():
    t, _ = only("Giảm tỷ lệ trẻ suy dinh dưỡng thể thấp còi xuống còn 18%.")
    assert t.change is None and t.value == 18


def test_rank_in_a_leading_group():
    t, _ = only("Phấn đấu Chỉ số năng lực cạnh tranh cấp tỉnh (PCI) năm 2024 thuộc nhóm 15 tỉnh dẫn đầu cả nước.")
    assert (t.unit, t.value, t.comparator) == ("rank", 15, "<=")
    assert t.indicator_code == "pci_index"


def test_rank_top():
    t, _ = only("Chỉ số chuyển đổi số của tỉnh đứng trong top 20 cả nước.")
    assert (t.unit, t.value) == ("rank", 20)


def test_group_without_a_leading_word_is_not_a_rank():
    found, _ = targets_of("Chia thành nhóm 5 người để thảo luận.")
    assert found == []


# ------------------------------------------------------------------ counts
def test_count_after_a_training_verb():
    t, _ = only("Đào tạo 250 y sĩ cho trạm y tế xã.")
    assert (t.value, t.unit, t.comparator) == (250, "y sĩ", "=")
    assert t.indicator_code == "training"


def test_count_with_floor_and_per_quarter():
    t, _ = only("Thanh tra đột xuất việc chấp hành quy định về an toàn thực phẩm: tối thiểu 04 cơ sở/quý.")
    assert (t.value, t.unit, t.comparator) == (4, "cơ sở/quý", ">=")


def test_count_of_headquarters_with_thousands():
    t, _ = only("Giai đoạn 2021-2023: xây mới 1.200 phòng học.")
    assert (t.value, t.unit) == (1200, "phòng học")
    assert t.deadline == "2023-12-31"


def test_spelled_count_each_year():
    t, _ = only("Mỗi năm tổ chức ít nhất hai hội nghị đối thoại với doanh nghiệp.")
    assert (t.value, t.comparator, t.unit) == (2, ">=", "hội nghị/năm")


def test_count_inside_parentheses_is_its_own_clause():
    found, clean = targets_of("Bồi dưỡng 600 cán bộ y tế cơ sở (mỗi xã có ít nhất 02 cán bộ được bồi dưỡng).")
    assert sorted(t.value for t in found) == [2, 600]
    inner = next(t for t in found if t.value == 2)
    assert clean[inner.start:inner.end].startswith("mỗi xã")


def test_count_that_only_names_things_is_not_a_target():
    found, _ = targets_of("Ủy ban nhân dân 24 phường, 5 thị trấn triển khai kế hoạch này.")
    assert found == []


def test_bare_count_without_commitment_is_not_a_target():
    found, _ = targets_of("Huyện có 18 xã và 2 thị trấn với 120 trường học.")
    assert found == []


# ------------------------------------------------------------------ several targets in one clause
def test_two_targets_joined_by_va_get_their_own_spans():
    found, clean = targets_of("Kiểm tra an toàn thực phẩm: tối thiểu 20% cơ sở sản xuất và tối thiểu 40% bếp ăn tập thể.")
    assert [t.value for t in found] == [20, 40]
    assert clean[found[1].start:found[1].end] == "tối thiểu 40% bếp ăn tập thể"
    assert not clean[found[0].start:found[0].end].endswith("và")


# ------------------------------------------------------------------ exclusions
def test_exclusion_kept_as_scope():
    t, _ = only("Tỷ lệ hồ sơ giải quyết đúng hạn: từ 97% trở lên (trừ lĩnh vực xây dựng).")
    assert t.scope == "trừ lĩnh vực xây dựng"
    assert t.indicator_code == "ontime_rate"


# ------------------------------------------------------------------ not targets
@pytest.mark.parametrize("sentence", [
    "Năm 2022, toàn tỉnh đã cấp 3.500 chứng thư số cho cán bộ.",
    "Qua 5 năm thực hiện, 82% xã đạt chuẩn nông thôn mới.",
    "Kết quả đạt được 91% hồ sơ đúng hạn.",
    "Đến nay, 96% hộ dân đã có điện lưới quốc gia.",
])
def test_past_results_are_rejected(sentence):
    found, _ = targets_of(sentence)
    assert found == []


def test_report_needs_a_forward_looking_word():
    text = ("Trong năm, Sở đã triển khai chữ ký số; tỷ lệ văn bản điện tử đạt 88%. "
            "Dự kiến đến hết năm 2020, 95% văn bản được gửi dưới dạng điện tử.")
    found, _ = targets_of(text, doc_type="bao_cao")
    assert [t.value for t in found] == [95]
    assert found[0].deadline == "2020-12-31"


def test_increase_against_same_period_in_a_report_is_a_result():
    found, _ = targets_of("Thu ngân sách tăng 12% so với cùng kỳ.", doc_type="bao_cao")
    assert found == []


@pytest.mark.parametrize("sentence", [
    "Căn cứ Nghị định số 61/2018/NĐ-CP về cơ chế một cửa.",
    "Thực hiện Quyết định 1291/QĐ-TTg và Chỉ thị số 08-CT/TU.",
    "Theo quy định tại khoản 2 Điều 5 của Luật.",
    "Hội nghị lần thứ 6 Ban Chấp hành Trung ương khóa 12.",
    "Sở Y tế, ngày 12 tháng 3 năm 2024, điện thoại 0293 3870 123.",
    "Người từ 60 tuổi trở lên được khám sức khỏe định kỳ.",
])
def test_references_dates_and_ages_are_not_targets(sentence):
    found, _ = targets_of(sentence)
    assert found == []


def test_condition_is_not_a_target():
    found, _ = targets_of("Cần rà soát quy trình ngay cả khi tỷ lệ hồ sơ đúng hạn đạt 100%.")
    assert found == []


def test_ownership_share_is_not_a_target():
    found, _ = targets_of("Sắp xếp lại các doanh nghiệp 100% vốn nhà nước thuộc tỉnh.")
    assert found == []


# ------------------------------------------------------------------ deadlines and spans
def test_deadline_of_a_one_year_plan():
    t, _ = only("100% trường mầm non có bếp ăn một chiều.", period=(2023, 2023))
    assert t.deadline == "2023-12-31"


def test_deadline_of_a_multi_year_programme():
    t, _ = only("100% trạm y tế xã có bác sĩ.", period=(2016, 2020))
    assert t.deadline == "2020-12-31"


def test_deadline_stated_in_the_sentence_wins():
    t, _ = only("Đến năm 2018 có 70% xã đạt chuẩn nông thôn mới.", period=(2016, 2020))
    assert t.deadline == "2018-12-31"


def test_no_period_no_deadline():
    t, _ = only("100% xã có trang thông tin điện tử.")
    assert t.deadline is None


def test_quote_is_the_clause_without_label():
    t, quote = only("3.1. Tỷ lệ che phủ rừng đạt 45%; trồng mới rừng tập trung.")
    assert quote == "Tỷ lệ che phủ rừng đạt 45%"
    assert t.indicator.startswith("Tỷ lệ che phủ rừng")
    assert t.indicator_code == "forest_cover"


def test_wrapped_line_stays_in_one_clause():
    t, quote = only("Tỷ lệ hồ sơ được số hóa: tối\nthiểu 70% tổng số hồ sơ tiếp nhận")
    assert t.comparator == ">=" and quote.startswith("Tỷ lệ hồ sơ")


# ------------------------------------------------------------------ tables and the taxonomy
def test_table_row_is_its_own_clause_with_the_indicator_cell():
    text = ("STT | Chỉ tiêu | Năm 2022 | Đơn vị chủ trì\n"
            "1 | Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ | Từ 95% trở lên | Trung tâm Y tế huyện\n"
            "2 | Tỷ lệ dân số có thẻ bảo hiểm y tế (trừ người nước ngoài) | 92% | Bảo hiểm xã hội huyện\n")
    found, clean = targets_of(text)
    assert [(t.value, t.comparator) for t in found] == [(95, ">="), (92, "=")]
    assert clean[found[0].start:found[0].end].startswith("Tỷ lệ trẻ em")
    assert found[0].indicator == "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ"
    assert [t.indicator_code for t in found] == ["vaccination_rate", "health_insurance_coverage"]
    assert found[1].scope == "trừ người nước ngoài"


def test_taxonomy_reads_the_measured_thing_not_a_side_remark():
    t, _ = only("Thanh tra ít nhất 8 cơ sở khám chữa bệnh trong năm, ưu tiên nơi có nhiều phản ánh.")
    assert t.indicator_code == "inspections"
    assert t.indicator.startswith("Số cơ sở")


def test_frequency_count_per_quarter():
    t, _ = only("Kiểm tra đột xuất việc chấp hành kỷ luật lao động tối thiểu 01 lần mỗi quý.")
    assert (t.value, t.unit, t.comparator) == (1, "lần/quý", ">=")


def test_article_mot_is_not_a_count():
    found, _ = targets_of("Thành lập một tổ công tác liên ngành; xây dựng một cơ quan đầu mối.")
    assert found == []


def test_share_that_describes_is_not_a_target():
    found, _ = targets_of("Lao động nông nghiệp chiếm 38% tổng số lao động của tỉnh.")
    assert found == []


def test_year_before_the_plan_marks_a_result_even_with_den_nam():
    text = "Đến năm 2016, toàn tỉnh có 95% xã đạt chuẩn phổ cập giáo dục."
    found, _ = targets_of(text, doc_type="bao_cao", period=(2017, 2017))
    assert found == []
    found, _ = targets_of("Đến năm 2020, 95% xã đạt chuẩn phổ cập giáo dục.", period=(2017, 2020))
    assert [t.value for t in found] == [95]


def test_result_against_plan_in_a_report_is_not_a_target():
    found, _ = targets_of("Trong năm 2018, thu ngân sách đạt 105% chỉ tiêu kế hoạch.", doc_type="bao_cao", period=(2018, 2018))
    assert found == []


def test_count_per_holder():
    t, _ = only("Bảo đảm mỗi thôn, bản có ít nhất 01 nhân viên y tế.")
    assert (t.value, t.unit, t.comparator) == (1, "nhân viên y tế/thôn, bản", ">=")


def test_taxonomy_prefers_the_words_next_to_the_number():
    t, _ = only("100% hồ sơ đăng ký kinh doanh được tiếp nhận qua bộ phận một cửa, kể cả hồ sơ đất đai trễ hạn.")
    assert t.indicator_code == "one_stop_shop"


def test_change_indicator_is_the_amount_that_changes():
    t, _ = only("Giảm 15% lượng khí thải nhà kính so với năm 2014.")
    assert t.indicator.startswith("Lượng khí thải nhà kính")
    assert (t.change, t.baseline_year) == ("decrease", 2014)


def test_starting_level_is_not_the_target():
    t, _ = only("Nâng tỷ lệ trường mầm non đạt chuẩn quốc gia từ 45% lên 60%.")
    assert (t.value, t.comparator) == (60, "=")
    t, _ = only("Tỷ lệ hộ dùng nước sạch năm 2020 là 80%, phấn đấu đến năm 2025 đạt 90%.")
    assert t.value == 90


def test_count_after_verb_and_glue_word():
    t, _ = only("Đào tạo nghề cho 1.500 lao động nông thôn.")
    assert (t.value, t.unit) == (1500, "lao động")
    found, _ = targets_of("Cấp kinh phí cho 16 phường thực hiện chỉnh trang đô thị.")
    assert found == []


def test_change_verb_opening_the_clause_with_a_baseline():
    t, _ = only("Giảm số vụ tai nạn giao thông ít nhất 10% so với năm 2018.")
    assert (t.change, t.comparator, t.baseline_year) == ("decrease", ">=", 2018)
    t, _ = only("Giảm tỷ lệ hộ nghèo xuống còn 2% so với năm 2018.")
    assert t.change is None


def test_duration_needs_a_strict_comparator():
    t, _ = only("Thời gian cấp giấy phép xây dựng không quá 15 ngày làm việc.")
    assert (t.value, t.unit, t.comparator) == (15, "ngày làm việc", "<=")
    found, _ = targets_of("Tổ chức thực hiện trong 15 ngày làm việc.")
    assert found == []


def test_capacity_building_for_staff_through_cho():
    t, _ = only("Bồi dưỡng kỹ năng số cho 800 công chức cấp xã.")
    assert (t.value, t.unit) == (800, "công chức")


def test_strict_share_is_a_target_even_with_chiem():
    t, _ = only("Kinh tế số chiếm tối thiểu 20% GRDP của tỉnh.")
    assert (t.value, t.comparator) == (20, ">=")


def test_remaining_problem_is_not_a_target():
    found, _ = targets_of("Tuy nhiên, vẫn còn 3,5% hồ sơ giải quyết trễ hạn.")
    assert found == []


def test_commitments_under_a_forward_looking_lead_in_of_a_report():
    text = ("Năm 2023, tỷ lệ hồ sơ đúng hạn đạt 97%.\n"
            "Năm 2024, Ủy ban nhân dân huyện phấn đấu:\n"
            "- Tỷ lệ hồ sơ đúng hạn đạt từ 98% trở lên;\n"
            "- Tỷ lệ hài lòng đạt tối thiểu 90%.\n")
    found, _ = targets_of(text, doc_type="bao_cao", period=(2023, 2023))
    assert [t.value for t in found] == [98, 90]


@pytest.mark.parametrize("cell, comparator", [("≥ 95%", ">="), ("≤ 5%", "<="), ("> 95%", ">"), ("< 5%", "<")])
def test_comparator_symbols_in_table_cells(cell, comparator):
    t, _ = only(f"1 | Tỷ lệ người dân có hồ sơ sức khỏe điện tử | {cell} | Sở Y tế\n")
    assert t.comparator == comparator


def test_coordinated_counted_nouns_form_the_unit():
    t, _ = only("Tập huấn chuyển đổi số cho 1.200 cán bộ, công chức, viên chức cấp xã.")
    assert (t.value, t.unit) == (1200, "cán bộ, công chức, viên chức")


def test_rank_as_a_place_out_of_a_total():
    t, _ = only("Phấn đấu Chỉ số hài lòng về sự phục vụ hành chính (SIPAS) của tỉnh xếp thứ 10/63 tỉnh, thành phố.")
    assert (t.value, t.unit, t.comparator) == (10, "rank", "=")


@pytest.mark.parametrize("sentence, indicator", [
    ("Thanh tra chuyên ngành an toàn thực phẩm: tối thiểu 25% cơ sở kinh doanh.",
     "Tỷ lệ cơ sở kinh doanh (Thanh tra chuyên ngành an toàn thực phẩm)"),
    ("Phấn đấu Chỉ số PAPI của tỉnh thuộc nhóm 10 tỉnh dẫn đầu cả nước.", "Xếp hạng Chỉ số PAPI của tỉnh"),
    ("Bảo đảm mỗi trường học có ít nhất 01 nhân viên y tế.", "Số nhân viên y tế ở mỗi trường học"),
    ("Tăng thu ngân sách trên địa bàn: tăng 8% so với năm 2023.", "Thu ngân sách trên địa bàn"),
])
def test_indicator_phrase(sentence, indicator):
    t, _ = only(sentence)
    assert t.indicator == indicator


def test_verb_inside_the_subject_is_not_a_commitment_word():
    t, quote = only("Tỷ lệ lao động qua đào tạo đạt 72%.")
    assert t.indicator == "Tỷ lệ lao động qua đào tạo"


def test_second_target_of_a_clause_after_trong_do():
    found, clean = targets_of("Tỷ lệ lao động qua đào tạo đạt 72%, trong đó có bằng cấp, chứng chỉ đạt 35%.")
    assert [t.value for t in found] == [72, 35]
    assert clean[found[0].start:found[0].end] == "Tỷ lệ lao động qua đào tạo đạt 72%"
    assert clean[found[1].start:found[1].end].startswith("trong đó")


def test_yearly_rate():
    t, _ = only("Số doanh nghiệp thành lập mới tăng bình quân 12%/năm.")
    assert (t.value, t.change, t.unit) == (12, "increase", "%")
    t, _ = only("Tốc độ tăng trưởng kinh tế bình quân đạt 7,5%/năm.")
    assert t.indicator == "Tốc độ tăng trưởng kinh tế" and t.change is None


def test_amount_named_by_its_subject():
    t, _ = only("Diện tích trồng rừng mới đạt 450 ha/năm.", period=(2021, 2025))
    assert (t.unit, t.indicator) == ("ha/năm", "Diện tích trồng rừng mới")


def test_overdue_and_ontime_rates_are_different_indicators():
    overdue, _ = only("Tỷ lệ hồ sơ thủ tục hành chính giải quyết trễ hạn không quá 3%.")
    ontime, _ = only("Tỷ lệ hồ sơ thủ tục hành chính giải quyết đúng hạn đạt từ 97% trở lên.")
    assert overdue.indicator_code == "overdue_rate" and overdue.comparator == "<="
    assert ontime.indicator_code == "ontime_rate"


def test_a_table_rows_deadline_is_not_the_row_above():
    from tests.targets_helpers import targets_of

    text = ("KẾ HOẠCH\nSTT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành\n"
            "1 | Khảo sát sự hài lòng của người dân, phấn đấu đạt trên 85% | Phòng Nội vụ | Tháng 9/2025\n"
            "2 | Tỷ lệ hồ sơ được số hóa đạt 100% | Văn phòng UBND huyện | Thường xuyên\n")
    found, _ = targets_of(text, period=(2025, 2025))
    assert [(t.value, t.deadline) for t in found] == [(85, "2025-09-30"), (100, "2025-12-31")]
