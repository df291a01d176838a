"""Scans and legacy Word files through the ingest flow (a real Prefect run): stored with their OCR marks; a bad
one quarantined and recorded, the run goes on."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.store import Store

FIX = Path(__file__).parent / "fixtures"


def test_a_scan_a_doc_and_a_protected_doc_in_one_inbox(tmp_path, scans, office_copies, prefect_api):
    from flows.ingest import ingest

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(scans["mixed"], inbox / "dong-anh-2025-scan.pdf")
    shutil.copy(office_copies["doc"], inbox / "dong-anh-2023.doc")
    shutil.copy(FIX / "protected.doc", inbox / "mat-khau.doc")
    db = tmp_path / "store.duckdb"
    run = ingest(str(inbox), str(db))
    assert run["new"] == 2 and len(run["failed"]) == 1 and "mat-khau.doc" in str(run["failed"][0])
    kept = [j for j in (db.parent / "quarantine").glob("*.json") if "mat-khau.doc" in j.read_text(encoding="utf-8")]
    assert kept and "password-protected .doc file" in kept[0].read_text(encoding="utf-8")
    with Store(db, read_only=True) as s:
        docs = s.documents().set_index("doc")
        targets = s.targets()
        failures = s.con.execute("SELECT path, code FROM failures").fetchall()
    assert set(docs.index) == {"dong-anh-2025-scan.pdf", "dong-anh-2023.doc"}
    scan = docs.loc["dong-anh-2025-scan.pdf"]
    assert bool(scan["ocr"]) and list(scan["ocr_pages"]) == [3] and 50 < scan["ocr_confidence"] <= 100
    assert docs.loc["dong-anh-2023.doc", "format"] == "doc" and not docs.loc["dong-anh-2023.doc", "ocr"]
    on_scan = targets[targets["doc"] == "dong-anh-2025-scan.pdf"]
    assert set(on_scan[on_scan["page"] == 3]["ocr"]) == {True} and set(on_scan[on_scan["page"] != 3]["ocr"]) == {False}
    assert (targets["doc"] == "dong-anh-2023.doc").sum() >= 5
    assert [(Path(p).name, c) for p, c in failures] == [("mat-khau.doc", "encrypted")]
