"""Held-out check of the target extractor: the corpus manifest was written apart from the extractor's
rules, so its expected targets (and non-targets) measure how the rules carry to other documents."""

import json
import re
import unicodedata

import pytest

from conftest import CORPUS
from pipeline.analyse import extract

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
FIELDS = ("comparator", "deadline", "indicator_code", "scope", "unit", "change", "baseline_year", "value_max")


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s))


@pytest.fixture(scope="module")
def extracted():
    return {d["file"]: [r for r in extract(CORPUS / d["file"]) if r["kind"] == "target"] for d in MANIFEST["documents"]}


def _found(expected: dict, targets: list[dict]) -> dict | None:
    want = _squash(expected["quote_contains"])
    for r in targets:
        q = _squash(r["quote"])
        if (want in q or q in want) and abs(float(r["value"]) - expected["value"]) < 1e-9:
            return r
    return None


def test_expected_targets_are_found_with_their_fields(extracted):
    total = found = checked = right = 0
    wrong = []
    for d in MANIFEST["documents"]:
        for t in d["targets"]:
            total += 1
            r = _found(t, extracted[d["file"]])
            if r is None:
                wrong.append((d["file"], "missed", t["quote_contains"]))
                continue
            found += 1
            for f in FIELDS:
                if f in t:
                    checked += 1
                    if r.get(f) == t[f]:
                        right += 1
                    else:
                        wrong.append((d["file"], f, t[f], r.get(f)))
    assert total >= 60
    assert found / total >= 0.9, wrong
    assert right / checked >= 0.9, wrong


def test_numbers_that_are_not_targets_stay_out(extracted):
    leaks = [(d["file"], t["quote_contains"]) for d in MANIFEST["documents"] for t in d["not_targets"]
             if _found(t, extracted[d["file"]])]
    total = sum(len(d["not_targets"]) for d in MANIFEST["documents"])
    assert total >= 20
    assert len(leaks) / total <= 0.05, leaks
