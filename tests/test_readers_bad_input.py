"""Bad input: each file gets a project error naming the file and the reason; nothing hangs, memory stays small."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import (CorruptFile, DocumentError, EmptyDocument, EncryptedFile, EncryptedPDF, NotText,
                             ScannedPDF, TooLarge, UnsupportedFormat)
from pipeline.readers import read

FIX = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[1]

CASES = [
    ("empty.txt", EmptyDocument, "file is empty"),
    ("text_named.pdf", CorruptFile, "not a PDF"),
    ("encrypted.pdf", EncryptedPDF, "encrypted PDF"),
    # OCR finds nothing on it; without an OCR engine it needs OCR: one line either way
    ("blank_scan.pdf", (EmptyDocument, ScannedPDF), "scanned PDF with"),
    ("truncated.docx", CorruptFile, "truncated or damaged .docx"),
    ("notes.wps", UnsupportedFormat, "unsupported file type '.wps'"),
    ("protected.doc", EncryptedFile, "password-protected .doc file"),
    ("binary_named.txt", NotText, "binary content, not a text file"),
]


@pytest.mark.parametrize("name, error, reason", CASES)
def test_bad_file_raises_a_project_error_naming_file_and_reason(name, error, reason):
    with pytest.raises(error) as err:
        read(FIX / name)
    message = str(err.value)
    assert message.startswith(str(FIX / name) + ": ")
    assert reason in message
    assert "\n" not in message


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html"])
def test_empty_file_of_any_format_is_empty(tmp_path, suffix):
    f = tmp_path / f"rong{suffix}"
    f.touch()
    with pytest.raises(EmptyDocument, match="rong"):
        read(f)


def test_50_mb_file_is_refused_before_it_is_read(tmp_path):
    f = tmp_path / "lon.pdf"
    with open(f, "wb") as fh:
        fh.truncate(52 * 1024 * 1024)  # sparse: costs no disk and no time
    with pytest.raises(TooLarge) as err:
        read(f)
    assert "lon.pdf" in str(err.value) and "limit is 50 MB" in str(err.value)


def test_docx_without_text_is_empty_not_broken(tmp_path):
    import docx

    f = tmp_path / "trang.docx"
    docx.Document().save(f)
    with pytest.raises(EmptyDocument, match="no text"):
        read(f)


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_cli_prints_one_error_line_and_exits_2(name):
    result = CliRunner().invoke(app, ["text", str(FIX / name), "--raw"])
    assert result.exit_code == 2
    out = result.output.strip()  # click mixes stderr into output
    assert out.count("\n") == 0 and out.startswith("error: ") and name in out
    assert "Traceback" not in out


def test_cli_in_a_real_process_prints_raw_text_and_one_line_errors():
    ok = subprocess.run([sys.executable, "-m", "pipeline.cli", "text", str(FIX / "plan_numbering.docx"), "--raw"],
                        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0 and "2.1. Về chính quyền số" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "pipeline.cli", "text", str(FIX / "encrypted.pdf"), "--raw"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "encrypted.pdf: encrypted PDF" in bad.stderr
    assert bad.stdout == ""


def test_every_reader_error_is_a_document_error():
    for _, error, _ in CASES:
        assert all(issubclass(e, DocumentError) for e in (error if isinstance(error, tuple) else (error,)))


def test_missing_file_is_a_document_error_but_a_read_failure_stays_an_os_error(tmp_path):
    with pytest.raises(DocumentError, match="khong-co.txt: cannot open file"):
        read(tmp_path / "khong-co.txt")
    (tmp_path / "thu-muc.docx").mkdir()
    with pytest.raises(OSError):  # the ingestion flow retries these
        read(tmp_path / "thu-muc.docx")
