"""The pipeline for one file: read → normalise → segment → metadata → extractors → records."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import extractors
from extractors.base import Context
from pipeline.document import Document
from pipeline.metadata import extract_metadata
from pipeline.metadata_model import DocumentMeta
from pipeline.normalise import normalise
from pipeline.readers import read
from pipeline.sections import Section
from pipeline.segment import segment
from pipeline.textmap import CleanText


@dataclass
class Analysis:
    document: Document
    clean: CleanText
    root: Section
    meta: DocumentMeta

    def context(self) -> Context:
        return Context(self.document, self.clean, self.root, self.meta)


def analyse(source: str | Path | Document) -> Analysis:
    doc = source if isinstance(source, Document) else read(source)
    clean = normalise(doc.raw_text)
    root = segment(clean)
    meta = extract_metadata(doc, clean, root)
    return Analysis(doc, clean, root, meta)


class _NoTrace(dict):
    """A context's `candidates` when nobody reads the trace: each extractor's candidates are let go
    as soon as it returns, instead of being kept while the next extractors run."""

    def __setitem__(self, key, value) -> None:
        pass


def run(source: str | Path | Document | Analysis, names: tuple[str, ...] | None = None,
        models: dict | None = None, trace: bool = True) -> tuple[Analysis, Context]:
    """Analyse a document and run the extractors; the context keeps every candidate they scored (the
    trace), unless `trace` is False."""
    analysis = source if isinstance(source, Analysis) else analyse(source)
    ctx = analysis.context()
    ctx.models = models
    if not trace:
        ctx.candidates = _NoTrace()
    extractors.run(ctx, names)
    return analysis, ctx


def extract(source: str | Path | Document | Analysis, names: tuple[str, ...] | None = None):
    """All records of one document: the document record first, then deadlines, assignments, targets (a text
    over `pipeline.windows.WINDOW_THRESHOLD` characters: window by window; `iter_records` yields them one at a
    time)."""
    return list(iter_records(source, names))


def iter_records(source: str | Path | Document | Analysis, names: tuple[str, ...] | None = None):
    """The records of one document one at a time (`pipeline.windows.iter_records`)."""
    from pipeline.windows import iter_records as records

    return records(source, names)
