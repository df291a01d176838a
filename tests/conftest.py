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


# ---------------------------------------------------------------- inputs made once per session (issue 12)

@pytest.fixture(scope="session")
def ocr_engine() -> None:
    from pipeline.readers import ocr

    reason = ocr.unavailable_reason()
    if reason:
        pytest.skip(f"OCR cannot run here: {reason}")


@pytest.fixture(scope="session")
def scans(tmp_path_factory, ocr_engine) -> dict[str, Path]:
    """Image-only copies of corpus PDFs (a scanned plan; a plan with one scanned page among text pages)."""
    from tests.made_inputs import scanned_copy

    out = tmp_path_factory.mktemp("scans")
    return {
        "plan": scanned_copy(CORPUS / "thanh-hoa-sgddt-nam-hoc-2016.pdf", out / "thanh-hoa-ban-scan.pdf"),
        "mixed": scanned_copy(CORPUS / "dong-anh-cchc-2025.pdf", out / "dong-anh-trang-3-scan.pdf", pages=[2]),
    }


@pytest.fixture(scope="session")
def office_copies(tmp_path_factory) -> dict[str, Path]:
    """A corpus .docx as LibreOffice saves it (.doc, .rtf, .odt) and as Word's .docm and .dotx packages."""
    from tests.made_inputs import convert, repackaged, soffice

    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path_factory.mktemp("office")
    src = CORPUS / "dong-anh-cchc-2023.docx"
    made = {fmt: convert(src, fmt, out) for fmt in ("doc", "rtf", "odt")}
    made.update({kind: repackaged(src, kind, out / f"{src.stem}.{kind}") for kind in ("docm", "dotx")})
    made["docx"] = src
    return made
