"""Inputs the tests make from the corpus at test time: scans of its PDFs, its .docx as .doc/.rtf/.odt/.docm/.dotx.

Nothing is downloaded: a "scan" is a corpus PDF rendered to grey images (as a scanner would hand them back) and
written out as an image-only PDF; the office formats are LibreOffice's own conversions of a corpus .docx.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

SCAN_DPI = 200  # what office scanners default to; OCR renders it again at 300 dpi


def scanned_copy(pdf: Path, out: Path, pages: list[int] | None = None) -> Path:
    """`pdf` with the given 0-based pages (all by default) replaced by images of themselves: no text layer there."""
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(pdf)
    scan_pages = list(range(len(src))) if pages is None else pages
    images = [src[i].render(scale=SCAN_DPI / 72, grayscale=True).to_pil() for i in scan_pages]
    with tempfile.TemporaryDirectory() as tmp:
        scans = Path(tmp) / "scans.pdf"
        images[0].save(scans, "PDF", save_all=True, append_images=images[1:], resolution=SCAN_DPI)
        if pages is None:
            shutil.copy(scans, out)
            return out
        scanned = pdfium.PdfDocument(scans)
        mixed = pdfium.PdfDocument.new()
        for i in range(len(src)):
            if i in scan_pages:
                mixed.import_pages(scanned, [scan_pages.index(i)])
            else:
                mixed.import_pages(src, [i])
        mixed.save(out)
    return out


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(docx: Path, fmt: str, out_dir: Path) -> Path:
    """`docx` saved by LibreOffice as `fmt` (doc, rtf, odt) into out_dir."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([soffice(), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                        "--convert-to", fmt, "--outdir", str(out_dir), str(docx)],
                       check=True, capture_output=True, timeout=180)
    return out_dir / f"{docx.stem}.{fmt}"


MAIN_TYPES = {
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
    "dotx": "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}


def repackaged(docx: Path, kind: str, out: Path) -> Path:
    """The .docx as Word saves it as a macro-enabled document (.docm) or a template (.dotx): same parts, its main
    part's content type changed."""
    src = zipfile.ZipFile(docx)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as w:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "[Content_Types].xml":
                body = re.sub(rb"application/vnd\.openxmlformats-officedocument\.wordprocessingml\.document\.main\+xml",
                              MAIN_TYPES[kind].encode(), body)
            w.writestr(info, body)
    out.write_bytes(buf.getvalue())
    return out
