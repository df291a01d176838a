"""How many of the targets corpus/manifest.json expects are extracted, with which wrong fields, and which
past results or legal references were taken for targets. A quality check to run beside the benchmarks.

Run from the repo root:  /work/venv/bin/python bench/corpus_recall.py [-v]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata

from common import CORPUS

from pipeline.analyse import extract

FIELDS = ("comparator", "change", "baseline_year", "value_max", "deadline")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).casefold()


def unit_class(unit: str | None) -> str:
    return unit if unit in ("%", "rank") else "count"


def check(doc: dict, records: list[dict]) -> tuple[int, int, list[str]]:
    """(expected targets found, not-targets wrongly extracted, notes) for one manifest entry."""
    found, wrong, notes = 0, 0, []
    for want in doc["targets"]:
        q = squash(want["quote_contains"])
        hits = [r for r in records if (q in squash(r["quote"]) or squash(r["quote"]) in q)
                and r["value"] is not None and abs(r["value"] - want["value"]) < 1e-9
                and unit_class(r["unit"]) == unit_class(want["unit"])]
        if not hits:
            notes.append(f"missed   {want['value']:>8} {want['unit']:<6} «{want['quote_contains']}»")
            continue
        found += 1
        diffs = {k: (hits[0].get(k), want[k]) for k in FIELDS if k in want and hits[0].get(k) != want[k]}
        if diffs:
            notes.append(f"fields   «{want['quote_contains']}» got/want {diffs}")
    for nt in doc["not_targets"]:
        q = squash(nt["quote_contains"])
        if any(q in squash(r["quote"]) and r["value"] == nt["value"] for r in records):
            wrong += 1
            notes.append(f"NOT a target {nt['value']} «{nt['quote_contains']}»")
    return found, wrong, notes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and wrong fields")
    args = ap.parse_args()
    manifest = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
    tot = found = nt_tot = wrong = 0
    for doc in manifest["documents"]:
        records = [r for r in extract(CORPUS / doc["file"]) if r["kind"] == "target"]
        f, w, notes = check(doc, records)
        tot, found = tot + len(doc["targets"]), found + f
        nt_tot, wrong = nt_tot + len(doc["not_targets"]), wrong + w
        print(f"{doc['file']:<38} expected {f}/{len(doc['targets'])}  extracted {len(records):>3}  not-targets taken {w}")
        if args.verbose:
            for n in notes:
                print("    " + n)
    print(f"\nexpected targets found: {found}/{tot} ({found / tot:.0%}); "
          f"past results/references taken for targets: {wrong}/{nt_tot}")


if __name__ == "__main__":
    main()
