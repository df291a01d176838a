"""The scorer follows SCHEMA.md's rules: name normalisation, span overlap, unit classes, one-to-one matching."""

from pipeline.evaluate import names_match, normalise_name, score_assignments, score_deadlines, score_targets


def test_names_are_normalised_like_the_schema_says():
    assert normalise_name("UBND tỉnh Quảng Ninh") == "ủy ban nhân dân tỉnh quảng ninh"
    assert normalise_name("Các Sở, ban, ngành") == "sở, ban, ngành"
    assert normalise_name("Thủ trưởng các cơ quan chuyên môn") == "cơ quan chuyên môn"
    assert normalise_name("Ban Chỉ đạo CCHC tỉnh.") == "ban chỉ đạo cải cách hành chính tỉnh"
    assert normalise_name("Uỷ ban MTTQ huyện") == "ủy ban mặt trận tổ quốc huyện"


def test_shorter_name_of_three_words_matches_the_start_of_the_longer():
    assert names_match("sở y tế", "sở y tế tỉnh thái bình")
    assert not names_match("sở y", "sở y tế")  # two words only: must be equal
    assert not names_match("sở tài chính", "sở tài nguyên và môi trường")


TEXT = "Phấn đấu đến năm 2025 tỷ lệ tiêm chủng đạt từ 95% trở lên; giảm 2% tỷ lệ suy dinh dưỡng."


def _gold_target(quote, value, unit="%", **kw):
    return {"doc": "d.txt", "quote": quote, "value": value, "unit": unit, "comparator": kw.get("comparator", "="),
            "change": kw.get("change"), "value_max": None, "baseline_year": None, "deadline": kw.get("deadline")}


def _pred_target(start, end, value, unit="%", **kw):
    return {"doc": "d.txt", "char_start": start, "char_end": end, "value": value, "unit": unit,
            "comparator": kw.get("comparator", "="), "change": kw.get("change"), "value_max": None,
            "baseline_year": None, "deadline": kw.get("deadline")}


def test_target_matches_need_value_unit_class_and_overlapping_span():
    q = "tỷ lệ tiêm chủng đạt từ 95% trở lên"
    s = TEXT.index(q)
    gold = [_gold_target(q, 95, comparator=">=", deadline="2025-12-31")]
    hit = _pred_target(s, s + len(q), 95.0, comparator=">=", deadline="2025-12-31")
    far = _pred_target(TEXT.index("giảm"), len(TEXT), 95)
    wrong_value = _pred_target(s, s + len(q), 96)
    res = score_targets(gold, [far, wrong_value, hit], {"d.txt": TEXT})
    assert (res["tp"], res["pred"], res["gold"]) == (1, 3, 1)
    assert res["fields"]["comparator"] == 1.0 and res["fields"]["deadline"] == 1.0
    assert round(res["precision"], 2) == 0.33 and res["recall"] == 1.0


def test_one_prediction_matches_one_gold_record_only():
    q = "tỷ lệ tiêm chủng đạt từ 95% trở lên"
    s = TEXT.index(q)
    gold = [_gold_target(q, 95), _gold_target("tiêm chủng đạt từ 95%", 95)]
    res = score_targets(gold, [_pred_target(s, s + len(q), 95)], {"d.txt": TEXT})
    assert res["tp"] == 1 and res["recall"] == 0.5


def test_assignments_are_scored_as_sets_of_doc_agency_pairs_with_role_accuracy():
    gold = [{"doc": "a", "agency": "Sở Y tế tỉnh Thái Bình", "role": "lead"},
            {"doc": "a", "agency": "Sở Y tế tỉnh Thái Bình", "role": "lead"},
            {"doc": "a", "agency": "Phòng Giáo dục và Đào tạo", "role": "cooperate"}]
    pred = [{"doc": "a", "agency": "Sở Y tế", "role": "lead"},  # 3 words: prefix of the gold name
            {"doc": "a", "agency": "Phòng Giáo dục và Đào tạo", "role": "lead"},
            {"doc": "a", "agency": "Bảo hiểm xã hội tỉnh", "role": "cooperate"}]
    res = score_assignments(gold, pred)
    assert (res["tp"], res["pred"], res["gold"]) == (2, 3, 2)
    assert res["role_accuracy"] == round(2 / 3, 4)


def test_deadlines_match_on_date_recurrence_and_span():
    text = "Báo cáo định kỳ hàng quý; hoàn thành trước ngày 30/6/2024."
    gold = [{"doc": "d", "quote": "định kỳ hàng quý", "date": None, "recurrence": "quarterly"},
            {"doc": "d", "quote": "trước ngày 30/6/2024", "date": "2024-06-30", "recurrence": None}]
    i = text.index("trước")
    pred = [{"doc": "d", "date": "2024-06-30", "recurrence": None, "char_start": i, "char_end": len(text)},
            {"doc": "d", "date": None, "recurrence": "monthly", "char_start": 0, "char_end": 20}]
    res = score_deadlines(gold, pred, {"d": text})
    assert (res["tp"], res["pred"], res["gold"]) == (1, 2, 2)
