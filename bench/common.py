"""Shared helpers for the benchmark scripts: repo path, timing, big inputs generated at bench time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
OUT = Path(__file__).resolve().parent / "out"  # generated inputs; ignored by git

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
if str(CORPUS) not in sys.path:
    sys.path.insert(0, str(CORPUS))

FORMATS = {".txt", ".docx", ".pdf", ".html"}  # what the corpus holds


def one_core() -> str:
    """Pin this process to one CPU so figures mean 'one core' (Linux only)."""
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in FORMATS)


# CPU seconds of this process, not wall time: the build machine is shared, and other jobs stretch wall
# time by 2-3x while hardly changing the CPU time our (single-threaded) code needs.
clock = time.process_time


def best_of(fn, repeat: int):
    """(best CPU seconds, last result) over `repeat` runs: the minimum is the least noisy estimate."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = clock()
        result = fn()
        best = min(best, clock() - t0)
    return best, result


def source_blocks(stems: list[str]) -> list[tuple]:
    """The parsed blocks of corpus sources, one document after another (mastheads dropped after the first)."""
    import make_corpus

    blocks: list[tuple] = []
    for i, stem in enumerate(stems):
        _, b = make_corpus.parse((CORPUS / "src" / f"{stem}.src").read_text(encoding="utf-8"))
        if i:
            blocks.append(("pagebreak",))
            b = [x for x in b if x[0] != "masthead"]
        blocks += b
    return blocks


PLAN_STEMS = ["dong-anh-cchc-2025", "thai-nguyen-15-ctr-tu-2021", "ben-tre-chuyen-doi-so-2022",
              "binh-dinh-syt-tiem-chung-2022", "thanh-hoa-sgddt-nam-hoc-2016", "btnmt-song-nhue-day-2008",
              "dong-anh-cchc-2024", "nghe-an-chi-thi-12-2019", "dong-anh-cchc-2023"]


def long_pdf(pages: int = 30) -> Path:
    """A Vietnamese PDF of exactly `pages` pages (running header, page numbers), made once with LibreOffice."""
    import make_corpus

    OUT.mkdir(exist_ok=True)
    target = OUT / f"long-{pages}p.pdf"
    newest_source = max(p.stat().st_mtime for p in (CORPUS / "src").glob("*.src"))
    if target.exists() and target.stat().st_mtime > newest_source:
        return target
    stems = list(PLAN_STEMS)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for rounds in range(1, 6):
            meta = {"header": "Tập văn bản mẫu chitieu - bản dài để đo tốc độ", "footer": "trang"}
            docx = tmp / "long.docx"
            make_corpus.build_docx(meta, source_blocks(stems * rounds), docx)
            pdf = make_corpus.docx_to_pdf(docx, tmp)
            n = _page_count(pdf)
            if n >= pages:
                break
        else:
            raise SystemExit(f"could not make a {pages}-page PDF (got {n})")
        if n > pages:
            _first_pages(pdf, pages, target)
        else:
            shutil.copy(pdf, target)
    return target


def _first_pages(pdf: Path, pages: int, target: Path) -> None:
    import pypdfium2 as pdfium

    src, out = pdfium.PdfDocument(pdf), pdfium.PdfDocument.new()
    out.import_pages(src, list(range(pages)))
    out.save(target)


def _page_count(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return len(doc.pages)


def plan_text(chars: int = 30_000) -> Path:
    """A UTF-8 plan of about `chars` characters, cut at a line end, written from the corpus sources."""
    import make_corpus

    OUT.mkdir(exist_ok=True)
    target = OUT / f"plan-{chars // 1000}k.txt"
    text = ""
    stems = iter(PLAN_STEMS * 10)
    while len(text) < chars:  # each document rendered alone, so its numbering starts at I.
        text += make_corpus.render_text(source_blocks([next(stems)])) + "\n"
    cut = text.rfind("\n", 0, chars)
    target.write_text(text[: cut + 1], encoding="utf-8")
    return target


def table(rows: list[list[str]], header: list[str]) -> str:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths)))
    return "\n".join([line(header), line(["-" * w for w in widths])] + [line(r) for r in rows])
