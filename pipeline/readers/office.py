"""Other word-processor files: .doc, .rtf, .odt converted to .docx by LibreOffice headless, then the .docx reader.

The conversion keeps Word's automatic numbering and tables, so they come through as from a .docx. It runs in a
temporary folder with its own LibreOffice profile (conversions in parallel do not share one), under a time limit
(`CHITIEU_LIBREOFFICE_TIMEOUT`, seconds, default 120); `CHITIEU_SOFFICE` names the program (default `soffice`).
A file LibreOffice would open as something else (plain text, when it recognises nothing) or that needs a password
is refused before LibreOffice is asked. .docm and .dotx are .docx packages whose main part is a macro-enabled
document or a template: their text is read as a .docx's (macros are never run).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from pipeline.document import Document, content_hash
from pipeline.errors import ConversionFailed, CorruptFile, EncryptedFile
from pipeline.readers import docx

CONVERTED = {".doc": "doc", ".rtf": "rtf", ".odt": "odt"}
PACKAGES = {".docm": "docm", ".dotx": "dotx"}
DEFAULT_TIMEOUT = 120.0
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FIB_ENCRYPTED = 0x0100  # fEncrypted, in the flags word at offset 0x0A of a .doc's WordDocument stream
FIB_OBFUSCATED = 0x8000  # fObfuscated: XOR "encryption", a password too
# main parts python-docx takes only as a document's: a macro-enabled document, templates
_MAIN_TYPES = re.compile(rb"application/vnd\.ms-word\.document\.macroEnabled\.main\+xml|"
                         rb"application/vnd\.ms-word\.template\.macroEnabledTemplate\.main\+xml|"
                         rb"application/vnd\.openxmlformats-officedocument\.wordprocessingml\.template\.main\+xml")
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def soffice() -> str | None:
    cmd = os.environ.get("CHITIEU_SOFFICE") or "soffice"
    return shutil.which(cmd) or (shutil.which("libreoffice") if "CHITIEU_SOFFICE" not in os.environ else None)


def timeout() -> float:
    try:
        return float(os.environ.get("CHITIEU_LIBREOFFICE_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def read_converted(path: Path, data: bytes) -> Document:
    """A .doc, .rtf or .odt file through LibreOffice and the .docx reader."""
    suffix = path.suffix.lower()
    _check(path, data, suffix)
    program = soffice()
    if program is None:
        raise ConversionFailed(path, f"cannot read {suffix} files here: LibreOffice is not installed "
                                     "(Debian: apt-get install libreoffice-writer)")
    limit = timeout()
    with tempfile.TemporaryDirectory(prefix="chitieu-office-") as tmp:
        tmp = Path(tmp)
        src = tmp / f"input{suffix}"  # a plain name: LibreOffice names its output after its input
        src.write_bytes(data)
        cmd = [program, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(tmp / "out"), str(src)]
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)  # its own process group: a time-out ends all of it
        try:
            _, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ConversionFailed(path, f"LibreOffice did not finish converting it within {limit:g} s "
                                         "(time limit CHITIEU_LIBREOFFICE_TIMEOUT)") from None
        out = tmp / "out" / "input.docx"
        if not out.exists():
            said = [l for l in err.decode("utf-8", "replace").splitlines() if l.strip() and "javaldx" not in l]
            detail = f" ({said[-1].strip()})" if said else ""
            raise CorruptFile(path, f"damaged {suffix} file: LibreOffice could not open it{detail}")
        converted = out.read_bytes()
    doc = docx.read(path, converted)
    doc.format = CONVERTED[suffix]
    doc.doc_id = content_hash(data)
    return doc


def read_package(path: Path, data: bytes) -> Document:
    """A .docm or .dotx file: the .docx reader on the same package, its main part declared a document's."""
    suffix = path.suffix.lower()
    if data.startswith(OLE_MAGIC):
        _check_ole(path, data, suffix)
    docx.check_archive(path, data)
    doc = docx.read(path, _as_document(path, data, suffix))
    doc.format = PACKAGES[suffix]
    doc.doc_id = content_hash(data)
    return doc


def _as_document(path: Path, data: bytes, suffix: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        try:
            types = z.read("[Content_Types].xml")
        except KeyError:
            raise CorruptFile(path, f"damaged {suffix} file (no [Content_Types].xml in the package)") from None
        if not _MAIN_TYPES.search(types):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
            for info in z.infolist():
                body = z.read(info)
                w.writestr(info, _MAIN_TYPES.sub(_DOCX_MAIN, body) if info.filename == "[Content_Types].xml" else body)
    return out.getvalue()


def _check(path: Path, data: bytes, suffix: str) -> None:
    """Refuse what LibreOffice would misread (as plain text) or stop on (a password) — before starting it."""
    head = data[:8]
    if head.startswith(OLE_MAGIC):
        _check_ole(path, data, suffix)
    elif head.startswith(b"PK\x03\x04"):
        _check_zip(path, data, suffix)
    elif data.lstrip()[:5] == b"{\\rtf":
        pass
    elif suffix == ".doc" and re.match(rb"\s*(<!doctype html|<html|<\?xml)", data[:512], re.IGNORECASE):
        pass  # web pages and Word 2003 XML saved as .doc: LibreOffice reads both
    else:
        kind = {".doc": "a Word .doc file (no OLE2 header)", ".rtf": "an RTF file (no {\\rtf header)",
                ".odt": "an OpenDocument file (not a ZIP package)"}[suffix]
        raise CorruptFile(path, f"not {kind}: damaged, or another kind of file renamed {suffix}")


def _check_ole(path: Path, data: bytes, suffix: str) -> None:
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as e:  # olefile raises OSError and others for a damaged container
        raise CorruptFile(path, f"damaged {suffix} file (its OLE2 container cannot be read: {e})") from None
    try:
        if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
            raise EncryptedFile(path, f"password-protected {suffix} file: it needs a password to open")
        if ole.exists("WordDocument"):
            fib = ole.openstream("WordDocument").read(12)
            flags = int.from_bytes(fib[10:12], "little") if len(fib) >= 12 else 0
            if flags & (FIB_ENCRYPTED | FIB_OBFUSCATED):
                raise EncryptedFile(path, f"password-protected {suffix} file: it needs a password to open")
        elif suffix == ".doc":
            raise CorruptFile(path, "not a Word document: the OLE2 file holds no WordDocument stream "
                                    "(an Excel or PowerPoint file renamed .doc?)")
    finally:
        ole.close()


def _check_zip(path: Path, data: bytes, suffix: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            manifest = z.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise CorruptFile(path, f"truncated or damaged {suffix} file (not a readable ZIP archive: {e})") from None
    if b"encryption-data" in manifest:
        raise EncryptedFile(path, f"password-protected {suffix} file: it needs a password to open")


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.communicate()
