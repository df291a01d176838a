"""The `chitieu` command: one Typer app; each group of commands lives in pipeline/commands/.

`main` (the installed `chitieu` script, and `python -m pipeline.cli`) runs a plain `chitieu extract PATHS…`
without importing typer, rich or the other command groups (~0.1–0.2 s of a small file's start-up): the same
function does the work (`pipeline.commands.extract.extract_files`), and any command line the fast path does not
read for certain (help, an unknown option, a usage error, every other command) goes to the typer app, which
is built on first use (`from pipeline.cli import app` still gives it).
"""

from __future__ import annotations

import sys

HELP = ("chitieu: targets, deadlines and assigned agencies from Vietnamese official documents. "
        "Exit codes: 0 done, 1 some inputs failed (named on stderr), 2 usage error or bad input.")


def version_text() -> str:
    from importlib.metadata import PackageNotFoundError, version

    import extractors

    try:
        package = version("chitieu")
    except PackageNotFoundError:  # run from a checkout without installing
        package = "(not installed)"
    return f"chitieu {package} (extractors {extractors.EXTRACTOR_VERSION})"


def set_environment() -> None:
    import os

    # Before Prefect is imported: no command may stop at one of its questions, and the temporary server an
    # ingest starts is gone seconds later, so no "View at http://…" link may point at it (serve sets its own).
    os.environ.setdefault("PREFECT_CLI_PROMPT", "false")
    os.environ.setdefault("PREFECT_UI_URL", "")
    os.environ.setdefault("DO_NOT_TRACK", "1")  # nothing is sent anywhere at run time, usage data included


def build_app():
    """The typer app with every command group registered."""
    import typer

    from pipeline.commands import documents, extract, learning, review, store, users

    app = typer.Typer(add_completion=False, no_args_is_help=True, help=HELP)

    def _version(value: bool) -> None:
        if value:
            typer.echo(version_text())
            raise typer.Exit(0)

    @app.callback()
    def main_options(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                                  help="print the version of chitieu and of its extractors, and exit")):
        """chitieu: targets, deadlines and assigned agencies from Vietnamese official documents."""
        set_environment()

    for module in (documents, extract, learning, store, review, users):
        module.register(app)
    return app


def __getattr__(name: str):
    """`pipeline.cli.app`: the typer app, built when first asked for."""
    if name == "app":
        global app
        app = build_app()
        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _as_typer(exc: BaseException) -> None:
    """Whatever stopped the fast path (typer.Exit from a usage error, Ctrl-C, a closed pipe, a bug), handled by
    typer exactly as if it had come out of the typer command: the same exit code, message and traceback."""
    import typer

    replay = typer.Typer(add_completion=False)

    @replay.command()
    def extract() -> None:
        raise exc

    replay(args=[])


def _fast_extract(kwargs: dict) -> int:
    from pipeline.commands.extract import extract_files

    set_environment()
    try:
        return extract_files(**kwargs)
    except SystemExit:
        raise
    except BaseException as e:  # noqa: BLE001 - every other exception goes where typer would send it
        _as_typer(e)
        raise  # pragma: no cover - typer always exits or raises


def main(argv: list[str] | None = None) -> None:
    """The `chitieu` command line (`argv`: the arguments after the program name; sys.argv's by default)."""
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["extract"]:
        from pipeline.commands.extract import fast_extract_args

        kwargs = fast_extract_args(args[1:])
        if kwargs is not None:
            sys.exit(_fast_extract(kwargs))
    typer_app = globals().get("app") or __getattr__("app")
    if argv is None:
        typer_app()
    else:
        typer_app(args=args)


if __name__ == "__main__":
    main()
