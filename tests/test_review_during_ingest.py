"""A reviewer's decision is saved while an ingest run is writing the same store (a real `chitieu ingest`
process beside the review page's own store access)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from pipeline.review.decisions import Decision, open_store, record_decision
from vn_plans import PLANS

ROOT = Path(__file__).resolve().parents[1]
COPIES = 150  # enough documents that the run is still writing after the first decisions


def test_a_decision_made_during_an_ingest_is_saved_within_2_seconds(prefect_api, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    texts = list(PLANS.values())
    for i in range(COPIES):  # each its own document: its own số hiệu (the same one would make them versions)
        text = re.sub(r"Số: \d+/", f"Số: {1000 + i}/", texts[i % len(texts)], count=1)
        (inbox / f"ban-{i:03d}.txt").write_text(text, encoding="utf-8")
    db = tmp_path / "chitieu.duckdb"
    ingest = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "ingest", str(inbox), "--db", str(db), "--quiet",
                               "--batch", "10"], cwd=ROOT, env={**os.environ, "PREFECT_API_URL": prefect_api},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    waits, decided = [], []
    try:
        deadline = time.monotonic() + 240
        while len(decided) < 3 and time.monotonic() < deadline and ingest.poll() is None:
            time.sleep(0.5)
            if not db.exists():
                continue
            with open_store(db, read_only=True, timeout=5) as store:
                targets = store.targets()
            todo = [t for t in targets["target_id"] if t not in decided]
            if not todo:
                continue
            started = time.monotonic()
            record_decision(db, Decision(todo[0], "accepted", "Hoa"), timeout=5)
            waits.append(time.monotonic() - started)
            running = ingest.poll() is None
            if running:
                decided.append(todo[0])
        out, err = ingest.communicate(timeout=300)
    finally:
        if ingest.poll() is None:
            ingest.kill()
    assert len(decided) == 3, f"the ingest ended before three decisions were made during it: {err[-1500:]}"
    print("decision waits (s):", [round(w, 2) for w in waits])
    assert max(waits) < 2.0, waits
    assert ingest.returncode == 0, err[-2000:]
    with open_store(db, read_only=True) as store:
        assert len(store.documents()) == COPIES
        reviews = store.con.execute("SELECT target_id, status, reviewer FROM reviews").fetchall()
    assert sorted(reviews) == sorted((t, "accepted", "Hoa") for t in decided)
