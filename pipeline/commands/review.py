"""`chitieu review` (the analysts' page), `chitieu import-review` (verdicts from Excel) and `chitieu compare` (years side by side)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import typer
from rich.table import Table

from pipeline.commands.common import console, err_console, write_out
from pipeline.commands.store import default_db

APP = Path(__file__).resolve().parents[1] / "review" / "app.py"


def _fail(message: str) -> None:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(2)


@contextlib.contextmanager
def _open(db: Path, read_only: bool):
    from pipeline.review.decisions import StoreBusy, open_store
    from pipeline.store import StoreError

    if not db.exists():
        _fail(f"no store at {db}; run `chitieu ingest DIR --db {db}` first")
    try:
        with open_store(db, read_only=read_only) as store:
            yield store
    except (StoreBusy, StoreError) as e:
        _fail(str(e))


def streamlit_command(db: Path, port: int, address: str) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port),
            "--server.address", address, "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none", "--global.developmentMode", "false", "--client.toolbarMode", "minimal"]


def register(app: typer.Typer) -> None:
    @app.command()
    def review(db: Path = typer.Option(None, "--db", help="DuckDB store (default: $CHITIEU_DB or ./chitieu.duckdb)"),
               port: int = typer.Option(8501, "--port", help="port of the page"),
               address: str = typer.Option("127.0.0.1", "--address", help="address to listen on (0.0.0.0 for the network)")):
        """Start the review page: targets beside their source sentences; accept, correct or reject them."""
        db = db or default_db()
        if not db.exists():
            _fail(f"no store at {db}; run `chitieu ingest DIR --db {db}` first")
        with socket.socket() as s:
            if s.connect_ex((address if address != "0.0.0.0" else "127.0.0.1", port)) == 0:
                _fail(f"port {port} is already in use; pass --port N")
        console.print(f"review page for [bold]{db}[/] at http://{address}:{port}  (Ctrl+C stops it)", highlight=False)
        env = {**os.environ, "CHITIEU_DB": str(db.resolve()),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(APP.parents[2]), os.environ.get("PYTHONPATH")]))}
        try:
            code = subprocess.call(streamlit_command(db, port, address), env=env)
        except KeyboardInterrupt:
            code = 0
        raise typer.Exit(code)

    @app.command("import-review")
    def import_review(file: Path = typer.Argument(..., help="a workbook from `chitieu export --xlsx`, filled in"),
                      db: Path = typer.Option(None, "--db", help="DuckDB store (default: $CHITIEU_DB or ./chitieu.duckdb)"),
                      reviewer: str = typer.Option(None, "--reviewer", help="name recorded for every decision (else each row's Người duyệt)")):
        """Read the analysts' verdicts (Trạng thái, … sửa, Ghi chú, Người duyệt) from a workbook into the review log."""
        from pipeline.xlsx import import_reviews, read_review_sheet

        db = db or default_db()
        if not file.exists():
            _fail(f"{file}: no such file")
        try:  # read and checked before the store is opened: a large workbook never holds the store
            sheet = read_review_sheet(file)
        except ValueError as e:
            _fail(str(e))
        with _open(db, read_only=False) as store:
            result = import_reviews(store, sheet, reviewer=reviewer)
        counts = {}
        for _, _, status in result.applied:
            counts[status] = counts.get(status, 0) + 1
        detail = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "none"
        console.print(f"{file.name}: {len(result.applied)} decisions recorded ({detail}); "
                      f"{result.unchanged} unchanged; {len(result.unmatched)} rows not matched", highlight=False)
        for row, reason in result.unmatched:
            err_console.print(f"  row {row}: {reason}", highlight=False, soft_wrap=True)
        if result.unmatched:
            raise typer.Exit(1)

    @app.command()
    def compare(issuer: str = typer.Option(None, "--issuer", help="issuer contains this (e.g. \"Gò Vấp\")"),
                indicator: str = typer.Option(None, "--indicator", help="indicator_code (satisfaction_rate) or words of the indicator"),
                db: Path = typer.Option(None, "--db", help="DuckDB store (default: $CHITIEU_DB or ./chitieu.duckdb)"),
                as_json: bool = typer.Option(False, "--json", help="one JSON object per indicator and year")):
        """Compare targets across years: indicator × year, with raised / lowered / new / dropped marked."""
        from pipeline.compare import compare_store, pivot

        db = db or default_db()
        with _open(db, read_only=True) as store:
            long = compare_store(store, issuer=issuer, indicator=indicator)
        if as_json:
            recs = long.astype(object).where(long.notna(), None).to_dict("records")
            write_out("".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in recs))
            return
        if long.empty:
            console.print("no targets with a year to compare" + (f" for issuer '{issuer}'" if issuer else "")
                          + (f" and indicator '{indicator}'" if indicator else ""), highlight=False)
            return
        wide = pivot(long)
        for iss, part in wide.groupby("issuer", sort=True):
            years = [c for c in part.columns if c.isdigit()]
            table = Table(title=str(iss), show_lines=True)
            table.add_column("indicator", overflow="fold", max_width=48)
            table.add_column("code", overflow="fold", max_width=22)
            for y in years:
                table.add_column(y, overflow="fold", max_width=24)
            for r in part.to_dict("records"):
                table.add_row(str(r["indicator"]), str(r["indicator_code"] or ""), *[r[y] for y in years])
            console.print(table)
