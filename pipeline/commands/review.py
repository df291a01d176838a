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

from pipeline.commands.common import EXIT_SOME_FAILED, EXIT_USAGE, console, err_console, fail, write_out
from pipeline.commands.store import default_db
from pipeline.review import auth

APP = Path(__file__).resolve().parents[1] / "review" / "app.py"


def _fail(message: str) -> None:
    fail(message, EXIT_USAGE)


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


def _review_env(db: Path, users: Path | None, trust_header: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in (auth.USERS_ENV, auth.HEADER_ENV)}
    env.update({"CHITIEU_DB": str(db.resolve()),
                "PYTHONPATH": os.pathsep.join(filter(None, [str(APP.parents[2]), os.environ.get("PYTHONPATH")]))})
    if users:
        env[auth.USERS_ENV] = str(users.resolve())
    if trust_header:
        env[auth.HEADER_ENV] = trust_header
    return env


def register(app: typer.Typer) -> None:
    @app.command()
    def review(db: Path = typer.Option(None, "--db", help="DuckDB store (default: $CHITIEU_DB or ./chitieu.duckdb)"),
               port: int = typer.Option(8501, "--port", help="port of the page"),
               address: str = typer.Option("127.0.0.1", "--address", help="address to listen on; anything but localhost needs --users or --trust-header"),
               users: Path = typer.Option(None, "--users", envvar=auth.USERS_ENV,
                                          help="users file (chitieu users add): reviewers log in with a password"),
               trust_header: str = typer.Option(None, "--trust-header",
                                                help="take the reviewer from this header set by a login proxy, e.g. X-Forwarded-User "
                                                     "(the page's port must then be reachable only through the proxy)")):
        """Start the review page: targets beside their source sentences; accept, correct or reject them."""
        db = db or default_db()
        if not db.exists():
            _fail(f"no store at {db}; run `chitieu ingest DIR --db {db}` first")
        if users and trust_header:
            _fail("give --users or --trust-header, not both")
        if users:
            try:
                if not auth.read_users(users):
                    _fail(f"{users}: no reviewer in the users file; add one with `chitieu users add {users} LOGIN --name NAME`")
            except auth.UsersFileError as e:
                _fail(str(e))
        if not auth.is_local(address) and not (users or trust_header):
            _fail(f"--address {address} opens the page to the network, where anyone could record decisions under any "
                  "name: give --users FILE (reviewers log in) or --trust-header X-Forwarded-User (behind a login proxy)")
        with socket.socket() as sock:
            if sock.connect_ex((address if address not in ("0.0.0.0", "::") else "127.0.0.1", port)) == 0:
                _fail(f"port {port} is already in use; pass --port N")
        who = ("reviewers log in (" + str(users) + ")" if users else
               f"reviewer from the {trust_header} header" if trust_header else "reviewers type their name (local only)")
        console.print(f"review page for [bold]{db}[/] at http://{address}:{port}  ({who}; Ctrl+C stops it)", highlight=False)
        try:
            code = subprocess.call(streamlit_command(db, port, address), env=_review_env(db, users, trust_header))
        except KeyboardInterrupt:
            code = 0
        raise typer.Exit(0 if code in (0, -2, 130) else code)

    @app.command("import-review")
    def import_review(file: Path = typer.Argument(..., help="a workbook from `chitieu export --xlsx`, filled in"),
                      db: Path = typer.Option(None, "--db", help="DuckDB store (default: $CHITIEU_DB or ./chitieu.duckdb)"),
                      reviewer: str = typer.Option(None, "--reviewer", help="who decided: a name (else each row's Người duyệt); with --users, a login"),
                      users: Path = typer.Option(None, "--users", envvar=auth.USERS_ENV,
                                                 help="users file: --reviewer is a login, checked by its password"),
                      password_stdin: bool = typer.Option(False, "--password-stdin", help="with --users: read the password from stdin")):
        """Read the analysts' verdicts (Trạng thái, … sửa, Ghi chú, Người duyệt) from a workbook into the review log."""
        from pipeline.commands.users import read_password
        from pipeline.xlsx import import_reviews, read_review_sheet

        db = db or default_db()
        if not file.exists():
            _fail(f"{file}: no such file")
        identity = ("workbook", None)
        if users:  # the same people as on the page, proved the same way
            if not reviewer:
                _fail("with --users, say who imports: --reviewer LOGIN (the password is asked for)")
            try:
                user = auth.check_password(auth.read_users(users), reviewer, read_password(password_stdin, confirm=False))
            except auth.UsersFileError as e:
                _fail(str(e))
            if user is None:
                _fail(f"{users}: wrong login or password for '{reviewer}'")
            reviewer, identity = user.name, ("workbook_verified", user.login)
        try:  # read and checked before the store is opened: a large workbook never holds the store
            sheet = read_review_sheet(file)
        except ValueError as e:
            _fail(str(e))
        with _open(db, read_only=False) as store:
            store.review_identity = identity
            try:
                result = import_reviews(store, sheet, reviewer=reviewer)
            except ValueError as e:
                _fail(str(e))
        counts: dict[str, int] = {}
        for _, _, status in result.applied:
            counts[status] = counts.get(status, 0) + 1
        detail = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        who = f" as {reviewer}" if reviewer else " under each row's Người duyệt"
        console.print(f"{file.name}: {len(result.applied)} decisions recorded{who}" + (f" ({detail})" if detail else "")
                      + f"; {result.unchanged} rows unchanged (same as the latest decision, not recorded again); "
                      f"{len(result.unmatched)} rows not recorded (reasons below)", highlight=False)
        for row, reason in result.unmatched:
            err_console.print(f"  row {row}: {reason}", highlight=False, soft_wrap=True)
        if result.unmatched:
            raise typer.Exit(EXIT_SOME_FAILED)

    @app.command()
    def compare(issuer: str = typer.Option(None, "--issuer", help="issuer contains this (e.g. \"Gò Vấp\")"),
                indicator: str = typer.Option(None, "--indicator", help="indicator_code (satisfaction_rate) or words of the indicator"),
                db: Path = typer.Option(None, "--db", help="DuckDB store (default: $CHITIEU_DB or ./chitieu.duckdb)"),
                as_json: bool = typer.Option(False, "--json", help="one JSON object per indicator and year")):
        """Compare targets across years: indicator × year, each year stricter / looser / unchanged / new / dropped, with its source."""
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
        from rich import box

        wide = pivot(long)
        for iss, part in wide.groupby("issuer", sort=True):
            years = [c for c in part.columns if c.isdigit()]
            mine = long[(long["issuer"] == iss) & long["value"].notna()]
            per_year = mine.groupby("year")["source"].unique()
            # one document a year (the usual series of yearly plans): its source once, under the table
            one_each = all(len(v) == 1 for v in per_year)
            table = Table(title=str(iss), box=box.SIMPLE_HEAD, show_edge=False, title_justify="left")
            # year cells whole (wrapped when the terminal is narrow), the indicator cut to what is left
            n = len(years) + (0 if one_each else 1)
            cell = max([len(str(v)) for y in years for v in part[y]] + [4])
            year_w = max(10, min(cell, (console.width - 20) // max(n, 1) - 2))
            ind_w = max(16, console.width - n * (year_w + 2) - 3)
            table.add_column("indicator", no_wrap=True, overflow="ellipsis", width=ind_w)
            for y in years:
                table.add_column(y, overflow="fold", width=year_w)
            if not one_each:
                table.add_column("source", overflow="fold", width=year_w, style="dim")
            for r in part.to_dict("records"):
                cells = [str(r["indicator"]), *[r[y] for y in years]]
                table.add_row(*(cells if one_each else cells + [r["source"]]))
            console.print(table)
            if one_each:
                console.print("source: " + " · ".join(f"{y} {v[0]}" for y, v in per_year.items()), highlight=False)
        console.print("[dim]stricter / looser follow each indicator's direction (higher or lower is better); "
                      "↑ ↓ show how the number moved; 'continues': a plan in force that year holds the target "
                      "without a value of its own for it[/]", highlight=False)
