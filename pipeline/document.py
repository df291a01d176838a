"""The one document model every reader produces and everything downstream consumes."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from pathlib import Path


# How every reader writes a table row into the raw text: its cells joined by this (one row per line).
CELL_SEPARATOR = " | "


@dataclass
class Table:
    """A table kept as rows of cell texts, with where it sits in the raw text."""

    rows: list[list[str]]
    char_start: int
    char_end: int


@dataclass
class Document:
    """A read file: its raw text and what the reader knew about its layout.

    `raw_text` is the reference every span indexes: for .txt the decoded content (BOM removed),
    for other formats the text `chitieu text FILE --raw` prints.
    """

    path: str
    raw_text: str
    format: str  # "txt" | "docx" | "pdf" | "html" | "doc" | "rtf" | "odt" | "docm" | "dotx"
    doc_id: str  # sha256 of the file's bytes
    page_starts: list[int] = field(default_factory=list)  # raw offset where page i+1 begins (PDF)
    tables: list[Table] = field(default_factory=list)
    encoding: str | None = None  # for .txt: the encoding found (utf-8, utf-16, cp1258, tcvn3, vni)
    # PDF pages read by OCR (1-based) → Tesseract's mean word confidence on the page (0-100; None: no word found)
    ocr_pages: dict[int, float | None] = field(default_factory=dict)

    @property
    def ocr(self) -> bool:
        return bool(self.ocr_pages)

    @property
    def ocr_confidence(self) -> float | None:
        """Mean word confidence over the OCR'd pages that gave words (0-100), None when nothing was OCR'd."""
        confs = [c for c in self.ocr_pages.values() if c is not None]
        return round(sum(confs) / len(confs), 1) if confs else None

    def ocr_at(self, offset: int) -> bool:
        """Whether raw offset `offset` lies on a page that was read by OCR."""
        return bool(self.ocr_pages) and self.page_at(offset) in self.ocr_pages

    @property
    def name(self) -> str:
        """The file's name: the `doc` field of every output record."""
        return Path(self.path).name

    def page_at(self, offset: int) -> int | None:
        """1-based page holding raw offset `offset`, or None for formats without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
