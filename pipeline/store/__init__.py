"""The chitieu store: DuckDB tables of documents, sections, targets, assignments, deadlines,
failures and the review log (which re-extraction never touches)."""

from pipeline.store.lock import IngestLock, StoreError, StoreLocked
from pipeline.store.store import Store

__all__ = ["Store", "StoreLocked", "StoreError", "IngestLock"]
