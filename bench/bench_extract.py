"""Benchmark: extraction over a ~30,000-character plan on one core, the cost of each extractor.

Run from the repo root:  /work/venv/bin/python bench/bench_extract.py [--chars 30000] [--repeat 5]
Goal (issue 3): all extractors together under 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics

from common import clock, one_core, plan_text, table

import extractors
from extractors.base import Context
from pipeline.analyse import analyse


def run_once(analysis) -> dict[str, float]:
    """Seconds per extractor for one full run in registry order (later ones read earlier results)."""
    ctx = Context(analysis.document, analysis.clean, analysis.root, analysis.meta)
    times = {}
    for name in extractors.ORDER:
        fn = extractors.get(name)
        t0 = clock()
        ctx.results[name] = fn(ctx)
        times[name] = clock() - t0
    times["_found"] = {k: len(v) for k, v in ctx.results.items()}
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=30_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(one_core())
    path = plan_text(args.chars)
    t0 = clock()
    analysis = analyse(path)
    prep = clock() - t0
    n = len(analysis.document.raw_text)
    print(f"{path.name}: {n:,} characters, {sum(1 for _ in analysis.root.walk()) - 1} sections "
          f"(read + normalise + segment + metadata: {prep:.3f} CPU s)")

    t0 = clock()
    first = run_once(analysis)  # loads lexicons, spaCy matchers, models: reported apart
    cold = clock() - t0
    runs = [run_once(analysis) for _ in range(args.repeat)]
    found = first.pop("_found")
    for r in runs:
        r.pop("_found")

    rows = []
    for name in extractors.ORDER:
        vals = [r[name] for r in runs]
        rows.append([name, f"{found.get(name, 0)}", f"{first[name] * 1000:.1f}",
                     f"{min(vals) * 1000:.1f}", f"{statistics.median(vals) * 1000:.1f}"])
    totals = [sum(r[k] for k in extractors.ORDER) for r in runs]
    rows.append(["TOTAL", f"{sum(found.values())}", f"{cold * 1000:.1f}",
                 f"{min(totals) * 1000:.1f}", f"{statistics.median(totals) * 1000:.1f}"])
    print(table(rows, ["extractor", "facts", "first run CPU ms", "best CPU ms", "median CPU ms"]))
    med = statistics.median(totals)
    print(f"\nextraction, median of {args.repeat}: {med:.3f} CPU s for {n:,} characters "
          f"({n / med:,.0f} chars/s); goal < 0.3 s: {'met' if med < 0.3 else 'NOT met'}")


if __name__ == "__main__":
    main()
