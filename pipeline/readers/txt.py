"""Plain text reader: UTF-8 (BOM or not), UTF-16, Windows-1258, and the legacy TCVN3/VNI font encodings.

The raw text is the decoded content with the BOM removed and nothing else changed; for text typed in a
legacy font encoding the raw text is its conversion to Unicode (`Document.encoding` says which was found).
"""

from __future__ import annotations

import codecs
from pathlib import Path

from pipeline.document import Document, content_hash
from pipeline.errors import NotText
from pipeline.readers import legacy

SNIFF_BYTES = 8192
# UTF-8 with damaged bytes is still UTF-8 when valid non-ASCII characters outnumber the bad bytes this much.
UTF8_GOOD_PER_BAD = 10
# Control characters other than tab/newline/CR/FF/ESC/SUB are rare in text; more than this share means binary.
MAX_CONTROL_SHARE = 0.05
_TEXT_CONTROLS = set(b"\t\n\r\x0b\x0c\x1a\x1b")

# Signatures of binary formats people rename to .txt, so the error says what the file really is.
MAGIC = [
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (e.g. a .docx)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7z archive"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
]

# Windows-1252 for the bytes it defines; its five undefined bytes read as Latin-1 (legacy fonts never use them).
_CP1252_HIGH = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_HIGH[_b] = bytes([_b]).decode("cp1252")
    except UnicodeDecodeError:
        pass


def read(path: Path, data: bytes) -> Document:
    text, encoding = decode(path, data)
    return Document(str(path), text, "txt", content_hash(data), encoding=encoding)


def decode(path: Path | str, data: bytes) -> tuple[str, str]:
    """The file's text and the encoding it was found in."""
    unicode = _decode_unicode(data)
    if unicode is not None:
        text, encoding = unicode
        _refuse_binary_text(path, text)
    else:
        _refuse_binary(path, data)
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text = _mostly_utf8(data)
            if text is None:
                return _decode_single_byte(data)
            encoding = "utf-8"
    table = legacy.detect(text)
    if table is not None:
        return legacy.convert(text, table), table.name
    return text, encoding


def _decode_unicode(data: bytes) -> tuple[str, str] | None:
    """Text with a BOM, or UTF-16 without one (recognised by its pattern of NUL bytes)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    if data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        return data.decode("utf-32", errors="replace"), "utf-32"
    if data.startswith(codecs.BOM_UTF16_LE):
        return data[2:].decode("utf-16-le", errors="replace"), "utf-16"
    if data.startswith(codecs.BOM_UTF16_BE):
        return data[2:].decode("utf-16-be", errors="replace"), "utf-16"
    sample = data[:SNIFF_BYTES]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : 2 * pairs : 2].count(0) / pairs
    odd = sample[1 : 2 * pairs : 2].count(0) / pairs
    # Latin letters, digits and spaces are most of any Vietnamese text: in UTF-16 each carries a NUL byte.
    if odd >= 0.3 and even <= 0.02:
        return data.decode("utf-16-le", errors="replace"), "utf-16"
    if even >= 0.3 and odd <= 0.02:
        return data.decode("utf-16-be", errors="replace"), "utf-16"
    return None


def _refuse_binary(path, data: bytes) -> None:
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise NotText(path, f"binary content ({what}), not a text file")
    sample = data[:SNIFF_BYTES]
    controls = sum(1 for b in sample if b < 0x20 and b not in _TEXT_CONTROLS)
    if b"\x00" in sample or controls > MAX_CONTROL_SHARE * len(sample):
        raise NotText(path, "binary content, not a text file")


def _refuse_binary_text(path, text: str) -> None:
    sample = text[:SNIFF_BYTES]
    controls = sum(1 for c in sample if ord(c) < 0x20 and ord(c) not in _TEXT_CONTROLS)
    if "\x00" in sample or controls > MAX_CONTROL_SHARE * max(1, len(sample)):
        raise NotText(path, "binary content, not a text file")


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few damaged bytes (a cut download, one pasted Latin-1 character): decode it, marking the damage.

    Single-byte Vietnamese (Windows-1258, TCVN3, VNI) almost never forms valid multi-byte sequences, so it
    yields far more invalid bytes than valid non-ASCII characters.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # minus U+FFFD already in the file
    good = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    return text if good >= UTF8_GOOD_PER_BAD * bad else None


def _decode_single_byte(data: bytes) -> tuple[str, str]:
    """Not UTF-8: legacy font bytes (read through Windows-1252) or Windows-1258, whichever reads as Vietnamese."""
    as_1252 = data.decode("latin-1").translate(_CP1252_HIGH)
    as_1258 = data.decode("cp1258", errors="replace")
    table = legacy.detect(as_1252, current=as_1258)
    if table is not None:
        return legacy.convert(as_1252, table), table.name
    return as_1258, "cp1258"
