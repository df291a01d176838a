"""Targets on the project's sample corpus (corpus/manifest.json lists, per document, targets that must be
found with their fields, and numbers that must never be targets: past results, references, names)."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

import extractors
from conftest import CORPUS
from pipeline.analyse import analyse

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
DOCS = [d for d in MANIFEST["documents"] if d.get("targets") or d.get("not_targets")]
FIELDS = ("comparator", "change", "value_max", "baseline_year", "deadline", "indicator_code")


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).casefold().strip()


def _class(unit: str) -> str:
    return unit if unit in ("%", "rank") else "count"


@pytest.fixture(scope="module")
def targets_in():
    cache = {}

    def get(name):
        if name not in cache:
            ctx = analyse(CORPUS / name).context()
            extractors.run(ctx)
            cache[name] = [(t, _squash(ctx.text[t.start:t.end])) for t in ctx.results["targets"]]
        return cache[name]
    return get


def _find(found, expected):
    want = _squash(expected["quote_contains"])
    for t, quote in found:
        same_class = "unit" not in expected or _class(t.unit) == _class(expected["unit"])
        if t.value == expected["value"] and same_class and (want in quote or quote in want):
            return t
    return None


@pytest.mark.parametrize("doc", DOCS, ids=[d["file"] for d in DOCS])
def test_manifest_targets_are_found_with_their_fields(doc, targets_in):
    found = targets_in(doc["file"])
    for expected in doc["targets"]:
        t = _find(found, expected)
        assert t is not None, (expected, [(t.value, q[:60]) for t, q in found])
        wrong = {f: (expected[f], getattr(t, f)) for f in FIELDS if f in expected and getattr(t, f) != expected[f]}
        assert not wrong, (expected["quote_contains"], wrong)


@pytest.mark.parametrize("doc", DOCS, ids=[d["file"] for d in DOCS])
def test_manifest_non_targets_are_left_out(doc, targets_in):
    found = targets_in(doc["file"])
    for expected in doc["not_targets"]:
        assert _find(found, expected) is None, expected
