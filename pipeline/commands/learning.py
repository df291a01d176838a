"""`chitieu train`: fit the scorers from gold folders and write the models the extractors ship with."""

from __future__ import annotations

from pathlib import Path

import typer

from pipeline.commands.common import console, err_console

DEFAULT_GOLD = (Path("../shared/gold/seeds"), Path("../shared/gold/real"))


def register(app: typer.Typer) -> None:
    @app.command()
    def train(gold_dirs: list[Path] = typer.Argument(None, help="gold folders (SCHEMA.md) or the corpus folder; "
                                                                "default: ../shared/gold/seeds ../shared/gold/real"),
              out: Path = typer.Option(None, "--out", help="folder for the models (default: extractors/models)")):
        """Train the target, deadline and assignment scorers on every annotated document (deterministic)."""
        from extractors import scoring
        from pipeline import training

        dirs = list(gold_dirs or DEFAULT_GOLD)
        missing = [d for d in dirs if not d.exists()]
        if missing:
            err_console.print(f"error: {missing[0]}: no such gold folder")
            raise typer.Exit(2)
        with console.status("Đang đọc tài liệu và học mô hình…"):
            models = training.train(dirs, out or scoring.MODELS)
        for kind, m in models.items():
            console.print(f"{kind}: {m.meta['positives']} positive of {m.meta['candidates']} candidates in "
                          f"{m.meta['documents']} documents, {len(m.weights)} weighted features", highlight=False)
        console.print(f"data sha256 {next(iter(models.values())).meta['data_sha256'][:16]}… → "
                      f"{out or scoring.MODELS}", highlight=False)
