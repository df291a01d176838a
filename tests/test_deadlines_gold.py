"""The deadlines extractor alone on the hand-annotated seeds, given the gold document metadata.

The whole-pipeline bar (F1 ≥ 0.85) is in test_gold_scores.py; this one keeps the deadlines extractor's own
score visible whatever the metadata extractor finds, so a regression here is the extractor's.
"""

import pytest

from conftest import load_jsonl
from extractors import deadlines
from pipeline.analyse import analyse
from pipeline.evaluate import score_deadlines
from pipeline.metadata_model import DocumentMeta
from pipeline.records import to_records

META_FIELDS = ("number", "doc_type", "issuer", "issue_date", "period_start", "period_end")


@pytest.fixture(scope="module")
def scored(gold_dir):
    gold = load_jsonl(gold_dir / "deadlines.jsonl")
    pred, texts = [], {}
    for doc in load_jsonl(gold_dir / "documents.jsonl"):
        analysis = analyse(gold_dir / doc["doc"])
        analysis.meta = DocumentMeta(**{k: doc[k] for k in META_FIELDS})
        ctx = analysis.context()
        ctx.results["deadlines"] = deadlines.extract(ctx)
        pred += [r for r in to_records(analysis, ctx.results) if r["kind"] == "deadline"]
        texts[doc["doc"]] = analysis.document.raw_text
    return score_deadlines(gold, pred, texts)


def test_deadlines_on_the_gold_with_its_metadata(scored):
    assert scored["f1"] >= 0.95, scored["misses"] + scored["false_hits"]


def test_no_document_is_much_worse_than_the_rest(scored):
    for doc, s in scored["per_doc"].items():
        assert s["f1"] >= 0.8, (doc, s)
