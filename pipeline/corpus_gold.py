"""The project's sample corpus read as gold: `corpus/manifest.json` annotates seven of its documents' assignments and
deadlines exhaustively, in SCHEMA.md's terms, so training can learn from them beside the real documents of
../shared/gold. Its targets are not used: the manifest lists the targets its tests check, not every target of a
document (a table row "… | ≥ 95% | …" it leaves out would be learned as a non-target)."""

from __future__ import annotations

import json
from pathlib import Path

MANIFEST = "manifest.json"


def is_corpus(folder: Path) -> bool:
    return (Path(folder) / MANIFEST).exists() and not (Path(folder) / "documents.jsonl").exists()


def read_corpus_gold(folder: Path) -> list[tuple[Path, dict]]:
    """(path, gold records by kind) per corpus document; a kind the manifest does not annotate is None."""
    folder = Path(folder)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    out = []
    for d in sorted(manifest["documents"], key=lambda r: r["file"]):
        name = d["file"]
        doc = {"doc": name, **{k: d.get(k) for k in ("number", "doc_type", "issuer", "issue_date", "period_start",
                                                      "period_end")}}
        targets = [{"doc": name, "quote": t["quote_contains"], "value": t["value"], "unit": t["unit"],
                    "comparator": t.get("comparator", "="), "deadline": t.get("deadline")}
                   for t in d.get("targets", [])]
        gold = {"documents": [doc], "targets": None, "checked_targets": targets,
                "assignments": [{"doc": name, **a} for a in d["assignments"]] if "assignments" in d else None,
                "deadlines": [{"doc": name, **x} for x in d["deadlines"]] if "deadlines" in d else None}
        out.append((folder / name, gold))
    return out
