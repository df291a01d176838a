"""Targets over a whole plan written for these tests (tests/data/kh_y_te_2019.txt, a provincial health
plan): past results, references, ages, phone numbers and names are left out; every commitment is found."""

from pathlib import Path

from tests.targets_helpers import targets_of

PLAN = (Path(__file__).parent / "data" / "kh_y_te_2019.txt").read_text(encoding="utf-8")


def _found():
    found, clean = targets_of(PLAN, doc_type="ke_hoach", period=(2019, 2019))
    return found, clean


def test_exactly_the_commitments_of_the_plan():
    found, _ = _found()
    got = sorted((t.value, "%" if t.unit == "%" else "rank" if t.unit == "rank" else "count", t.comparator) for t in found)
    assert got == sorted([
        (100, "%", "="), (75, "%", ">="), (90, "%", ">"), (20, "%", "<"), (2, "%", "="), (20, "rank", "<="),
        (150, "count", "="), (1, "count", ">="), (12, "count", "="), (25, "count", "="), (2, "count", ">="),
    ])


def test_one_year_plan_gives_every_target_its_year_end():
    found, _ = _found()
    assert {t.deadline for t in found} == {"2019-12-31"}


def test_change_target_keeps_its_baseline():
    found, _ = _found()
    change = [t for t in found if t.change]
    assert [(t.change, t.value, t.baseline_year) for t in change] == [("increase", 2, 2018)]


def test_quotes_are_clauses_of_the_text():
    found, clean = _found()
    for t in found:
        quote = clean[t.start:t.end]
        assert quote == quote.strip() and quote
        assert not quote.endswith((";", ".", ","))


PROGRAMME = (Path(__file__).parent / "data" / "ctr_moi_truong_2021_2025.txt").read_text(encoding="utf-8")


def test_programme_with_dated_headings_and_a_past_assessment():
    found, clean = targets_of(PROGRAMME, doc_type="chuong_trinh", period=(2021, 2025))
    got = [(t.value, t.value_max, t.comparator, t.change, t.baseline_year) for t in found]
    assert got == [
        (95, None, ">", None, None), (300, None, ">=", None, None), (83, None, ">=", None, None),
        (100, None, "=", None, None), (98, 99, "range", None, None), (20, None, "=", "decrease", 2020),
        (3, None, "<=", None, None), (2, None, ">=", None, None), (5, None, "=", None, None),
    ]
    assert [t.unit for t in found][-3:] == ["rank", "đợt/năm", "mô hình"]
    assert found[-4].indicator_code == "plastic_reduction"
    assert found[3].scope == "trừ hộ kinh doanh cá thể"
    # the programme's end year dates targets with no heading of their own
    assert all(t.deadline in ("2023-12-31", "2025-12-31") for t in found)


def test_a_target_in_a_table_row_carries_the_agencies_of_that_row(tmp_path):
    from pipeline.analyse import extract

    plan = tmp_path / "ke_hoach_y_te.txt"
    plan.write_text(
        "ỦY BAN NHÂN DÂN HUYỆN TAM ĐẢO\n\nKẾ HOẠCH\nChăm sóc sức khỏe ban đầu năm 2025\n\nII. CHỈ TIÊU\n"
        "STT | Chỉ tiêu | Năm 2025 | Cơ quan chủ trì | Cơ quan phối hợp\n"
        "1 | Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ | Từ 95% trở lên | Trung tâm Y tế huyện | Phòng Y tế\n"
        "2 | Tỷ lệ dân số tham gia bảo hiểm y tế | Tối thiểu 93% | Bảo hiểm xã hội huyện | Phòng Lao động - Thương binh và Xã hội\n",
        encoding="utf-8")
    targets = {r["value"]: r for r in extract(plan) if r["kind"] == "target"}
    assert targets[95]["agencies"][0] == "Trung tâm Y tế huyện" and "Phòng Y tế" in targets[95]["agencies"]
    assert targets[93]["agencies"][0] == "Bảo hiểm xã hội huyện"
    assert "Trung tâm Y tế huyện" not in targets[93]["agencies"]
