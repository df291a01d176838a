"""The DuckDB store: one file; each document written in one transaction; the review log kept apart."""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import uuid
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.store import queries, reviews
from pipeline.store.lock import StoreError, StoreLocked, _read_pid, lock_path
from pipeline.store.rows import arrow_table, to_date
from pipeline.store.schema import DDL, EXTRACTION_TABLES, MIGRATIONS, SCHEMA_VERSION

_PID = re.compile(r"\(PID (\d+)\)")
FACT_KINDS = {"target": "targets", "assignment": "assignments", "deadline": "deadlines"}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Store:
    """A chitieu store in a DuckDB file. `read_only` opens an existing store for reading only.

    DuckDB allows one writing process at a time; `timeout` is how long to wait for another
    process to close the file before giving up with `StoreLocked`.
    """

    def __init__(self, path: str | Path, read_only: bool = False, timeout: float = 0.0):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `chitieu ingest DIR --db {self.path}` first")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = self._connect(timeout)
        if not read_only:
            self._create_schema()
        else:
            try:
                self.con.execute("SELECT 1 FROM documents LIMIT 0")
            except duckdb.CatalogException:
                self.con.close()
                raise StoreError(f"{self.path} is not a chitieu store (no documents table)") from None
        self._columns = self._load_columns()

    # -- opening -------------------------------------------------------------------------------
    def _connect(self, timeout: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as e:
                if "lock" not in str(e).lower():
                    raise StoreError(f"cannot open store {self.path}: {e}") from None
                if time.monotonic() >= deadline:
                    raise self._locked_error(str(e)) from None
                time.sleep(0.2)

    def _locked_error(self, message: str) -> StoreLocked:
        m = _PID.search(message)
        pid = int(m[1]) if m else None
        ingest_pid = None
        lp = lock_path(self.path)
        if lp.exists():
            fd = os.open(lp, os.O_RDONLY)
            try:
                ingest_pid = _read_pid(fd)
            finally:
                os.close(fd)
        if pid is not None and pid == ingest_pid:
            return StoreLocked(self.path, pid)
        return StoreLocked(self.path, pid, what="another process")

    def _create_schema(self) -> None:
        try:
            current = self.con.execute("SELECT value FROM store_meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            current = None
        if current and current[0] == str(SCHEMA_VERSION):
            return  # already there: opening stays cheap for a review app that opens per request
        self.con.execute(DDL)
        done = int(current[0]) if current else SCHEMA_VERSION
        for version, statement in MIGRATIONS:
            if version > done:
                self.con.execute(statement)
        for view in reviews.VIEWS:
            self.con.execute(view)
        self.con.execute("INSERT OR REPLACE INTO store_meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])

    _column_cache: dict[str, dict[str, dict[str, str]]] = {}

    def _load_columns(self) -> dict[str, dict[str, str]]:
        # The columns follow from the schema version; information_schema is slow to ask each open.
        key = str(SCHEMA_VERSION)
        if key in Store._column_cache:
            return Store._column_cache[key]
        rows = self.con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position").fetchall()
        cols: dict[str, dict[str, str]] = {}
        for table, column, sql_type in rows:
            cols.setdefault(table, {})[column] = sql_type
        if "documents" not in cols:
            raise StoreError(f"{self.path} is not a chitieu store (no documents table)")
        Store._column_cache[key] = cols
        return cols

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def has_document(self, doc_id: str, extractor_version: str) -> bool:
        return self.con.execute("SELECT count(*) FROM documents WHERE doc_id = ? AND extractor_version = ?",
                                [doc_id, extractor_version]).fetchone()[0] > 0

    def stored_versions(self) -> dict[str, str]:
        """doc_id → extractor version it was stored with."""
        return dict(self.con.execute("SELECT doc_id, extractor_version FROM documents").fetchall())

    def write_document(self, records: list[dict], path: str, raw_text: str, sections: list[dict]) -> None:
        """Replace one document's extraction rows in one transaction; the review log is not touched."""
        doc = next((r for r in records if r.get("kind") == "document"), None)
        if doc is None or not doc.get("doc_id"):
            raise ValueError(f"{path}: records hold no document record with a doc_id")
        doc_id = doc["doc_id"]
        version = doc.get("extractor_version")
        doc_row = {**doc, "path": str(path), "raw_text": raw_text, "ingested_at": utcnow()}
        facts: dict[str, list[dict]] = {t: [] for t in FACT_KINDS.values()}
        for r in records:
            table = FACT_KINDS.get(r.get("kind"))
            if table:
                facts[table].append({"extractor_version": version, **r, "doc_id": doc_id})
        facts["targets"] = _unique(facts["targets"], "target_id")
        rows = {
            "documents": [doc_row],
            "sections": [{**s, "doc_id": doc_id} for s in sections],
            **facts,
        }
        # Typed before the transaction starts: a record the store cannot hold fails here, cleanly.
        tables = {name: arrow_table(rows[name], self._columns[name]) for name in EXTRACTION_TABLES}
        self.con.begin()
        try:
            for name in EXTRACTION_TABLES:
                self.con.execute(f"DELETE FROM {name} WHERE doc_id = ?", [doc_id])
            for name in EXTRACTION_TABLES:
                self._insert(name, tables[name])
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise

    def _insert(self, name: str, table) -> None:
        if table.num_rows == 0:
            return
        self.con.register("_incoming", table)
        try:
            self.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _incoming")
        finally:
            self.con.unregister("_incoming")

    def record_failure(self, path: str, file_hash: str | None, code: str, reason: str,
                       quarantined_path: str | None) -> None:
        import extractors

        self.con.execute("INSERT INTO failures VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [str(path), file_hash, code, reason, quarantined_path, utcnow(),
                          extractors.EXTRACTOR_VERSION])

    def failed_hashes(self, extractor_version: str, transient: tuple[str, ...] = ("io_error",)) -> set[str]:
        """Files that already failed with this extractor version for a lasting reason."""
        rows = self.con.execute(
            "SELECT DISTINCT file_hash FROM failures WHERE extractor_version = ? AND file_hash IS NOT NULL "
            "AND code NOT IN (SELECT unnest(?::VARCHAR[]))", [extractor_version, list(transient)]).fetchall()
        return {r[0] for r in rows}

    # -- reviews -------------------------------------------------------------------------------
    # Who the decisions of this session are recorded under when a caller does not say (set by a command that
    # has established it, e.g. `import-review --users`): (reviewer_auth, reviewer_login).
    review_identity: tuple[str | None, str | None] = (None, None)

    def add_review(self, target_id: str, status: str, reviewer: str, note: str | None = None, *, value=None,
                   comparator=None, unit=None, deadline=None, indicator=None, agency=None,
                   auth: str | None = None, login: str | None = None) -> str:
        """Append an analyst's decision on a target to the review log; returns its review_id.

        `auth` says how the reviewer's name is known (users_file, proxy, local, workbook …), `login` who vouched.
        """
        if status not in reviews.REVIEW_STATUSES:
            raise ValueError(f"review status must be one of {', '.join(reviews.REVIEW_STATUSES)}, not {status!r}")
        if not reviewer:
            raise ValueError("a review needs a reviewer")
        row = self.con.execute("SELECT doc_id, char_start, char_end, value FROM targets WHERE target_id = ?",
                               [target_id]).fetchone()
        if row is None:
            raise KeyError(f"no target {target_id!r} in store {self.path}")
        auth = auth or self.review_identity[0]
        login = login or self.review_identity[1]
        review_id = uuid.uuid4().hex[:16]
        self.con.execute(
            "INSERT INTO reviews (review_id, target_id, doc_id, char_start, char_end, original_value, status, "
            "reviewed_value, reviewed_comparator, reviewed_unit, reviewed_deadline, reviewed_indicator, "
            "reviewed_agency, reviewer, reviewed_at, note, reviewer_login, reviewer_auth) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [review_id, target_id, *row, status, None if value is None else float(value), comparator, unit,
             to_date(deadline), indicator, agency, reviewer, utcnow(), note, login, auth])
        return review_id

    def add_target(self, doc_id: str, char_start: int, char_end: int, reviewer: str, *, indicator: str,
                   value, unit: str | None, comparator: str = "=", value_max=None, change=None,
                   baseline_year=None, deadline=None, agencies=(), note: str | None = None,
                   auth: str | None = None, login: str | None = None) -> str:
        """Record a target the extractor missed, from its span in the document's raw text; returns its id."""
        if not reviewer:
            raise ValueError("an added target needs a reviewer")
        if not (indicator or "").strip():
            raise ValueError("an added target needs its indicator")
        if value is None:
            raise ValueError("an added target needs its value")
        text = self.document_text(doc_id)
        if not (0 <= char_start < char_end <= len(text)):
            raise ValueError(f"span {char_start}–{char_end} is outside the document ({len(text)} characters)")
        section = self.con.execute(
            "SELECT path, kind FROM sections WHERE doc_id = ? AND char_start <= ? AND char_end >= ? "
            "ORDER BY char_end - char_start, level DESC LIMIT 1", [doc_id, char_start, char_end]).fetchone()
        added_id = "a-" + uuid.uuid4().hex[:14]
        self.con.execute(
            "INSERT INTO added_targets (added_id, doc_id, char_start, char_end, quote, indicator, comparator, change, "
            "value, value_max, unit, baseline_year, deadline, agencies, note, section, section_kind, reviewer, "
            "reviewer_login, reviewer_auth, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [added_id, doc_id, char_start, char_end, text[char_start:char_end], indicator.strip(), comparator, change,
             float(value), None if value_max is None else float(value_max), unit, baseline_year, to_date(deadline),
             [str(a) for a in agencies], note, *(section or (None, None)), reviewer,
             login or self.review_identity[1], auth or self.review_identity[0], utcnow()])
        return added_id

    def remove_added_target(self, added_id: str, reviewer: str) -> None:
        """Take back an added target: kept in the log with who removed it and when."""
        n = self.con.execute("UPDATE added_targets SET removed_at = ?, removed_by = ? WHERE added_id = ? "
                             "AND removed_at IS NULL RETURNING added_id", [utcnow(), reviewer, added_id]).fetchall()
        if not n:
            raise KeyError(f"no added target {added_id!r} in store {self.path}")

    def added_targets(self) -> pd.DataFrame:
        """Analysts' added targets (not removed), in the columns `targets()` gives."""
        return self.con.execute(queries.ADDED_TARGETS).df()

    def review_log(self, limit: int | None = None) -> pd.DataFrame:
        """Every decision, newest first: who decided (and how that is known), on which target, what."""
        sql = reviews.REVIEW_LOG + (f" LIMIT {int(limit)}" if limit else "")
        return self.con.execute(sql).df()

    def unmatched_reviews(self) -> pd.DataFrame:
        """Reviews whose target is gone after a re-extraction and matches no new target."""
        return self.con.execute(reviews.UNMATCHED).df()

    # -- reading -------------------------------------------------------------------------------
    def _select(self, table: str, filters: dict) -> pd.DataFrame:
        sql, params = queries.build(table, filters)
        return self.con.execute(sql, params).df()

    def targets(self, **filters) -> pd.DataFrame:
        return self._select("targets", filters)

    def assignments(self, **filters) -> pd.DataFrame:
        return self._select("assignments", filters)

    def deadlines(self, **filters) -> pd.DataFrame:
        return self._select("deadlines", filters)

    def documents(self) -> pd.DataFrame:
        """Documents without their text, with how many facts each holds."""
        cols = ", ".join(f"d.{c}" for c in self._columns["documents"] if c != "raw_text")
        return self.con.execute(f"""
            SELECT {cols},
              (SELECT count(*) FROM targets t WHERE t.doc_id = d.doc_id) AS n_targets,
              (SELECT count(*) FROM assignments a WHERE a.doc_id = d.doc_id) AS n_assignments,
              (SELECT count(*) FROM deadlines l WHERE l.doc_id = d.doc_id) AS n_deadlines
            FROM documents d ORDER BY d.doc, d.doc_id""").df()

    def document_text(self, doc_id: str) -> str:
        """The raw text of a document (by doc_id, or by file name)."""
        row = self.con.execute("SELECT raw_text FROM documents WHERE doc_id = ? OR doc = ? LIMIT 1",
                               [doc_id, doc_id]).fetchone()
        if row is None:
            raise KeyError(f"no document {doc_id!r} in store {self.path}")
        return row[0]

    def sections(self, doc_id: str) -> pd.DataFrame:
        return self.con.execute(
            "SELECT s.* FROM sections s WHERE s.doc_id = ? OR s.doc_id IN (SELECT doc_id FROM documents WHERE doc = ?) "
            "ORDER BY s.char_start, s.level", [doc_id, doc_id]).df()

    def failures(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM failures ORDER BY failed_at").df()

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in (*EXTRACTION_TABLES, "failures", "reviews", "added_targets")}


def _unique(rows: list[dict], key: str) -> list[dict]:
    """Drop repeated ids (an extractor reporting one span twice), keeping the first."""
    seen, out = set(), []
    for r in rows:
        k = r.get(key)
        if k in seen:
            continue
        seen.add(k)
        out.append(r)
    return out
