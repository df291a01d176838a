"""The scorer: a logistic model read from JSON, vetoes, sign-bounded training, determinism."""

import json
import math
from pathlib import Path

from extractors import scoring
from pipeline import training


def _cands(rows):
    return [scoring.Candidate(i, i + 1, dict(f)) for i, f in enumerate(rows)]


def test_probability_and_the_features_that_weighed_most():
    m = scoring.Model("targets", {"unit_pct": 2.0, "past_before": -3.0, "after_colon": 0.5}, -1.0)
    assert math.isclose(m.probability({"unit_pct": 1}), 1 / (1 + math.exp(-1.0)))
    assert m.contributions({"unit_pct": 1, "past_before": 1, "unknown": 1}) == [("past_before", -3.0), ("unit_pct", 2.0)]
    again = scoring.Model.from_json(json.loads(json.dumps(m.to_json())))
    assert again == m


def test_a_veto_drops_the_candidate_before_scoring_and_says_which():
    m = scoring.Model("targets", {"unit_pct": 5.0}, 0.0, vetoes=("past_before",))
    cands = _cands([{"unit_pct": 1}, {"unit_pct": 1, "past_before": 1}])
    kept = scoring.decide(cands, m)
    assert kept == [cands[0]]
    assert cands[1].reason == "vetoed: past_before" and cands[1].score == 0.0


def test_without_a_model_the_old_rules_decide_with_no_confidence():
    cands = _cands([{"rule": 1.0}, {"rule": 0.0, "unit_pct": 1}])
    kept = scoring.decide(cands, None)
    assert kept == [cands[0]] and scoring.confidence(cands[0], None) is None


def _doc(rows, labels):
    d = training.DocCandidates("x.txt", Path("x.txt"), None, {})
    d.candidates["targets"] = _cands(rows)
    d.labels["targets"] = labels
    return d


def test_a_feature_whose_meaning_points_away_never_gets_a_positive_weight():
    # in this data "comparator_strict" (a sign-bounded "+" feature) only stands on non-targets and "past_before"
    # ("-") only on targets: unbounded, the fit would flip both; bounded, each stays on its side of zero
    rows = [{"unit_pct": 1, "past_before": 1}] * 6 + [{"unit_pct": 1, "comparator_strict": 1}] * 6 + [{}] * 6
    labels = [1] * 6 + [0] * 6 + [0] * 6
    m = training.fit("targets", [_doc(rows, labels)])
    assert m.weights.get("past_before", 0.0) <= 0.0
    assert m.weights.get("comparator_strict", 0.0) >= 0.0
    assert "past_before" not in m.vetoes  # the gold contradicts it here: it is weighed, not a veto


def test_an_old_gate_no_fact_contradicts_becomes_a_veto():
    rows = [{"unit_pct": 1}] * 5 + [{"unit_pct": 1, "conditional": 1}] * 3
    m = training.fit("targets", [_doc(rows, [1] * 5 + [0] * 3)])
    assert "conditional" in m.vetoes
    assert m.veto({"unit_pct": 1, "conditional": 1}) == "conditional"


def test_training_is_deterministic():
    rows = [{"unit_pct": 1, "after_colon": float(i % 2)} for i in range(20)] + [{"unit_none": 1}] * 10
    labels = [i % 3 != 0 for i in range(20)] + [0] * 10
    a = training.fit("targets", [_doc(rows, [int(x) for x in labels])])
    b = training.fit("targets", [_doc(rows, [int(x) for x in labels])])
    assert a.to_json() == b.to_json()


def test_the_committed_models_are_what_training_on_the_gold_gives(tmp_path, gold_dir):
    """`chitieu train` on ../shared/gold reproduces the committed models exactly: a change to features or data
    files without retraining shows here."""
    real = gold_dir.parent / "real"
    models = training.train([gold_dir, real], tmp_path)
    for kind, m in models.items():
        committed = json.loads((scoring.MODELS / f"{kind}.json").read_text(encoding="utf-8"))
        assert m.to_json() == scoring.Model.from_json(committed).to_json(), kind
        assert committed["meta"]["data_sha256"] == training.data_hash([gold_dir, real])
