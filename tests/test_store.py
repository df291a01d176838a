"""The DuckDB store: one transaction per document, idempotent writes, the review log kept apart."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from pipeline.store import Store, StoreError, StoreLocked
from pipeline.store.export import export_parquet
from pipeline.store.lock import IngestLock

ROOT = Path(__file__).resolve().parents[1]

# A plan of Sở Giáo dục và Đào tạo tỉnh Yên Bái, 2018; spans index this text.
TEXT = ("KẾ HOẠCH Phổ cập giáo dục năm 2018\nI. MỤC TIÊU\n"
        "1. Tỷ lệ trẻ 5 tuổi đến trường đạt từ 99% trở lên.\n"
        "2. 100% trường tiểu học có phòng học tin học trước ngày 31/12/2018.\n"
        "II. TỔ CHỨC THỰC HIỆN\nPhòng Giáo dục và Đào tạo các huyện chủ trì, báo cáo hàng quý.\n")


def span(phrase: str) -> tuple[int, int]:
    s = TEXT.index(phrase)
    return s, s + len(phrase)


def records(version: str = "v1", doc_id: str = "doc-yb-2018", second_value=100) -> list[dict]:
    a, b = span("Tỷ lệ trẻ 5 tuổi đến trường đạt từ 99% trở lên")
    c, d = span("100% trường tiểu học có phòng học tin học trước ngày 31/12/2018")
    e, f = span("Phòng Giáo dục và Đào tạo các huyện chủ trì")
    g, h = span("hàng quý")
    doc = {"kind": "document", "doc": "yen-bai-pcgd-2018.txt", "doc_id": doc_id, "number": "35/KH-SGDĐT",
           "doc_type": "ke_hoach", "issuer": "Sở Giáo dục và Đào tạo tỉnh Yên Bái", "issue_date": "2018-02-09",
           "period_start": 2018, "period_end": 2018, "signer": None, "locality": "tỉnh Yên Bái",
           "title": "Phổ cập giáo dục năm 2018", "format": "txt", "extractor_version": version}
    return [
        doc,
        {"kind": "deadline", "doc": doc["doc"], "date": None, "recurrence": "quarterly", "relative": None,
         "section": "II", "section_kind": "organisation", "quote": TEXT[g:h], "char_start": g, "char_end": h,
         "page": None, "deadline_id": f"{version}-d1"},
        {"kind": "assignment", "doc": doc["doc"], "agency": "Phòng Giáo dục và Đào tạo", "role": "lead",
         "deadline": None, "section": "II", "section_kind": "organisation", "quote": TEXT[e:f],
         "char_start": e, "char_end": f, "page": None, "agency_local": None, "assignment_id": f"{version}-a1"},
        {"kind": "target", "doc": doc["doc"], "indicator": "Tỷ lệ trẻ 5 tuổi đến trường", "comparator": ">=",
         "change": None, "value": 99, "value_max": None, "unit": "%", "baseline_year": None,
         "deadline": "2018-12-31", "agencies": [], "section": "I > 1", "section_kind": "objectives",
         "quote": TEXT[a:b], "char_start": a, "char_end": b, "page": None, "indicator_code": "enrolment_rate",
         "scope": None, "target_id": f"{version}-t1"},
        {"kind": "target", "doc": doc["doc"], "indicator": "Tỷ lệ trường tiểu học có phòng học tin học",
         "comparator": "=", "change": None, "value": second_value, "value_max": None, "unit": "%",
         "baseline_year": None, "deadline": "2018-12-31", "agencies": ["Phòng Giáo dục và Đào tạo"],
         "section": "I > 2", "section_kind": "objectives", "quote": TEXT[c:d], "char_start": c, "char_end": d,
         "page": None, "indicator_code": None, "scope": None, "target_id": f"{version}-t2"},
    ]


SECTIONS = [{"path": "", "label": "", "title": "", "kind": "other", "level": 0, "char_start": 0, "char_end": len(TEXT)},
            {"path": "I", "label": "I", "title": "MỤC TIÊU", "kind": "objectives", "level": 1,
             "char_start": TEXT.index("I. MỤC"), "char_end": TEXT.index("II.")}]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "chitieu.duckdb") as s:
        yield s


def rows(store: Store) -> dict[str, list]:
    out = {}
    for t in ("documents", "sections", "targets", "assignments", "deadlines"):
        df = store.con.execute(f"SELECT * EXCLUDE (ingested_at) FROM {t}" if t == "documents"
                               else f"SELECT * FROM {t}").df()
        out[t] = sorted(map(repr, df.to_dict("records")))
    return out


def test_write_then_read_targets_with_document_metadata(store):
    store.write_document(records(), "/inbox/yen-bai-pcgd-2018.txt", TEXT, SECTIONS)
    t = store.targets()
    assert list(t["value"]) == [99.0, 100.0]
    first = t.iloc[0]
    assert TEXT[first.char_start:first.char_end] == first.quote
    assert first.issuer == "Sở Giáo dục và Đào tạo tỉnh Yên Bái" and first.number == "35/KH-SGDĐT"
    assert str(first.deadline)[:10] == "2018-12-31" and first.review_status == "pending"
    assert list(t.iloc[1].agencies) == ["Phòng Giáo dục và Đào tạo"]
    assert store.document_text("doc-yb-2018") == TEXT
    assert list(store.sections("doc-yb-2018")["title"]) == ["", "MỤC TIÊU"]
    assert store.assignments(agency="giáo dục")["role"].tolist() == ["lead"]
    assert store.deadlines(recurrence="quarterly")["quote"].tolist() == ["hàng quý"]
    docs = store.documents()
    assert docs.loc[0, "n_targets"] == 2 and "raw_text" not in docs.columns


def test_target_filters(store):
    store.write_document(records(), "/inbox/a.txt", TEXT, SECTIONS)
    assert len(store.targets(issuer="yên bái", year=2018)) == 2
    assert len(store.targets(year=2019)) == 0
    assert store.targets(indicator_code="enrolment_rate")["value"].tolist() == [99.0]
    assert store.targets(agency="giáo dục")["value"].tolist() == [100.0]
    assert len(store.targets(deadline_from="2018-12-31", deadline_to="2018-12-31")) == 2
    assert len(store.targets(deadline_to="2018-06-30")) == 0
    assert len(store.targets(doc="yen-bai-pcgd-2018.txt")) == 2
    with pytest.raises(TypeError, match="unknown filter"):
        store.targets(province="Yên Bái")


def test_writing_the_same_document_twice_gives_the_same_rows(store):
    store.write_document(records(), "/inbox/a.txt", TEXT, SECTIONS)
    first = rows(store)
    store.write_document(records(), "/inbox/a.txt", TEXT, SECTIONS)
    assert rows(store) == first
    assert store.has_document("doc-yb-2018", "v1") and not store.has_document("doc-yb-2018", "v2")


def test_a_write_failing_midway_leaves_the_previous_version_whole(store, monkeypatch):
    store.write_document(records("v1"), "/inbox/a.txt", TEXT, SECTIONS)
    before = rows(store)
    real_insert = Store._insert

    def insert_then_fail(self, name, table):
        if name == "targets":  # documents and sections of v2 are already written by now
            raise RuntimeError("disk full")
        return real_insert(self, name, table)

    monkeypatch.setattr(Store, "_insert", insert_then_fail)
    with pytest.raises(RuntimeError, match="disk full"):
        store.write_document(records("v2"), "/inbox/a.txt", TEXT, SECTIONS)
    assert rows(store) == before
    with pytest.raises(RuntimeError):
        store.write_document(records("v1", doc_id="another-doc"), "/inbox/b.txt", TEXT, SECTIONS)
    assert store.con.execute("SELECT count(*) FROM sections WHERE doc_id = 'another-doc'").fetchone()[0] == 0


def test_a_process_killed_midway_leaves_no_half_written_document(tmp_path):
    db = tmp_path / "chitieu.duckdb"
    script = textwrap.dedent(f"""
        import os, sys
        sys.path[:0] = [{str(ROOT)!r}, {str(Path(__file__).parent)!r}]
        from test_store import records, SECTIONS, TEXT
        from pipeline.store import Store
        real = Store._insert
        def insert_then_die(self, name, table):
            real(self, name, table)
            if name == "sections":
                os._exit(9)  # the machine goes down in the middle of the transaction
        Store._insert = insert_then_die
        Store({str(db)!r}).write_document(records(), "/inbox/a.txt", TEXT, SECTIONS)
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 9, proc.stderr
    with Store(db) as s:
        assert s.counts()["documents"] == 0 and s.counts()["sections"] == 0


def test_review_log_keeps_the_latest_decision_per_target(store):
    store.write_document(records(), "/inbox/a.txt", TEXT, SECTIONS)
    store.add_review("v1-t1", "accepted", "lan")
    store.add_review("v1-t1", "corrected", "minh", "sai ngưỡng", value=98, comparator=">=")
    t = store.targets().set_index("target_id")
    assert t.loc["v1-t1", "review_status"] == "corrected" and t.loc["v1-t1", "reviewed_value"] == 98
    assert t.loc["v1-t1", "reviewer"] == "minh" and t.loc["v1-t1", "note"] == "sai ngưỡng"
    assert t.loc["v1-t2", "review_status"] == "pending"
    assert store.targets(review_status="pending").target_id.tolist() == ["v1-t2"]
    with pytest.raises(ValueError, match="accepted"):
        store.add_review("v1-t2", "maybe", "lan")
    with pytest.raises(KeyError):
        store.add_review("no-such-target", "accepted", "lan")


def test_reviews_reattach_after_reextraction_and_unmatched_ones_are_reported(store):
    store.write_document(records("v1"), "/inbox/a.txt", TEXT, SECTIONS)
    store.add_review("v1-t1", "rejected", "lan", "chỉ là mức phấn đấu")
    store.add_review("v1-t2", "accepted", "lan")
    log = store.con.execute("SELECT * FROM reviews ORDER BY seq").df()

    # a new extractor version: new target ids; the second target now reads 90 instead of 100
    store.write_document(records("v2", second_value=90), "/inbox/a.txt", TEXT, SECTIONS)
    t = store.targets().set_index("target_id")
    assert t.loc["v2-t1", "review_status"] == "rejected" and t.loc["v2-t1", "note"] == "chỉ là mức phấn đấu"
    assert t.loc["v2-t2", "review_status"] == "pending"
    unmatched = store.unmatched_reviews()
    assert unmatched["target_id"].tolist() == ["v1-t2"] and unmatched["doc"].tolist() == ["yen-bai-pcgd-2018.txt"]
    pd.testing.assert_frame_equal(store.con.execute("SELECT * FROM reviews ORDER BY seq").df(), log)

    # the value comes back in a later version: the review finds its target again
    store.write_document(records("v3"), "/inbox/a.txt", TEXT, SECTIONS)
    assert store.targets().set_index("target_id").loc["v3-t2", "review_status"] == "accepted"
    assert store.unmatched_reviews().empty


def test_parquet_export_holds_targets_with_review_columns(store, tmp_path):
    store.write_document(records(), "/inbox/a.txt", TEXT, SECTIONS)
    store.add_review("v1-t2", "corrected", "lan", value=95)
    files = export_parquet(store, tmp_path / "pq")
    assert {p.name for p in files.values()} >= {"targets.parquet", "documents.parquet", "reviews.parquet",
                                                "assignments.parquet", "deadlines.parquet", "sections.parquet"}
    t = pd.read_parquet(files["targets"]).set_index("target_id")
    assert t.loc["v1-t2", "review_status"] == "corrected" and t.loc["v1-t2", "reviewed_value"] == 95
    assert t.loc["v1-t1", "issuer"] == "Sở Giáo dục và Đào tạo tỉnh Yên Bái"
    assert len(pd.read_parquet(files["reviews"])) == 1


def test_failures_are_recorded(store):
    store.record_failure("/inbox/hong.pdf", "abc", "corrupt", "the PDF cannot be opened", "/q/abc-hong.pdf")
    f = store.failures()
    assert f.loc[0, "code"] == "corrupt" and f.loc[0, "quarantined_path"] == "/q/abc-hong.pdf"


def test_a_second_ingest_lock_is_refused_with_the_holders_pid(tmp_path):
    db = tmp_path / "chitieu.duckdb"
    with IngestLock(db):
        with pytest.raises(StoreLocked, match=f"being written by another ingest run \\(pid {os.getpid()}\\); try again later"):
            IngestLock(db).acquire()
    IngestLock(db).acquire().release()  # free again once released


def test_a_store_open_for_writing_elsewhere_is_reported_clearly(tmp_path):
    db = tmp_path / "chitieu.duckdb"
    Store(db).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import sys, duckdb; c = duckdb.connect({str(db)!r}); print('open', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreLocked, match=f"another process \\(pid {holder.pid}\\)"):
            Store(db, timeout=0.5)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    Store(db).close()


def test_reading_a_missing_store_says_so(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        Store(tmp_path / "nowhere.duckdb", read_only=True)


def ddl_of_version(version: int) -> str:
    """The schema as `version` wrote it: the DDL without the columns later migrations add."""
    import re

    from pipeline.store.schema import DDL, MIGRATIONS

    ddl = DDL
    for v, statement in MIGRATIONS:
        added = re.search(r"ADD COLUMN IF NOT EXISTS (\w+) (\S+)", statement)
        if v > version and added:  # an UPDATE filling a new column adds none
            column, sql_type = added.groups()
            ddl = re.sub(rf",\s*\b{column} {re.escape(sql_type)}", "", ddl)
    return ddl


def test_a_store_made_before_confidence_existed_gets_the_column_and_keeps_its_rows(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    # the schema as version 1 wrote it: no confidence column
    con.execute(ddl_of_version(1))
    con.execute("INSERT INTO store_meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO targets (target_id, doc_id, value, unit) VALUES ('t-old', 'd-old', 98, '%')")
    assert "confidence" not in [c[0] for c in con.execute("DESCRIBE targets").fetchall()]
    con.close()
    with Store(path) as s:
        assert s.con.execute("SELECT value, confidence FROM targets WHERE target_id = 't-old'").fetchone() == (98, None)
        s.write_document([{**r, "confidence": 0.8} if r["kind"] != "document" else r for r in records()],
                         "yen-bai.txt", TEXT, SECTIONS)
        confs = s.con.execute("SELECT confidence FROM targets WHERE doc_id = 'doc-yb-2018'").fetchall()
    assert confs == [(0.8,), (0.8,)]


def test_a_version_2_store_gets_the_ocr_columns_and_keeps_its_rows(tmp_path):
    import duckdb

    path = tmp_path / "v2.duckdb"
    con = duckdb.connect(str(path))
    con.execute(ddl_of_version(2))
    con.execute("INSERT INTO store_meta VALUES ('schema_version', '2')")
    con.execute("INSERT INTO documents (doc_id, doc) VALUES ('d-old', 'cu.pdf')")
    assert "ocr" not in [c[0] for c in con.execute("DESCRIBE documents").fetchall()]
    con.close()
    with Store(path) as s:
        assert s.con.execute("SELECT doc, ocr, ocr_pages FROM documents WHERE doc_id = 'd-old'").fetchone() == (
            "cu.pdf", None, None)
        recs = records()
        recs[0] = {**recs[0], "ocr": True, "ocr_pages": [2], "ocr_confidence": 91.5}
        recs = [recs[0]] + [{**r, "ocr": r["kind"] == "target"} for r in recs[1:]]
        s.write_document(recs, "yen-bai.txt", TEXT, SECTIONS)
        assert s.con.execute("SELECT ocr, ocr_pages, ocr_confidence FROM documents WHERE doc_id = 'doc-yb-2018'"
                             ).fetchone() == (True, [2], 91.5)
        assert {r[0] for r in s.con.execute("SELECT ocr FROM targets WHERE doc_id = 'doc-yb-2018'").fetchall()} == {True}
