"""Corrections become test data: a corpus document reviewed in the store, exported as gold, scored by
`chitieu eval` — the reviewed facts count as correct, the rejected one as a false hit, the added one as a miss."""

from __future__ import annotations

import csv
import io
import json
import shutil

from typer.testing import CliRunner

from conftest import CORPUS, load_jsonl
from pipeline.cli import app
from pipeline.review import logic
from pipeline.review.source import guess_target
from pipeline.store import Store
from pipeline.store.ingest import ingest_directly

runner = CliRunner()
DOC = "nghe-an-chi-thi-12-2019.txt"
OTHER = "dong-anh-cchc-2024.docx"


def _reviewed_store(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(CORPUS / DOC, inbox / DOC)
    shutil.copy(CORPUS / OTHER, inbox / OTHER)
    db = tmp_path / "chitieu.duckdb"
    assert not ingest_directly(inbox, db).failed
    with Store(db, read_only=True) as s:
        targets = s.targets(doc=DOC).sort_values("char_start")
        doc_id = targets.iloc[0]["doc_id"]
        text = s.document_text(doc_id)
    ids = list(targets["target_id"])
    assert len(ids) >= 4
    logic.decide(db, ids[0], "reject", "Lê Thu Hà", "số liệu đã đạt, không phải chỉ tiêu")
    logic.decide(db, ids[1], "correct", "Lê Thu Hà", None, {"deadline": "30/6/2020"})
    for tid in ids[2:]:
        logic.decide(db, tid, "accept", "Lê Thu Hà")
    # a line with a number that no extracted target covers: the analyst adds it from its span
    spans = list(zip(targets["char_start"], targets["char_end"]))
    start = 0
    for line in text.splitlines(keepends=True):
        end = start + len(line.rstrip())
        if guess_target(line)["value"] and not any(a < end and start < b for a, b in spans):
            break
        start += len(line)
    guess = guess_target(text[start:end])
    added = logic.add_target(db, doc_id, start, end, "Lê Thu Hà",
                             {"indicator": guess["indicator"][:60], "value": guess["value"], "unit": guess["unit"]})
    return db, targets, text, added, float(guess["value"].replace(".", "").replace(",", "."))


def test_reviewed_documents_export_as_gold_that_eval_scores(tmp_path):
    db, targets, text, _, added_value = _reviewed_store(tmp_path)
    gold = tmp_path / "gold"
    res = runner.invoke(app, ["export", "--gold", str(gold), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "1 fully reviewed documents" in res.output and "1 rejected left out" in res.output
    assert f"{OTHER} (" in res.output  # the unreviewed document is named as left out
    docs = load_jsonl(gold / "documents.jsonl")
    assert [d["doc"] for d in docs] == [DOC] and (gold / DOC).read_text(encoding="utf-8") == text
    gold_targets = load_jsonl(gold / "targets.jsonl")
    assert len(gold_targets) == len(targets) - 1 + 1  # rejected out, added in
    for g in gold_targets:
        assert text.count(g["quote"]) == 1  # found by search, as SCHEMA.md says
    corrected = next(g for g in gold_targets if g["quote"].startswith(targets.iloc[1]["quote"]))
    assert corrected["deadline"] == "2020-06-30"
    assert not (gold / "assignments.jsonl").exists()  # nobody reviewed assignments: none claimed

    res = runner.invoke(app, ["eval", str(gold), "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    t = report["systems"]["chitieu"]["targets"]
    reviewed = len(targets) - 1
    assert t["tp"] == reviewed  # every accepted or corrected target is found as the analysts left it
    assert t["gold"] == reviewed + 1 and t["pred"] == reviewed + 1
    assert [m["value"] for m in t["misses"]] == [added_value]  # the added one: the extractor misses it
    assert len(t["false_hits"]) == 1 and t["false_hits"][0]["char_start"] == targets.iloc[0]["char_start"]
    assert t["fields"]["deadline"] < 1.0  # the corrected deadline differs from what the extractor says
    assert report["not_annotated"] == ["assignments", "deadlines"]
    table = runner.invoke(app, ["eval", str(gold), "--no-misses"])
    assert "not annotated" in table.output


def test_store_csv_export_has_a_file_per_kind_with_reviewers(tmp_path):
    db, targets, _, _, _ = _reviewed_store(tmp_path)
    out = tmp_path / "csv"
    res = runner.invoke(app, ["export", "--csv", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["assignments.csv", "deadlines.csv", "documents.csv",
                                                       "reviews.csv", "targets.csv"]
    data = (out / "targets.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    decided = [r for r in rows if r["doc"] == DOC]
    assert {r["reviewer"] for r in decided} == {"Lê Thu Hà"} and len(decided) == len(targets)
    assert "raw_text" not in (out / "documents.csv").read_text(encoding="utf-8-sig").splitlines()[0]
