"""The context every extractor receives, and the registry that composes them by name."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from pipeline.document import Document
from pipeline.metadata_model import DocumentMeta
from pipeline.sections import Section
from pipeline.textmap import CleanText


@dataclass
class Context:
    """One analysed document. `results` fills as extractors run, so later ones can use earlier ones
    (targets read the deadlines and agencies found before them)."""

    document: Document
    clean: CleanText
    root: Section
    meta: DocumentMeta
    results: dict[str, list] = field(default_factory=dict)
    # the scorer models by kind; None uses the committed ones (training and cross-validation pass their own)
    models: dict | None = None
    # every candidate each extractor considered, kept or dropped, with its score: the trace
    candidates: dict[str, list] = field(default_factory=dict)

    def model(self, kind: str):
        from extractors import scoring

        if self.models is not None and kind in self.models:
            return self.models[kind]
        return scoring.committed(kind)

    @property
    def text(self) -> str:
        return self.clean.text

    @cached_property
    def tables(self):
        """The tables of the text (" | " rows and one-cell-a-line blocks), read once for every extractor."""
        from pipeline.text_tables import find_tables

        return find_tables(self.clean.text)


Extractor = Callable[[Context], list]
