"""`chitieu text`, `chitieu sections`, `chitieu info`: look at one document."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.tree import Tree

from pipeline.analyse import analyse
from pipeline.commands.common import console, document_errors, write_out
from pipeline.readers import read


def register(app: typer.Typer) -> None:
    @app.command()
    def text(file: Path, raw: bool = typer.Option(False, "--raw", help="the reader's text, before normalisation: what char_start/char_end index")):
        """Print a document's text (normalised, or --raw)."""
        with document_errors():
            if raw:
                write_out(read(file).raw_text)
            else:
                write_out(analyse(file).clean.text)

    @app.command()
    def sections(file: Path, as_json: bool = typer.Option(False, "--json")):
        """Print the section tree with each section's kind."""
        with document_errors():
            a = analyse(file)
        if as_json:
            rows = [{"path": s.path, "label": s.label, "title": s.title, "kind": s.kind, "level": s.level,
                     "heading": s.heading, "start": s.start, "body_start": s.body_start, "end": s.end}
                    for s in a.root.walk() if s.level > 0]
            write_out("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
            return
        tree = Tree(f"[bold]{a.document.name}[/]")

        def add(node, sec):
            for c in sec.children:
                title = c.title if len(c.title) <= 90 else c.title[:87] + "…"
                branch = node.add(f"[cyan]{c.label}[/] {title} [dim]({c.kind})[/]", highlight=False)
                add(branch, c)

        add(tree, a.root)
        console.print(tree)

    @app.command()
    def info(file: Path, as_json: bool = typer.Option(False, "--json")):
        """Print a document's metadata: số hiệu, loại, cơ quan ban hành, ngày, kỳ kế hoạch."""
        with document_errors():
            a = analyse(file)
        rec = {"doc": a.document.name, "format": a.document.format, "doc_id": a.document.doc_id[:16],
               **a.meta.as_dict()}
        if as_json:
            write_out(json.dumps(rec, ensure_ascii=False) + "\n")
            return
        for k, v in rec.items():
            console.print(f"[bold]{k:>13}[/]  {v if v is not None else '—'}", highlight=False)
