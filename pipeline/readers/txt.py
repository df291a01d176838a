"""Plain text reader (placeholder: UTF-8 only)."""

from __future__ import annotations

from pathlib import Path

from pipeline.document import Document, content_hash


def read(path: Path, data: bytes) -> Document:
    text = data.decode("utf-8-sig")
    return Document(str(path), text, "txt", content_hash(data), encoding="utf-8")
