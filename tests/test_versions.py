"""An edited document is a new version, not a second document: the old version is superseded, left out of
queries, exports and compare, and its reviews follow to the new version where the text says the same."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.store import Store
from pipeline.store.ingest import ingest_directly
from vn_plans import DIGITAL_QUANG_TRI, write_plans

EDITED = "duc-trong-dat-dai-2017.txt"


def _reviewed_store(inbox: Path, db: Path, ingest) -> dict:
    ingest(inbox, db)
    with Store(db) as s:
        t = s.targets(doc=EDITED)
        edited = t[t.value == 98].iloc[0]
        kept = t[t.value != 98].iloc[0]
        s.add_review(edited.target_id, "accepted", "Lan")
        s.add_review(kept.target_id, "corrected", "Lan", "đơn vị là ngày", unit="ngày")
    text = (inbox / EDITED).read_text(encoding="utf-8")
    (inbox / EDITED).write_text(text.replace("đạt 98%", "đạt 99%"), encoding="utf-8")
    return {"edited": edited, "kept": kept, "second": ingest(inbox, db)}


@pytest.fixture(scope="module")
def edited(prefect_api, tmp_path_factory):
    from flows.ingest import ingest as flow

    inbox = tmp_path_factory.mktemp("versions-inbox")
    write_plans(inbox)
    db = tmp_path_factory.mktemp("versions-store") / "chitieu.duckdb"
    run = _reviewed_store(inbox, db, lambda i, d: flow(str(i), str(d)))
    return {**run, "inbox": inbox, "db": db}


def test_an_edited_file_leaves_one_current_version(edited):
    assert edited["second"]["new"] == 1 and edited["second"]["superseded"] == 1
    with Store(edited["db"], read_only=True) as s:
        current = s.documents()
        every = s.documents(all_versions=True)
        values = sorted(s.targets(doc=EDITED)["value"])
        stale = s.con.execute("SELECT count(*) FROM targets WHERE doc_id = ?", [edited["edited"].doc_id]).fetchone()[0]
    assert list(current["doc"]).count(EDITED) == 1 and len(every) == len(current) + 1
    old = every[every.doc_id == edited["edited"].doc_id].iloc[0]
    assert old.superseded_by == current[current.doc == EDITED].iloc[0].doc_id
    assert 99 in values and 98 not in values
    assert stale == 0  # without --keep-versions the old version's facts are gone, its document row kept


def test_compare_and_exports_show_the_current_value_only(edited, tmp_path):
    from pipeline.compare import compare_store
    from pipeline.store.export import export_parquet

    with Store(edited["db"], read_only=True) as s:
        long = compare_store(s, issuer="Đức Trọng")
        files = export_parquet(s, tmp_path)
    assert 98 not in set(long["value"]) and 99 in set(long["value"])
    targets = pd.read_parquet(files["targets"])
    assert set(targets[targets.doc == EDITED]["value"]) >= {99} and 98 not in set(targets["value"])
    assert EDITED in set(pd.read_parquet(files["documents"])["doc"])
    assert len(pd.read_parquet(files["documents"])) == 3


def test_reviews_follow_to_the_new_version_where_the_text_says_the_same(edited):
    with Store(edited["db"], read_only=True) as s:
        t = s.targets(doc=EDITED)
        kept = t[t.quote == edited["kept"].quote].iloc[0]
        unmatched = s.unmatched_reviews()
    assert kept.target_id != edited["kept"].target_id  # a new version: new ids
    assert (kept.review_status, kept.reviewed_unit, kept.reviewer) == ("corrected", "ngày", "Lan")
    assert list(unmatched["target_id"]) == [edited["edited"].target_id]  # 98% reviewed, the text now says 99%
    assert edited["second"]["unmatched_reviews"] == 1


def test_keep_versions_keeps_the_history_queryable(tmp_path):
    inbox = tmp_path / "inbox"
    write_plans(inbox)
    db = tmp_path / "chitieu.duckdb"
    run = _reviewed_store(inbox, db, lambda i, d: ingest_directly(i, d, keep_versions=True))
    assert run["second"].superseded == 1
    with Store(db, read_only=True) as s:
        assert 98 not in set(s.targets()["value"])
        history = s.targets(all_versions=True, doc=EDITED)
    assert {98, 99} <= set(history["value"])
    old = history[history.value == 98].iloc[0]
    assert old.superseded_by is not None and old.review_status == "accepted"  # the review stays with its version


def test_the_same_number_issuer_and_year_under_another_name_supersedes(tmp_path):
    inbox = tmp_path / "inbox"
    write_plans(inbox)
    db = tmp_path / "chitieu.duckdb"
    ingest_directly(inbox, db)
    (inbox / "quang-tri-chuyen-doi-so-2023.txt").unlink()
    (inbox / "118-KH-UBND-ban-sua-doi.txt").write_text(DIGITAL_QUANG_TRI.replace("tối thiểu 40%", "tối thiểu 50%"),
                                                        encoding="utf-8")
    # numbers restart every year: the same number issued in 2024 is another document
    (inbox / "118-KH-UBND-2024.txt").write_text(
        DIGITAL_QUANG_TRI.replace("năm 2023", "năm 2024").replace("30/9/2023", "30/9/2024"), encoding="utf-8")
    second = ingest_directly(inbox, db)
    assert second.new == 2 and second.superseded == 1
    with Store(db, read_only=True) as s:
        docs = s.documents()
        values = set(s.targets(issuer="Quảng Trị", year=2023)["value"])
    assert sorted(docs[docs.number == "118/KH-UBND"]["doc"]) == ["118-KH-UBND-2024.txt", "118-KH-UBND-ban-sua-doi.txt"]
    assert 50 in values and 40 not in values


def test_a_file_put_back_to_its_earlier_text_makes_that_version_current_again(tmp_path):
    inbox = tmp_path / "inbox"
    write_plans(inbox)
    db = tmp_path / "chitieu.duckdb"
    original = (inbox / EDITED).read_text(encoding="utf-8")
    ingest_directly(inbox, db)
    (inbox / EDITED).write_text(original.replace("đạt 98%", "đạt 99%"), encoding="utf-8")
    ingest_directly(inbox, db)
    (inbox / EDITED).write_text(original, encoding="utf-8")
    third = ingest_directly(inbox, db)
    assert third.superseded == 1
    with Store(db, read_only=True) as s:
        values = set(s.targets(doc=EDITED)["value"])
        assert len(s.documents()) == 3 and len(s.documents(all_versions=True)) == 4
    assert 98 in values and 99 not in values
    fourth = ingest_directly(inbox, db)
    assert (fourth.new, fourth.skipped, fourth.superseded) == (0, 3, 0)


def test_a_copy_of_an_older_version_left_in_the_inbox_stays_superseded(tmp_path):
    inbox = tmp_path / "inbox"
    write_plans(inbox)
    db = tmp_path / "chitieu.duckdb"
    ingest_directly(inbox, db)
    shutil.copy(inbox / EDITED, tmp_path / "ban-cu.txt")
    text = (inbox / EDITED).read_text(encoding="utf-8")
    (inbox / EDITED).write_text(text.replace("đạt 98%", "đạt 99%"), encoding="utf-8")
    ingest_directly(inbox, db)
    shutil.copy(tmp_path / "ban-cu.txt", inbox / "ban-cu.txt")  # someone drops the old file back in
    third = ingest_directly(inbox, db)
    assert (third.new, third.old_versions) == (0, 1)
    with Store(db, read_only=True) as s:
        assert 98 not in set(s.targets(doc=EDITED)["value"])
