"""The review page's data, fast on a large store: the extraction is read once per ingest (the base), the
decisions and analysts' added targets are read after every write (the overlay) and laid over it.

Reading 10,000 targets with their document metadata takes ~0.3 s; the overlay a few milliseconds. So an
action (a decision, an added target) costs one short write and one overlay read, not a reload.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.review.decisions import open_store
from pipeline.store import queries

REVIEW_COLUMNS = ("review_status", "reviewed_value", "reviewed_comparator", "reviewed_unit", "reviewed_deadline",
                  "reviewed_indicator", "reviewed_agency", "reviewer", "reviewed_at", "note", "review_id",
                  "reviewer_auth")
BASE_SQL = f"SELECT t.*, {queries.DOC_META} FROM targets t LEFT JOIN documents d ON d.doc_id = t.doc_id " \
           f"ORDER BY {queries.ORDER['targets']}"
OVERLAY_SQL = """
SELECT attached_to AS target_id, status AS review_status, reviewed_value, reviewed_comparator, reviewed_unit,
       reviewed_deadline, reviewed_indicator, reviewed_agency, reviewer, reviewed_at, note, review_id, reviewer_auth
FROM latest_reviews
"""
STAMP_SQL = """SELECT (SELECT count(*) FROM documents), (SELECT max(ingested_at) FROM documents),
                      (SELECT count(*) FROM targets), (SELECT count(*) FROM assignments)"""


def fold_series(s: pd.Series) -> pd.Series:
    """Lower case, no diacritics, đ → d: how the page compares analysts' words ('go vap' finds 'Gò Vấp')."""
    folded = s.fillna("").astype(str).str.lower().str.normalize("NFD").str.replace("đ", "d", regex=False)
    return folded.str.replace(r"[\u0300-\u036f]", "", regex=True)


def _agency_text(v) -> str:
    if isinstance(v, (list, tuple, np.ndarray)):
        return "; ".join(str(x) for x in v)
    return ""


def _year_bounds(df: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The years each target's document covers: its plan period, else the year it was issued."""
    issued = pd.to_datetime(df["issue_date"], errors="coerce").dt.year
    lo = pd.to_numeric(df["period_start"], errors="coerce").fillna(issued)
    hi = pd.to_numeric(df["period_end"], errors="coerce").fillna(pd.to_numeric(df["period_start"], errors="coerce")).fillna(issued)
    return lo, hi


def decorate(df: pd.DataFrame) -> pd.DataFrame:
    """Add the columns filters and the list need, computed once per read instead of once per rerun."""
    from pipeline.compare import format_value

    df = df.copy()
    if df.empty:
        for c in ("_issuer_f", "_indicator_f", "_agencies_f", "_agencies_text", "_value_text"):
            df[c] = pd.Series(dtype=object)
        for c in ("_lo", "_hi", "_conf"):
            df[c] = pd.Series(dtype=float)
        df["_deadline"] = pd.Series(dtype="datetime64[ns]")
        return df
    df["_issuer_f"] = fold_series(df["issuer"])
    df["_indicator_f"] = fold_series(df["indicator"])
    df["_agencies_text"] = df["agencies"].map(_agency_text)
    df["_agencies_f"] = fold_series(df["_agencies_text"])
    df["_lo"], df["_hi"] = _year_bounds(df)
    df["_deadline"] = pd.to_datetime(df["deadline"], errors="coerce")
    df["_conf"] = pd.to_numeric(df.get("confidence"), errors="coerce")
    df["_value_text"] = [format_value(c, v, m, u, ch, b) for c, v, m, u, ch, b in
                         zip(df["comparator"], df["value"], df["value_max"], df["unit"], df["change"], df["baseline_year"])]
    return df


@dataclass
class Base:
    """What changes only when documents are (re-)ingested."""

    stamp: tuple
    targets: pd.DataFrame  # extraction targets, indexed by target_id, decorated, review columns blank
    assignments: pd.DataFrame
    documents: pd.DataFrame
    options: dict = field(default_factory=dict)  # the filters' choices: they follow the documents, not the reviews


@dataclass
class Overlay:
    """What every decision changes: the latest review of each target and the analysts' added targets."""

    stamp: tuple
    reviews: pd.DataFrame  # indexed by target_id
    added: pd.DataFrame  # decorated, in the columns of the base


@dataclass
class Snapshot:
    """One consistent view of the store for one rerun of the page."""

    targets: pd.DataFrame  # base + overlay: extraction targets with their review, then the added ones
    assignments: pd.DataFrame
    documents: pd.DataFrame
    version: tuple = ()  # changes whenever anything the page shows changed
    options: dict = field(default_factory=dict)


def file_stamp(db) -> tuple:
    """Changes whenever the store file (or its write-ahead log) is written: a cheap 'did anything change?'."""
    out = []
    for p in (Path(db), Path(str(db) + ".wal")):
        try:
            st = p.stat()
            out.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            out.append(None)
    return tuple(out)


def read_base(store) -> Base:
    stamp = tuple(store.con.execute(STAMP_SQL).fetchone())
    targets = store.con.execute(BASE_SQL).df()
    targets = decorate(targets).set_index("target_id", drop=False)
    targets.index.name = None
    from pipeline.review.logic import filter_options

    return Base(stamp, targets, store.assignments(), store.documents(), filter_options(targets))


def read_overlay(store) -> tuple[tuple, Overlay]:
    """(the extraction stamp, the overlay) in one short read."""
    stamp = tuple(store.con.execute(STAMP_SQL).fetchone())
    reviews = store.con.execute(OVERLAY_SQL).df().set_index("target_id")
    added = decorate(store.added_targets())
    if not added.empty:
        added = added.set_index("target_id", drop=False)
        added.index.name = None
    return stamp, Overlay(file_stamp(store.path), reviews, added)


def merge(base: Base, overlay: Overlay) -> pd.DataFrame:
    """The targets as the page shows them: each with its latest review, the added ones after them."""
    t = base.targets
    present = [c for c in REVIEW_COLUMNS if c in t.columns]
    t = t.drop(columns=present)
    rev = overlay.reviews.reindex(t.index)
    rev["review_status"] = rev["review_status"].fillna("pending")
    merged = pd.concat([t, rev[list(REVIEW_COLUMNS)]], axis=1)
    if not overlay.added.empty:
        added = overlay.added.reindex(columns=merged.columns)
        merged = pd.concat([merged, added]) if not merged.empty else added
    return merged


class Cache:
    """The base per store (shared by every analyst's session) and the latest overlay; thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._base: dict[str, Base] = {}
        self._snap: dict[str, tuple[tuple, Snapshot]] = {}

    def snapshot(self, db, timeout: float = 5.0) -> Snapshot:
        """The page's data for this rerun: reused while the store file is unchanged, else the overlay re-read
        (and the base too when documents changed)."""
        key = str(Path(db).resolve())
        stamp = file_stamp(db)
        with self._lock:
            hit = self._snap.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
        with open_store(db, read_only=True, timeout=timeout) as store:
            extraction, overlay = read_overlay(store)
            base = self._base.get(key)
            if base is None or base.stamp != extraction:
                base = read_base(store)
        targets = merge(base, overlay)
        snap = Snapshot(targets, base.assignments, base.documents, version=(base.stamp, overlay.stamp, time.time_ns()),
                        options=base.options)
        with self._lock:
            self._base[key] = base
            self._snap[key] = (stamp, snap)
        return snap

    def forget(self, db) -> None:
        with self._lock:
            self._snap.pop(str(Path(db).resolve()), None)


CACHE = Cache()


def load_snapshot(db, timeout: float = 5.0, cache: Cache | None = None) -> Snapshot:
    """The store's targets (with reviews and added targets), assignments and documents, as the page reads them."""
    return (cache or Cache()).snapshot(db, timeout=timeout)


def db_from_env() -> str:
    """The store the page opens: set by `chitieu review --db` (CHITIEU_DB)."""
    return os.environ.get("CHITIEU_DB", "chitieu.duckdb")
