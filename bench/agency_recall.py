"""Agency mention recall: how many of the gold assignments' agencies `agencies.find` names at all.

Every (doc, agency) pair of ../shared/gold/{seeds,real}/assignments.jsonl counts once; it is found when
some mention's name matches it by the scoring's rule (SCHEMA.md: after `normalise_name`, equal, or the
shorter of at least three words is the start of the longer). A mention missed here can never be assigned,
so this is the ceiling of assignment recall. Also printed: how many mentions were emitted in all (a crude
check that recall is not bought by naming every capitalised phrase), and the same recall over the
assignments corpus/manifest.json expects (documents written for the project, annotated apart from the rules).

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
CORPUS = ROOT / "corpus"


def load(folder: Path, kind: str) -> list[dict]:
    with open(folder / f"{kind}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def recall(path: Path, expected: list[dict], verbose: bool, extra: bool) -> tuple[int, int, int]:
    """(distinct gold agencies, found, mentions emitted) for one document."""
    mentions = agencies.find(analyse(path).clean.text)
    names = {normalise_name(m.name) for m in mentions}
    seen: set[str] = set()
    found = 0
    for g in expected:
        key = normalise_name(g["agency"])
        if key in seen:
            continue
        seen.add(key)
        ok = any(names_match(key, n) for n in names)
        found += ok
        if not ok and verbose:
            print(f"MISS  {path.name[:5]}  {g['agency']}  | {g.get('quote', '')[:80]!r}")
    if extra:
        for n in sorted(names):
            if not any(names_match(k, n) for k in seen):
                print(f"EXTRA {path.name[:5]}  {n}")
    return len(seen), found, len(mentions)


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
        assignments = load(folder, "assignments")
        sub_total = sub_found = 0
        for name in (r["doc"] for r in load(folder, "documents")):
            t, f, e = recall(folder / name, [a for a in assignments if a["doc"] == name], args.v, args.extra)
            sub_total, sub_found, emitted = sub_total + t, sub_found + f, emitted + e
        print(f"{sub}: {sub_found}/{sub_total} = {sub_found / max(sub_total, 1):.3f}")
        total += sub_total
        found += sub_found
    print(f"agency mention recall: {found}/{total} = {found / max(total, 1):.3f}  ({emitted} mentions emitted)")
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    c_total = c_found = 0
    for d in manifest["documents"]:
        if d.get("assignments"):
            t, f, _ = recall(CORPUS / d["file"], d["assignments"], args.v, args.extra)
            c_total, c_found = c_total + t, c_found + f
    print(f"corpus manifest: {c_found}/{c_total} = {c_found / max(c_total, 1):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
