"""Property tests: on random and mangled Vietnamese text every registered extractor runs without
raising, every span lies inside the text, and every record's quote is the raw text at its span."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import extractors
from pipeline.analyse import analyse, extract
from pipeline.document import Document

# Fragments written for these tests: the pieces plans are made of, to be shuffled and mangled.
FRAGMENTS = [
    "I. MỤC TIÊU", "II. NHIỆM VỤ", "1.", "2.1.", "a)", "- ", "+ ", "; ", ". ", ": ", "\n", "\n\n", "(", ")",
    "Tỷ lệ hồ sơ giải quyết đúng hạn", "tối thiểu", "ít nhất", "từ", "trở lên", "không quá", "dưới", "trên",
    "tăng", "giảm", "so với năm 2019", "xuống còn", "đạt", "phấn đấu", "bảo đảm", "thuộc nhóm", "top",
    "dẫn đầu", "98%", "30% - 40%", "100 %", "1.000", "1,5 triệu", "05", "01 (một)", "10 (mười) ngày",
    "hai mươi lăm", "một trăm phần trăm", "công chức", "trụ sở", "đơn vị/quý", "xã", "phường",
    "Nghị định số 61/2018/NĐ-CP", "ngày 30/6/2021", "quý II", "cuối năm 2024", "Đến năm 2025",
    "giai đoạn 2021-2025", "hàng tháng", "Sở Y tế", "chủ trì, phối hợp với", "Ủy ban nhân dân huyện",
    "UBND", "(trừ lĩnh vực đất đai)", "đã", "khi", "mỗi năm", "đào tạo", "đầu tư", "Điều 3", "khoản 2",
    " | ", "≥ 95%", "xếp thứ 12/63", "mười lăm (15) ngày", "không quá", "ngày làm việc", "trong đó", "chiếm",
    "Năm 2018,", "Tuy nhiên, vẫn còn", "phấn đấu:\n- ", "KINH PHÍ", "nhóm 5 tỉnh dẫn đầu", "7,5%/năm",
]
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựíìỉĩịúùủũụýỳỷỹỵ" \
           "AĂÂĐÊÔƠƯ0123456789 %.,;:-–/()\n\t\u00a0\u200b\r"

pieces = st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=ALPHABET, max_size=12))


@st.composite
def vietnamese_text(draw):
    parts = draw(st.lists(pieces, max_size=40))
    glue = draw(st.sampled_from([" ", "", "\n", "  "]))
    text = glue.join(parts)
    if draw(st.booleans()) and text:  # mangle: drop or double a random slice
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 8)))
        text = text[:i] + (text[i:j] * 2 if draw(st.booleans()) else "") + text[j:]
    return text


def _doc(text: str) -> Document:
    return Document(path="random.txt", raw_text=text, format="txt", doc_id="prop")


COMMON = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _run(text: str):
    """Every registered extractor over a text, as the pipeline runs them."""
    ctx = analyse(_doc(text)).context()
    extractors.run(ctx)
    return ctx


@COMMON
@given(vietnamese_text())
def test_every_extractor_runs_and_spans_lie_in_the_clean_text(text):
    ctx = _run(text)
    n = len(ctx.text)
    for name in extractors.ORDER:
        for fact in ctx.results[name]:
            assert 0 <= fact.start <= fact.end <= n, (name, fact)


@COMMON
@given(vietnamese_text(), st.sampled_from(["ke_hoach", "bao_cao", None]), st.sampled_from([(2021, 2021), (2016, 2020), (None, None)]))
def test_records_quote_the_raw_text_at_their_span(text, doc_type, period):
    analysis = analyse(_doc(text))
    analysis.meta.doc_type = doc_type
    analysis.meta.period_start, analysis.meta.period_end = period
    for rec in extract(analysis):
        if rec["kind"] == "document":
            continue
        cs, ce = rec["char_start"], rec["char_end"]
        assert 0 <= cs <= ce <= len(text)
        assert rec["quote"] == text[cs:ce]


@COMMON
@given(vietnamese_text())
def test_target_values_are_numbers_the_text_holds(text):
    ctx = _run(text)
    for t in ctx.results["targets"]:
        assert t.unit
        assert t.comparator in {"=", ">=", ">", "<=", "<", "range"}
        assert (t.value_max is None) == (t.comparator != "range")
        assert t.start < t.end


@COMMON
@given(vietnamese_text())
def test_numbers_are_ordered_disjoint_spans_of_the_text(text):
    from extractors.numbers import find_numbers

    last_end = 0
    for n in find_numbers(text):
        assert last_end <= n.start < n.end <= len(text)
        assert text[n.start:n.end] == n.raw
        assert n.value_max is None or n.value_max > n.value
        last_end = n.end
