"""Benchmark: how the cost of each stage grows with the text's length (issue 13 item 1).

Texts of 1×, 2×, 4×, … `--max-mult` copies of a ~28,000-character plan (written from the corpus sources,
like bench_extract.py), three ways: "lines", with its line breaks; "pipes", with its line breaks and its table
rows written with " | " between their cells, as the .docx and .pdf readers write them; "flat", the pipes text
with every line break replaced by a space (a text pasted as one line, "|" and all: issue 13 item 6's case).
For each stage — normalise, segment, metadata, tables, each extractor in registry order, records — the CPU
seconds at each size and the growth exponent: the slope of log(seconds) against log(characters), fitted by
least squares over the sizes where the stage takes 1 ms or more ("-" when fewer than three do), and the slope
of the last doubling alone. 1.0 is linear; the bar is ≤ 1.15 for every stage up to 1.8 million characters (64×).

Run from the repo root:  .venv/bin/python bench/bench_growth.py [--max-mult 64] [--repeat 1] [--chars 28000]
                                                               [--only lines|flat|pipes] [--profile MULT]
"""

from __future__ import annotations

import argparse
import math

from common import clock, one_core, plan_text, table

import extractors
from extractors.base import Context
from pipeline.document import Document
from pipeline.metadata import extract_metadata
from pipeline.normalise import normalise
from pipeline.records import to_records
from pipeline.segment import segment

STAGES = ("normalise", "segment", "metadata", "tables", *extractors.ORDER, "records")


class _Analysis:  # what to_records reads
    def __init__(self, document, clean, root, meta):
        self.document, self.clean, self.root, self.meta = document, clean, root, meta


def run_stages(text: str) -> tuple[dict[str, float], int]:
    """CPU seconds of each stage for one text, and the number of records it gave."""
    doc = Document(path="growth.txt", raw_text=text, format="txt", doc_id="growth")
    times = {}

    def timed(name, fn):
        t0 = clock()
        out = fn()
        times[name] = clock() - t0
        return out

    clean = timed("normalise", lambda: normalise(text))
    root = timed("segment", lambda: segment(clean))
    meta = timed("metadata", lambda: extract_metadata(doc, clean, root))
    ctx = Context(doc, clean, root, meta)
    timed("tables", lambda: ctx.tables)
    for name in extractors.ORDER:
        fn = extractors.get(name)
        ctx.results[name] = timed(name, lambda: fn(ctx))
    records = timed("records", lambda: to_records(_Analysis(doc, clean, root, meta), ctx.results))
    return times, len(records)


def best_stages(text: str, repeat: int) -> tuple[dict[str, float], int]:
    best: dict[str, float] = {}
    n = 0
    for _ in range(repeat):
        times, n = run_stages(text)
        for k, v in times.items():
            best[k] = min(v, best.get(k, float("inf")))
    return best, n


def slope(xs: list[float], ys: list[float], least: int = 3) -> float:
    """Least-squares slope of log(y) on log(x). Times under a millisecond are left out (CPU time that small is
    mostly noise); with fewer than `least` points left the stage is too quick to tell (nan: "-")."""
    pts = [(math.log(x), math.log(y)) for x, y in zip(xs, ys) if y >= 1e-3]
    if len(pts) < least:
        return float("nan")
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    var = sum((p[0] - mx) ** 2 for p in pts)
    return sum((p[0] - mx) * (p[1] - my) for p in pts) / var if var else float("nan")


def _exp(e: float) -> str:
    return "-" if math.isnan(e) else f"{e:.2f}"


def flat(text: str) -> str:
    """The text as one line: every line break a space."""
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


VARIANTS = {
    "lines": "with line breaks",
    "pipes": "with line breaks, table rows as ' | ' cells",
    "flat": "without line breaks (one line, table cells as ' | ')",
}


def variant(plan: str, name: str) -> str:
    if name == "lines":
        return plan
    piped = plan.replace("\t", " | ")  # the rendered plan separates a table row's cells by tabs
    return flat(piped) if name == "flat" else piped


def growth(plan: str, mults: list[int], repeat: int, name: str, bar: float) -> dict[str, float]:
    print(f"\n== {VARIANTS[name]} ==")
    sizes, per_size, counts = [], [], []
    for m in mults:
        text = variant("\n".join([plan] * m), name)
        times, n = best_stages(text, repeat)
        sizes.append(len(text))
        per_size.append(times)
        counts.append(n)
        total = sum(times.values())
        print(f"  {m:>3}×  {len(text):>10,} chars  {total:8.2f} CPU s  {len(text) / total:>10,.0f} chars/s  "
              f"{n:,} records", flush=True)
    rows, exps = [], {}
    for st in STAGES:
        ys = [t[st] for t in per_size]
        exps[st] = slope(sizes, ys)
        rows.append([st, *(f"{y:.3f}" for y in ys), _exp(exps[st]), _exp(slope(sizes[-2:], ys[-2:], 2))])
    totals = [sum(t.values()) for t in per_size]
    exps["TOTAL"] = slope(sizes, totals)
    rows.append(["TOTAL", *(f"{y:.3f}" for y in totals), _exp(exps["TOTAL"]), _exp(slope(sizes[-2:], totals[-2:], 2))])
    print(table(rows, ["stage (CPU s)", *(f"{m}×" for m in mults), "exponent", "last doubling"]))
    worst = max((v for v in exps.values() if not math.isnan(v)), default=float("nan"))
    print(f"  chars/s: {sizes[0] / totals[0]:,.0f} at {mults[0]}×, {sizes[-1] / totals[-1]:,.0f} at {mults[-1]}×; "
          f"largest exponent {worst:.2f} (bar ≤ {bar}: {'met' if worst <= bar else 'NOT met'})")
    return exps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=28_000, help="size of the plan copied (default 28000)")
    ap.add_argument("--max-mult", type=int, default=64, help="largest number of copies (default 64)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size, the best kept (default 1)")
    ap.add_argument("--only", choices=tuple(VARIANTS), help="only one of the texts (default: all three)")
    ap.add_argument("--profile", type=int, metavar="MULT",
                    help="instead: cProfile one run at MULT copies (of the --only text, lines by default)")
    ap.add_argument("--bar", type=float, default=1.15)
    args = ap.parse_args()
    print(one_core())
    plan = plan_text(args.chars).read_text(encoding="utf-8")
    print(f"plan: {len(plan):,} characters, {plan.count(chr(10)):,} lines")
    run_stages(plan)  # loads lexicons, spaCy matchers, models: not counted
    if args.profile:
        import cProfile
        import pstats

        text = variant("\n".join([plan] * args.profile), args.only or "lines")
        prof = cProfile.Profile()
        prof.enable()
        run_stages(text)
        prof.disable()
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        return
    mults = [m for m in (2 ** k for k in range(0, 20)) if m <= args.max_mult]
    for name in VARIANTS:
        if not args.only or args.only == name:
            growth(plan, mults, args.repeat, name, args.bar)


if __name__ == "__main__":
    main()
