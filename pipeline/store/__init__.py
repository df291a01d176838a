"""The chitieu store: DuckDB tables of documents, sections, targets, assignments, deadlines,
failures and the review log (which re-extraction never touches)."""

from __future__ import annotations

# Loaded on first use: the worker process that reads and extracts documents imports
# `pipeline.store.worker` and has no use for DuckDB or pandas.
_EXPORTS = {"Store": "pipeline.store.store", "StoreLocked": "pipeline.store.lock",
            "StoreError": "pipeline.store.lock", "IngestLock": "pipeline.store.lock"}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'pipeline.store' has no attribute {name!r}")
