"""Crafted files a hostile or broken sender could drop in an inbox: built at test time, never committed."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lying_member(src: Path, out: Path, member: str, inflated_mb: int, claimed: int = 1000) -> Path:
    """A copy of the package `src` whose `member` is `inflated_mb` MB of zeros, while the zip directory
    (central and local headers) claims `claimed` bytes with the CRC of that many zeros."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename != member:
                zout.writestr(info, zin.read(info))
        zout.writestr(zipfile.ZipInfo(member), b"")  # a placeholder entry, replaced below
    deflate = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
    chunk = bytes(1 << 20)
    body = b"".join(deflate.compress(chunk) for _ in range(inflated_mb)) + deflate.flush()
    crc = zlib.crc32(bytes(claimed))
    # Rebuild the file with the member's real deflate stream and the lying sizes.
    with zipfile.ZipFile(out) as z:
        infos = z.infolist()
    data = out.read_bytes()
    parts, directory = [], []
    for info in infos:
        name = info.filename.encode()
        if info.filename == member:
            payload, method, size, csize, crc_ = body, zipfile.ZIP_DEFLATED, claimed, len(body), crc
        else:
            payload, method, size, csize, crc_ = _raw(data, info), info.compress_type, info.file_size, \
                info.compress_size, info.CRC
        offset = sum(len(p) for p in parts)
        parts.append(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc_, csize, size,
                                 len(name), 0) + name + payload)
        directory.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc_, csize, size,
                                     len(name), 0, 0, 0, 0, 0, offset) + name)
    start = sum(len(p) for p in parts)
    cd = b"".join(directory)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(infos), len(infos), len(cd), start, 0)
    out.write_bytes(b"".join(parts) + cd + end)
    return out


def _raw(data: bytes, info: zipfile.ZipInfo) -> bytes:
    fields = struct.unpack("<4s5H3L2H", data[info.header_offset:info.header_offset + 30])
    begin = info.header_offset + 30 + fields[-2] + fields[-1]
    return data[begin:begin + info.compress_size]


# Measured from a small launcher: a child forked straight from a long test session starts as a copy of that
# session, and the kernel counts those pages in the child's peak (a full suite's 500 MB showed up as the
# child's own). The launcher is a fresh interpreter of a few MB; the process it starts is measured alone.
_LAUNCHER = ("import os, subprocess, sys\n"
             "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
             "_, status, usage = os.wait4(p.pid, 0)\n"
             "print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))")


def peak_rss_mb(args: list[str], env: dict | None = None) -> tuple[float, int, str]:
    """(peak resident MB, exit code, stderr) of one real process (and the workers it waits for)."""
    proc = subprocess.run([sys.executable, "-c", _LAUNCHER, *args], cwd=ROOT, capture_output=True,
                          env={**os.environ, **(env or {})})
    maxrss, code = proc.stdout.decode().split()[-2:]
    return int(maxrss) / 1024, int(code), proc.stderr.decode("utf-8", "replace")


def chitieu(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", *args]


def long_plan(chars: int) -> str:
    """A plan of about `chars` characters: the test plans' objectives and tasks repeated as numbered parts
    (a merged gazette issue, or a 500-page plan), each part a real heading with its own targets."""
    from vn_plans import PLANS

    bodies = [text.split("\n\n", 2)[-1] for text in PLANS.values()]
    head = next(iter(PLANS.values())).split("\n\n", 1)[0]
    parts, size, i = [head], len(head), 0
    while size < chars:
        part = f"\nPHẦN {i + 1}\n" + bodies[i % len(bodies)]
        parts.append(part)
        size += len(part)
        i += 1
    return "\n".join(parts)


def one_long_line(chars: int) -> str:
    """One line of repeated targets, dates and quarters with no line break (issue 11's quadratic case)."""
    unit = "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98% trước ngày 30/6/2024, hoàn thành trong quý III; "
    return (unit * (chars // len(unit) + 1))[:chars]


def permissions_enforced():
    """preexec_fn for a subprocess that must not read what the test made unreadable: root (CI, this
    machine) ignores permission bits, so the child drops the two capabilities that let it
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from its bounding set before it starts; others need nothing."""
    if os.geteuid() != 0:
        return None

    def drop():
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2):
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "cannot drop a capability")

    return drop
