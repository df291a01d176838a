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


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(inbox: Path = typer.Argument(..., help="folder of documents (searched recursively)"),
               db: Path = typer.Option(None, "--db", help="DuckDB store (default: $CHITIEU_DB or ./chitieu.duckdb)"),
               workers: int = typer.Option(0, "--workers", min=0, help="run documents on a local Dask cluster of N workers"),
               dask_address: str = typer.Option(None, "--dask-address", help="use an existing Dask scheduler, e.g. tcp://host:8786")):
        """Ingest the new documents of a folder into the store (one Prefect flow run)."""
        from pipeline.store import StoreError, StoreLocked
        from pipeline.store.lock import IngestLock
        from pipeline.store.summary import RunSummary

        db = (db or default_db()).resolve()
        if not inbox.is_dir():
            _error(f"{inbox}: not a folder")
        try:  # say so at once, before Prefect starts, when another run holds the store
            IngestLock(db).acquire().release()
        except StoreLocked as e:
            _error(str(e), 3)
        from flows.ingest import run

        try:
            result = run(str(inbox.resolve()), str(db), workers, dask_address)
        except StoreLocked as e:
            _error(str(e), 3)
        except StoreError as e:
            _error(str(e))
        summary = RunSummary(**{k: v for k, v in result.items() if k in RunSummary.__dataclass_fields__})
        console.print(summary.rich())
        for path, code, reason in summary.failed:
            console.print(f"[yellow]set aside[/] {path} ({code}): {reason}", highlight=False, soft_wrap=True)
        if summary.unmatched_reviews:
            console.print(f"[yellow]{summary.unmatched_reviews} review(s) no longer match a target[/] after "
                          "re-extraction; they are kept in the review log (Store.unmatched_reviews())",
                          highlight=False)
        console.print(f"store: {db}", highlight=False)

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

                for name, path in export_parquet(store, parquet).items():
                    console.print(f"{name:12} → {path}", highlight=False)
                advance()
            if csv_dir is not None:
                from pipeline.store.export import export_csv

                for name, path in export_csv(store, csv_dir).items():
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
