"""An inbox folder: which files to read (and why the others are not), who they are (content hash), and
where failures are set aside (quarantine) — all of it done so that no file can make it fail."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.readers import SUFFIXES, max_bytes

QUARANTINE = "quarantine"
SAMPLE = 1024 * 1024  # bytes from each end that identify a file too large to hash in full
_SAFE_SUFFIX = re.compile(r"\.[a-z0-9]{1,8}")


class InboxError(Exception):
    """The inbox itself cannot be searched: one line naming the folder and the reason."""


@dataclass
class Scan:
    """The files an ingest takes, in a stable order, and every other entry with the reason it is not taken."""

    files: list[Path] = field(default_factory=list)
    not_taken: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)


def printable(path: str | Path) -> str:
    """A path as text the store and a terminal can hold: bytes that are not UTF-8 become '�'."""
    return os.fsencode(str(path)).decode("utf-8", "replace")


def quarantine_dir(db_path: str | Path) -> Path:
    """`<db dir>/quarantine/`: beside the store, so the failures travel with it."""
    return Path(db_path).resolve().parent / QUARANTINE


def discover(inbox: str | Path, skip: Path | None = None) -> Scan:
    """Files the readers take, found recursively without following links; everything else is listed
    with its reason (hidden, another format, a link, not a regular file, a folder that cannot be listed)."""
    root = Path(inbox)
    try:
        if not root.is_dir():
            raise InboxError(f"inbox {printable(root)} is not a folder")
        os.listdir(root)
    except OSError as e:
        raise InboxError(f"inbox {printable(root)}: cannot list the folder ({e.strerror or e})") from None
    real_root = root.resolve()
    skip = skip.resolve() if skip else None
    scan = Scan()

    def unlistable(e: OSError) -> None:
        scan.not_taken.append((printable(e.filename or root), f"folder cannot be listed ({e.strerror or e})"))

    for folder, dirs, files in os.walk(root, onerror=unlistable, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            p = here / name
            reason = None
            if p.is_symlink():
                reason = "link to a folder: not followed"
            elif name.startswith("."):
                reason = "hidden folder: not searched"
            elif skip and p.resolve() == skip:
                reason = "chitieu's quarantine folder: not searched"
            if reason:
                dirs.remove(name)
                scan.not_taken.append((printable(p), reason))
        for name in sorted(files):
            p = here / name
            reason = _not_taken(p, name, real_root)
            if reason:
                scan.not_taken.append((printable(p), reason))
            else:
                scan.files.append(p)
    scan.files.sort()
    scan.not_taken.sort()
    return scan


def _not_taken(p: Path, name: str, real_root: Path) -> str | None:
    try:
        st = p.lstat()
    except OSError as e:
        return f"cannot be looked at ({e.strerror or e})"
    if stat.S_ISLNK(st.st_mode):
        # A link could point at a system file: it is never read, wherever it points.
        try:
            target = p.resolve(strict=True)
        except (OSError, RuntimeError):
            return "broken link (or a loop of links): not read"
        if not target.is_relative_to(real_root):
            return "link to a file outside the inbox: not read"
        return "link to another file of the inbox: read there, not through the link"
    if not stat.S_ISREG(st.st_mode):
        return "not a regular file (a pipe, socket or device): not read"
    if name.startswith("."):
        return "hidden file"
    suffix = p.suffix.lower()
    if suffix not in SUFFIXES:
        kinds = ", ".join(sorted(SUFFIXES))
        return f"not a format chitieu reads ({suffix or 'no extension'}); it reads {kinds}"
    return None


def file_hash(path: str | Path) -> str:
    """sha256 of the file's bytes, streamed: the same as `Document.doc_id`."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def identify(path: str | Path, size: int) -> str:
    """The file's identity: its sha256 when chitieu would read it; for a file over its format's size
    limit (which is refused anyway) a fingerprint of its size and both ends, so an 8 GB file is not read
    in full. Fingerprints start with "sampled-" and can never equal a content hash."""
    if size <= max_bytes(path):
        return file_hash(path)
    h = hashlib.sha256(f"{size}:".encode())
    with open(path, "rb") as f:
        h.update(f.read(SAMPLE))
        f.seek(max(0, size - SAMPLE))
        h.update(f.read(SAMPLE))
    return "sampled-" + h.hexdigest()


@dataclass
class Quarantined:
    copy: Path | None  # the copy beside the store (None: not copied, see `problem` / `note`)
    note: str | None = None  # why there is no copy when that is by design (too large, unreadable)
    problem: str | None = None  # what went wrong while quarantining (the failure is recorded anyway)


def quarantine(path: str | Path, db_path: str | Path, digest: str | None, code: str, reason: str) -> Quarantined:
    """Set a failing file aside beside the store: a copy named by its content hash (any name, however
    long, fits) and a `.json` holding the original path and why. Never raises: a problem while doing
    it is returned, for the caller to record with the failure."""
    src = Path(path)
    key = digest or "path-" + hashlib.sha256(os.fsencode(str(src))).hexdigest()
    suffix = src.suffix.lower() if _SAFE_SUFFIX.fullmatch(src.suffix.lower()) else ""
    qdir = quarantine_dir(db_path)
    dest = qdir / f"{key}{suffix}"
    info = {"path": printable(src), "file_hash": digest, "code": code, "reason": reason,
            "failed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    result = Quarantined(None)
    try:
        qdir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        return Quarantined(None, problem=f"quarantine folder {printable(qdir)} cannot be made ({e.strerror or e})")
    try:
        size = src.stat().st_size
    except OSError as e:
        size = None
        result.note = f"not copied: the file cannot be looked at ({e.strerror or e})"
    cap = max_bytes(src)
    if size is not None:
        if digest is None:
            result.note = "not copied: the file could not be read"
        elif size > cap:
            result.note = (f"not copied: {size / 1e6:,.0f} MB is over the {cap // 2**20} MB limit; "
                           f"the file stays at {printable(src)}")
        elif dest.exists() and dest.stat().st_size == size:
            result.copy = dest  # the same content set aside by an earlier run
        else:
            try:
                _copy_atomically(src, dest, cap)
                result.copy = dest
            except OSError as e:
                result.problem = f"copy into {printable(qdir)} failed ({e.strerror or e})"
    info.update(quarantined_path=str(result.copy) if result.copy else None, note=result.note,
                problem=result.problem, size=size)
    try:
        _write_atomically(qdir / f"{key}.json", json.dumps(info, ensure_ascii=False, indent=1) + "\n")
    except OSError as e:
        result.problem = "; ".join(filter(None, [result.problem, f"its .json could not be written ({e.strerror or e})"]))
    return result


def _copy_atomically(src: Path, dest: Path, cap: int) -> None:
    """Copy at most `cap` bytes under a temporary name, then rename: a crash never leaves half a copy."""
    tmp = dest.with_name(dest.name + ".part")
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            copied = 0
            for chunk in iter(lambda: fin.read(1 << 20), b""):
                copied += len(chunk)
                if copied > cap:
                    raise OSError(f"the file grew past {cap // 2**20} MB while being copied")
                fout.write(chunk)
        shutil.copystat(src, tmp)
        os.replace(tmp, dest)
    except BaseException:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise


def _write_atomically(dest: Path, text: str) -> None:
    tmp = dest.with_name(dest.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, dest)
