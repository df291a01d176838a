"""Normalisation with an offset map (placeholder: identity)."""

from __future__ import annotations

from pipeline.textmap import CleanText


def normalise(raw: str) -> CleanText:
    return CleanText.identity(raw)
