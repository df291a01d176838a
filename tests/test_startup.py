"""Start-up of `chitieu extract small.txt`: the fast path in pipeline.cli:main reads a command line as typer
does and imports none of the heavy modules; the lexicon compiles a head's names when first asked for.
Not timed (bench/bench_startup.py measures): these guard what the time depends on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CORPUS, ROOT
from pipeline.commands import extract as extract_module

SMALL = CORPUS / "ben-tre-chuyen-doi-so-2022.txt"
# what the fast path must not import: the CLI framework, and what only other commands or formats need
HEAVY = ("typer", "click", "rich", "pydantic", "pandas", "duckdb", "prefect", "dask", "distributed", "spacy",
         "underthesea", "openpyxl", "pdfplumber", "pypdfium2", "docx", "argon2", "sklearn", "numpy")

PROBE = """
import json, sys
args, heavy, report = sys.argv[1:]
sys.argv = ["chitieu", *json.loads(args)]
from pipeline.cli import main
try:
    main()
    code = 0
except SystemExit as e:
    code = e.code
found = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(heavy)))
with open(report, "w") as f:
    json.dump({"code": code, "heavy": found}, f)
"""


def _probe(tmp_path: Path, *args: str) -> tuple[dict, subprocess.CompletedProcess]:
    report = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-c", PROBE,
                           json.dumps(list(args)), json.dumps(HEAVY), str(report)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(report.read_text()), done


@pytest.mark.parametrize("args", [["extract", str(SMALL)], ["extract", "-q", str(SMALL), "--kind", "target"],
                                  ["extract", str(SMALL), "-f", "csv", "-k", "deadline"]])
def test_the_extract_fast_path_imports_no_heavy_module(tmp_path, args):
    report, done = _probe(tmp_path, *args)
    assert report["code"] == 0, done.stderr
    assert done.stdout.strip()  # it did extract
    assert report["heavy"] == [], f"the fast path imported {report['heavy']}"


def test_what_the_fast_path_leaves_to_typer_still_goes_through_typer(tmp_path):
    report, done = _probe(tmp_path, "extract", str(SMALL), "--format", "yaml")  # a usage error: typer.Exit(2)
    assert report["code"] == 2 and "unknown format 'yaml'" in done.stderr
    report, done = _probe(tmp_path, "extract", "--help")
    assert report["code"] == 0 and "typer" in report["heavy"] and "--format" in done.stdout


COMMAND_LINES = [
    ["a.txt"], ["-", "a.txt", "b"], ["a.txt", "-q"], ["--quiet", "a.txt", "--explain"],
    ["a.txt", "--format", "csv", "-o", "out"], ["-f", "table", "a.txt", "-c", "indicator,quote"],
    ["a.txt", "--format=xlsx", "--output=x.xlsx"], ["a.txt", "-k", "target", "--kind", "deadline,document"],
    ["a.txt", "--kind=assignment"], ["a.txt", "--columns", "value", "-q", "-q"], ["a.txt", "-o", "x", "b.txt"],
]
# typer reads these (help, usage errors, forms the fast path does not read): the fast path must decline
LEFT_TO_TYPER = [
    [], ["-q"], ["--help"], ["a.txt", "--help"], ["a.txt", "-h"], ["--", "a.txt"], ["a.txt", "-qk", "target"],
    ["a.txt", "-ktarget"], ["a.txt", "-f"], ["a.txt", "--format", "csv", "-f", "jsonl"], ["a.txt", "--quiet=1"],
    ["a.txt", "--no-such-option"], ["a.txt", "-o", "-"], ["a.txt", "-f", ""], ["a.txt", "-f=csv"],
    ["a.txt", "--output"], ["a.txt", "--kind", "--quiet"],
]


@pytest.mark.parametrize("argv", COMMAND_LINES)
def test_the_fast_path_reads_a_command_line_as_typer_does(monkeypatch, argv):
    from pipeline.cli import app

    seen = {}

    def capture(paths, fmt="jsonl", output=None, kind=None, columns=None, quiet=False, explain=False):
        seen.update(paths=list(paths), fmt=fmt, output=output, kind=list(kind) if kind else None, columns=columns,
                    quiet=quiet, explain=explain)
        return 0

    monkeypatch.setattr(extract_module, "extract_files", capture)
    res = CliRunner().invoke(app, ["extract", *argv])
    assert res.exit_code == 0, res.output
    fast = extract_module.fast_extract_args(argv)
    assert fast is not None
    defaults = dict(fmt="jsonl", output=None, kind=None, columns=None, quiet=False, explain=False)
    assert {**defaults, **fast} == seen


@pytest.mark.parametrize("argv", LEFT_TO_TYPER)
def test_the_fast_path_leaves_the_rest_to_typer(argv):
    assert extract_module.fast_extract_args(argv) is None


def test_the_lexicon_compiles_a_heads_names_when_first_asked_for():
    from extractors import agencies

    lex = agencies.lexicon()
    assert set(lex.name_re) == set(lex.names) == set(lex.name_bare_re.keys())
    head = next(iter(lex.names))
    assert lex.name_re.get(head) is lex.name_re[head]  # compiled once
    assert lex.name_re.get("không có cơ quan này") is None and "không có cơ quan này" not in lex.name_re
    with pytest.raises(KeyError):
        lex.name_bare_re["không có cơ quan này"]
