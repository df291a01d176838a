"""Comparing one district's plans of 2022 and 2023: indicators linked by code and by phrase, each year judged
stricter / looser by the indicator's direction, multi-year plans and baselines read as such."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.compare import compare_targets, phrase_tokens, pivot, similarity, target_year
from pipeline.store import Store
from review_data import build_store, target_id


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("compare"))


def _targets(db):
    with Store(db, read_only=True) as s:
        return s.targets()


def _by_indicator(long: pd.DataFrame, words: str) -> dict[int, dict]:
    rows = long[long["indicator"].str.contains(words, regex=False)]
    assert rows["line"].nunique() == 1, rows
    return {r["year"]: r for r in rows.to_dict("records")}


def test_changes_between_years_are_marked(db):
    long = compare_targets(_targets(db), issuer="Củ Chi")
    ontime = _by_indicator(long, "giải quyết đúng hạn")
    assert (ontime[2022]["value"], ontime[2023]["value"], ontime[2023]["change"]) == (97, 98, "stricter")
    satisfaction = _by_indicator(long, "hài lòng")
    assert satisfaction[2023]["change"] == "unchanged" and satisfaction[2023]["comparator"] == ">="
    digitised = _by_indicator(long, "số hóa")
    assert digitised[2023]["change"] == "dropped" and pd.isna(digitised[2023]["value"])
    training = _by_indicator(long, "chuyển đổi số")
    assert list(training) == [2023] and training[2023]["change"] == "new"


def test_indicator_without_code_is_linked_by_its_phrase(db):
    # "Tỷ lệ dịch vụ công trực tuyến mức độ 4 phát sinh hồ sơ" (2022) and "Tỷ lệ hồ sơ dịch vụ công trực
    # tuyến mức độ 4 phát sinh" (2023) carry no indicator_code: only their wording links them
    long = compare_targets(_targets(db))
    online = _by_indicator(long, "trực tuyến mức độ 4")
    assert (online[2022]["value"], online[2023]["value"], online[2023]["change"]) == (40, 50, "stricter")
    assert pd.isna(online[2023]["indicator_code"])


def test_filter_by_indicator_code_and_words(db):
    t = _targets(db)
    by_code = compare_targets(t, indicator="satisfaction_rate")
    assert set(by_code["indicator_code"]) == {"satisfaction_rate"} and sorted(by_code["year"]) == [2022, 2023]
    by_words = compare_targets(t, indicator="truc tuyen")  # diacritics left out, as analysts type
    assert set(by_words["value"]) == {40, 50}
    assert compare_targets(t, issuer="Gò Vấp").empty


def test_reviews_change_what_is_compared(tmp_path):
    db = build_store(tmp_path)
    ontime_id, training_id = target_id(db, "đúng hạn đạt từ 98%"), target_id(db, "cán bộ, công chức cấp xã")
    with Store(db) as s:
        s.add_review(ontime_id, "corrected", "Lê Thu Hà", "số in sai", value=96)
        s.add_review(training_id, "rejected", "Lê Thu Hà", "không phải chỉ tiêu năm")
        t = s.targets()
    long = compare_targets(t)
    ontime = _by_indicator(long, "giải quyết đúng hạn")
    assert (ontime[2023]["value"], ontime[2023]["change"]) == (96, "looser")
    assert not long["indicator"].str.contains("chuyển đổi số").any()


def test_pivot_cells_read_like_targets(db):
    wide = pivot(compare_targets(_targets(db)))
    row = wide[wide["indicator_code"] == "ontime_rate"].iloc[0]
    assert row["2022"] == "≥ 97%" and row["2023"] == "≥ 98% ↑ stricter"
    assert row["source"] == "2022: 45/KH-UBND; 2023: 38/KH-UBND"
    assert wide[wide["indicator_code"] == "digitised_results_rate"].iloc[0]["2023"] == "✖ dropped"


def test_two_similar_targets_in_each_year_stay_two_lines():
    rows = []
    for year, (citizens, business) in {2020: (85, 80), 2021: (88, 80)}.items():
        for indicator, value in (("Mức độ hài lòng của người dân", citizens), ("Mức độ hài lòng của doanh nghiệp", business)):
            rows.append({"target_id": f"{year}{value}{indicator[-3:]}", "doc": f"kh-{year}.txt", "issuer": "UBND tỉnh Bến Tre",
                         "indicator": indicator, "indicator_code": "satisfaction_rate", "comparator": ">=",
                         "value": value, "value_max": None, "unit": "%", "deadline": pd.Timestamp(f"{year}-12-31"),
                         "period_start": year, "period_end": year, "review_status": "pending", "char_start": value})
    long = compare_targets(pd.DataFrame(rows))
    assert long["line"].nunique() == 2
    people = _by_indicator(long, "người dân")
    assert (people[2020]["value"], people[2021]["value"], people[2021]["change"]) == (85, 88, "stricter")
    assert _by_indicator(long, "doanh nghiệp")[2021]["change"] == "unchanged"


def test_year_is_the_plans_year_or_the_deadlines():
    assert target_year({"period_start": 2021, "period_end": 2021, "deadline": None}) == 2021
    assert target_year({"period_start": 2021, "period_end": 2025, "deadline": pd.Timestamp("2023-06-30")}) == 2023
    assert target_year({"period_start": 2021, "period_end": 2025, "deadline": None}) == 2025
    assert target_year({"period_start": None, "period_end": None, "deadline": None}) is None


def test_phrase_similarity_on_vietnamese_wording():
    assert phrase_tokens("Tỷ lệ hồ sơ được giải quyết của các xã năm 2024") == ("tỷ", "lệ", "hồ", "sơ", "giải", "quyết", "xã")
    # the numbers in a phrase tell indicators apart
    assert similarity("Dịch vụ công trực tuyến mức độ 3", "Dịch vụ công trực tuyến mức độ 4") < 0.6
    # old and new tone placement are the same word
    assert similarity("Tỷ lệ hộ gia đình được hoà mạng điện", "Tỷ lệ hộ gia đình được hòa mạng điện") == 1.0
    assert similarity("Tỷ lệ che phủ rừng", "Tỷ lệ che phủ rừng toàn tỉnh") >= 0.6
    assert similarity("Tỷ lệ che phủ rừng", "Số trạm y tế xã đạt chuẩn quốc gia") < 0.4


def test_cli_compare_table_and_json(db):
    runner = CliRunner()
    res = runner.invoke(app, ["compare", "--issuer", "Củ Chi", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "stricter" in res.output and "dropped" in res.output and "2023" in res.output
    res = runner.invoke(app, ["compare", "--indicator", "ontime_rate", "--db", str(db), "--json"])
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [(r["year"], r["value"], r["change"]) for r in rows] == [(2022, 97.0, ""), (2023, 98.0, "stricter")]
    res = runner.invoke(app, ["compare", "--db", str(db.parent / "none.duckdb")])
    assert res.exit_code == 2 and "no store" in res.output


def test_a_target_restated_in_the_same_plan_counts_once():
    def row(doc, year, indicator, value, start):
        return {"target_id": f"{doc}{start}", "doc": doc, "issuer": "UBND huyện Đức Trọng", "indicator": indicator,
                "indicator_code": "satisfaction_rate", "comparator": ">=", "value": value, "value_max": None,
                "unit": "%", "deadline": None, "period_start": year, "period_end": year,
                "review_status": "pending", "char_start": start}

    rows = [row("kh-2024.docx", 2024, "Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ", 88, 100),
            row("kh-2024.docx", 2024, "Mức độ hài lòng của người dân, tổ chức", 88, 5000),  # the table repeats it
            row("kh-2024.docx", 2024, "Mức độ hài lòng của doanh nghiệp", 88, 5100),  # same number, another group
            row("kh-2024.docx", 2024, "Mức độ hài lòng về dịch vụ công mức độ 3", 88, 5200),
            row("kh-2024.docx", 2024, "Mức độ hài lòng về dịch vụ công mức độ 4", 88, 5300),
            row("kh-2025.docx", 2025, "Mức độ hài lòng của người dân, tổ chức", 90, 120)]
    long = compare_targets(pd.DataFrame(rows))
    assert len(long[long["year"] == 2024]) == 4
    people = _by_indicator(long, "người dân")
    assert (people[2024]["value"], people[2025]["value"], people[2025]["change"]) == (88, 90, "stricter")
    assert _by_indicator(long, "doanh nghiệp")[2025]["change"] == "dropped"


def _plan_rows(doc, number, period, targets, issuer="UBND huyện Đức Trọng"):
    """Store-like rows for one plan: (indicator, code, comparator, value, unit, deadline[, change, baseline])."""
    out = []
    for i, (indicator, code, comparator, value, unit, deadline, *change) in enumerate(targets):
        out.append({"target_id": f"{doc}-{i}", "doc": doc, "number": number, "issuer": issuer, "indicator": indicator,
                    "indicator_code": code, "comparator": comparator, "value": value, "value_max": None,
                    "unit": unit, "deadline": pd.Timestamp(deadline) if deadline else None,
                    "change": change[0] if change else None, "baseline_year": change[1] if change else None,
                    "period_start": period[0], "period_end": period[1], "review_status": "pending",
                    "char_start": 100 * i})
    return out


def test_a_lower_is_better_target_that_goes_down_is_stricter():
    rows = (_plan_rows("kh-2023.docx", "12/KH-UBND", (2023, 2023), [
                ("Tỷ lệ hồ sơ giải quyết quá hạn", "overdue_rate", "<=", 5, "%", "2023-12-31"),
                ("Chỉ số cải cách hành chính của huyện thuộc nhóm dẫn đầu tỉnh", "par_index", "<=", 15, "rank", "2023-12-31"),
                ("Tỷ lệ hộ nghèo", "poverty_rate", "=", 3, "%", "2023-12-31")])
            + _plan_rows("kh-2024.docx", "09/KH-UBND", (2024, 2024), [
                ("Tỷ lệ hồ sơ giải quyết quá hạn", "overdue_rate", "<=", 2, "%", "2024-12-31"),
                ("Chỉ số cải cách hành chính của huyện thuộc nhóm dẫn đầu tỉnh", "par_index", "<=", 20, "rank", "2024-12-31"),
                ("Tỷ lệ hộ nghèo", "poverty_rate", "=", 2.5, "%", "2024-12-31")]))
    long = compare_targets(pd.DataFrame(rows))
    overdue = _by_indicator(long, "quá hạn")
    assert (overdue[2024]["change"], overdue[2024]["movement"], overdue[2024]["direction"]) == ("stricter", "lowered", "lower")
    rank = _by_indicator(long, "nhóm dẫn đầu")
    assert rank[2024]["change"] == "looser"  # top 20 asks less than top 15
    # "=" says nothing of the direction: the taxonomy's (poverty: lower is better) does
    assert _by_indicator(long, "hộ nghèo")[2024]["change"] == "stricter"
    wide = pivot(long)
    assert wide[wide["indicator_code"] == "par_index"].iloc[0]["2024"] == "≤ hạng 20 ↑ looser"


def test_a_direction_nobody_states_is_a_change_not_a_verdict():
    rows = (_plan_rows("a.txt", None, (2022, 2022), [("Số trụ sở xã được xây mới", None, "=", 12, "trụ sở", None)])
            + _plan_rows("b.txt", None, (2023, 2023), [("Số trụ sở xã được xây mới", None, "=", 10, "trụ sở", None)]))
    row = _by_indicator(compare_targets(pd.DataFrame(rows)), "trụ sở")[2023]
    assert (row["change"], row["movement"], row["source"]) == ("changed", "lowered", "b.txt")


def test_a_change_against_a_baseline_year_reads_as_such():
    rows = (_plan_rows("kh-2022.txt", "5/KH-UBND", (2022, 2022), [
                ("Số thủ tục hành chính", "administrative_procedures", ">=", 10, "%", "2022-12-31", "decrease", 2018)])
            + _plan_rows("kh-2023.txt", "7/KH-UBND", (2023, 2023), [
                ("Số thủ tục hành chính", "administrative_procedures", ">=", 15, "%", "2023-12-31", "decrease", 2018)])
            + _plan_rows("kh-2024.txt", "8/KH-UBND", (2024, 2024), [
                ("Số thủ tục hành chính", "administrative_procedures", ">=", 5, "%", "2024-12-31", "decrease", 2023)]))
    long = compare_targets(pd.DataFrame(rows))
    cut = _by_indicator(long, "thủ tục")
    assert cut[2023]["change"] == "stricter"  # a bigger cut against the same year asks more
    assert cut[2024]["change"] == "changed"  # against another year: not comparable as a number
    wide = pivot(long)
    assert wide.iloc[0]["2022"] == "giảm ≥ 10% so với 2018"
    assert wide.iloc[0]["2023"] == "giảm ≥ 15% so với 2018 ↑ stricter"


def test_years_inside_one_multi_year_plan_are_not_dropped():
    five_year = _plan_rows("ct-2021-2025.docx", "08-CTr/TU", (2021, 2025), [
        ("Tỷ lệ dịch vụ công trực tuyến toàn trình", "online_service_rate", ">=", 50, "%", "2023-12-31"),
        ("Tỷ lệ dịch vụ công trực tuyến toàn trình", "online_service_rate", ">=", 80, "%", "2025-12-31"),
        ("Tỷ lệ hồ sơ được số hóa", "digital_transformation", ">=", 60, "%", "2023-12-31")])
    yearly = _plan_rows("kh-2024.docx", "30/KH-UBND", (2024, 2024), [
        ("Tỷ lệ hồ sơ giải quyết đúng hạn", "ontime_rate", ">=", 98, "%", "2024-12-31")])
    long = compare_targets(pd.DataFrame(five_year + yearly))
    digital = _by_indicator(long, "số hóa")
    assert [digital[y]["change"] for y in (2023, 2024, 2025)] == ["", "continues", "continues"]
    assert digital[2025]["source"] == "08-CTr/TU" and pd.isna(digital[2025]["value"])
    online = _by_indicator(long, "toàn trình")
    assert [online[y]["change"] for y in (2023, 2024, 2025)] == ["", "continues", "stricter"]
    # the yearly plan's target was not set before 2024, and no plan holds it in 2025
    ontime = _by_indicator(long, "đúng hạn")
    assert (ontime[2024]["change"], ontime[2025]["change"]) == ("new", "dropped")
    assert "dropped" not in set(long[long["indicator_code"] != "ontime_rate"]["change"])


def test_missing_values_read_from_a_store_compare_as_equal():
    # a store gives NaN (not None) for a column that is empty in every row: still "unchanged"
    rows = (_plan_rows("a.txt", None, (2022, 2022), [("Số lần kiểm tra mỗi quý", "inspections", ">=", 1, "lần/quý", None)])
            + _plan_rows("b.txt", None, (2023, 2023), [("Số lần kiểm tra mỗi quý", "inspections", ">=", 1, "lần/quý", None)]))
    df = pd.DataFrame(rows)
    df["change"] = float("nan")
    df["baseline_year"] = float("nan")
    assert _by_indicator(compare_targets(df), "kiểm tra")[2023]["change"] == "unchanged"


def test_the_issuer_followed_over_most_years_comes_first():
    from pipeline.compare import issuers_by_years

    rows = (_plan_rows("a.txt", None, (2024, 2024), [("Tỷ lệ hài lòng", "satisfaction_rate", ">=", 90, "%", None)],
                       issuer="Ủy ban nhân dân huyện An Lão")
            + _plan_rows("b.txt", None, (2022, 2022), [("Tỷ lệ hài lòng", "satisfaction_rate", ">=", 85, "%", None)])
            + _plan_rows("c.txt", None, (2023, 2023), [("Tỷ lệ hài lòng", "satisfaction_rate", ">=", 88, "%", None)]))
    assert issuers_by_years(pd.DataFrame(rows)) == ["UBND huyện Đức Trọng", "Ủy ban nhân dân huyện An Lão"]
