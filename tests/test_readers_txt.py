"""The .txt reader: every encoding a Vietnamese office produces, legacy TCVN3/VNI fonts converted, nothing misfires."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipeline.errors import NotText
from pipeline.readers import legacy, read
from tests.fixtures.make_fixtures import TXT

FIX = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    "name, encoding",
    [
        ("txt_utf8.txt", "utf-8"),
        ("txt_utf8_bom.txt", "utf-8"),
        ("txt_utf16le_bom.txt", "utf-16"),
        ("txt_utf16be_bom.txt", "utf-16"),
        ("txt_utf16le_nobom.txt", "utf-16"),
    ],
)
def test_unicode_files_decode_to_the_same_text_without_bom(name, encoding):
    doc = read(FIX / name)
    assert doc.encoding == encoding
    assert doc.raw_text == TXT  # BOM removed, nothing else changed
    assert doc.format == "txt"


def test_windows_1258_keeps_its_decomposed_tones_and_crlf():
    doc = read(FIX / "txt_cp1258.txt")
    assert doc.encoding == "cp1258"
    assert "\r\n" in doc.raw_text  # the raw text is the decoded content, unchanged
    assert unicodedata.normalize("NFC", doc.raw_text) == TXT.replace("\n", "\r\n")
    assert "Sở Y tế chủ trì" in unicodedata.normalize("NFC", doc.raw_text)


def test_vni_is_converted_exactly():
    doc = read(FIX / "txt_vni.txt")
    assert doc.encoding == "vni"
    assert doc.raw_text == TXT


@pytest.mark.parametrize("name", ["txt_tcvn3.txt", "txt_tcvn3_as_utf8.txt"])
def test_tcvn3_bytes_or_pasted_into_utf8_are_converted(name):
    doc = read(FIX / name)
    assert doc.encoding == "tcvn3"
    text = doc.raw_text
    assert "Cộng hoà xã hội chủ nghĩa Việt Nam" in text
    assert "Sở Y tế chủ trì, phối hợp với" in text
    assert "Độc lập - Tự do - Hạnh phúc; ưu tiên đầu tư" in text
    # headings typed in the capital font (.VnTimeH) come out as capitals
    assert text.startswith("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ\nSố: 27/KH-UBND\n")
    assert "\nKẾ HOẠCH\n" in text and "\nI. MỤC TIÊU\n" in text


def test_legacy_example_strings_from_the_tables():
    assert legacy.convert("Céng hoµ x· héi chñ nghÜa ViÖt Nam", legacy.tcvn3()) == "Cộng hoà xã hội chủ nghĩa Việt Nam"
    assert legacy.convert("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", legacy.vni()) == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert legacy.convert("ÑAÛM BAÛO NGUOÀN LÖÏC", legacy.vni()) == "ĐẢM BẢO NGUỒN LỰC"


def test_one_legacy_looking_word_does_not_convert_a_unicode_document(tmp_path):
    f = tmp_path / "mixed.txt"
    f.write_text("Kế hoạch của Sở Giáo dục tỉnh Yên Bái năm 2015 có nhắc tên tệp cũ Céng.doc trong phụ lục.\n",
                 encoding="utf-8")
    doc = read(f)
    assert doc.encoding == "utf-8"
    assert "Céng.doc" in doc.raw_text


def test_plain_ascii_and_western_text_are_left_alone(tmp_path):
    assert read(FIX / "txt_ascii.txt").encoding == "utf-8"
    f = tmp_path / "fr.txt"
    f.write_bytes("Le café du coin est déjà fermé à côté de l'hôtel.\n".encode("cp1252"))
    doc = read(f)
    assert doc.encoding == "cp1258"
    assert doc.raw_text == "Le café du coin est déjà fermé à côté de l'hôtel.\n"


def test_unicode_vietnamese_is_never_taken_for_legacy():
    assert legacy.detect(TXT) is None
    assert legacy.detect(unicodedata.normalize("NFD", TXT)) is None


@pytest.mark.parametrize("name, what", [("binary_named.txt", "binary content"), ("png_named.txt", "PNG image")])
def test_binary_file_named_txt_is_refused(name, what):
    with pytest.raises(NotText) as err:
        read(FIX / name)
    assert name in str(err.value) and what in str(err.value)


def test_utf8_with_one_damaged_byte_stays_utf8(tmp_path):
    f = tmp_path / "hong.txt"
    f.write_bytes("Đến năm 2020, 100% xã đạt chuẩn tiếp cận pháp luật ".encode("utf-8") + b"\xff"
                  + " theo Quyết định của tỉnh Tuyên Quang.\n".encode("utf-8"))
    doc = read(f)
    assert doc.encoding == "utf-8"
    assert doc.raw_text.startswith("Đến năm 2020, 100% xã đạt chuẩn") and "\ufffd" in doc.raw_text
