"""The DuckDB store: one file; each document written in one transaction; the review log kept apart."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import re
import time
import uuid
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.store import queries, reviews
from pipeline.store.lock import StoreError, StoreLocked, Visitor, _read_pid, lock_path
from pipeline.store.rows import arrow_table, to_date
from pipeline.store.schema import DDL, EXTRACTION_TABLES, MIGRATIONS, SCHEMA_VERSION

_PID = re.compile(r"\(PID (\d+)\)")
FACT_KINDS = {"target": "targets", "assignment": "assignments", "deadline": "deadlines"}
FACT_TABLES = ("sections", "targets", "assignments", "deadlines")
PLAUSIBLE_YEARS = range(1945, 2101)  # a deadline outside these is a typing slip (3.5 read as 1900-01-03)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Store:
    """A chitieu store in a DuckDB file. `read_only` opens an existing store for reading only.

    DuckDB allows one writing process at a time; `timeout` is how long to wait for another
    process to close the file before giving up with `StoreLocked`. Every opening except an ingest
    run's own (`for_ingest`) tells a running ingest that it waits (see `lock.Visitor`), and the run
    makes way between two documents.
    """

    def __init__(self, path: str | Path, read_only: bool = False, timeout: float = 0.0, for_ingest: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `chitieu ingest DIR --db {self.path}` first")
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"cannot create the store's folder {self.path.parent} ({e.strerror or e})") from None
        self._visitor = None if for_ingest else Visitor(self.path).acquire()
        try:
            self.con = self._connect(timeout)
        except BaseException:
            self._release_visitor()
            raise
        if for_ingest:
            # An ingest run writes one document at a time beside the document workers: DuckDB's own
            # thread pool (a thread per core) only adds hand-offs there (~15% of the writes' CPU).
            self.con.execute("SET threads = 1")
        if not read_only:
            self._create_schema()
        else:
            try:
                self.con.execute("SELECT 1 FROM documents LIMIT 0")
            except duckdb.CatalogException:
                self.close()
                raise StoreError(f"{self.path} is not a chitieu store (no documents table)") from None
        self._columns = self._load_columns()

    def _release_visitor(self) -> None:
        if self._visitor is not None:
            self._visitor.release()
            self._visitor = None

    # -- opening -------------------------------------------------------------------------------
    def _connect(self, timeout: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + timeout
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as e:
                if "lock" not in str(e).lower():
                    if "permission" in str(e).lower() or "read-only" in str(e).lower():
                        raise StoreError(f"cannot write the store {self.path}: permission denied "
                                         f"(is {self.path.parent} writable?)") from None
                    raise StoreError(f"cannot open store {self.path}: {e}") from None
                if time.monotonic() >= deadline:
                    raise self._locked_error(str(e)) from None
                time.sleep(0.05)  # an ingest run makes way within one document's write

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
        try:
            self.con.close()
        finally:
            self._release_visitor()

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

    def stored_documents(self) -> dict[str, tuple[str, str | None, str]]:
        """doc_id → (extractor version, superseded_by, path) of every stored version."""
        rows = self.con.execute("SELECT doc_id, extractor_version, superseded_by, path FROM documents").fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def current_at_paths(self) -> dict[str, str]:
        """path → doc_id of the current version stored from that path."""
        return dict(self.con.execute(
            "SELECT path, doc_id FROM documents WHERE superseded_by IS NULL AND path IS NOT NULL").fetchall())

    def relocate(self, doc_id: str, path: str) -> None:
        """A stored file found under another path (moved or renamed): later edits there are its versions."""
        self.con.execute("UPDATE documents SET path = ? WHERE doc_id = ?", [str(path), doc_id])

    def write_document(self, records: list[dict], path: str, raw_text: str, sections: list[dict],
                       keep_versions: bool = False) -> list[str]:
        """Replace one document's extraction rows in one transaction; the review log is not touched.

        A new content from the same path, or with the same số hiệu, issuer and year of issue as a
        stored current document, supersedes it: the old version is marked (`superseded_by`), its facts
        are deleted unless `keep_versions`, and queries leave it out. Returns the doc_ids it superseded.
        """
        doc = next((r for r in records if r.get("kind") == "document"), None)
        if doc is None or not doc.get("doc_id"):
            raise ValueError(f"{path}: records hold no document record with a doc_id")
        doc_id = doc["doc_id"]
        version = doc.get("extractor_version")
        prev = self.con.execute("SELECT superseded_by, superseded_at, lineage FROM documents WHERE doc_id = ?",
                                [doc_id]).fetchone()
        replaced = self._versions_replaced(doc, str(path))
        becomes_current = prev is None or prev[0] is None or any(p == str(path) for _, _, p in replaced)
        if not becomes_current:
            replaced = []
        lineage = replaced[0][1] if replaced else (prev[2] if prev and prev[2] else doc_id)
        doc_row = {**doc, "path": str(path), "raw_text": raw_text, "ingested_at": utcnow(), "lineage": lineage,
                   "superseded_by": None if becomes_current else prev[0],
                   "superseded_at": None if becomes_current else prev[1]}
        facts: dict[str, list[dict]] = {t: [] for t in FACT_KINDS.values()}
        if becomes_current or keep_versions:
            for r in records:
                table = FACT_KINDS.get(r.get("kind"))
                if table:
                    facts[table].append({"extractor_version": version, **r, "doc_id": doc_id})
        facts["targets"] = _unique(facts["targets"], "target_id")
        rows = {
            "documents": [doc_row],
            "sections": [{**s, "doc_id": doc_id} for s in sections] if (becomes_current or keep_versions) else [],
            **facts,
        }
        # Typed before the transaction starts: a record the store cannot hold fails here, cleanly.
        tables = {name: arrow_table(rows[name], self._columns[name]) for name in EXTRACTION_TABLES}
        old_ids = [r[0] for r in replaced]
        self.con.begin()
        try:
            if prev is not None:  # a document is written whole, so a new one has no rows to replace
                for name in EXTRACTION_TABLES:  # (each DELETE reads its whole table's doc_id column)
                    self.con.execute(f"DELETE FROM {name} WHERE doc_id = ?", [doc_id])
            for name in EXTRACTION_TABLES:
                self._insert(name, tables[name])
            if old_ids:
                self.con.execute("UPDATE documents SET superseded_by = ?, superseded_at = ? "
                                 "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [doc_id, utcnow(), old_ids])
                self.con.execute("UPDATE documents SET lineage = ? WHERE lineage IN (SELECT unnest(?::VARCHAR[]))",
                                 [lineage, [r[1] for r in replaced]])
                if not keep_versions:
                    for name in FACT_TABLES:
                        self.con.execute(f"DELETE FROM {name} WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [old_ids])
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return old_ids

    def _versions_replaced(self, doc: dict, path: str) -> list[tuple[str, str, str]]:
        """(doc_id, lineage, path) of current documents the new `doc` is a version of: the same path, or
        the same số hiệu, issuer and year of issue (numbers restart every year)."""
        rows = self.con.execute(
            "SELECT doc_id, coalesce(lineage, doc_id), path FROM documents WHERE superseded_by IS NULL "
            "AND doc_id <> ? AND path = ?", [doc["doc_id"], path]).fetchall()
        number, issuer, year = _key(doc.get("number")), _key(doc.get("issuer")), _year(doc.get("issue_date"))
        if number and issuer and year:
            rows += self.con.execute(
                "SELECT doc_id, coalesce(lineage, doc_id), path FROM documents WHERE superseded_by IS NULL "
                "AND doc_id <> ? AND path IS DISTINCT FROM ? "
                "AND lower(regexp_replace(number, '\\s+', '', 'g')) = ? "
                "AND lower(trim(regexp_replace(issuer, '\\s+', ' ', 'g'))) = ? AND year(issue_date) = ?",
                [doc["doc_id"], path, number.replace(" ", ""), issuer, year]).fetchall()
        return rows

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

        from pipeline.store.inbox import printable

        self.con.execute("INSERT INTO failures VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [printable(path), file_hash, code, reason, quarantined_path, utcnow(),
                          extractors.EXTRACTOR_VERSION])

    def failed_hashes(self, extractor_version: str, transient: tuple[str, ...] = ("io_error",)) -> set[str]:
        """Files that already failed with this extractor version for a lasting reason."""
        return set(self.failed_reasons(extractor_version, transient))

    def failed_reasons(self, extractor_version: str, transient: tuple[str, ...] = ("io_error",)) -> dict[str, set[str]]:
        """file hash → the reasons it failed with this extractor version, lasting failures only."""
        rows = self.con.execute(
            "SELECT DISTINCT file_hash, reason FROM failures WHERE extractor_version = ? AND file_hash IS NOT NULL "
            "AND code NOT IN (SELECT unnest(?::VARCHAR[]))", [extractor_version, list(transient)]).fetchall()
        out: dict[str, set[str]] = {}
        for h, reason in rows:
            out.setdefault(h, set()).add(reason)
        return out

    @contextlib.contextmanager
    def transaction(self):
        """All writes inside one transaction: all of them are stored, or none (a kill -9 included)."""
        self.con.begin()
        try:
            yield self
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

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
        if value is not None and not math.isfinite(float(value)):
            raise ValueError(f"corrected value must be a finite number, not {value!r}")
        if deadline is not None and to_date(deadline) is None:
            raise ValueError(f"corrected deadline is not a date: {deadline!r}")
        if deadline is not None and to_date(deadline).year not in PLAUSIBLE_YEARS:
            raise ValueError(f"corrected deadline {to_date(deadline):%d/%m/%Y} is not a plausible date "
                             f"(years {PLAUSIBLE_YEARS.start}–{PLAUSIBLE_YEARS.stop - 1})")
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
    def _select(self, table: str, filters: dict, all_versions: bool) -> pd.DataFrame:
        sql, params = queries.build(table, filters, all_versions)
        return self.con.execute(sql, params).df()

    def targets(self, all_versions: bool = False, **filters) -> pd.DataFrame:
        """Targets with document metadata and latest review; superseded versions only with `all_versions`."""
        return self._select("targets", filters, all_versions)

    def assignments(self, all_versions: bool = False, **filters) -> pd.DataFrame:
        return self._select("assignments", filters, all_versions)

    def deadlines(self, all_versions: bool = False, **filters) -> pd.DataFrame:
        return self._select("deadlines", filters, all_versions)

    def documents(self, all_versions: bool = False) -> pd.DataFrame:
        """Documents without their text, with how many facts each holds; current versions unless `all_versions`."""
        cols = ", ".join(f"d.{c}" for c in self._columns["documents"] if c != "raw_text")
        where = "" if all_versions else f"WHERE {queries.CURRENT}"
        return self.con.execute(f"""
            SELECT {cols},
              (SELECT count(*) FROM targets t WHERE t.doc_id = d.doc_id) AS n_targets,
              (SELECT count(*) FROM assignments a WHERE a.doc_id = d.doc_id) AS n_assignments,
              (SELECT count(*) FROM deadlines l WHERE l.doc_id = d.doc_id) AS n_deadlines
            FROM documents d {where} ORDER BY d.doc, d.doc_id""").df()

    def document_text(self, doc_id: str) -> str:
        """The raw text of a document (by doc_id, or by file name: then its current version)."""
        row = self.con.execute("SELECT raw_text FROM documents WHERE doc_id = ? OR doc = ? "
                               "ORDER BY doc_id = ? DESC, superseded_by IS NULL DESC LIMIT 1",
                               [doc_id, doc_id, doc_id]).fetchone()
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
        out = {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
               for t in (*EXTRACTION_TABLES, "failures", "reviews", "added_targets")}
        out["superseded"] = self.con.execute("SELECT count(*) FROM documents WHERE superseded_by IS NOT NULL").fetchone()[0]
        return out


def _key(v) -> str | None:
    """A số hiệu or issuer as compared across versions: lower case, single spaces."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    return " ".join(str(v).lower().split()) or None


def _year(v) -> int | None:
    d = to_date(v)
    return d.year if d else None


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
