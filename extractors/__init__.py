"""Extractors: one module per kind of fact, each `extract(ctx) -> list[Fact]`, composed by name.

Their language knowledge (agency names, comparator words, time words, the indicator taxonomy)
lives in data files under `extractors/data/`.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from pathlib import Path

from extractors.base import Context

# Run in this order: targets use the deadlines and agencies found before them.
ORDER = ("deadlines", "assignments", "targets")


def get(name: str):
    if name not in ORDER:
        raise KeyError(f"unknown extractor {name!r}; known: {', '.join(ORDER)}")
    return importlib.import_module(f"extractors.{name}").extract


def candidate_sources() -> dict:
    """kind → `candidates(ctx)` of the extractors that list candidates for the scorer (training reads these)."""
    out = {}
    for name in ORDER:
        mod = importlib.import_module(f"extractors.{name}")
        if hasattr(mod, "candidates"):
            out[name] = mod.candidates
    return out


def run(ctx: Context, names: tuple[str, ...] | None = None) -> dict[str, list]:
    for name in ORDER:
        if names is None or name in names:
            ctx.results[name] = get(name)(ctx)
    return ctx.results


def _source_hash() -> str:
    """Hash of the extractor code and data: a change to either is a new extractor version."""
    h = hashlib.sha256()
    here = Path(__file__).parent
    for p in sorted(here.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".tsv", ".json", ".yaml", ".yml", ".txt", ".csv"}:
            h.update(p.relative_to(here).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:12]


# CHITIEU_EXTRACTOR_VERSION overrides, e.g. to force a re-extraction.
EXTRACTOR_VERSION = os.environ.get("CHITIEU_EXTRACTOR_VERSION") or _source_hash()
