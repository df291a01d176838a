"""`chitieu ingest`, `chitieu serve` and `chitieu export`: the store's commands.

The first two run the Prefect flow of `flows/ingest.py`; they import it when called, so the rest of
`pipeline` never depends on `flows`.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer

from pipeline.commands.common import console, err_console

DEFAULT_DB = "chitieu.duckdb"


def default_db() -> Path:
    return Path(os.environ.get("CHITIEU_DB") or DEFAULT_DB)


def _error(message: str, code: int = 2):
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


# Exit codes: the table every command shares (pipeline/commands/common.py, README "Exit codes")
from pipeline.commands.common import EXIT_BUSY, EXIT_OK, EXIT_USAGE  # noqa: E402
from pipeline.commands.common import EXIT_SOME_FAILED as EXIT_FAILED  # noqa: E402
NOT_TAKEN_GROUPED = 3  # more files than this for one reason are one line in the terminal (the artifact lists each)


def _progress_bar(quiet: bool):
    """A rich progress bar on stderr (N/total, rate, time left) fed by the flow; None with --quiet."""
    if quiet:
        return None
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task):
            return Text(f"{task.speed:.1f} docs/s" if task.speed else "", style="progress.data.speed")

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    Rate(), TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(),
                    console=err_console, transient=False)


def _print_summary(summary, db: Path, quiet: bool) -> None:
    if not quiet:
        console.print(summary.rich())
        by_reason: dict[str, list[str]] = {}
        for path, reason in summary.not_taken:
            by_reason.setdefault(reason, []).append(path)
        for reason, paths in by_reason.items():
            if len(paths) <= NOT_TAKEN_GROUPED:
                for path in paths:
                    console.print(f"[dim]not taken[/] {path}: {reason}", highlight=False, soft_wrap=True)
            else:  # many files for one reason (a folder of sources beside the documents): one line
                console.print(f"[dim]not taken[/] {len(paths)} files such as {paths[0]}: {reason}",
                              highlight=False, soft_wrap=True)
    for path, code, reason in summary.failed:
        err_console.print(f"[yellow]set aside[/] {path} ({code}): {reason}", highlight=False, soft_wrap=True)
    if summary.unmatched_reviews and not quiet:
        console.print(f"[yellow]{summary.unmatched_reviews} review(s) no longer match a target[/] after "
                      "re-extraction or a new version; they are kept in the review log (Store.unmatched_reviews())",
                      highlight=False)
    if not quiet:
        console.print(f"store: {db}", highlight=False)


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(inbox: Path = typer.Argument(..., readable=False, help="folder of documents (searched recursively)"),
               db: Path = typer.Option(None, "--db", help="DuckDB store (default: $CHITIEU_DB or ./chitieu.duckdb)"),
               workers: int = typer.Option(0, "--workers", min=0, help="run documents on a local Dask cluster of N workers"),
               dask_address: str = typer.Option(None, "--dask-address", help="use an existing Dask scheduler, e.g. tcp://host:8786"),
               batch: int = typer.Option(0, "--batch", min=0, help="documents per Prefect task (0: chosen from the inbox and the workers)"),
               time_limit: float = typer.Option(None, "--time-limit", help="seconds one document may take (default $CHITIEU_TIME_LIMIT or 600)"),
               memory_limit: int = typer.Option(None, "--memory-limit", help="MB one document may use (default $CHITIEU_MEMORY_LIMIT or 2048)"),
               keep_versions: bool = typer.Option(False, "--keep-versions", help="keep the facts of versions an edited file supersedes (queryable with --all-versions)"),
               quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar and no summary; failures are still printed"),
               strict: bool = typer.Option(False, "--strict", help="exit 1 also for files not taken or that failed in an earlier run")):
        """Ingest the new documents of a folder into the store (one Prefect flow run).

        Exit code: 0 all good, 1 some files failed (set aside in quarantine/), 2 usage or bad input,
        3 another ingest run holds the store."""
        from pipeline.store import StoreError, StoreLocked
        from pipeline.store.inbox import InboxError
        from pipeline.store.lock import IngestLock
        from pipeline.store.summary import RunSummary
        from pipeline.store.worker import Limits

        db = (db or default_db()).absolute()
        try:
            Limits.from_env(time_limit, memory_limit)
        except ValueError as e:
            _error(f"{e} (--time-limit seconds, --memory-limit MB)", EXIT_USAGE)
        try:  # say so at once, before Prefect starts: an inbox that cannot be listed, a store that cannot be written
            if not inbox.is_dir():
                _error(f"{inbox}: not a folder", EXIT_USAGE)
            os.listdir(inbox)
        except OSError as e:
            _error(f"{inbox}: cannot list the folder ({e.strerror or e})", EXIT_USAGE)
        try:
            IngestLock(db).acquire().release()
        except StoreLocked as e:
            _error(str(e), EXIT_BUSY)
        except StoreError as e:
            _error(str(e), EXIT_USAGE)
        # Prefect's console log would interleave with the progress bar, and its "View at" links point
        # to a temporary server that ends with the run; the run's own summary says what happened.
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "ERROR")
        import logging

        logging.getLogger("distributed").setLevel(logging.ERROR)
        import flows.ingest as flow_module

        bar = _progress_bar(quiet)
        options = {"batch_size": batch, "time_limit": time_limit, "memory_limit_mb": memory_limit,
                   "keep_versions": keep_versions}
        try:
            if bar is None:
                result = flow_module.run(str(inbox.absolute()), str(db), workers, dask_address, **options)
            else:
                with bar:
                    job = bar.add_task("starting Prefect", total=None)

                    def advance(done: int, total: int) -> None:
                        bar.update(job, description="documents", completed=done, total=total)

                    flow_module.progress = advance
                    try:
                        result = flow_module.run(str(inbox.absolute()), str(db), workers, dask_address, **options)
                    finally:
                        flow_module.progress = None
        except StoreLocked as e:
            _error(str(e), EXIT_BUSY)
        except (StoreError, InboxError) as e:
            _error(str(e), EXIT_USAGE)
        summary = RunSummary(**{k: v for k, v in result.items() if k in RunSummary.__dataclass_fields__})
        _print_summary(summary, db, quiet)
        if summary.failed or (strict and (summary.not_taken or summary.known_failures)):
            raise typer.Exit(EXIT_FAILED)

    @app.command()
    def serve(inbox: Path = typer.Option(..., "--inbox", help="folder where new documents arrive"),
              cron: str = typer.Option("0 6 * * *", "--cron", help="when to ingest, a cron in --timezone"),
              interval: float = typer.Option(None, "--interval", min=1, help="instead of --cron: every N seconds"),
              timezone: str = typer.Option("Asia/Ho_Chi_Minh", "--timezone", help="time zone of the cron (IANA name)"),
              db: Path = typer.Option(None, "--db", help="DuckDB store (default: $CHITIEU_DB or ./chitieu.duckdb)"),
              name: str = typer.Option("chitieu-ingest", "--name", help="deployment name"),
              port: int = typer.Option(4200, "--port", help="port of the local Prefect server and its UI"),
              ui: bool = typer.Option(True, "--ui/--no-ui", help="the Prefect UI on --port (with --no-ui: no UI, no links)")):
        """Ingest the inbox on a schedule (a Prefect deployment with a local server and its UI); Ctrl-C stops it."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        from flows.serve import ServeError, run_runner, scheduling_server

        if not inbox.is_dir():
            _error(f"{inbox}: not a folder")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            _error(f"unknown time zone '{timezone}' (write an IANA name such as Asia/Ho_Chi_Minh)")
        if not interval:
            from flows.serve import schedule

            try:
                schedule(cron, None, timezone)
            except ValueError:
                _error(f"'{cron}' is not a cron expression (minute hour day month weekday, e.g. \"0 6 * * *\")")
        db = (db or default_db()).resolve()
        when = f"every {interval:g} s" if interval else f"cron '{cron}' ({timezone})"
        try:
            with scheduling_server(port=port, ui=ui) as server:
                console.print(f"serving {name}: {inbox.resolve()} → {db}, {when}", highlight=False, soft_wrap=True)
                console.print(f"Prefect API: {server.api_url}" + (f" · UI: {server.ui_url}" if server.ui_url else ""),
                              highlight=False)
                if server.log:
                    console.print(f"Prefect server log: {server.log}", highlight=False, soft_wrap=True)
                console.print("Ctrl-C stops it.", highlight=False)
                run_runner(str(inbox.resolve()), str(db), None if interval else cron, name, timezone, interval)
        except KeyboardInterrupt:
            pass
        except ServeError as e:
            _error(str(e))
        console.print("stopped.", highlight=False)
        raise typer.Exit(0)

    @app.command()
    def export(parquet: Path = typer.Option(None, "--parquet", help="folder to write <table>.parquet into"),
               xlsx: Path = typer.Option(None, "--xlsx", help="Excel workbook for review"),
               csv_dir: Path = typer.Option(None, "--csv", help="folder: one CSV per kind (UTF-8 with BOM), review columns included"),
               gold: Path = typer.Option(None, "--gold", help="folder: fully reviewed documents as gold annotations (SCHEMA.md)"),
               db: Path = typer.Option(None, "--db", help="DuckDB store (default: $CHITIEU_DB or ./chitieu.duckdb)"),
               all_versions: bool = typer.Option(False, "--all-versions", help="Parquet: include superseded document versions (kept by ingest --keep-versions)"),
               quiet: bool = typer.Option(False, "--quiet", "-q", help="no progress bar")):
        """Export the store: Parquet tables, CSV per kind, a review workbook, or the reviewed documents as gold."""
        from pipeline.commands.common import progress_bar
        from pipeline.store import Store, StoreError

        asked = [x for x in (parquet, xlsx, csv_dir, gold) if x is not None]
        if not asked:
            _error("say what to export: --parquet DIR, --csv DIR, --xlsx FILE and/or --gold DIR")
        db = db or default_db()
        try:
            store = Store(db, read_only=True)
        except StoreError as e:
            _error(str(e))
        with store, progress_bar(len(asked), "export", quiet=quiet) as advance:
            if parquet is not None:
                from pipeline.store.export import export_parquet

                for name, path in export_parquet(store, parquet, all_versions=all_versions).items():
                    console.print(f"{name:12} → {path}", highlight=False)
                advance()
            if csv_dir is not None:
                from pipeline.store.export import export_csv

                for name, path in export_csv(store, csv_dir, all_versions=all_versions).items():
                    console.print(f"{name:12} → {path}", highlight=False)
                advance()
            if xlsx is not None:
                from pipeline.xlsx import export_store

                export_store(store, xlsx)
                console.print(f"workbook → {xlsx}", highlight=False)
                advance()
            if gold is not None:
                from pipeline.gold_export import export_gold

                res = export_gold(store, gold)
                kinds = ", ".join(f"{n} {k}" for k, n in sorted(res.targets.items())) or "none"
                console.print(f"gold → {gold}: {len(res.written)} fully reviewed documents, "
                              f"{sum(res.targets.values())} targets ({kinds}); {res.rejected} rejected left out",
                              highlight=False, soft_wrap=True)
                if res.pending:
                    shown = "; ".join(f"{d} ({n} undecided)" for d, n in res.pending[:5])
                    console.print(f"{len(res.pending)} documents not fully reviewed, left out: {shown}"
                                  + (" …" if len(res.pending) > 5 else ""), highlight=False, soft_wrap=True)
                advance()
