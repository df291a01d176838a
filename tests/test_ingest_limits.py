"""No document can stall or exhaust an ingest run: past its time or memory limit it is set aside with the
reason, in quarantine, and its batch-mates are stored (real Prefect flow runs, real child processes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hostile_files import long_plan, one_long_line
from pipeline.store import Store
from pipeline.store.inbox import file_hash
from vn_plans import write_plans


@pytest.fixture(scope="module")
def slow_inbox(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("slow-inbox")
    write_plans(root)
    # Slow by size, not by a trick: ~8 million characters of plan text to read, normalise and extract.
    (root / "cong-bao-gop-2024.txt").write_text(long_plan(8_000_000), encoding="utf-8")
    (root / "mot-dong-dai.txt").write_text(one_long_line(100_000), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def slow_run(prefect_api, slow_inbox, tmp_path_factory):
    from flows.ingest import ingest

    db = tmp_path_factory.mktemp("slow-store") / "chitieu.duckdb"
    return db, ingest(str(slow_inbox), str(db), time_limit=3)


def test_a_document_past_its_time_limit_is_set_aside_and_the_rest_stored(slow_run, slow_inbox):
    db, summary = slow_run
    failed = {Path(p).name: (code, reason) for p, code, reason in summary["failed"]}
    assert failed["cong-bao-gop-2024.txt"] == ("time_limit", "time limit: not read and extracted within 3 s")
    with Store(db, read_only=True) as s:
        docs = set(s.documents()["doc"])
        recorded = s.failures()
    assert {"quang-tri-chuyen-doi-so-2023.txt", "can-tho-tiem-chung-2019.txt", "duc-trong-dat-dai-2017.txt"} <= docs
    assert "cong-bao-gop-2024.txt" not in docs
    row = recorded[recorded["path"].str.endswith("cong-bao-gop-2024.txt")].iloc[0]
    assert row["code"] == "time_limit"
    digest = file_hash(slow_inbox / "cong-bao-gop-2024.txt")
    info = json.loads((db.parent / "quarantine" / f"{digest}.json").read_text(encoding="utf-8"))
    assert info["code"] == "time_limit" and info["path"].endswith("cong-bao-gop-2024.txt")


def test_a_100k_character_line_is_extracted_or_set_aside_within_its_limit(slow_run):
    db, summary = slow_run
    failed = {Path(p).name: code for p, code, _ in summary["failed"]}
    with Store(db, read_only=True) as s:
        stored = s.documents()
        targets = s.targets(doc="mot-dong-dai.txt")
    if "mot-dong-dai.txt" in failed:
        assert failed["mot-dong-dai.txt"] == "time_limit"
    else:  # extracted in time: its spans still index the raw text
        assert "mot-dong-dai.txt" in set(stored["doc"]) and len(targets) > 0
        with Store(db, read_only=True) as s:
            text = s.document_text("mot-dong-dai.txt")
        assert all(text[t.char_start:t.char_end] == t.quote for t in targets.itertuples())


def test_a_time_limited_file_is_not_tried_again_until_the_limit_changes(slow_run, slow_inbox, tmp_path):
    import shutil

    from pipeline.store.ingest import plan_run
    from pipeline.store.worker import Limits

    db, _ = slow_run
    copy = tmp_path / "chitieu.duckdb"
    shutil.copy(db, copy)
    with Store(copy, for_ingest=True) as s:
        same = plan_run(slow_inbox, s, limits=Limits(3, 2048))
        longer = plan_run(slow_inbox, s, limits=Limits(900, 2048))
    assert "cong-bao-gop-2024.txt" not in {p.name for p, _ in same.todo} and same.summary.known_failures >= 1
    assert "cong-bao-gop-2024.txt" in {p.name for p, _ in longer.todo}


def test_a_document_past_its_memory_limit_is_set_aside_and_the_rest_stored(tmp_path):
    from pipeline.store.ingest import ingest_directly
    from pipeline.store.worker import Limits

    inbox = tmp_path / "inbox"
    write_plans(inbox)
    (inbox / "cong-bao-15mb.txt").write_text(long_plan(15_000_000), encoding="utf-8")  # under the 20 MB limit
    db = tmp_path / "chitieu.duckdb"
    summary = ingest_directly(inbox, db, limits=Limits(600, 150))
    failed = {Path(p).name: (code, reason) for p, code, reason in summary.failed}
    assert failed == {"cong-bao-15mb.txt": ("memory_limit",
                                            "memory limit: reading and extracting it needed more than 150 MB")}
    assert summary.new == 3
    with Store(db, read_only=True) as s:
        assert len(s.documents()) == 3 and len(s.targets()) > 0


def test_the_worker_is_a_fresh_process_after_a_kill(tmp_path):
    from pipeline.store.worker import Limits, Sandbox

    big = tmp_path / "lon.txt"
    big.write_text(long_plan(6_000_000), encoding="utf-8")
    small = write_plans(tmp_path / "nho")[0]
    box = Sandbox(Limits(3, 2048))  # the small plan takes a fraction of that, the big one far more
    try:
        assert box.process(big)["code"] == "time_limit"
        ok = box.process(small, file_hash(small))
        assert ok["ok"] and box.started == 2
        assert any(r["kind"] == "target" for r in ok["records"])
    finally:
        box.close()
