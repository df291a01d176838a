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


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(paths: list[Path] = typer.Argument(..., help="files or folders"),
                fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | xlsx | table"),
                output: Path = typer.Option(None, "--output", "-o", help="file to write (required for xlsx)")):
        """Extract targets, deadlines and assignments, each with its source span."""
        from pipeline.analyse import extract as run_extract
        from pipeline.output import write_records

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
                 as_json: bool = typer.Option(False, "--json")):
        """Score extraction against hand annotations by the rules of SCHEMA.md."""
        from pipeline.evaluate import evaluate_dirs, render_report

        report = evaluate_dirs(gold_dirs, baselines=baselines)
        if as_json:
            sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
        else:
            render_report(report, console, show_misses=misses)
