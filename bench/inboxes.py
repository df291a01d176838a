"""Bench inboxes built from the corpus sources, each file its own document (its own số hiệu, so no two
are versions of one another): N light documents in the corpus' formats, or N heavy 30-page PDFs.
Built once into bench/out/ (LibreOffice makes the PDFs) and reused while the sources are unchanged."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from common import CORPUS, OUT, PLAN_STEMS, _page_count

NUMBER = re.compile(r"(Số:? )\d+")  # "Số: 110/QĐ-UBND", "Số 15-CTr/TU": the digits are replaced


def _fresh(folder: Path, count: int) -> bool:
    newest = max(p.stat().st_mtime for p in (CORPUS / "src").glob("*.src"))
    done = folder / ".done"
    return done.exists() and done.read_text() == str(count) and done.stat().st_mtime > newest


def _emptied(folder: Path, count: int) -> bool:
    """True when `folder` already holds `count` documents built from the current sources; else empties it."""
    if _fresh(folder, count):
        return False
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return True


def _renumbered_source(src: Path, number: int) -> str:
    """A corpus source with its first số hiệu replaced: each copy is a document of its own."""
    return NUMBER.sub(rf"\g<1>{number}", src.read_text(encoding="utf-8"), count=1)


def light_inbox(n: int) -> Path:
    """`n` documents: the 12 corpus sources in turn (txt, docx, pdf, legacy encodings), renumbered."""
    import make_corpus

    folder = OUT / f"inbox-light-{n}"
    if not _emptied(folder, n):
        return folder
    sources = sorted((CORPUS / "src").glob("*.src"))
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(n):
            src = sources[i % len(sources)]
            text = _renumbered_source(src, 5000 + i)
            text = re.sub(r"^@out: (.+)$", lambda m: f"@out: {i:03d}-{m[1]}", text, count=1, flags=re.M)
            copy = Path(tmp) / src.name
            copy.write_text(text, encoding="utf-8")
            make_corpus.build(copy, folder)
    (folder / ".done").write_text(str(n))
    return folder


def _renumbered(blocks: list[tuple], number: int) -> list[tuple]:
    """The blocks with the first masthead's số hiệu replaced: each copy its own document."""
    out, done = [], False
    for b in blocks:
        if b[0] == "masthead" and not done:
            b = ("masthead", [(NUMBER.sub(rf"\g<1>{number}", left, count=1), right) for left, right in b[1]])
            done = True
        out.append(b)
    return out


def heavy_inbox(n: int, pages: int = 30) -> Path:
    """`n` PDFs of exactly `pages` pages each (running header, page numbers), each renumbered."""
    import make_corpus
    from common import source_blocks

    folder = OUT / f"inbox-heavy-{n}x{pages}"
    if not _emptied(folder, n):
        return folder
    qpdf = shutil.which("qpdf")
    meta = {"header": "Tập văn bản mẫu chitieu - bản dài để đo tốc độ", "footer": "trang"}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for i in range(n):
            stems = list(PLAN_STEMS)
            rounds = 1
            while True:  # one round of the sources gives some pages; grow until there are enough
                blocks = _renumbered(source_blocks(stems * rounds), 7000 + i)
                docx = tmp / f"dai-{i:02d}.docx"
                make_corpus.build_docx(meta, blocks, docx)
                pdf = make_corpus.docx_to_pdf(docx, tmp)
                got = _page_count(pdf)
                if got >= pages:
                    break
                rounds = max(rounds + 1, -(-pages * rounds // max(1, got)))
            target = folder / pdf.name
            if qpdf and _page_count(pdf) > pages:
                subprocess.run([qpdf, str(pdf), "--pages", ".", f"1-{pages}", "--", str(target)], check=True)
            else:
                shutil.copy(pdf, target)
    (folder / ".done").write_text(str(n))
    return folder


def text_inbox(n: int) -> Path:
    """`n` .txt documents (the corpus' text sources in turn, renumbered): quick to build in thousands."""
    import make_corpus

    folder = OUT / f"inbox-text-{n}"
    if not _emptied(folder, n):
        return folder
    sources = [p for p in sorted((CORPUS / "src").glob("*.src"))
               if make_corpus.parse(p.read_text(encoding="utf-8"))[0].get("format", "txt").startswith("txt")]
    for i in range(n):
        src = sources[i % len(sources)]
        text = _renumbered_source(src, 9000 + i)
        _, blocks = make_corpus.parse(text)
        (folder / f"{i:04d}-{src.stem}.txt").write_text(make_corpus.render_text(blocks), encoding="utf-8")
    (folder / ".done").write_text(str(n))
    return folder


def long_pdf_pages(pages: int) -> Path:
    """One Vietnamese PDF of exactly `pages` pages (a 500-page plan), made once."""
    folder = heavy_inbox(1, pages)
    return next(folder.glob("*.pdf"))
