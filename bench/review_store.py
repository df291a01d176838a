"""A review store of N targets for the page's benchmark: the corpus extracted once, written again and again as
new documents (another doc_id, issuer year and target ids each time), so the store holds real records."""

from __future__ import annotations

import hashlib
from pathlib import Path

from common import corpus_files


def _extract_corpus() -> list[tuple[str, list[dict], str, list[dict]]]:
    from pipeline.analyse import analyse, extract
    from pipeline.readers import read
    from pipeline.store.ingest import sections_of

    out = []
    for path in corpus_files():
        doc = read(path)
        analysis = analyse(doc)
        out.append((str(path), extract(analysis), doc.raw_text, sections_of(analysis)))
    return out


def build(db: Path, n_targets: int) -> dict:
    """Write copies of the corpus into `db` until it holds `n_targets` targets; returns counts."""
    from pipeline.store import Store

    base = _extract_corpus()
    per_round = sum(1 for _, recs, _, _ in base for r in recs if r["kind"] == "target")
    db.parent.mkdir(parents=True, exist_ok=True)
    if db.exists():
        db.unlink()
    written = docs = 0
    with Store(db) as store:
        copy = 0
        while written < n_targets:
            for path, recs, text, sections in base:
                if written >= n_targets:
                    break
                new_id = hashlib.sha256(f"{copy}:{path}".encode()).hexdigest()
                shifted = []
                for r in recs:
                    r = {**r, "doc_id": new_id, "doc": f"{copy:04d}-{r['doc']}"}
                    for key in ("target_id", "assignment_id", "deadline_id"):
                        if r.get(key):
                            r[key] = hashlib.sha1(f"{new_id}{r[key]}".encode()).hexdigest()[:16]
                    if r["kind"] == "document" and r.get("period_start"):
                        # another year for each copy, so years and issuers spread as in a real store
                        shift = copy % 8
                        r["period_start"] += shift
                        r["period_end"] = (r["period_end"] or r["period_start"]) + shift
                    if r["kind"] == "target":
                        if written >= n_targets:
                            continue
                        written += 1
                    shifted.append(r)
                store.write_document(shifted, f"/bench/{copy:04d}/{Path(path).name}", text, sections)
                docs += 1
            copy += 1
    return {"targets": written, "documents": docs, "targets_per_corpus_round": per_round}
