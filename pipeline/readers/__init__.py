"""Readers: one module per format, each `read(path, data) -> Document`; `read(path)` dispatches."""

from __future__ import annotations

from pathlib import Path

from pipeline.document import Document, content_hash
from pipeline.errors import DocumentError, EmptyDocument, TooLarge, UnsupportedFormat

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused before they are read

SUFFIXES = {".txt": "txt", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html",
            ".doc": "office", ".rtf": "office", ".odt": "office",  # through LibreOffice, then the .docx reader
            ".docm": "package", ".dotx": "package"}  # .docx packages with another main part


def read(path: str | Path) -> Document:
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise UnsupportedFormat(path, f"unsupported file type '{path.suffix or '(none)'}'; chitieu reads {', '.join(sorted(SUFFIXES))}")
    try:
        st = path.stat()
    except OSError as e:
        raise DocumentError(path, f"cannot open file ({e.strerror})") from None
    size = st.st_size
    if size > MAX_BYTES:
        raise TooLarge(path, f"file is {size / 1e6:.0f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB")
    if size == 0:
        raise EmptyDocument(path, "file is empty")
    # An OSError while reading (a share dropping, a folder named like a document) is left to the caller:
    # the ingestion flow retries it as a passing failure, which a DocumentError never is.
    data = path.read_bytes()
    doc = _reader(fmt)(path, data)
    if not doc.raw_text.strip():
        raise EmptyDocument(path, "no text in the document")
    return doc


def _reader(fmt: str):
    """The format's `read(path, data)`, imported when first needed (pdfium, LibreOffice glue, ... cost at import)."""
    if fmt == "txt":
        from pipeline.readers import txt

        return txt.read
    if fmt == "docx":
        from pipeline.readers import docx

        return docx.read
    if fmt == "pdf":
        from pipeline.readers import pdf

        return pdf.read
    if fmt in ("office", "package"):
        from pipeline.readers import office

        return office.read_converted if fmt == "office" else office.read_package
    from pipeline.readers import html

    return html.read


__all__ = ["read", "Document", "content_hash"]
