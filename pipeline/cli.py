"""The `chitieu` command: one Typer app; each group of commands lives in pipeline/commands/."""

from __future__ import annotations

import typer

from pipeline.commands import documents, extract, learning, review, store

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="chitieu: targets, deadlines and assigned agencies from Vietnamese official documents.")

for module in (documents, extract, learning, store, review):
    module.register(app)


def main() -> None:  # pragma: no cover - entry point
    app()


if __name__ == "__main__":
    main()
