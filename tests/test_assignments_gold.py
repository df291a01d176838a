"""Assignments against the hand-annotated seeds (read from ../shared at test time, never copied)."""

import time

import pytest

from extractors import assignments
from pipeline.analyse import analyse
from pipeline.evaluate import evaluate_dirs


@pytest.fixture(scope="module")
def scores(gold_dir):
    return evaluate_dirs([gold_dir])["systems"]["chitieu"]["assignments"]


def test_agency_pairs_f1(scores):
    assert scores["f1"] >= 0.85, scores["misses"] + scores["false_hits"]


def test_roles(scores):
    assert scores["role_accuracy"] >= 0.90, scores["role_errors"]


def test_documents_that_assign_nothing_get_nothing(scores):
    # the gold has news articles and reports with no assignment: any agency found there is a false hit
    per_doc = scores["per_doc"]
    for doc, s in per_doc.items():
        if s["gold"] == 0:
            assert s["pred"] == 0, doc


def test_fast_enough_on_a_long_plan(gold_dir):
    longest = max(gold_dir.glob("*.txt"), key=lambda p: p.stat().st_size)
    ctx = analyse(longest).context()
    assignments.extract(ctx)  # compiles the lexicon
    t0 = time.process_time()
    for _ in range(3):
        assignments.extract(ctx)
    per_run = (time.process_time() - t0) / 3
    assert per_run < 0.3, f"{per_run:.3f} s CPU for {len(ctx.text)} characters"
