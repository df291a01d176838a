"""The demo: the sample plans of one district for consecutive years, extracted for real, compared across years."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.compare import compare_targets
from pipeline.store import Store

CORPUS = Path(os.environ.get("CHITIEU_CORPUS", Path(__file__).resolve().parents[1] / "corpus"))
SERIES = ("dong-anh-cchc-2023.docx", "dong-anh-cchc-2024.docx", "dong-anh-cchc-2025.pdf")


def test_district_plans_compare_across_years(tmp_path):
    files = [CORPUS / name for name in SERIES]
    if not all(f.exists() for f in files):
        pytest.skip(f"the Đông Anh plan series is not in {CORPUS}")
    from pipeline.store.ingest import ingest_directly

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for f in files:
        shutil.copy(f, inbox / f.name)
    db = tmp_path / "demo.duckdb"
    summary = ingest_directly(inbox, db)
    assert not summary.failed, summary.failed
    with Store(db, read_only=True) as s:
        docs, targets = s.documents(), s.targets()
    if docs["period_start"].isna().any() or docs["issuer"].isna().any():
        pytest.skip("metadata extraction gives no plan period or issuer for these documents yet")
    long = compare_targets(targets, issuer="Đông Anh")
    assert sorted(long["year"].unique()) == [2023, 2024, 2025]
    satisfaction = long[long["indicator_code"] == "satisfaction_rate"]
    first = satisfaction[satisfaction["line"] == satisfaction["line"].min()].set_index("year")
    assert list(first.index) == [2023, 2024, 2025]  # one line through the three plans
    assert "stricter" in set(first["change"]) and first["value"].is_monotonic_increasing
    assert {"stricter", "new"} <= set(long["change"])
    # lower is better: the overdue ceiling (≤ 5% → ≤ 2% → ≤ 1%) and the rank group (15 → 10) get stricter as they fall
    for code in ("overdue_rate", "par_index"):
        line = long[long["indicator_code"] == code].set_index("year")
        assert line.loc[2024, "movement"] == "lowered" and line.loc[2024, "change"] == "stricter", line
    # each value names the document it came from, by its số hiệu
    assert set(long.dropna(subset=["value"])["source"]) == set(docs["number"])
