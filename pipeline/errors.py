"""Errors an analyst can read: each names the file and what is wrong with it."""

from __future__ import annotations

from pathlib import Path


class DocumentError(Exception):
    """A file chitieu cannot read. `str(err)` is one line: `<file>: <reason>`."""

    code = "unreadable"

    def __init__(self, path: str | Path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFormat(DocumentError):
    code = "unsupported_format"


class EmptyDocument(DocumentError):
    code = "empty"


class CorruptFile(DocumentError):
    code = "corrupt"


class EncryptedPDF(DocumentError):
    code = "encrypted"


class EncryptedFile(DocumentError):
    """A password-protected word-processor file (.doc, .odt, an encrypted Office package)."""

    code = "encrypted"


class ConversionFailed(DocumentError):
    """LibreOffice, which converts .doc/.rtf/.odt, is missing, timed out, or could not convert the file."""

    code = "conversion_failed"


class ScannedPDF(DocumentError):
    """A PDF with no text layer: it needs OCR, it is not an empty document."""

    code = "scanned_needs_ocr"


class TooLarge(DocumentError):
    code = "too_large"


class NotText(DocumentError):
    """Binary content in a file that claims to be text."""

    code = "not_text"


class ZipBomb(DocumentError):
    """An archive (.docx) whose directory says it would inflate far beyond any real document."""

    code = "zip_bomb"
