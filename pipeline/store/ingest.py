"""The steps of an ingest run, free of any orchestrator: plan the inbox, process one file, store one
result. `flows/ingest.py` runs them as Prefect tasks; `ingest_directly` runs them in a plain loop."""

from __future__ import annotations

import contextlib
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import extractors
from pipeline.errors import DocumentError
from pipeline.store.inbox import discover, file_hash, quarantine, quarantine_dir
from pipeline.store.lock import IngestLock
from pipeline.store.store import Store
from pipeline.store.summary import RunSummary

# Failures worth trying again on the next run even when the file has not changed.
TRANSIENT_CODES = ("io_error", "store_error")
WRITE_TIMEOUT = 60.0  # seconds to wait for another process (the review app) to close the store


@dataclass
class Plan:
    """What a run will do: files to process (one per distinct content) and the summary so far."""

    todo: list[tuple[Path, str]] = field(default_factory=list)  # (path, content hash)
    summary: RunSummary = field(default_factory=RunSummary)


def plan_run(inbox: str | Path, store: Store, version: str | None = None) -> Plan:
    """Discover the inbox and leave out what is already stored with this extractor version,
    copies of a file seen earlier in the inbox, and files that failed before for a lasting reason."""
    version = version or extractors.EXTRACTOR_VERSION
    plan = Plan()
    s = plan.summary
    stored = store.stored_versions()
    failed = store.failed_hashes(version, TRANSIENT_CODES)
    seen: dict[str, Path] = {}
    for path in discover(inbox, skip=quarantine_dir(store.path)):
        s.found += 1
        try:
            digest = file_hash(path)
        except OSError as e:
            _fail(store, s, path, None, "io_error", f"cannot read file ({e.strerror or e})")
            continue
        if digest in seen:
            s.duplicates.append((str(path), str(seen[digest])))
            continue
        seen[digest] = path
        if stored.get(digest) == version:
            s.skipped += 1
        elif digest in failed:
            s.known_failures += 1
        else:
            if digest in stored:
                s.to_update.add(digest)
            plan.todo.append((path, digest))
    return plan


def sections_of(analysis) -> list[dict]:
    """The section tree flattened, with spans in the raw text."""
    out = []
    for sec in analysis.root.walk():
        cs, ce = analysis.clean.raw_span(sec.start, sec.end)
        out.append({"path": sec.path, "label": sec.label, "title": sec.title, "kind": sec.kind,
                    "level": sec.level, "char_start": cs, "char_end": ce})
    return out


def process_file(path: str | Path, digest: str | None = None) -> dict:
    """Read → analyse → extract one file. A document chitieu cannot read, or an extractor that
    breaks on it, gives a failure result; an OSError propagates so the caller can retry it."""
    from pipeline.analyse import analyse, extract
    from pipeline.readers import read

    path = Path(path)
    fail = {"ok": False, "path": str(path), "file_hash": digest}
    try:
        document = read(path)
    except DocumentError as e:
        return {**fail, "code": e.code, "reason": e.reason}
    except OSError:
        raise
    except Exception as e:  # a reader that breaks on this file: say so, keep the batch going
        return {**fail, "code": "unreadable", "reason": _describe(e)}
    try:
        analysis = analyse(document)
        records = extract(analysis)
    except DocumentError as e:
        return {**fail, "code": e.code, "reason": e.reason}
    except Exception as e:  # an extractor bug must not stop the batch; the file waits for a fix
        return {**fail, "code": "extraction_error", "reason": _describe(e)}
    return {"ok": True, "path": str(path), "file_hash": digest, "records": records,
            "raw_text": document.raw_text, "sections": sections_of(analysis)}


def _describe(e: Exception) -> str:
    where = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    at = f" (at {Path(where.filename).name}:{where.lineno})" if where else ""
    return f"{type(e).__name__}: {e}{at}"


def io_failure(path: str | Path, digest: str | None, exc: BaseException) -> dict:
    """The result for a file whose reading kept failing after the retries."""
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return {"ok": False, "path": str(path), "file_hash": digest, "code": "io_error",
            "reason": f"cannot read file ({reason})"}


def store_result(store: Store, result: dict, summary: RunSummary) -> None:
    """Write one processed file (one transaction) or set it aside in quarantine."""
    path, digest = result["path"], result.get("file_hash")
    if result["ok"]:
        try:
            store.write_document(result["records"], path, result["raw_text"], result["sections"])
            summary.count_written(result["records"], updated=digest in summary.to_update)
            return
        except Exception as e:
            result = {**result, "ok": False, "code": "store_error", "reason": f"{type(e).__name__}: {e}"}
    _fail(store, summary, path, digest, result["code"], result["reason"])


def _fail(store: Store, summary: RunSummary, path, digest, code: str, reason: str) -> None:
    copied = quarantine(path, store.path, digest, code, reason)
    store.record_failure(str(path), digest, code, reason, str(copied) if copied else None)
    summary.failed.append((str(path), code, reason))


def finish(store: Store, summary: RunSummary) -> RunSummary:
    summary.unmatched_reviews = len(store.unmatched_reviews())
    summary.totals = store.counts()
    return summary


def open_for_ingest(db: str | Path) -> contextlib.ExitStack:
    """The ingest lock, then the store, held for the whole run (DuckDB has one writer anyway)."""
    stack = contextlib.ExitStack()
    try:
        stack.enter_context(IngestLock(db))
        store = stack.enter_context(Store(db, timeout=WRITE_TIMEOUT))
    except BaseException:
        stack.close()
        raise
    stack.store = store
    return stack


def ingest_directly(inbox: str | Path, db: str | Path) -> RunSummary:
    """The same run as the Prefect flow, in a plain loop (for comparison and for scripts)."""
    with open_for_ingest(db) as run:
        plan = plan_run(inbox, run.store)
        for path, digest in plan.todo:
            try:
                result = process_file(path, digest)
            except OSError as e:
                result = io_failure(path, digest, e)
            store_result(run.store, result, plan.summary)
        return finish(run.store, plan.summary)
