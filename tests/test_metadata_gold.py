"""The issue's bar for document metadata: each of the six fields right for ≥ 0.90 of the annotated documents
(../shared/gold/seeds + ../shared/gold/real, read at test time; skipped when absent)."""

import pytest

from pipeline.analyse import analyse
from pipeline.evaluate import DOC_FIELDS, score_documents
from tests.conftest import GOLD, load_jsonl

FOLDERS = (GOLD, GOLD.parent / "real")


@pytest.fixture(scope="module")
def scores():
    if not all((f / "documents.jsonl").exists() for f in FOLDERS):
        pytest.skip("../shared/gold/seeds and ../shared/gold/real are not present")
    gold, pred = [], []
    for folder in FOLDERS:
        for rec in load_jsonl(folder / "documents.jsonl"):
            m = analyse(folder / rec["doc"]).meta
            gold.append(rec)
            pred.append({"doc": rec["doc"], **{f: getattr(m, f) for f in DOC_FIELDS}})
    return score_documents(gold, pred)


@pytest.mark.parametrize("field", DOC_FIELDS)
def test_document_field_accuracy(scores, field):
    assert scores["fields"][field] >= 0.90, [e for e in scores["errors"] if e["field"] == field]
