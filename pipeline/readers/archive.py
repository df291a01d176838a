"""Zip packages (.docx, .xlsx) checked by the bytes their members really inflate to, not by the sizes
their directory claims: each member is inflated here in small steps and counted, and refused as soon
as it passes a cap, so a crafted archive costs a few MB of memory however large it claims or hides.

Why: zipfile trusts the directory, and reading a member whole (`ZipFile.read`) inflates up to 2 GB in
one call before cutting the output to the declared size; python-docx and openpyxl read members whole.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import CorruptFile, TooLarge, ZipBomb

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_STEP_IN = 64 * 1024  # compressed bytes fed to zlib at a time
_STEP_OUT = 1024 * 1024  # most bytes zlib may return from one step


@dataclass(frozen=True)
class ZipLimits:
    """Caps on what a package may inflate to: all members, one member, one XML part (held as a tree)."""

    total: int
    member: int
    xml_member: int
    members: int = 10_000
    what: str = "archive"  # how messages name the package (".docx", "workbook")


def inflated_size(data: bytes | memoryview, info: zipfile.ZipInfo, cap: int) -> int:
    """The bytes `info` really inflates to, counted up to `cap` (cap + 1 means "more than cap")."""
    view = memoryview(data)
    start = info.header_offset
    header = bytes(view[start:start + _LOCAL_HEADER.size])
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"no local header for {info.filename}")
    fields = _LOCAL_HEADER.unpack(header)
    name_len, extra_len = fields[-2], fields[-1]
    begin = start + _LOCAL_HEADER.size + name_len + extra_len
    body = view[begin:begin + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        return len(body)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise zipfile.BadZipFile(f"{info.filename} uses compression method {info.compress_type}")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    for pos in range(0, len(body), _STEP_IN):
        pending = bytes(body[pos:pos + _STEP_IN])
        while pending:
            out = inflater.decompress(pending, _STEP_OUT)
            total += len(out)
            if total > cap:
                return cap + 1
            pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    while True:  # what zlib still holds back after the last input
        out = inflater.decompress(b"", _STEP_OUT) if not inflater.eof else inflater.flush()
        total += len(out)
        if total > cap:
            return cap + 1
        if not out:
            return total


def check_package(path: str | Path, data: bytes, limits: ZipLimits) -> None:
    """Refuse a package whose members inflate past the limits, or to other sizes than its directory says."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        raise CorruptFile(path, f"truncated or damaged {limits.what} (not a readable ZIP archive: {e})") from None
    if len(infos) > limits.members:
        raise ZipBomb(path, f"archive holds {len(infos)} files; refused as a possible zip bomb")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise CorruptFile(path, f"{info.filename} is encrypted inside the {limits.what}")
        xml = info.filename.endswith((".xml", ".rels"))
        cap = min(limits.xml_member if xml else limits.member, limits.total - total)
        try:
            actual = inflated_size(data, info, cap)
        except (zipfile.BadZipFile, zlib.error, ValueError) as e:
            raise CorruptFile(path, f"damaged {limits.what}: {info.filename} cannot be inflated ({e})") from None
        if actual > cap:
            if info.file_size <= cap:  # the directory says it fits: it lies
                raise ZipBomb(path, f"{info.filename} inflates to more than {cap / 2**20:,.0f} MB although the "
                                    f"archive's directory claims {info.file_size:,} bytes: a crafted file, "
                                    "refused as a possible zip bomb")
            if cap < (limits.xml_member if xml else limits.member):
                raise ZipBomb(path, f"archive would inflate to more than {limits.total // 2**20} MB from "
                                    f"{len(data) / 1e6:,.1f} MB; refused as a possible zip bomb")
            if xml:  # parsed into a tree, XML costs many times its size in memory
                raise TooLarge(path, f"{info.filename} would inflate to {info.file_size / 1e6:,.0f} MB of XML "
                                     f"(limit {limits.xml_member // 2**20} MB)")
            raise ZipBomb(path, f"{info.filename} would inflate to {info.file_size / 1e6:,.0f} MB "
                                f"(limit {limits.member // 2**20} MB); refused as a possible zip bomb")
        if actual != info.file_size:
            raise ZipBomb(path, f"{info.filename} inflates to {actual:,} bytes but the archive's directory "
                                f"claims {info.file_size:,}; a crafted or damaged file, refused as a possible zip bomb")
        total += actual

