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
                quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar"),
                explain: bool = typer.Option(False, "--explain", help="show every candidate: kept or dropped, its "
                                             "score and the features that weighed most (with jsonl: as "
                                             "{\"kind\": \"candidate\", …} records)")):
        """Extract targets, deadlines and assignments, each with its source span."""
        from pipeline.analyse import run
        from pipeline.output import KINDS, OutputError, parse_kinds, write_records
        from pipeline.records import to_records
        from pipeline.trace import render, trace_records

        def run_extract(path):
            analysis, ctx = run(path)
            recs = to_records(analysis, ctx.results)
            if explain:
                trace = trace_records(analysis, ctx)
                if fmt == "jsonl":
                    recs = recs + trace
                else:
                    render(trace, err_console if fmt != "table" else console)
            return recs

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
                                                 if r.get("kind") in kinds or r.get("kind") == "candidate"))
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
                 as_json: bool = typer.Option(False, "--json"),
                 cv: bool = typer.Option(False, "--cv", help="cross-validate by document: each document is scored by "
                                         "models trained without it (fixed, seeded folds)"),
                 folds: int = typer.Option(10, "--folds", help="number of folds for --cv"),
                 train_also: list[Path] = typer.Option(None, "--train-also", help="with --cv: folders that join every "
                                                       "fold's training data and are never scored (the corpus)")):
        """Score extraction against hand annotations by the rules of SCHEMA.md."""
        from pipeline.evaluate import evaluate_dirs, render_report

        missing = [d for d in gold_dirs if not (d / "documents.jsonl").is_file()]
        if missing:
            fail(f"{missing[0]}: not a gold folder (no documents.jsonl; see ../shared/gold/SCHEMA.md)", EXIT_USAGE)
        if cv:
            import contextlib

            from pipeline.crossval import cross_validate

            with console.status("Đang kiểm định chéo theo tài liệu…") if not as_json else contextlib.nullcontext():
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
        raise typer.Exit(EXIT_OK)
