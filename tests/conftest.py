"""Shared test fixtures: where the gold seeds are (skipped cleanly when ../shared is absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLD = ROOT.parent / "shared" / "gold" / "seeds"


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not (GOLD / "documents.jsonl").exists():
        pytest.skip("../shared/gold/seeds is not present")
    return GOLD


@pytest.fixture(scope="session")
def prefect_api() -> str:
    """One temporary Prefect server for the whole session: flows run for real against it.
    Yields its API URL, for subprocesses (the CLI) to use the same server."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield PREFECT_API_URL.value()
