"""The review log as a test set: fully reviewed documents written as gold annotations (../shared/gold/SCHEMA.md).

A document is written when every target extracted from it has a decision. Its text goes out as the raw text
every span indexes (UTF-8 .txt), its targets as the analysts left them: accepted ones as extracted, corrected
ones with the corrections, rejected ones left out, added ones included. Only targets are reviewed, so only
targets.jsonl is written beside documents.jsonl: `chitieu eval` scores no kind nobody annotated.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.compare import effective_targets

DOCUMENT_FIELDS = ("doc", "number", "doc_type", "issuer", "issue_date", "period_start", "period_end")
TARGET_FIELDS = ("doc", "quote", "indicator", "comparator", "change", "value", "value_max", "unit", "baseline_year",
                 "deadline", "agencies")


@dataclass
class GoldExport:
    written: list[str] = field(default_factory=list)  # gold file names of the documents written
    targets: dict[str, int] = field(default_factory=dict)  # accepted / corrected / added → count written
    rejected: int = 0  # left out
    pending: list[tuple[str, int]] = field(default_factory=list)  # documents left out: (doc, targets undecided)


def _plain(v):
    """A value as JSON holds it: no NaN, no numpy, dates as YYYY-MM-DD, whole numbers as ints."""
    if isinstance(v, np.ndarray):
        return [_plain(x) for x in v]
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(v, (pd.Timestamp,)) or hasattr(v, "isoformat"):
        return pd.Timestamp(v).strftime("%Y-%m-%d")
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        return int(v) if float(v).is_integer() else float(v)
    return v


def unique_quote(text: str, start: int, end: int) -> str:
    """The span, widened a word at a time within its line until it occurs once in the text (gold quotes are
    found by searching the text for them)."""
    while text.count(text[start:end]) > 1:
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        line_start = text.rfind("\n", 0, start) + 1
        if end < line_end:
            space = text.find(" ", end + 1)
            end = line_end if space == -1 or space > line_end else space
        elif start > line_start:
            space = text.rfind(" ", line_start, start - 1)
            start = line_start if space == -1 else space + 1
        else:  # the same line twice: nothing within the line tells them apart
            break
    return text[start:end]


def _gold_name(doc: str, doc_id: str, taken: set[str]) -> str:
    stem = re.sub(r"[^\w.-]+", "_", Path(doc).stem, flags=re.UNICODE) or "doc"
    name = f"{stem}.txt"
    if name in taken:
        name = f"{stem}_{doc_id[:8]}.txt"
    taken.add(name)
    return name


def export_gold(store, out_dir: str | Path) -> GoldExport:
    """Write the fully reviewed documents of `store` into `out_dir` as gold; returns what was written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    result = GoldExport()
    extracted = store.targets()
    added = store.added_targets()
    docs = store.documents().set_index("doc_id")
    allt = pd.concat([extracted, added], ignore_index=True) if not added.empty else extracted
    status = allt["review_status"].fillna("pending") if not allt.empty else pd.Series(dtype=object)
    taken: set[str] = set()
    doc_lines, target_lines = [], []
    for doc_id in sorted(set(allt["doc_id"]) if not allt.empty else set(),
                         key=lambda d: str(docs.loc[d, "doc"]) if d in docs.index else d):
        if doc_id not in docs.index:
            continue
        mine = allt[allt["doc_id"] == doc_id]
        undecided = int((status[mine.index] == "pending").sum())
        if undecided:
            result.pending.append((str(docs.loc[doc_id, "doc"]), undecided))
            continue
        meta = docs.loc[doc_id]
        text = store.document_text(doc_id)
        name = _gold_name(str(meta["doc"]), doc_id, taken)
        (out / name).write_text(text, encoding="utf-8", newline="")
        doc_lines.append({"doc": name, **{f: _plain(meta.get(f)) for f in DOCUMENT_FIELDS[1:]}})
        result.rejected += int((mine["review_status"] == "rejected").sum())
        kept = effective_targets(mine)  # corrections applied, rejected left out
        for r in kept.sort_values("char_start").to_dict("records"):
            kind = r["review_status"]
            result.targets[kind] = result.targets.get(kind, 0) + 1
            rec = {f: _plain(r.get(f)) for f in TARGET_FIELDS}
            rec["doc"] = name
            rec["quote"] = unique_quote(text, int(r["char_start"]), int(r["char_end"]))
            if kind == "corrected" and _plain(r.get("reviewed_agency")):
                rec["agencies"] = [_plain(r["reviewed_agency"])]
            rec["agencies"] = rec["agencies"] or []
            target_lines.append(rec)
        result.written.append(name)
    for fname, lines in (("documents.jsonl", doc_lines), ("targets.jsonl", target_lines)):
        (out / fname).write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return result
