"""The `chitieu` command: one Typer app; each group of commands lives in pipeline/commands/."""

from __future__ import annotations

import typer

from pipeline.commands import documents, extract, learning, review, store, users

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="chitieu: targets, deadlines and assigned agencies from Vietnamese official documents. "
                       "Exit codes: 0 done, 1 some inputs failed (named on stderr), 2 usage error or bad input.")


def version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    import extractors

    try:
        package = version("chitieu")
    except PackageNotFoundError:  # run from a checkout without installing
        package = "(not installed)"
    return f"chitieu {package} (extractors {extractors.EXTRACTOR_VERSION})"


def _version(value: bool) -> None:
    if value:
        typer.echo(version_text())
        raise typer.Exit(0)


@app.callback()
def main_options(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                              help="print the version of chitieu and of its extractors, and exit")):
    """chitieu: targets, deadlines and assigned agencies from Vietnamese official documents."""
    import os

    # Before Prefect is imported: no command may stop at one of its questions, and the temporary server an
    # ingest starts is gone seconds later, so no "View at http://…" link may point at it (serve sets its own).
    os.environ.setdefault("PREFECT_CLI_PROMPT", "false")
    os.environ.setdefault("PREFECT_UI_URL", "")
    os.environ.setdefault("DO_NOT_TRACK", "1")  # nothing is sent anywhere at run time, usage data included


for module in (documents, extract, learning, store, review, users):
    module.register(app)


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":
    main()
