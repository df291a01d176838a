"""The steps of an ingest run, free of any orchestrator: plan the inbox, cut it into batches, process each
batch (every document in a child process under time and memory limits), store each result as it comes.
`flows/ingest.py` runs the batches as Prefect tasks; `ingest_directly` runs them on a plain thread."""

from __future__ import annotations

import concurrent.futures
import contextlib
import math
import os
import queue
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import extractors
from pipeline.readers import max_bytes
from pipeline.store.inbox import discover, identify, printable, quarantine, quarantine_dir
from pipeline.store.lock import IngestLock, VisitorProbe
from pipeline.store.summary import RunSummary
from pipeline.store.worker import (Limits, describe, io_failure, limit_failure, memory_limit_reason,  # noqa: F401
                                   process_file, sandbox_for_thread, time_limit_reason)

# Failures worth trying again on the next run even when the file has not changed.
TRANSIENT_CODES = ("io_error", "store_error", "worker_error")
WRITE_TIMEOUT = 600.0  # seconds to wait for another process (an export, the review page) to close the store
IDLE_CLOSE = 1.0  # an open store is closed after this long without a result to write
POLL = 0.05
HEAVY_BYTES = 100 * 1024  # ~1 s of work (a 30-page PDF, a 100,000-character plan): a task of its own
MAX_AUTO_BATCH = 50

Item = tuple[str, str]  # (path, content hash)


@dataclass
class Plan:
    """What a run will do: files to process (one per distinct content), their sizes, and the summary so far."""

    todo: list[tuple[Path, str]] = field(default_factory=list)  # (path, content hash)
    sizes: dict[str, int] = field(default_factory=dict)  # path → bytes
    summary: RunSummary = field(default_factory=RunSummary)

    def batches(self, size: int = 0, workers: int = 1) -> list[list[Item]]:
        """Largest files first; a heavy file alone (its own task, retried and shown on its own), the
        others in batches of `size` (by default enough batches to keep `workers` busy, at most 50 each)."""
        ordered = sorted(self.todo, key=lambda pd: (-self.sizes.get(str(pd[0]), 0), str(pd[0])))
        heavy = [[(str(p), d)] for p, d in ordered if self.sizes.get(str(p), 0) >= HEAVY_BYTES]
        light = [(str(p), d) for p, d in ordered if self.sizes.get(str(p), 0) < HEAVY_BYTES]
        if not size:
            size = max(1, min(MAX_AUTO_BATCH, math.ceil(len(light) / (4 * max(1, workers)))))
        return heavy + [light[i:i + size] for i in range(0, len(light), size)]


def plan_run(inbox: str | Path, store, version: str | None = None, limits: Limits | None = None) -> Plan:
    """Discover the inbox and leave out what is already stored with this extractor version, copies of a
    file seen earlier in the inbox, old versions superseded by a newer one, and files that failed before
    for a lasting reason. Files over their format's size limit fail here, without being read."""
    version = version or extractors.EXTRACTOR_VERSION
    limits = limits or Limits.from_env()
    plan = Plan()
    s = plan.summary
    scan = discover(Path(inbox).absolute(), skip=quarantine_dir(store.path))
    s.not_taken = scan.not_taken
    stored = store.stored_documents()
    current_at = store.current_at_paths()
    failed = store.failed_reasons(version, TRANSIENT_CODES)
    limit_reasons = {time_limit_reason(limits), memory_limit_reason(limits)}
    seen: dict[str, Path] = {}
    for path in scan.files:
        s.found += 1
        try:
            size = path.stat().st_size
            digest = identify(path, size)
        except OSError as e:
            fail(store, s, path, None, "io_error", f"cannot read file ({e.strerror or e})")
            continue
        if digest in seen:
            s.duplicates.append((printable(path), printable(seen[digest])))
            continue
        seen[digest] = path
        here = printable(path)  # as the store holds paths
        if digest in stored:
            stored_version, superseded_by, stored_path = stored[digest]
            if superseded_by is None:
                if stored_path and stored_path != here and not os.path.lexists(stored_path):
                    store.relocate(digest, here)  # moved or renamed: later edits here are its versions
                if stored_version == version:
                    s.skipped += 1
                    continue
                s.to_update.add(digest)
            elif current_at.get(here, digest) != digest:
                pass  # the file went back to an older content: that version becomes current again
            else:
                s.old_versions += 1  # an older version of a document stored since in a newer one
                continue
        elif digest in failed and _still_failing(failed[digest], limit_reasons):
            s.known_failures += 1
            continue
        if size > max_bytes(path):
            fail(store, s, path, digest, "too_large",
                 f"file is {size / 1e6:,.0f} MB; the limit is {max_bytes(path) // 2**20} MB for {path.suffix.lower()} files")
            continue
        plan.todo.append((path, digest))
        plan.sizes[str(path)] = size
    return plan


def _still_failing(reasons: set[str], current_limit_reasons: set[str]) -> bool:
    """A limit failure is tried again once the limits changed; other lasting failures are not."""
    return any(not r.startswith(("time limit:", "memory limit:")) or r in current_limit_reasons for r in reasons)


def fail(store, summary: RunSummary, path, digest, code: str, reason: str) -> None:
    """Quarantine a file and record why; whatever goes wrong while doing so is recorded too, never raised."""
    q = quarantine(path, store.path, digest, code, reason)
    recorded = reason if q.problem is None else f"{reason} (not quarantined: {q.problem})"
    try:
        store.record_failure(str(path), digest, code, recorded, str(q.copy) if q.copy else None)
    except Exception as e:  # the store refusing the record must not stop the run: the summary still says it
        recorded = f"{recorded} (not recorded in the store: {type(e).__name__}: {e})"
    summary.failed.append((printable(path), code, recorded))


def store_result(store, result: dict, summary: RunSummary, keep_versions: bool = False) -> None:
    """Write one processed file (one transaction) or set it aside in quarantine."""
    path, digest = result["path"], result.get("file_hash")
    if result["ok"]:
        try:
            replaced = store.write_document(result["records"], printable(path), result["raw_text"],
                                            result["sections"], keep_versions=keep_versions)
            summary.count_written(result["records"], updated=digest in summary.to_update, replaced=replaced)
            return
        except Exception as e:
            result = {**result, "ok": False, "code": "store_error", "reason": f"{type(e).__name__}: {e}"}
    fail(store, summary, path, digest, result["code"], result["reason"])


class Writer:
    """The store as an ingest run writes it: opened for the writes and closed between them whenever
    someone else (a reviewer) waits for it, or after a second without anything to write."""

    def __init__(self, db: str | Path, summary: RunSummary | None = None, keep_versions: bool = False,
                 progress: Callable[[int, int], None] | None = None, write_timeout: float = WRITE_TIMEOUT):
        from pipeline.store.store import Store

        self._Store = Store
        self.db = Path(db)
        self.summary = summary or RunSummary()
        self.keep_versions = keep_versions
        self.progress = progress
        self.write_timeout = write_timeout
        self.done = 0
        self.total = 0
        self._store = None
        self._last_write = time.monotonic()
        self._probe = VisitorProbe(self.db)

    @property
    def path(self) -> Path:
        return self.db

    def store(self):
        if self._store is None:
            self._probe.wait_until_alone(self.write_timeout)
            self._store = self._Store(self.db, timeout=self.write_timeout, for_ingest=True)
        return self._store

    def write(self, result: dict) -> None:
        """Store one result; nothing the result holds can stop the run. A store that cannot be opened
        at all (kept open elsewhere past WRITE_TIMEOUT, not writable) stops it: the documents not yet
        written are not lost, the next run takes them."""
        store = self.store()
        try:
            store_result(store, result, self.summary, self.keep_versions)
        except Exception as e:  # store_result records its own failures; this is a last resort
            self.summary.failed.append((printable(result.get("path", "?")), "store_error", f"{type(e).__name__}: {e}"))
        self.done += 1
        self._last_write = time.monotonic()
        if self.progress:
            self.progress(self.done, self.total)

    def make_way(self) -> None:
        """Close the store if someone waits for it or nothing was written for a while."""
        if self._store is not None and (self._probe.someone_waiting()
                                        or time.monotonic() - self._last_write > IDLE_CLOSE):
            self.close_store()

    def close_store(self) -> None:
        if self._store is not None:
            store, self._store = self._store, None
            store.close()

    def close(self) -> None:
        self.close_store()
        self._probe.close()


@contextlib.contextmanager
def ingest_run(db: str | Path, keep_versions: bool = False, progress=None, write_timeout: float = WRITE_TIMEOUT):
    """One run's hold on the store: the ingest lock for the whole run (one run at a time), the store
    itself only while writing."""
    with IngestLock(db):
        writer = Writer(db, keep_versions=keep_versions, progress=progress, write_timeout=write_timeout)
        try:
            yield writer
        finally:
            writer.close()


# -- batches ----------------------------------------------------------------------------------------

_STREAMS: dict[str, queue.Queue] = {}


def run_batch(items: list[Item], limits: Limits, stream: str | None = None, batch_no: int = 0) -> list[dict]:
    """Process a batch, each document in this thread's sandbox. In the run's own process the results
    go to the run's queue one by one as they come (and [] is returned); elsewhere (a Dask worker) they
    are returned together."""
    q = _STREAMS.get(stream) if stream else None
    box = sandbox_for_thread(limits)
    out = []
    for path, digest in items:
        result = box.process(path, digest)
        if q is not None:
            q.put(("result", batch_no, result))
        else:
            out.append(result)
    return out


def worker_failure(path: str, digest: str | None, exc: BaseException) -> dict:
    return limit_failure(path, digest, "worker_error", f"the batch holding this file failed ({describe(exc)})")


def execute(plan: Plan, writer: Writer, submit: Callable, as_completed: Callable[[list], Iterable],
            limits: Limits, batch_size: int = 0, workers: int = 1) -> RunSummary:
    """Run the plan's batches through `submit(items, limits, stream, batch_no)` (a Prefect task's submit,
    or a thread pool's) and write every result as it arrives, in this thread only."""
    batches = plan.batches(batch_size, workers)
    writer.summary = plan.summary
    writer.total = len(plan.todo)
    if writer.progress:
        writer.progress(0, writer.total)
    q: queue.Queue = queue.Queue()
    key = uuid.uuid4().hex
    _STREAMS[key] = q
    try:
        futures = {submit(items, limits, key, i): i for i, items in enumerate(batches)}

        def collect():
            for future in as_completed(list(futures)):
                i = futures[future]
                try:
                    q.put(("done", i, future.result()))
                except BaseException as e:  # noqa: BLE001 - reported per document below
                    q.put(("failed", i, e))

        collector = threading.Thread(target=collect, name="chitieu-collect", daemon=True)
        collector.start()
        written: list[set[str]] = [set() for _ in batches]
        remaining = len(batches)
        while remaining:
            try:
                kind, i, payload = q.get(timeout=POLL)
            except queue.Empty:
                writer.make_way()
                continue
            if kind == "result":
                writer.write(payload)
                written[i].add(payload["path"])
            elif kind == "done":
                for result in payload:
                    writer.write(result)
                remaining -= 1
            else:
                for path, digest in batches[i]:
                    if path not in written[i]:
                        writer.write(worker_failure(path, digest, payload))
                remaining -= 1
            writer.make_way()
        collector.join(timeout=5)
    finally:
        _STREAMS.pop(key, None)
    return plan.summary


def finish(writer: Writer, summary: RunSummary) -> RunSummary:
    store = writer.store()
    summary.unmatched_reviews = len(store.unmatched_reviews())
    summary.totals = store.counts()
    writer.close_store()
    return summary


def ingest_directly(inbox: str | Path, db: str | Path, batch_size: int = 0, limits: Limits | None = None,
                    keep_versions: bool = False, progress=None, write_timeout: float = WRITE_TIMEOUT) -> RunSummary:
    """The same run as the Prefect flow, on a plain thread (for comparison and for scripts)."""
    from pipeline.store.worker import close_all

    limits = limits or Limits.from_env()
    with ingest_run(db, keep_versions, progress, write_timeout) as writer:
        plan = plan_run(inbox, writer.store(), limits=limits)
        writer.close_store()
        with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="chitieu-batch") as pool:
            submit = lambda items, lim, key, i: pool.submit(run_batch, items, lim, key, i)  # noqa: E731
            execute(plan, writer, submit, concurrent.futures.as_completed, limits, batch_size)
        close_all()
        return finish(writer, plan.summary)
