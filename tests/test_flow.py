"""The Prefect ingest flow, run for real on an inbox of Vietnamese documents into a DuckDB file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.readers import SUFFIXES
from pipeline.store import Store
from pipeline.store.inbox import file_hash
from vn_plans import ENVIRONMENT_QUANG_BINH_TCVN3, tcvn3, write_plans

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
MAX_CORPUS_FILES = 6  # keeps the Prefect part of the suite quick
FACT_KEYS = {
    "targets": ("target_id", "indicator", "indicator_code", "comparator", "value", "unit", "quote", "char_start", "char_end"),
    "assignments": ("assignment_id", "agency", "role", "quote", "char_start", "char_end"),
    "deadlines": ("deadline_id", "recurrence", "relative", "quote", "char_start", "char_end"),
}
KIND_TABLE = {"target": "targets", "assignment": "assignments", "deadline": "deadlines"}


@pytest.fixture(scope="module")
def inbox(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("inbox")
    plans = write_plans(root)
    (root / "2023").mkdir()
    shutil.copy(plans[0], root / "2023" / "ban-sao-kh-118.txt")  # the same plan under another name
    (root / "hong.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\n% truncated")
    (root / "trong.txt").write_bytes(b"")
    (root / "quang-binh-moi-truong-2009-tcvn3.txt").write_bytes(tcvn3(ENVIRONMENT_QUANG_BINH_TCVN3))
    if CORPUS.is_dir():
        samples = sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in SUFFIXES)[:MAX_CORPUS_FILES]
        for p in samples:
            shutil.copy(p, root / p.name)
    return root


def expected_by_hash(inbox: Path) -> dict[str, list[dict] | None]:
    """What `chitieu extract` gives for each distinct file content (None: it cannot read it)."""
    from pipeline.analyse import extract

    out: dict[str, list[dict] | None] = {}
    for p in sorted(f for f in inbox.rglob("*") if f.is_file()):
        h = file_hash(p)
        if h in out:
            continue
        try:
            out[h] = extract(p)
        except Exception:
            out[h] = None
    return out


def table_rows(db: Path, table: str, exclude: tuple[str, ...] = ()) -> list[str]:
    with Store(db, read_only=True) as s:
        cols = [c for c in s.con.execute(f"SELECT * FROM {table} LIMIT 0").df().columns if c not in exclude]
        df = s.con.execute(f"SELECT {', '.join(cols)} FROM {table}").df()
    return sorted(map(repr, df.to_dict("records")))


def snapshot(db: Path) -> dict[str, list[str]]:
    return {t: table_rows(db, t, ("ingested_at",)) for t in ("documents", "sections", "targets", "assignments", "deadlines")}


def cli(args: list[str], api: str, env: dict | None = None, **kw) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT,
                            env={**os.environ, "PREFECT_API_URL": api, **(env or {})},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


@pytest.fixture(scope="module")
def runs(prefect_api, inbox, tmp_path_factory):
    from flows.ingest import ingest

    db = tmp_path_factory.mktemp("store") / "chitieu.duckdb"
    first = ingest(str(inbox), str(db))
    after_first = snapshot(db)
    second = ingest(str(inbox), str(db))
    return {"db": db, "first": first, "second": second, "after_first": after_first,
            "expected": expected_by_hash(inbox)}


def test_each_document_is_stored_once_and_failures_set_aside(runs, inbox):
    db, first, expected = runs["db"], runs["first"], runs["expected"]
    readable = {h for h, recs in expected.items() if recs is not None}
    with Store(db, read_only=True) as s:
        docs = s.documents()
        failures = s.failures()
    assert set(docs["doc_id"]) == readable and len(docs) == len(readable)
    assert first["new"] == len(readable)
    assert [{Path(c).name, Path(f).name} for c, f in first["duplicates"]] == [
        {"ban-sao-kh-118.txt", "quang-tri-chuyen-doi-so-2023.txt"}]
    failed = {Path(p).name: (code, reason) for p, code, reason in first["failed"]}
    assert {"hong.pdf", "trong.txt"} <= set(failed)
    assert failed["trong.txt"] == ("empty", "file is empty")
    assert set(failures["path"].map(lambda p: Path(p).name)) == set(failed)
    qdir = db.parent / "quarantine"
    for name, (code, reason) in failed.items():
        digest = file_hash(inbox / name)
        copy = qdir / f"{digest}{Path(name).suffix}"  # named by content: any file name fits
        assert copy.read_bytes() == (inbox / name).read_bytes()
        info = json.loads((qdir / f"{digest}.json").read_text(encoding="utf-8"))
        assert info["code"] == code and info["reason"] == reason and reason
        assert info["path"] == str(inbox / name) and info["quarantined_path"] == str(copy)


def test_stored_facts_are_those_chitieu_extract_gives(runs):
    expected = runs["expected"]
    for table, keys in FACT_KEYS.items():
        want = sorted(tuple([h] + [_norm(r.get(k)) for k in keys])
                      for h, recs in expected.items() if recs
                      for r in recs if KIND_TABLE.get(r["kind"]) == table)
        with Store(runs["db"], read_only=True) as s:
            df = s.con.execute(f"SELECT doc_id, {', '.join(keys)} FROM {table}").df()
        got = sorted(tuple(_norm(v) for v in row) for row in df.itertuples(index=False))
        assert got == want, table
    with Store(runs["db"], read_only=True) as s:
        for t in s.targets().itertuples():
            assert s.document_text(t.doc_id)[t.char_start:t.char_end] == t.quote


def _norm(v):
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return float(v)
    return v


def test_legacy_font_encoding_document_goes_where_extract_says(runs, inbox):
    path = inbox / "quang-binh-moi-truong-2009-tcvn3.txt"
    recs = runs["expected"][file_hash(path)]
    with Store(runs["db"], read_only=True) as s:
        if recs is None:  # the reader cannot decode it (yet): set aside with a reason, not lost
            assert path.name in {Path(p).name for p in s.failures()["path"]}
            pytest.xfail("the TCVN3 reader is not in this build yet; the file was quarantined")
        text = s.document_text(file_hash(path))
    assert "bảo vệ môi trường" in text and "Quảng Bình" in text


def test_the_run_ends_with_a_markdown_summary(runs):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["chitieu-ingest"])))
    text = "\n".join(a.data for a in arts)
    assert "| new documents |" in text and "hong.pdf" in text and "ban-sao-kh-118.txt" in text
    assert "| `can-tho-tiem-chung-2019.txt` |" in text


def test_a_second_run_stores_nothing_new(runs):
    second = runs["second"]
    assert second["new"] == 0 and second["updated"] == 0 and second["failed"] == []
    assert second["skipped"] == runs["first"]["new"] and second["known_failures"] == len(runs["first"]["failed"])
    assert snapshot(runs["db"]) == runs["after_first"]


def test_a_fixed_file_dropped_in_again_is_ingested(runs, inbox, tmp_path, prefect_api):
    from flows.ingest import ingest

    box = tmp_path / "inbox"
    shutil.copytree(inbox, box)
    db = tmp_path / "chitieu.duckdb"
    shutil.copy(runs["db"], db)
    (box / "trong.txt").write_text("ỦY BAN NHÂN DÂN TỈNH SƠN LA\nKẾ HOẠCH\n1. Đạt 100% xã có trạm y tế đạt chuẩn vào năm 2024.\n",
                                   encoding="utf-8")
    third = ingest(str(box), str(db))
    assert third["new"] == 1 and third["failed"] == []
    with Store(db, read_only=True) as s:
        assert file_hash(box / "trong.txt") in set(s.documents()["doc_id"])


def test_two_dask_workers_store_exactly_the_rows_of_a_sequential_run(runs, inbox, tmp_path, prefect_api):
    from flows.ingest import configured

    db = tmp_path / "dask" / "chitieu.duckdb"
    result = configured(workers=2, processes=False)(str(inbox), str(db))
    assert result["new"] == runs["first"]["new"]
    assert snapshot(db) == runs["after_first"]


def test_a_running_cluster_of_worker_processes_with_the_preload_stores_the_same_rows(runs, inbox, tmp_path, prefect_api):
    """--dask-address: worker processes of their own, started with `--preload flows.dask_worker`, get
    Prefect's settings as a serialised dict (not the flow process's objects) and store the same rows."""
    from distributed import LocalCluster

    from flows.ingest import configured

    db = tmp_path / "cluster" / "chitieu.duckdb"
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None,
                      preload=["flows.dask_worker"]) as cluster:
        result = configured(dask_address=cluster.scheduler_address)(str(inbox), str(db), workers=1)
    assert result["new"] == runs["first"]["new"]
    assert snapshot(db) == runs["after_first"]


def test_a_new_extractor_version_reextracts_and_keeps_reviews(runs, inbox, tmp_path, prefect_api):
    db = tmp_path / "chitieu.duckdb"
    shutil.copy(runs["db"], db)
    with Store(db) as s:
        targets = s.targets()
        reviewed = None
        if len(targets):
            reviewed = targets.iloc[0]
            s.add_review(reviewed.target_id, "corrected", "thu", "kiểm tra lại", value=reviewed.value + 1)
        log = s.con.execute("SELECT * FROM reviews").df()
    proc = cli(["ingest", str(inbox), "--db", str(db)], prefect_api, {"CHITIEU_EXTRACTOR_VERSION": "test-v2"})
    out, err = proc.communicate(timeout=180)
    assert proc.returncode == 1, err[-2000:]  # the inbox's broken files fail again under the new version
    assert "re-extracted" in out
    assert "View at" not in out + err  # no link to a Prefect server a script cannot rely on
    with Store(db, read_only=True) as s:
        assert set(s.documents()["extractor_version"]) == {"test-v2"}
        assert s.con.execute("SELECT * FROM reviews").df().equals(log)
        if reviewed is None:
            pytest.skip("the extractors found no target in these documents yet; nothing to review")
        now = s.targets(doc=reviewed.doc_id)
        match = now[(now.char_start == reviewed.char_start) & (now.char_end == reviewed.char_end)]
        assert match.iloc[0].review_status == "corrected" and match.iloc[0].reviewer == "thu"
        assert s.unmatched_reviews().empty


def test_a_second_ingest_while_one_runs_is_refused_with_a_clear_message(inbox, tmp_path, prefect_api):
    db = tmp_path / "chitieu.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
         f"from pipeline.store.lock import IngestLock\nl = IngestLock({str(db)!r}).acquire()\n"
         "print('locked', flush=True)\nsys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        proc = cli(["ingest", str(inbox), "--db", str(db)], prefect_api)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 3
        assert f"is being written by another ingest run (pid {holder.pid}); try again later" in " ".join(err.split())
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_two_ingests_started_at_once_neither_corrupt_nor_duplicate(runs, inbox, tmp_path, prefect_api):
    db = tmp_path / "chitieu.duckdb"
    procs = [cli(["ingest", str(inbox), "--db", str(db)], prefect_api) for _ in range(2)]
    results = [(p.wait(timeout=180), p.stdout.read(), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 1], [1, 3]), results  # 1: broken files set aside; 0: found them known; 3: store busy
    for code, _, err in results:
        if code == 3:
            assert "being written by another ingest run" in " ".join(err.split())
    assert snapshot(db) == runs["after_first"]


def test_serve_registers_a_scheduled_deployment(inbox, tmp_path, prefect_api):
    from prefect.client.orchestration import get_client

    db = tmp_path / "chitieu.duckdb"
    proc = cli(["serve", "--inbox", str(inbox), "--cron", "0 6 * * *", "--db", str(db), "--name", "test-serve"],
               prefect_api)
    try:
        deployment = None
        deadline = time.monotonic() + 90
        with get_client(sync_client=True) as client:
            while deployment is None and time.monotonic() < deadline and proc.poll() is None:
                try:
                    deployment = client.read_deployment_by_name("chitieu-ingest/test-serve")
                except Exception:
                    time.sleep(1)
        assert deployment is not None, proc.stderr.read() if proc.poll() is not None else "not registered in time"
        assert deployment.parameters == {"inbox": str(inbox.resolve()), "db": str(db.resolve())}
        assert [s.schedule.cron for s in deployment.schedules] == ["0 6 * * *"]
        assert deployment.entrypoint == "flows.ingest.ingest"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


def test_deployment_object_carries_the_schedule_and_parameters(prefect_api):
    from flows.serve import deployment

    d = deployment("/srv/inbox", "/srv/chitieu.duckdb", "30 5 * * 1-5")
    assert d.parameters == {"inbox": "/srv/inbox", "db": "/srv/chitieu.duckdb"}
    assert d.schedules[0].schedule.cron == "30 5 * * 1-5"
    assert d.schedules[0].schedule.timezone == "Asia/Ho_Chi_Minh"  # the analysts' clock, not the server's
    assert d.entrypoint == "flows.ingest.ingest"


def test_reading_errors_are_retried_and_bad_documents_are_not(tmp_path):
    from pipeline.store.worker import Limits, Sandbox

    unreadable = tmp_path / "thu-muc.txt"  # a folder named like a document: reading it is an OSError
    unreadable.mkdir()
    (tmp_path / "trong.txt").write_bytes(b"")
    box = Sandbox(Limits(60, 2048))
    try:
        io = box.process(unreadable, "h1")
        empty = box.process(tmp_path / "trong.txt", "h2")
    finally:
        box.close()
    assert (io["code"], io["attempts"]) == ("io_error", 3) and io["reason"].startswith("cannot read file")
    assert (empty["code"], empty["attempts"], empty["reason"]) == ("empty", 1, "file is empty")


def test_the_temporary_servers_and_the_local_clusters_settings_are_ones_prefect_and_dask_know(monkeypatch):
    """A setting renamed in a later Prefect or Dask would be ignored without a word: each must still be read."""
    import dask
    from prefect.settings import Settings

    from flows.dask_runner import LEAN_CONFIG
    from flows.ingest import TEMPORARY_SERVER_ENV

    defaults = Settings().to_environment_variables(exclude_unset=False)
    for name, value in TEMPORARY_SERVER_ENV.items():
        assert name in defaults, name
        monkeypatch.setenv(name, value)
    read = Settings().to_environment_variables(exclude_unset=False)
    assert all(read[name].lower() == value for name, value in TEMPORARY_SERVER_ENV.items()), read
    for key in LEAN_CONFIG:
        assert dask.config.get(key, default=KeyError) is not KeyError, key
