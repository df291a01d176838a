"""Memory benchmark: peak resident memory of normalising / extracting large texts, of reading a 500-page
PDF, and of an ingest of thousands of documents sampled as it goes (it must not grow per document).

    python bench/bench_memory.py [--text-mb 5] [--extract-chars 500000,1000000,2000000] [--pdf-pages 500]
                                 [--ingest 2000] [--skip-pdf] [--skip-ingest]

Each measurement runs in a fresh process (peak RSS from os.wait4, the process and its children).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import common  # noqa: E402,F401
from common import ROOT  # noqa: E402


def child(kind: str, arg: str) -> dict:
    """Run one measurement in a new process; returns its JSON line plus the process's peak RSS."""
    proc = subprocess.Popen([sys.executable, __file__, "--one", kind, arg], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{kind} {arg} failed")
    result = json.loads(out.strip().splitlines()[-1])
    result["peak_mb"] = usage.ru_maxrss / 1024
    return result


def one(kind: str, arg: str) -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_files import long_plan

    if kind == "normalise":
        text = long_plan(int(float(arg) * 1_000_000))
        from pipeline.normalise import normalise
        from pipeline.segment import segment

        t = time.process_time()
        clean = normalise(text)
        root = segment(clean)
        return {"chars": len(text), "cpu_s": time.process_time() - t, "sections": sum(1 for _ in root.walk())}
    if kind == "extract":
        folder = Path(tempfile.mkdtemp())
        path = folder / "plan.txt"
        path.write_text(long_plan(int(arg)), encoding="utf-8")
        from pipeline.analyse import iter_records

        t = time.process_time()
        # as `chitieu extract -o out.jsonl` does: records written as they come, never all held
        count = 0
        with open(folder / "out.jsonl", "w", encoding="utf-8") as out:
            for r in iter_records(path):
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
                count += 1
        return {"chars": int(arg), "cpu_s": time.process_time() - t, "records": count}
    if kind == "pdf":
        from inboxes import long_pdf_pages
        from pipeline.analyse import analyse, extract

        pdf = long_pdf_pages(int(arg))
        t = time.process_time()
        analysis = analyse(pdf)
        records = extract(analysis)
        return {"pages": len(analysis.document.page_starts), "chars": len(analysis.document.raw_text),
                "cpu_s": time.process_time() - t, "records": len(records)}
    if kind == "ingest":
        import psutil

        from inboxes import text_inbox
        from pipeline.store.ingest import ingest_directly

        inbox = text_inbox(int(arg))
        me = psutil.Process()
        samples = []

        def sample(done: int, total: int) -> None:
            if done % 250 == 0 or done == total:
                worker = max((c.memory_info().rss for c in me.children()), default=0)
                samples.append((done, me.memory_info().rss / 2**20, worker / 2**20))

        db = Path(tempfile.mkdtemp()) / "chitieu.duckdb"
        t = time.perf_counter()
        summary = ingest_directly(inbox, db, progress=sample)
        return {"documents": summary.new, "seconds": time.perf_counter() - t, "samples": samples}
    raise SystemExit(f"unknown measurement {kind}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--one", nargs=2)
    ap.add_argument("--text-mb", type=float, default=5)
    ap.add_argument("--extract-chars", default="500000,1000000,2000000")
    ap.add_argument("--pdf-pages", type=int, default=500)
    ap.add_argument("--ingest", type=int, default=2000)
    ap.add_argument("--skip-pdf", action="store_true")
    ap.add_argument("--skip-ingest", action="store_true")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(*args.one)))
        return
    r = child("normalise", str(args.text_mb))
    print(f"normalise + segment, {r['chars']:,} characters: peak {r['peak_mb']:.0f} MB, {r['cpu_s']:.1f} CPU s")
    print("\n| read + extract (.txt) | records | CPU s | peak RSS MB |\n|---:|---:|---:|---:|")
    for chars in args.extract_chars.split(","):
        r = child("extract", chars)
        print(f"| {r['chars']:,} characters | {r['records']:,} | {r['cpu_s']:.1f} | {r['peak_mb']:.0f} |")
    if not args.skip_pdf:
        r = child("pdf", str(args.pdf_pages))
        print(f"\n{r['pages']}-page PDF ({r['chars']:,} characters): read + extract peak {r['peak_mb']:.0f} MB, "
              f"{r['cpu_s']:.0f} CPU s, {r['records']:,} records")
    if not args.skip_ingest:
        r = child("ingest", str(args.ingest))
        print(f"\ningest of {r['documents']:,} documents ({r['seconds']:.0f} s), resident memory as it goes:\n")
        print("| documents done | ingest process MB | document worker MB |\n|---:|---:|---:|")
        for done, me, worker in r["samples"]:
            print(f"| {done:,} | {me:.0f} | {worker:.0f} |")
        print(f"\npeak of the whole run (process and worker): {r['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
