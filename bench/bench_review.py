"""The review page's data functions on a store of 10,000 targets: what one analyst action costs the server.

An action is what the page does for a decision: write it, read the store again (only the overlay of reviews
and added targets, unless documents changed), filter, order, build the list, find the next target, cut its
source. The goal is ≤ 0.5 s per action. Wall-clock seconds (the write waits on disk), median of N actions.

    python bench/bench_review.py [--targets 10000] [--actions 20]
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import OUT, one_core

import review_store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--targets", type=int, default=10_000)
    ap.add_argument("--actions", type=int, default=20)
    args = ap.parse_args()
    print(one_core())
    import pyarrow as pa

    from pipeline.review import logic
    from pipeline.review.data import Cache
    from pipeline.review.source import source_view

    db = OUT / f"review-{args.targets}.duckdb"
    t0 = time.perf_counter()
    built = review_store.build(db, args.targets)
    print(f"store: {built['targets']} targets in {built['documents']} documents ({time.perf_counter() - t0:.1f} s to build)")

    cache = Cache()
    t0 = time.perf_counter()
    snap = cache.snapshot(db)
    first = time.perf_counter() - t0
    filters = {"issuer": None, "year": None}

    def view_of(snap, **f):
        view = logic.ordered(logic.apply_filters(snap.targets, **f), "confidence")
        return view, view["target_id"].tolist()

    view, ids = view_of(snap, **filters)
    parts: dict[str, list[float]] = {k: [] for k in ("decide", "reload", "filter+order", "list", "arrow", "next+source", "action")}
    current = ids[0]
    for i in range(args.actions):
        a0 = time.perf_counter()
        logic.decide(db, current, "accept" if i % 2 else "reject", "bench")
        cache.forget(db)
        a1 = time.perf_counter()
        snap = cache.snapshot(db)
        a2 = time.perf_counter()
        view, ids = view_of(snap, **filters)
        a3 = time.perf_counter()
        table = logic.table_view(view)
        a4 = time.perf_counter()
        pa.Table.from_pandas(table)  # what st.dataframe does with it before sending
        a5 = time.perf_counter()
        statuses = dict(zip(ids, view["review_status"]))
        current = logic.next_target(ids, statuses, current)
        row = view.loc[current]
        text, sections = logic.load_source(db, row["doc_id"], snap.version[0])
        source_view(text, sections, int(row["char_start"]), int(row["char_end"]), row["section"])
        logic.target_fields(row.to_dict())
        a6 = time.perf_counter()
        for k, v in zip(parts, (a1 - a0, a2 - a1, a3 - a2, a4 - a3, a5 - a4, a6 - a5, a6 - a0)):
            parts[k].append(v)
    # a filter change (no write): the cached read, a new view
    f0 = time.perf_counter()
    snap = cache.snapshot(db)
    view, ids = view_of(snap, issuer="Đông Anh", year=2025)
    logic.table_view(view)
    filter_change = time.perf_counter() - f0

    print(f"first read of the store (base + overlay): {first:.3f} s")
    print(f"per action, median of {args.actions} (seconds):")
    for k, v in parts.items():
        print(f"  {k:12} {statistics.median(v):.3f}   (max {max(v):.3f})")
    print(f"filter change without a write: {filter_change:.3f} s ({len(ids)} targets kept)")
    verdict = "OK" if statistics.median(parts["action"]) <= 0.5 else "OVER"
    print(f"goal ≤ 0.5 s per action: {verdict}")


if __name__ == "__main__":
    main()
