"""Word files other than .docx: .doc, .rtf, .odt through LibreOffice, .docm and .dotx as packages — same facts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from pipeline.analyse import extract
from pipeline.errors import ConversionFailed, CorruptFile, DocumentError, EncryptedFile
from pipeline.readers import read

FIX = Path(__file__).parent / "fixtures"
# what depends on the file itself, not on what it says
FILE_FIELDS = {"doc", "doc_id", "format", "target_id", "assignment_id", "deadline_id"}


def _facts(path: Path) -> list[dict]:
    return [{k: v for k, v in r.items() if k not in FILE_FIELDS} for r in extract(path)]


@pytest.fixture(scope="module")
def docx_facts(office_copies):
    return _facts(office_copies["docx"])


@pytest.mark.parametrize("fmt", ["doc", "rtf", "odt", "docm", "dotx"])
def test_the_same_document_gives_the_same_facts_in_every_word_format(office_copies, docx_facts, fmt):
    doc = read(office_copies[fmt])
    assert doc.format == fmt and doc.raw_text == read(office_copies["docx"]).raw_text
    assert _facts(office_copies[fmt]) == docx_facts
    kinds = {r["kind"] for r in docx_facts}
    assert {"target", "deadline", "assignment"} <= kinds


def test_a_converted_file_is_identified_by_its_own_bytes(office_copies):
    a, b = read(office_copies["doc"]), read(office_copies["docx"])
    assert a.doc_id != b.doc_id and a.name.endswith(".doc")


def test_numbering_and_tables_come_through_the_conversion(office_copies):
    doc = read(office_copies["doc"])
    assert doc.tables and any(" | " in line for line in doc.raw_text.splitlines())
    assert any(line.startswith(("1. ", "I. ")) for line in doc.raw_text.splitlines())


# ---------------------------------------------------------------- bad input: one line naming file and reason

def test_a_password_protected_doc_is_refused_before_libreoffice_is_asked(monkeypatch):
    monkeypatch.setenv("CHITIEU_SOFFICE", "/nonexistent/soffice")  # would be a different error if it were asked
    with pytest.raises(EncryptedFile) as err:
        read(FIX / "protected.doc")
    assert str(err.value) == f"{FIX / 'protected.doc'}: password-protected .doc file: it needs a password to open"


def test_a_truncated_doc_is_damaged(office_copies, tmp_path):
    cut = tmp_path / "hong.doc"
    data = office_copies["doc"].read_bytes()
    cut.write_bytes(data[: len(data) // 3])
    with pytest.raises(CorruptFile) as err:
        read(cut)
    assert str(err.value).startswith(f"{cut}: damaged .doc file") and "\n" not in str(err.value)


def test_a_file_that_is_no_word_document_is_not_handed_to_libreoffice(tmp_path):
    fake = tmp_path / "anh.doc"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(CorruptFile, match="anh.doc: not a Word .doc file"):
        read(fake)
    odt = tmp_path / "ban.odt"
    odt.write_text("Kế hoạch", encoding="utf-8")
    with pytest.raises(CorruptFile, match="not an OpenDocument file"):
        read(odt)


def test_a_conversion_past_the_time_limit_is_stopped(office_copies, monkeypatch):
    monkeypatch.setenv("CHITIEU_LIBREOFFICE_TIMEOUT", "0.2")
    with pytest.raises(ConversionFailed) as err:
        read(office_copies["rtf"])
    assert "LibreOffice did not finish converting it within 0.2 s" in str(err.value)
    assert str(err.value).startswith(str(office_copies["rtf"]))


def test_without_libreoffice_a_doc_is_one_clear_error(office_copies, monkeypatch):
    monkeypatch.setenv("CHITIEU_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(ConversionFailed) as err:
        read(office_copies["doc"])
    assert "cannot read .doc files here: LibreOffice is not installed" in str(err.value)


def test_a_batch_with_bad_word_files_goes_on(office_copies, tmp_path):
    import shutil

    for name in ("protected.doc",):
        shutil.copy(FIX / name, tmp_path / name)
    data = office_copies["doc"].read_bytes()
    (tmp_path / "hong.doc").write_bytes(data[: len(data) // 3])
    shutil.copy(office_copies["rtf"], tmp_path / "ke-hoach.rtf")
    (tmp_path / "trang.pdf").write_bytes((FIX / "blank_scan.pdf").read_bytes())
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    errors = sorted(l for l in done.stderr.splitlines() if l.strip())
    assert len(errors) == 3, errors
    assert "hong.doc: damaged .doc file" in errors[0]
    assert "protected.doc: password-protected .doc file" in errors[1]
    assert "trang.pdf: scanned PDF" in errors[2]
    assert '"doc": "ke-hoach.rtf"' in done.stdout and '"kind": "target"' in done.stdout


def test_every_new_error_is_a_document_error():
    assert issubclass(EncryptedFile, DocumentError) and issubclass(ConversionFailed, DocumentError)


def test_an_rtf_file_once_refused_is_now_read(office_copies):
    doc = read(FIX / "notes.rtf")
    assert doc.format == "rtf" and doc.raw_text == "Ke hoach"
