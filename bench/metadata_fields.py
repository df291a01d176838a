"""Document metadata (number, doc_type, issuer, issue_date, period_start, period_end) against the gold, on a
held-out set and on the whole set. A quality check to run beside the benchmarks.

The held-out set is fixed by a rule chosen before the rules were written against the gold: every 4th file name
of ../shared/gold/real, sorted (8 of 33). The metadata rules were developed on the other 25 and the seeds.

Run from the repo root:  .venv/bin/python bench/metadata_fields.py [-v]   (-v lists the wrong fields)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import common  # noqa: F401  (the repository root on sys.path)

from pipeline.analyse import analyse
from pipeline.evaluate import DOC_FIELDS, score_documents

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "gold"


def held_out() -> set[str]:
    return set(sorted(p.name for p in (GOLD / "real").glob("*.txt"))[3::4])


def gold_records() -> list[tuple[Path, dict]]:
    out = []
    for folder in ("seeds", "real"):
        for line in (GOLD / folder / "documents.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append((GOLD / folder, json.loads(line)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    if not (GOLD / "real" / "documents.jsonl").exists():
        raise SystemExit(f"{GOLD} is not present")
    held = held_out()
    records = gold_records()
    pred = {rec["doc"]: analyse(folder / rec["doc"]).meta for folder, rec in records}
    sets = {"held-out (every 4th real file)": [r for _f, r in records if r["doc"] in held],
            "development (the others + seeds)": [r for _f, r in records if r["doc"] not in held],
            "whole set": [r for _f, r in records]}
    print(f"{'set':34} {'docs':>4}  " + "  ".join(f"{f:>12}" for f in DOC_FIELDS))
    for name, gold in sets.items():
        preds = [{"doc": r["doc"], **{f: getattr(pred[r["doc"]], f) for f in DOC_FIELDS}} for r in gold]
        s = score_documents(gold, preds)
        print(f"{name:34} {len(gold):>4}  " + "  ".join(f"{s['fields'][f]:>12.2f}" for f in DOC_FIELDS))
        if args.verbose:
            for e in s["errors"]:
                print(f"    {e['doc']}: {e['field']} gold={e['gold']!r} got={e['pred']!r}")


if __name__ == "__main__":
    main()
