"""Agency mention recall: how many of the gold assignments' agencies `agencies.find` names at all.

Every (doc, agency) pair of ../shared/gold/{seeds,real}/assignments.jsonl counts once; it is found when
some mention's name matches it by the scoring's rule (SCHEMA.md: after `normalise_name`, equal, or the
shorter of at least three words is the start of the longer). A mention missed here can never be assigned,
so this is the ceiling of assignment recall. Also printed: how many mentions were emitted in all (a crude
check that recall is not bought by naming every capitalised phrase).

Run from the repo root:  .venv/bin/python bench/agency_recall.py [-v] [--extra]
  -v       list the missed gold agencies with the start of their quote
  --extra  list the emitted mentions that match no gold agency (to eyeball precision)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extractors import agencies  # noqa: E402
from pipeline.analyse import analyse  # noqa: E402
from pipeline.evaluate import names_match, normalise_name  # noqa: E402

GOLD = ROOT.parent / "shared" / "gold"


def load(folder: Path, kind: str) -> list[dict]:
    with open(folder / f"{kind}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", action="store_true", help="list the misses")
    ap.add_argument("--extra", action="store_true", help="list mentions that match no gold agency")
    ap.add_argument("--gold", default=str(GOLD), help="the gold folder (default ../shared/gold)")
    args = ap.parse_args()
    gold = Path(args.gold)
    total = found = emitted = 0
    for sub in ("seeds", "real"):
        folder = gold / sub
        if not folder.is_dir():
            print(f"skip {folder}: not there")
            continue
        docs = [r["doc"] for r in load(folder, "documents")]
        assignments = load(folder, "assignments")
        sub_total = sub_found = 0
        for name in docs:
            clean = analyse(folder / name).clean
            mentions = [m for m in agencies.find(clean.text)]
            emitted += len(mentions)
            names = {normalise_name(m.name) for m in mentions}
            seen: set[str] = set()
            for g in (a for a in assignments if a["doc"] == name):
                key = normalise_name(g["agency"])
                if key in seen:
                    continue
                seen.add(key)
                ok = any(names_match(key, n) for n in names)
                sub_total += 1
                sub_found += ok
                if not ok and args.v:
                    print(f"MISS  {name[:5]}  {g['agency']}  | {g['quote'][:80]!r}")
            if args.extra:
                for n in sorted(names):
                    if not any(names_match(k, n) for k in seen):
                        print(f"EXTRA {name[:5]}  {n}")
        print(f"{sub}: {sub_found}/{sub_total} = {sub_found / max(sub_total, 1):.3f}")
        total += sub_total
        found += sub_found
    print(f"agency mention recall: {found}/{total} = {found / max(total, 1):.3f}  ({emitted} mentions emitted)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
