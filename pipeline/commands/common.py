"""What every command shares: the exit-code table, one-line errors naming the file, and the consoles."""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, NoReturn

from pipeline.errors import DocumentError

if TYPE_CHECKING:
    from rich.console import Console

# typer and rich are imported when first needed: `chitieu extract small.txt` runs without them (pipeline/cli.py
# `main`), and a command that prints through a console or fails pays for them then.

# The exit codes of every `chitieu` command (README, "Exit codes"). Scripts and schedulers rely on them:
# never exit with another number on purpose, and never exit 0 when something asked for was not done.
EXIT_OK = 0           # everything asked for was done
EXIT_SOME_FAILED = 1  # the command ran, but some of its inputs failed (a file of a batch, a row of a
                      # workbook); the rest was done, and each failure has its line on stderr
EXIT_USAGE = 2        # the command could not run: a usage error, a path that does not exist, the one
                      # input it was given cannot be read, no store
EXIT_BUSY = 3         # the store is being written by another run: nothing was done, try again later
EXIT_CODES = {EXIT_OK: "everything asked for was done",
              EXIT_SOME_FAILED: "some inputs failed (each named on stderr); the rest was done",
              EXIT_USAGE: "usage error or bad input: nothing was done",
              EXIT_BUSY: "the store is busy with another run: nothing was done, try again later"}


def _consoles() -> tuple[Console, Console]:
    """The stdout and stderr consoles, made on first use (rich costs ~40 ms to import)."""
    global console, err_console
    if "err_console" not in globals():
        from rich.console import Console

        console = Console()
        err_console = Console(stderr=True)
    return console, err_console


def __getattr__(name: str):
    """`common.console` / `common.err_console` (and `from … import console`): the consoles, made when asked for."""
    if name in ("console", "err_console"):
        return _consoles()[name == "err_console"]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def batch_exit_code(failed: int, inputs: int) -> int:
    """The exit code of a command that worked through `inputs` files (or rows) of which `failed` failed.

    A command given one input that fails could do nothing, as a single-file command (`chitieu info`)
    would: that is bad input (2), not a partial batch (1).
    """
    if not failed:
        return EXIT_OK
    return EXIT_USAGE if inputs <= 1 else EXIT_SOME_FAILED


def error_line(message: str) -> None:
    """One line on stderr: `error: <what>: <why>`."""
    _consoles()[1].print(f"[bold red]error:[/] {message}", markup=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Say what is wrong in one line and stop with `code` (usage / bad input unless told)."""
    import typer

    error_line(message)
    raise typer.Exit(code)


@contextlib.contextmanager
def document_errors(shown: str | None = None):
    """Turn a DocumentError into one line on stderr and exit code 2: no traceback.

    `shown` names the input as the user gave it (`stdin` rather than the temporary file holding it).
    """
    try:
        yield
    except DocumentError as e:
        fail(f"{shown}: {e.reason}" if shown else str(e))
    except OSError as e:  # the readers let OS errors through so the ingest flow can retry them
        fail(f"{shown or e.filename or 'input'}: cannot read ({e.strerror or e})")
    except ValueError as e:  # an argument that names no file, or several
        fail(str(e))


def write_out(text: str) -> None:
    sys.stdout.write(text)


@contextlib.contextmanager
def progress_bar(total: int, what: str, quiet: bool = False, console: Console | None = None):
    """A progress bar on stderr for a long run: N/total, rate, time left. Yields `advance(n=1)`.

    Shown only on a terminal (a log file or a pipe gets no bar, so no control characters) and not
    with --quiet; the bar goes to stderr, so stdout stays the command's data.
    """
    if quiet or total <= 1 or not (console := console or _consoles()[1]).is_terminal:
        yield lambda n=1: None
        return
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                               TimeRemainingColumn)
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """'12.5/s': items per second so far (rich's own rate column counts bytes)."""

        def render(self, task):
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:.1f}/s", style="progress.data.speed")

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                  TimeRemainingColumn(), console=console, transient=True,
                  redirect_stdout=False, redirect_stderr=False) as bar:  # stdout is the command's data
        task = bar.add_task(what, total=total)
        yield lambda n=1: bar.advance(task, n)
