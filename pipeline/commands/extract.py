"""`chitieu extract` and `chitieu eval`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from pipeline.commands.common import (EXIT_OK, EXIT_USAGE, batch_exit_code, console, err_console, error_line,
                                      fail, progress_bar)
from pipeline.commands.inputs import gather
from pipeline.errors import DocumentError

FORMATS = ("jsonl", "csv", "xlsx", "table")


def register(app: typer.Typer) -> None:
    @app.command()
    def extract(paths: list[str] = typer.Argument(..., help="files, folders, quoted globs (\"corpus/*.txt\"), or - for stdin"),
                fmt: str = typer.Option("jsonl", "--format", "-f", help="jsonl | csv | xlsx | table"),
                output: Path = typer.Option(None, "--output", "-o",
                                            help="file to write (xlsx: required; csv: a folder, one file per kind, or FILE.csv with one --kind)"),
                kind: list[str] = typer.Option(None, "--kind", "-k", help="only these kinds: target, assignment, deadline, document (repeat or comma-separate)"),
                columns: str = typer.Option(None, "--columns", "-c", help="table columns, comma-separated (default: indicator,value,deadline,agencies,confidence)"),
                quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar")):
        """Extract targets, deadlines and assignments, each with its source span."""
        from pipeline.analyse import extract as run_extract
        from pipeline.output import KINDS, OutputError, parse_kinds, write_records

        if fmt not in FORMATS:
            fail(f"unknown format '{fmt}'; use one of {', '.join(FORMATS)}")
        if fmt == "xlsx" and output is None:
            fail("--format xlsx needs --output FILE.xlsx")
        if columns and fmt != "table":
            fail("--columns chooses the columns of --format table")
        try:
            kinds = parse_kinds(kind, default=("target",) if fmt == "table" else KINDS)
        except OutputError as e:
            fail(str(e))
        if fmt == "csv" and output is None and len(kinds) != 1:
            fail("--format csv writes one file per kind: give -o FOLDER, or --kind KIND to print one kind")
        stream = fmt == "jsonl" and output is None
        records: list[dict] = []
        failed = 0
        with gather(paths) as found:
            for arg, reason in found.problems:
                error_line(f"{arg}: {reason}")
                failed += 1
            # the bar would tangle with records streaming to the same terminal
            hide_bar = quiet or (stream and sys.stdout.isatty())
            with progress_bar(len(found.files), "extract", quiet=hide_bar) as advance:
                for path, shown in found.files:
                    try:
                        recs = run_extract(path)
                    except DocumentError as e:
                        error_line(f"{shown}: {e.reason}")
                        failed += 1
                        continue
                    except OSError as e:
                        error_line(f"{shown}: cannot read ({e.strerror or e})")
                        failed += 1
                        continue
                    finally:
                        advance()
                    if stream:  # a batch prints as it goes
                        sys.stdout.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs
                                                 if r.get("kind") in kinds))
                        sys.stdout.flush()
                    else:
                        records.extend(recs)
            inputs = found.count
        if not stream and (records or output is not None):
            try:
                written = write_records(records, fmt, output, console, kinds=kinds,
                                        columns=[c.strip() for c in columns.split(",") if c.strip()] if columns else None)
            except OutputError as e:
                fail(str(e))
            if not quiet:
                for path in written:
                    err_console.print(f"wrote {path}", highlight=False, soft_wrap=True)
        raise typer.Exit(batch_exit_code(failed, inputs))

    @app.command("eval")
    def evaluate(gold_dirs: list[Path] = typer.Argument(..., help="folders of gold annotations (SCHEMA.md)"),
                 baselines: bool = typer.Option(False, "--baselines", help="also score underthesea NER, dateparser and a bare % regex"),
                 misses: bool = typer.Option(True, "--misses/--no-misses", help="list misses and false hits"),
                 as_json: bool = typer.Option(False, "--json")):
        """Score extraction against hand annotations by the rules of SCHEMA.md."""
        from pipeline.evaluate import evaluate_dirs, render_report

        missing = [d for d in gold_dirs if not (d / "documents.jsonl").is_file()]
        if missing:
            fail(f"{missing[0]}: not a gold folder (no documents.jsonl; see ../shared/gold/SCHEMA.md)", EXIT_USAGE)
        report = evaluate_dirs(gold_dirs, baselines=baselines)
        if as_json:
            sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
        else:
            render_report(report, console, show_misses=misses)
        raise typer.Exit(EXIT_OK)
