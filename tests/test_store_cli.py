"""`chitieu export` on a real store file; `chitieu ingest` refusing what is not a folder."""

from __future__ import annotations

import importlib.util

import pandas as pd
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.store import Store
from test_store import SECTIONS, TEXT, records

runner = CliRunner()


def test_export_parquet_writes_the_normalised_tables(tmp_path):
    db = tmp_path / "chitieu.duckdb"
    with Store(db) as s:
        s.write_document(records(), "/inbox/yen-bai-pcgd-2018.txt", TEXT, SECTIONS)
        s.add_review("v1-t1", "accepted", "hoa")
    result = runner.invoke(app, ["export", "--parquet", str(tmp_path / "pq"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    t = pd.read_parquet(tmp_path / "pq" / "targets.parquet")
    assert t.set_index("target_id").loc["v1-t1", "review_status"] == "accepted"
    assert pd.read_parquet(tmp_path / "pq" / "documents.parquet")["doc"].tolist() == ["yen-bai-pcgd-2018.txt"]


def test_export_needs_a_store_and_a_target(tmp_path, monkeypatch):
    monkeypatch.setenv("CHITIEU_DB", str(tmp_path / "missing.duckdb"))
    result = runner.invoke(app, ["export", "--parquet", str(tmp_path / "pq")])
    assert result.exit_code == 2 and "no store at" in result.output
    result = runner.invoke(app, ["export"])
    assert result.exit_code == 2 and "--parquet" in result.output


def test_export_xlsx_without_the_workbook_module_says_so(tmp_path):
    if importlib.util.find_spec("pipeline.xlsx") is not None:
        import pytest

        pytest.skip("pipeline.xlsx is present: its own tests cover the workbook")
    db = tmp_path / "chitieu.duckdb"
    Store(db).close()
    result = runner.invoke(app, ["export", "--xlsx", str(tmp_path / "review.xlsx"), "--db", str(db)])
    assert result.exit_code == 2 and "Excel export is not available" in result.output


def test_ingest_refuses_a_path_that_is_not_a_folder(tmp_path):
    result = runner.invoke(app, ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 2 and "not a folder" in result.output
