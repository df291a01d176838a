"""Extractor for deadlines (placeholder until implemented)."""

from __future__ import annotations

from extractors.base import Context


def extract(ctx: Context) -> list:
    return []
