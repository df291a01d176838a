"""Property tests: for any (mangled) Vietnamese text the offset map stays monotonic and inside the raw text."""

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalise import normalise

WORDS = ["phần", "mềm", "quản", "lý", "hòa", "hoà", "thuỷ", "ủy", "ban", "nhân", "dân", "tỉnh", "Hải", "Dương",
         "chỉ", "tiêu", "năm", "2021", "20162020", "giai", "đoạn", "I.", "1.", "a)", "đ)", "Điều", "-", "4",
         "ph", "ần", "c", "ấp", "huy", "ện", "Tải bản đầy đủ", "ADSENSE", "lượt xem", "12", "%", "KẾ", "HOẠCH"]
SEPARATORS = [" ", "  ", "\n", "\n\n", "\t", "\u00a0", "\r\n", "\u200b", " - 3 ", "\n- 7 "]


def mangle(s: str) -> str:
    return unicodedata.normalize("NFD", s)


token = st.sampled_from(WORDS)
sep = st.sampled_from(SEPARATORS)
mangled_text = st.lists(st.tuples(token, sep, st.booleans()), max_size=60).map(
    lambda parts: "".join((mangle(w) if nfd else w) + s for w, s, nfd in parts))
any_text = st.one_of(mangled_text, st.text(max_size=200))


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_offset_map_is_monotonic_and_inside_the_raw_text(raw):
    c = normalise(raw)
    assert len(c.to_raw) == len(c.text) + 1
    assert c.to_raw[-1] == len(raw)
    assert all(0 <= a <= b <= len(raw) for a, b in zip(c.to_raw, c.to_raw[1:]))
    assert all(s <= e <= len(raw) for s, e in zip(c.to_raw, c.raw_ends))
    for i in range(0, len(c.text), 7):
        for j in (i, i + 1, i + 13):
            j = min(j, len(c.text))
            rs, re_ = c.raw_span(i, j)
            assert 0 <= rs <= re_ <= len(raw)


@settings(max_examples=200, deadline=None)
@given(mangled_text)
def test_clean_text_is_nfc_with_no_double_spaces(raw):
    text = normalise(raw).text
    assert unicodedata.is_normalized("NFC", text)
    assert "  " not in text and "\t" not in text and "\n\n\n" not in text


clean_words = st.sampled_from(["Sở", "Y", "tế", "tỉnh", "Bình", "Định", "hòa", "thủy", "chỉ", "tiêu",
                               "100%", "năm", "2020", "quý", "II", "KẾ", "HOẠCH", "Điều", "3."])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(clean_words, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=8))
def test_text_with_no_issues_passes_through_unchanged(lines):
    text = "\n".join(lines)
    decomposed = unicodedata.normalize("NFD", text)
    assert normalise(text).text == text
    assert normalise(decomposed).text == text
