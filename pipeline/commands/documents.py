"""`chitieu text`, `chitieu sections`, `chitieu info`: look at one document (a path, a quoted glob naming one, or `-`)."""

from __future__ import annotations

import contextlib
import json

import typer
from rich.tree import Tree

from pipeline.analyse import analyse
from pipeline.commands.common import console, document_errors, write_out
from pipeline.commands.inputs import one_file
from pipeline.labels import label
from pipeline.readers import read

FILE_HELP = "a document (.txt .docx .pdf .html), or - to read it from stdin"


@contextlib.contextmanager
def _document(arg: str):
    """The file behind `arg`, with errors said in one line naming the input as given."""
    with document_errors(), one_file(arg) as (path, shown):
        with document_errors(shown if shown == "stdin" else None):
            yield path


def register(app: typer.Typer) -> None:
    @app.command()
    def text(file: str = typer.Argument(..., help=FILE_HELP),
             raw: bool = typer.Option(False, "--raw", help="the reader's text, before normalisation: what char_start/char_end index")):
        """Print a document's text (normalised, or --raw)."""
        with _document(file) as path:
            write_out(read(path).raw_text if raw else analyse(path).clean.text)

    @app.command()
    def sections(file: str = typer.Argument(..., help=FILE_HELP), as_json: bool = typer.Option(False, "--json")):
        """Print the section tree with each section's kind."""
        with _document(file) as path:
            a = analyse(path)
        if as_json:
            rows = [{"path": s.path, "label": s.label, "title": s.title, "kind": s.kind, "level": s.level,
                     "heading": s.heading, "start": s.start, "body_start": s.body_start, "end": s.end}
                    for s in a.root.walk() if s.level > 0]
            write_out("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
            return
        tree = Tree(f"[bold]{a.document.name}[/]")

        def add(node, sec):
            for c in sec.children:
                title = c.title if len(c.title) <= 90 else c.title[:87] + "…"
                branch = node.add(f"[cyan]{c.label}[/] {title} [dim]({label('section_kind', c.kind)})[/]", highlight=False)
                add(branch, c)

        add(tree, a.root)
        console.print(tree)

    @app.command()
    def info(file: str = typer.Argument(..., help=FILE_HELP), as_json: bool = typer.Option(False, "--json")):
        """Print a document's metadata: số hiệu, loại, cơ quan ban hành, ngày, kỳ kế hoạch."""
        with _document(file) as path:
            a = analyse(path)
        rec = {"doc": a.document.name, "format": a.document.format, "doc_id": a.document.doc_id[:16],
               **a.meta.as_dict()}
        if as_json:
            write_out(json.dumps(rec, ensure_ascii=False) + "\n")
            return
        shown = {**rec, "doc_type": label("doc_type", rec.get("doc_type")) or None}
        for k, v in shown.items():
            console.print(f"[bold]{k:>13}[/]  {v if v is not None else '—'}", highlight=False)
