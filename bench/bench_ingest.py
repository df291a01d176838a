"""Ingest benchmark: documents per minute without Prefect, with the Prefect flow, and on 2 Dask workers.

    python bench/bench_ingest.py [--docs 200] [--workers 2]

The inbox is built from corpus/ (or the test plans when corpus/ is absent), each copy changed a
little so every file is a new document (a new content hash).
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from pipeline.readers import SUFFIXES  # noqa: E402


def sources() -> list[Path]:
    corpus = ROOT / "corpus"
    found = sorted(p for p in corpus.glob("*") if p.suffix.lower() in SUFFIXES) if corpus.is_dir() else []
    if found:
        return found
    from vn_plans import write_plans

    return write_plans(Path(tempfile.mkdtemp(prefix="chitieu-plans-")))


def variant(src: Path, dest: Path, n: int) -> None:
    """A copy of `src` with a small change, so its content hash is new."""
    suffix = src.suffix.lower()
    if suffix == ".txt":
        data = src.read_bytes()
        dest.write_bytes(data + f"\nBản sao số {n}.\n".encode("utf-8") if _is_utf8(data) else data + f"\n{n}\n".encode())
    elif suffix == ".docx":
        import docx

        d = docx.Document(str(src))
        d.add_paragraph(f"Bản sao số {n}.")
        d.save(str(dest))
    elif suffix in (".html", ".htm"):
        dest.write_text(src.read_text(encoding="utf-8", errors="replace") + f"\n<!-- {n} -->\n", encoding="utf-8")
    else:  # PDF: bytes after %%EOF are ignored by readers but change the hash
        dest.write_bytes(src.read_bytes() + f"\n% copy {n}\n".encode())


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def build_inbox(folder: Path, n_docs: int) -> Path:
    srcs = sources()
    for i in range(n_docs):
        src = srcs[i % len(srcs)]
        variant(src, folder / f"{i:03d}-{src.name}", i)
    return folder


def timed(fn, *args, **kw):
    t = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    import logging

    from flows.ingest import configured, shared_api
    from pipeline.store.ingest import ingest_directly

    logging.getLogger("distributed").setLevel(logging.WARNING)
    work = Path(tempfile.mkdtemp(prefix="chitieu-bench-"))
    (work / "inbox").mkdir()
    inbox = build_inbox(work / "inbox", args.docs)
    n = args.docs
    rows = []

    from pipeline.store.ingest import process_file

    for src in sorted(inbox.iterdir())[: len(sources())]:  # warm up: imports and lazily loaded data
        process_file(src)
    t_extract, _ = timed(lambda: [process_file(p) for p in sorted(inbox.iterdir())])
    t_direct, s_direct = timed(ingest_directly, inbox, work / "direct" / "chitieu.duckdb")
    rows.append(("read + extract only, no store, no Prefect", t_extract, None))
    rows.append(("pipeline directly into the store (no Prefect)", t_direct, s_direct))

    api = contextlib.ExitStack()
    t_server, _ = timed(api.enter_context, shared_api())  # one temporary Prefect server for the runs below
    t_seq, s_seq = timed(configured(), str(inbox), str(work / "seq" / "chitieu.duckdb"))
    rows.append(("Prefect flow, sequential", t_seq, s_seq))
    t_dask, s_dask = timed(configured(workers=args.workers), str(inbox), str(work / "dask" / "chitieu.duckdb"))
    rows.append((f"Prefect flow, Dask LocalCluster of {args.workers} worker processes (started by the run)", t_dask, s_dask))
    from distributed import LocalCluster

    with LocalCluster(n_workers=args.workers, threads_per_worker=1, dashboard_address=None) as cluster:
        t_warm, s_warm = timed(configured(dask_address=cluster.scheduler_address), str(inbox),
                               str(work / "dask-running" / "chitieu.duckdb"))
    rows.append((f"Prefect flow, already running Dask cluster of {args.workers} workers (--dask-address)", t_warm, s_warm))
    api.close()
    print(f"\n{n} documents ({len({p.suffix for p in inbox.iterdir()})} formats) in {inbox}")
    print("| run | seconds | documents/minute | stored | failed | targets |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, t, s in rows:
        if s is None:
            print(f"| {label} | {t:.1f} | {n / t * 60:.0f} | – | – | – |")
            continue
        s = s if isinstance(s, dict) else s.as_dict()
        print(f"| {label} | {t:.1f} | {n / t * 60:.0f} | {s['new']} | {len(s['failed'])} | {s['targets']} |")
    print(f"\nstore writes per document (direct - extract only): {(t_direct - t_extract) / n * 1000:.0f} ms")
    print(f"Prefect overhead per document (sequential flow - direct): {(t_seq - t_direct) / n * 1000:.0f} ms")
    import os

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    print(f"temporary Prefect server start (once per `chitieu ingest` without PREFECT_API_URL): {t_server:.1f} s")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
