"""Document metadata (placeholder)."""

from __future__ import annotations

from pipeline.document import Document
from pipeline.metadata_model import DocumentMeta
from pipeline.sections import Section
from pipeline.textmap import CleanText


def extract_metadata(doc: Document, clean: CleanText, root: Section) -> DocumentMeta:
    return DocumentMeta()
