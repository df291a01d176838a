"""Acceptance on the hand-annotated seeds (../shared/gold/seeds): the bars issue 3 sets."""

import pytest

from pipeline.evaluate import TARGET_FIELDS, evaluate_dirs


@pytest.fixture(scope="module")
def scores(gold_dir):
    report = evaluate_dirs([gold_dir])
    assert not report["errors"], report["errors"]
    return report["systems"]["chitieu"]


def test_targets_f1(scores):
    assert scores["targets"]["f1"] >= 0.90, scores["targets"]["misses"] + scores["targets"]["false_hits"]


@pytest.mark.parametrize("field", TARGET_FIELDS)
def test_matched_target_fields(scores, field):
    assert scores["targets"]["fields"][field] >= 0.90, scores["targets"]["field_errors"]


def test_assignments_f1(scores):
    assert scores["assignments"]["f1"] >= 0.85, scores["assignments"]["misses"] + scores["assignments"]["false_hits"]


def test_deadlines_f1(scores):
    assert scores["deadlines"]["f1"] >= 0.85, scores["deadlines"]["misses"] + scores["deadlines"]["false_hits"]
