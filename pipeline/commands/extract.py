"""`chitieu extract` and `chitieu eval`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from pipeline.commands.common import console, err_console
from pipeline.errors import DocumentError
from pipeline.readers import SUFFIXES

FORMATS = ("jsonl", "csv", "xlsx", "table")


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given; folders searched recursively for the formats the readers take."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            out.append(p)
    return out


def _quiet():
    import contextlib

    return contextlib.nullcontext()


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(paths: list[Path] = typer.Argument(..., help="files or folders"),
                fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | xlsx | table"),
                output: Path = typer.Option(None, "--output", "-o", help="file to write (required for xlsx)"),
                explain: bool = typer.Option(False, "--explain", help="show every candidate: kept or dropped, its "
                                             "score and the features that weighed most")):
        """Extract targets, deadlines and assignments, each with its source span."""
        from pipeline.analyse import run
        from pipeline.output import write_records
        from pipeline.records import to_records
        from pipeline.trace import render, trace_records

        def run_extract(f):
            analysis, ctx = run(f)
            recs = to_records(analysis, ctx.results)
            if explain:
                trace = trace_records(analysis, ctx)
                if fmt == "jsonl":
                    recs = recs + trace
                else:
                    render(trace, console)
            return recs

        if fmt not in FORMATS:
            err_console.print(f"error: unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
            raise typer.Exit(2)
        if fmt == "xlsx" and output is None:
            err_console.print("error: --format xlsx needs --output FILE.xlsx")
            raise typer.Exit(2)
        records: list[dict] = []
        failed = 0
        for f in expand_paths(paths):
            try:
                recs = run_extract(f)
            except DocumentError as e:
                err_console.print(f"[bold red]error:[/] {e}", highlight=False, soft_wrap=True)
                failed += 1
                continue
            except OSError as e:
                err_console.print(f"[bold red]error:[/] {f}: cannot read ({e.strerror or e})", highlight=False, soft_wrap=True)
                failed += 1
                continue
            if fmt == "jsonl" and output is None:  # stream: a batch prints as it goes
                sys.stdout.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs))
                sys.stdout.flush()
            else:
                records.extend(recs)
        if records or output is not None:
            write_records(records, fmt, output, console)
        if failed:
            raise typer.Exit(1)

    @app.command("eval")
    def evaluate(gold_dirs: list[Path] = typer.Argument(..., help="folders of gold annotations (SCHEMA.md)"),
                 baselines: bool = typer.Option(False, "--baselines", help="also score underthesea NER, dateparser and a bare % regex"),
                 misses: bool = typer.Option(True, "--misses/--no-misses", help="list misses and false hits"),
                 as_json: bool = typer.Option(False, "--json"),
                 cv: bool = typer.Option(False, "--cv", help="cross-validate by document: each document is scored by "
                                         "models trained without it (fixed, seeded folds)"),
                 folds: int = typer.Option(10, "--folds", help="number of folds for --cv"),
                 train_also: list[Path] = typer.Option(None, "--train-also", help="with --cv: folders that join every "
                                                       "fold's training data and are never scored (the corpus)")):
        """Score extraction against hand annotations by the rules of SCHEMA.md."""
        from pipeline.evaluate import evaluate_dirs, render_report

        if cv:
            from pipeline.crossval import cross_validate

            with console.status("Đang kiểm định chéo theo tài liệu…") if not as_json else _quiet():
                report = cross_validate(gold_dirs, folds=folds, train_only=list(train_also or []))
            if baselines:
                base = evaluate_dirs(gold_dirs, baselines=True)["systems"]
                report["systems"].update({k: v for k, v in base.items() if k != "chitieu"})
        else:
            report = evaluate_dirs(gold_dirs, baselines=baselines)
        if as_json:
            sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
        else:
            render_report(report, console, show_misses=misses)
