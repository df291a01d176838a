"""Very long texts are extracted in windows (`pipeline.windows`): spans stay the whole text's, each part of a long
plan gives what it gives alone, shorter texts are unchanged, and `chitieu extract` streams them in bounded memory."""

import collections
import json
import os
import re
import subprocess
import sys

import pytest

from conftest import ROOT
from hostile_files import long_plan
from pipeline import windows
from pipeline.analyse import extract, iter_records, run
from pipeline.document import Document
from pipeline.normalise import normalise
from pipeline.records import to_records
from pipeline.segment import segment, state_at
from vn_plans import PLANS


def _doc(text: str, name: str = "plan.txt") -> Document:
    return Document(name, text, "txt", "0" * 64)


def _whole(doc: Document) -> list[dict]:
    analysis, ctx = run(doc, trace=False)
    return to_records(analysis, ctx.results)


@pytest.fixture
def small_windows(monkeypatch):
    """Windows of a few thousand characters, so a text of ~100k is 'very long' and the tests stay fast."""
    monkeypatch.setattr(windows, "WINDOW_THRESHOLD", 40_000)
    monkeypatch.setattr(windows, "WINDOW_CHARS", 9_000)
    monkeypatch.setattr(windows, "HEAD_CHARS", 6_000)
    monkeypatch.setattr(windows, "TAIL_CHARS", 3_000)


def _fact_id(r: dict) -> str:
    return r.get("target_id") or r.get("assignment_id") or r.get("deadline_id")


def test_a_long_plan_in_windows_keeps_every_span_and_id_and_the_whole_texts_facts(small_windows):
    text = long_plan(100_000)
    doc = _doc(text)
    spans = [(a, b) for a, b, _ in windows.cuts(doc)]
    assert len(spans) >= 8 and spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(b1 == a2 for (_, b1), (a2, _) in zip(spans, spans[1:]))
    # cut where a part begins: every window but the first opens with "PHẦN n"
    assert all(text[a:].startswith("PHẦN ") for a, _ in spans[1:])
    recs = extract(doc)
    assert recs[0]["kind"] == "document" and sum(r["kind"] == "document" for r in recs) == 1
    facts = recs[1:]
    assert facts and all(text[r["char_start"]:r["char_end"]] == r["quote"] for r in facts)
    ids = [_fact_id(r) for r in facts]
    assert len(set(ids)) == len(ids)
    # the same facts as the whole text gives, field for field (in window order, not kind by kind): the parts of
    # this plan hold their own deadlines and assignments, and metadata comes from the header
    whole = _whole(doc)
    assert recs[0] == whole[0]
    by_id = {_fact_id(r): r for r in whole[1:]}
    assert len(by_id) == len(facts) and all(by_id[_fact_id(r)] == r for r in facts)
    assert [r["kind"] for r in facts] != [r["kind"] for r in whole[1:]]  # windows: deadlines … targets, again


def _relative(r: dict, base: int) -> tuple:
    """A fact as it reads inside its part: offsets from the part's body, the path below "PHẦN n"."""
    keep = {k: (tuple(v) if isinstance(v, list) else v) for k, v in r.items()
            if not k.endswith("_id") and k not in ("char_start", "char_end", "section")}
    return (tuple(keep.items()), r["section"].split(" > ", 1)[-1] if " > " in r["section"] else "",
            r["char_start"] - base, r["char_end"] - base)


def test_each_part_of_a_long_plan_gives_what_it_gives_alone(small_windows):
    text = long_plan(100_000)
    head = next(iter(PLANS.values())).split("\n\n", 1)[0]
    bodies = [t.split("\n\n", 2)[-1] for t in PLANS.values()]
    alone = []
    for body in bodies:
        single = head + "\n" + "\nPHẦN 1\n" + body
        base = single.index("\nPHẦN 1\n") + len("\nPHẦN 1\n")
        alone.append(collections.Counter(_relative(r, base) for r in _whole(_doc(single))[1:] if r["char_start"] >= base))
    starts = [m.end() for m in re.finditer(r"\nPHẦN \d+\n", text)]
    parts: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for r in list(iter_records(_doc(text)))[1:]:
        k = max(i for i, s in enumerate(starts) if s <= r["char_start"])
        parts[k][_relative(r, starts[k])] += 1
    assert len(parts) == len(starts)
    assert all(parts[k] == alone[k % len(bodies)] for k in parts)


def test_a_text_at_or_below_the_threshold_is_extracted_whole_as_before(small_windows, monkeypatch):
    text = long_plan(30_000)
    expected = _whole(_doc(text))
    monkeypatch.setattr(windows, "WINDOW_THRESHOLD", len(text))
    assert list(iter_records(_doc(text))) == expected == extract(_doc(text))
    monkeypatch.setattr(windows, "WINDOW_THRESHOLD", len(text) - 1)
    windowed = list(iter_records(_doc(text)))
    assert windowed != expected  # over it: windows (the same facts, window by window)
    assert sorted(map(_fact_id, windowed[1:])) == sorted(map(_fact_id, expected[1:]))


def test_a_window_continues_the_sections_open_where_it_begins():
    text = long_plan(20_000)
    clean = normalise(text)
    whole = segment(clean)
    cut = [s for s in whole.children if s.start > len(text) // 2][0].start  # where a part begins
    states: list = []
    segment(clean, states=states)
    rest = normalise(text[clean.to_raw[cut]:])
    second = segment(rest, state_at(states, cut))
    # the second half's sections are the whole text's: same paths, kinds and (shifted) offsets
    want = [(s.path, s.kind, s.start - cut, s.end - cut) for s in whole.walk() if s.start >= cut]
    got = [(s.path, s.kind, s.start, s.end) for s in second.walk() if s.level]
    assert got == want and got[0][0] == whole.at(cut).path
    # cut inside a part: its heading is carried, spanning the window from its start
    part = whole.at(cut)
    inner = list(part.walk())[2].start
    third = segment(normalise(text[clean.to_raw[inner]:]), state_at(states, inner))
    assert third.children[0].path == part.path and third.children[0].start == 0
    assert all(third.at(x - inner).path == whole.at(x).path and third.at(x - inner).kind == whole.at(x).kind
               for x in range(inner, part.end, 7))


def test_chitieu_extract_writes_a_long_texts_records_as_it_goes_with_the_same_bytes(small_windows, tmp_path):
    from pipeline.commands.extract import extract_files
    from pipeline.output import csv_text

    path = tmp_path / "plan.txt"
    path.write_text(long_plan(60_000), encoding="utf-8")
    recs = extract(path)
    out = tmp_path / "out.jsonl"
    assert extract_files([str(path)], "jsonl", out, quiet=True) == 0
    assert out.read_text(encoding="utf-8") == "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    assert extract_files([str(path)], "csv", tmp_path / "csv", quiet=True) == 0
    for kind in ("document", "target", "assignment", "deadline"):
        written = (tmp_path / "csv" / f"{kind}s.csv").read_bytes()
        assert written == csv_text([r for r in recs if r["kind"] == kind], kind).encode("utf-8")


# The child's own high-water mark (VmHWM of the memory it has since exec): its rusage would also count the
# parent's memory, copied at fork (a test process is hundreds of MB by then).
_MEASURED = """
import runpy, sys
report = sys.argv.pop(1)
sys.argv[0] = "chitieu"
try:
    runpy.run_module("pipeline.cli", run_name="__main__")
finally:
    with open("/proc/self/status") as status, open(report, "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the peak from /proc")
def test_extracting_a_two_million_character_text_stays_under_100_mb(tmp_path):
    """Peak RSS of `chitieu extract` in a child process: ~50 MB in windows; it was 236 MB with every record held."""
    path = tmp_path / "long.txt"
    path.write_text(long_plan(2_000_000), encoding="utf-8")
    out, report = tmp_path / "out.jsonl", tmp_path / "peak_kb"
    proc = subprocess.run([sys.executable, "-c", _MEASURED, str(report), "extract", str(path), "-q", "-o", str(out)],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0
    peak_mb = int(report.read_text()) / 1024
    assert peak_mb < 100, f"peak RSS {peak_mb:.0f} MB"
    with out.open(encoding="utf-8") as f:
        first = json.loads(f.readline())
        count = 1 + sum(1 for _ in f)
    assert first["kind"] == "document" and count > 25_000
