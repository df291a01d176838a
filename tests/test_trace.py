"""The trace: `chitieu extract --explain` shows every candidate, kept or dropped, with its score and why."""

import json
import subprocess
import sys

from conftest import ROOT

PLAN = ("KẾ HOẠCH\nCải cách hành chính năm 2025 của Ủy ban nhân dân huyện Krông Pắc\n"
        "I. MỤC TIÊU\n"
        "1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 98% trở lên.\n"
        "2. Năm 2023, tỷ lệ hài lòng đã đạt 87%.\n"
        "II. TỔ CHỨC THỰC HIỆN\n"
        "Phòng Nội vụ chủ trì, phối hợp với Văn phòng HĐND và UBND huyện báo cáo trước ngày 15/12/2025.\n")


def _explain(tmp_path):
    f = tmp_path / "ke_hoach_krong_pac.txt"
    f.write_text(PLAN, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(f), "--explain"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_every_candidate_is_listed_with_its_decision(tmp_path):
    recs = _explain(tmp_path)
    trace = [r for r in recs if r["kind"] == "candidate"]
    by = {(r["of"], r["label"]): r for r in trace}
    kept = by[("target", "98 %")]
    assert kept["kept"] and kept["score"] >= 0.5 and kept["weighed"]
    past = by[("target", "87 %")]  # a result of 2023, not a target of the plan
    assert not past["kept"] and (past["reason"] or past["score"] < 0.5)
    assert by[("target", "2025")]["reason"] == "a year"
    # the records the trace explains are there too, and quotes are what the spans say
    targets = [r for r in recs if r["kind"] == "target"]
    assert [t["value"] for t in targets] == [98]
    for r in trace:
        assert PLAN[r["char_start"]:r["char_end"]] == r["quote"]
    assert {r["of"] for r in trace} == {"target", "deadline", "assignment"}
    dl = [r for r in trace if r["of"] == "deadline" and r["label"] == "2025-12-15"]
    assert dl and dl[0]["kept"]


def test_a_dropped_candidate_always_says_why(tmp_path):
    for r in _explain(tmp_path):
        if r["kind"] == "candidate" and not r["kept"]:
            assert r["reason"] or r["score"] < 0.5, r
