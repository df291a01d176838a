"""chitieu in spaCy: a tokenizer that splits Vietnamese punctuation right, and facts as spans."""

from pipeline.spacy_doc import blank, load


def test_tokenizer_splits_punctuation_but_keeps_dates_numbers_and_document_numbers():
    doc = blank()("Sở TT&TT chủ trì, hoàn thành trước ngày 30/6/2021. Đào tạo 1.000 người; Số: 112/QĐ-UBND")
    words = [t.text for t in doc]
    assert "trì" in words and "," in words and "trì," not in words
    assert "30/6/2021" in words and "." in words
    assert "1.000" in words and "TT&TT" in words and "112/QĐ-UBND" in words


def test_tokenizer_keeps_the_text_exactly_even_with_line_breaks_and_runs_of_spaces():
    text = "KẾ HOẠCH\n\n1.  Mục tiêu:\ttỷ lệ đạt  95%\n"
    assert blank()(text).text == text


def test_facts_become_spans_with_their_records():
    text = ("KẾ HOẠCH\nPhát triển giáo dục mầm non huyện Mộc Châu năm 2024\n"
            "II. CHỈ TIÊU\n1. Tỷ lệ trẻ em 5 tuổi đến lớp đạt từ 99% trở lên.\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Phòng Giáo dục và Đào tạo chủ trì, phối hợp với Trung tâm Y tế huyện "
            "tổ chức khám sức khỏe cho trẻ, hoàn thành trước ngày 30/9/2024.\n")
    doc = load()(text)
    targets = list(doc.spans["targets"])
    assert any(s._.fact["value"] == 99 and s._.fact["comparator"] == ">=" for s in targets)
    span = next(s for s in targets if s._.fact["value"] == 99)
    assert "99%" in span.text
    agencies = {s._.fact["agency"]: s._.fact["role"] for s in doc.spans["agencies"]}
    assert agencies.get("Phòng Giáo dục và Đào tạo") == "lead"
    assert agencies.get("Trung tâm Y tế huyện") == "cooperate"
    assert any(s._.fact["date"] == "2024-09-30" for s in doc.spans["deadlines"])
