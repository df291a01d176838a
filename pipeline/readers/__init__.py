"""Readers: one module per format, each `read(path, data) -> Document`; `read(path)` dispatches."""

from __future__ import annotations

from pathlib import Path

from pipeline.document import Document, content_hash
from pipeline.errors import DocumentError, EmptyDocument, TooLarge, UnsupportedFormat

SUFFIXES = {".txt": "txt", ".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html",
            ".doc": "office", ".rtf": "office", ".odt": "office",  # through LibreOffice, then the .docx reader
            ".docm": "package", ".dotx": "package"}  # .docx packages with another main part

# Larger files are refused before they are read (and an ingest does not hash or copy them in full).
# A 500-page plan is ~2 MB of text, a few MB as .docx, some 10 MB as a PDF with pictures.
MB = 1024 * 1024
MAX_BYTES_BY_FORMAT = {"txt": 20 * MB, "html": 20 * MB, "docx": 50 * MB, "pdf": 50 * MB, "office": 50 * MB,
                       "package": 50 * MB}
MAX_BYTES = max(MAX_BYTES_BY_FORMAT.values())


def max_bytes(path: str | Path) -> int:
    """The largest file chitieu reads for this file's format (the overall largest for other names)."""
    return MAX_BYTES_BY_FORMAT.get(SUFFIXES.get(Path(path).suffix.lower(), ""), MAX_BYTES)


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
    limit = MAX_BYTES_BY_FORMAT[fmt]
    if size > limit:
        raise TooLarge(path, f"file is {size / 1e6:,.0f} MB; the limit is {limit // MB} MB for {path.suffix.lower()} files")
    if size == 0:
        raise EmptyDocument(path, "file is empty")
    # An OSError while reading (a share dropping, a folder named like a document) is left to the caller:
    # the ingestion flow retries it as a passing failure, which a DocumentError never is.
    data = _read_capped(path, size, limit)
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


def _read_capped(path: Path, size: int, limit: int) -> bytes:
    """The file's bytes, at most `limit` of them even when it grows after stat() (a log being written)."""
    with open(path, "rb") as f:
        chunks = [f.read(size + 1)]  # read(n) reserves n bytes: ask for what stat() said, not the limit
        total = len(chunks[0])
        while total > size:
            chunk = f.read(MB)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise TooLarge(path, f"file grew past the limit of {limit // MB} MB for "
                                     f"{path.suffix.lower()} files while being read")
            chunks.append(chunk)
    return b"".join(chunks) if len(chunks) > 1 else chunks[0]


__all__ = ["read", "Document", "content_hash"]
