"""The pipeline composes end to end on a Vietnamese text file."""

from pipeline.analyse import extract


def test_extract_returns_document_record_first(tmp_path):
    f = tmp_path / "kh.txt"
    f.write_text("KẾ HOẠCH\nCải cách hành chính năm 2024 của Ủy ban nhân dân huyện Đông Anh\n", encoding="utf-8")
    recs = extract(f)
    assert recs[0]["kind"] == "document"
    assert recs[0]["doc"] == "kh.txt"
