"""Held-out check of the assignment and deadline extractors: the corpus manifest's expected
assignments and deadlines were written from the source text, apart from the extractors' rules, and
are scored with the project's own scorer (SCHEMA.md's rules)."""

import json
import re
import unicodedata

import pytest

from conftest import CORPUS
from pipeline.analyse import extract
from pipeline.evaluate import score_assignments, score_deadlines
from pipeline.readers import read

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
DOCS = [d for d in MANIFEST["documents"] if "assignments" in d and "deadlines" in d]


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def _locate(text: str, quote: str) -> str:
    """The substring of the (NFC) text that the quote names; line breaks in PDFs and DOCX may stand
    where the source had a space, so any run of white space matches any other."""
    pattern = r"\s+".join(re.escape(w) for w in _nfc(quote).split())
    m = re.search(pattern, text)
    assert m, f"manifest quote not in the text: {quote!r}"
    return m.group(0)


@pytest.fixture(scope="module")
def scored():
    gold_a, gold_d, pred_a, pred_d, texts = [], [], [], [], {}
    for d in DOCS:
        name = d["file"]
        raw = read(CORPUS / name).raw_text
        text = _nfc(raw)
        texts[name] = text
        # spans index raw_text; Windows-1258 text decodes to combining marks, so they are carried
        # over to the NFC text (a span starts and ends on a letter, never inside a combined one)
        def nfc_pos(i: int) -> int:
            return len(_nfc(raw[:i]))

        for r in extract(CORPUS / name):
            if r["kind"] == "assignment":
                pred_a.append({**r, "doc": name})
            elif r["kind"] == "deadline":
                pred_d.append({**r, "doc": name, "char_start": nfc_pos(r["char_start"]),
                               "char_end": nfc_pos(r["char_end"])})
        gold_a += [{**g, "doc": name} for g in d["assignments"]]
        gold_d += [{**g, "doc": name, "quote": _locate(text, g["quote"])} for g in d["deadlines"]]
    return score_assignments(gold_a, pred_a), score_deadlines(gold_d, pred_d, texts)


def test_corpus_has_enough_expected_facts():
    assert len(DOCS) >= 6
    assert sum(len(d["assignments"]) for d in DOCS) >= 50
    assert sum(len(d["deadlines"]) for d in DOCS) >= 50


def test_assignments_carry_to_unseen_documents(scored):
    a, _ = scored
    print(f"\nassignments P={a['precision']} R={a['recall']} F1={a['f1']} role={a['role_accuracy']}")
    detail = {"misses": a["misses"], "false_hits": a["false_hits"], "role_errors": a["role_errors"]}
    assert a["f1"] >= 0.90, detail
    assert a["role_accuracy"] >= 0.88, detail


def test_deadlines_carry_to_unseen_documents(scored):
    _, d = scored
    print(f"\ndeadlines P={d['precision']} R={d['recall']} F1={d['f1']}")
    assert d["f1"] >= 0.93, {"misses": d["misses"], "false_hits": d["false_hits"]}
