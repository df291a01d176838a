"""Section tree (placeholder: the root only)."""

from __future__ import annotations

from pipeline.sections import Section
from pipeline.textmap import CleanText


def segment(clean: CleanText) -> Section:
    n = len(clean.text)
    return Section("", "", "", "other", 0, 0, n, 0)
