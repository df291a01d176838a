"""What every command shares: one-line errors naming the file, and the console."""

from __future__ import annotations

import contextlib
import sys

import typer
from rich.console import Console

from pipeline.errors import DocumentError

console = Console()
err_console = Console(stderr=True)


@contextlib.contextmanager
def document_errors():
    """Turn a DocumentError into one line on stderr and exit code 2: no traceback."""
    try:
        yield
    except DocumentError as e:
        err_console.print(f"[bold red]error:[/] {e}", markup=True, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except OSError as e:  # the readers let OS errors through so the ingest flow can retry them
        where = e.filename or "input"
        err_console.print(f"[bold red]error:[/] {where}: cannot read ({e.strerror or e})", markup=True,
                          highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def write_out(text: str) -> None:
    sys.stdout.write(text)
