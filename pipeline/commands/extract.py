"""`chitieu extract` and `chitieu eval`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline.commands import common
from pipeline.commands.common import EXIT_OK, EXIT_USAGE, batch_exit_code, error_line, fail, progress_bar
from pipeline.commands.inputs import gather
from pipeline.errors import DocumentError

FORMATS = ("jsonl", "csv", "xlsx", "table")


def extract_files(paths: list[str], fmt: str = "jsonl", output: Path | None = None, kind: list[str] | None = None,
                  columns: str | None = None, quiet: bool = False, explain: bool = False) -> int:
    """`chitieu extract`'s work, typer aside: returns the exit code; a usage error raises typer.Exit (`fail`).

    Called by the typer command below and by the fast path of `pipeline.cli:main` (`fast_extract_args`).
    """
    from pipeline.analyse import run
    from pipeline.output import KINDS, CsvSpool, OutputError, parse_kinds, write_records
    from pipeline.readers import read
    from pipeline.records import to_records
    from pipeline.trace import render, trace_records
    from pipeline.windows import is_long, windowed_records

    def run_extract(path):
        """The document's records: a list, or for a text long enough to be extracted in windows
        (`pipeline.windows`) an iterator that yields them window by window. The file is read here, so a
        file that cannot be read fails before any of its records is written."""
        document = read(path)
        if is_long(document) and not explain:  # --explain's trace is the whole document's
            return windowed_records(document)
        analysis, ctx = run(document)
        recs = to_records(analysis, ctx.results)
        if explain:
            trace = trace_records(analysis, ctx)
            if fmt == "jsonl":
                recs = recs + trace
            else:
                render(trace, common.err_console if fmt != "table" else common.console)
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
    if output is not None:
        # the folder to write into is made now, before the work, and a place that cannot be written is named
        # before any file is read (not after minutes of extraction)
        folder = output if fmt == "csv" and output.suffix.lower() != ".csv" else output.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            fail(f"{output}: cannot write there ({e.strerror or e})")
        if output.is_dir() and folder != output:
            fail(f"{output}: is a folder; give a file name")
    # jsonl goes out as it comes (to stdout, or to the file -o names) and csv is spooled to disk per kind, so
    # a long text's records are never all held; xlsx and the terminal table are made from the list of them
    stream = fmt == "jsonl"
    sink = None
    spool = CsvSpool(kinds) if fmt == "csv" else None
    records: list[dict] = []
    failed = 0
    if stream and output is not None:
        try:
            sink = open(output, "w", encoding="utf-8", newline="")
        except OSError as e:
            fail(f"{e.filename or output}: cannot write ({e.strerror or e})")
    out = sink if sink is not None else sys.stdout
    try:
        with gather(paths) as found:
            for arg, reason in found.problems:
                error_line(f"{arg}: {reason}")
                failed += 1
            # the bar would tangle with records streaming to the same terminal
            hide_bar = quiet or (stream and output is None and sys.stdout.isatty())
            with progress_bar(len(found.files), "extract", quiet=hide_bar) as advance:
                for path, shown in found.files:
                    try:
                        recs = run_extract(path)
                    except DocumentError as e:
                        error_line(f"{shown}: {e.reason}")
                        failed += 1
                        advance()
                        continue
                    except OSError as e:
                        error_line(f"{shown}: cannot read ({e.strerror or e})")
                        failed += 1
                        advance()
                        continue
                    try:
                        if stream:  # a batch prints as it goes; a long text window by window
                            _write_jsonl(out, recs, kinds, candidates=output is None)
                        elif spool is not None:
                            spool.add(recs)
                        else:
                            records.extend(recs)
                    finally:
                        advance()
            inputs = found.count
        if spool is not None:
            written = spool.write(output)
        elif not stream and (records or output is not None):
            console = common.console if fmt == "table" else None  # only the table prints through rich
            written = write_records(records, fmt, output, console, kinds=kinds,
                                    columns=[c.strip() for c in columns.split(",") if c.strip()] if columns else None)
        else:
            written = [output] if sink is not None else []
    except OutputError as e:
        fail(str(e))
    except OSError as e:
        if output is None:
            raise  # stdout (a closed pipe): as before
        fail(f"{e.filename or output}: cannot write ({e.strerror or e})")
    finally:
        if sink is not None:
            sink.close()
        if spool is not None:
            spool.close()
    if not quiet:
        for path in written:
            common.err_console.print(f"wrote {path}", highlight=False, soft_wrap=True)
    return batch_exit_code(failed, inputs)


def _write_jsonl(out, recs, kinds: tuple[str, ...], candidates: bool) -> None:
    """One document's records as JSON lines, written in batches as they come; with `candidates`, its trace's
    candidate records too (printed ones; a file written with -o never held them)."""
    batch: list[str] = []
    for r in recs:
        if r.get("kind") in kinds or (candidates and r.get("kind") == "candidate"):
            batch.append(json.dumps(r, ensure_ascii=False) + "\n")
            if len(batch) >= 1000:
                out.write("".join(batch))
                batch.clear()
    out.write("".join(batch))
    out.flush()


# The options of `chitieu extract` as the fast path reads them: name → (keyword, takes a value). Keep in step
# with the typer command below (tests/test_startup.py compares the two on many command lines).
_VALUE_OPTIONS = {"--format": "fmt", "-f": "fmt", "--output": "output", "-o": "output", "--kind": "kind",
                  "-k": "kind", "--columns": "columns", "-c": "columns"}
_FLAG_OPTIONS = {"--quiet": "quiet", "-q": "quiet", "--explain": "explain"}


def fast_extract_args(args: list[str]) -> dict | None:
    """The keyword arguments of `extract_files` for the command line after `extract`, when it is a plain one
    (paths and the options above, each value-taking option at most once, `--kind` repeatable), else None: then
    typer reads it, with its help, its usage errors and their messages. Never guesses: anything unusual
    (`--help`, `--`, `-qf`, `--format=`, an unknown option, a value that starts with "-") is left to typer."""
    out: dict = {"paths": []}
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a == "-" or not a.startswith("-"):
            out["paths"].append(a)
            continue
        name, eq, value = a.partition("=")
        if name in _FLAG_OPTIONS and not eq:
            out[_FLAG_OPTIONS[name]] = True
            continue
        key = _VALUE_OPTIONS.get(name)
        if key is None or (eq and not name.startswith("--")):
            return None
        if not eq:
            if i == len(args):
                return None
            value = args[i]
            i += 1
        if not value or value.startswith("-"):
            return None
        if key == "kind":
            out.setdefault("kind", []).append(value)
        elif key in out:
            return None
        else:
            out[key] = Path(value) if key == "output" else value
    return out if out["paths"] else None


def register(app) -> None:
    import typer

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
        raise typer.Exit(extract_files(paths, fmt, output, kind, columns, quiet, explain))

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

            with common.console.status("Đang kiểm định chéo theo tài liệu…") if not as_json else contextlib.nullcontext():
                report = cross_validate(gold_dirs, folds=folds, train_only=list(train_also or []))
            if baselines:
                base = evaluate_dirs(gold_dirs, baselines=True)["systems"]
                report["systems"].update({k: v for k, v in base.items() if k != "chitieu"})
        else:
            report = evaluate_dirs(gold_dirs, baselines=baselines)
        if as_json:
            sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=1) + "\n")
        else:
            render_report(report, common.console, show_misses=misses)
        raise typer.Exit(EXIT_OK)
