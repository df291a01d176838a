"""An inbox folder: which files to read, who they are (content hash), and where failures are set aside."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

from pipeline.readers import SUFFIXES

QUARANTINE = "quarantine"


def quarantine_dir(db_path: str | Path) -> Path:
    """`<db dir>/quarantine/`: beside the store, so the failures travel with it."""
    return Path(db_path).resolve().parent / QUARANTINE


def discover(inbox: str | Path, skip: Path | None = None) -> list[Path]:
    """Files the readers take, found recursively, in a stable order; hidden files and `skip` left out."""
    root = Path(inbox)
    if not root.is_dir():
        raise NotADirectoryError(f"inbox {root} is not a folder")
    skip = skip.resolve() if skip else None
    found = []
    for p in root.rglob("*"):
        if not p.is_file() or p.suffix.lower() not in SUFFIXES:
            continue
        rel = p.relative_to(root).parts
        if any(part.startswith(".") for part in rel):
            continue
        if skip and p.resolve().is_relative_to(skip):
            continue
        found.append(p)
    return sorted(found)


def file_hash(path: str | Path) -> str:
    """sha256 of the file's bytes: the same as `Document.doc_id`."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def quarantine(path: str | Path, db_path: str | Path, digest: str | None, code: str, reason: str) -> Path | None:
    """Copy a failing file beside the store with a JSON file saying why; returns the copy (None if gone)."""
    qdir = quarantine_dir(db_path)
    qdir.mkdir(parents=True, exist_ok=True)
    src = Path(path)
    dest = qdir / f"{(digest or 'unhashed')[:12]}-{src.name}"
    copied: Path | None = dest
    try:
        shutil.copy2(src, dest)
    except OSError:
        copied = None
    info = {"path": str(src), "file_hash": digest, "code": code, "reason": reason,
            "quarantined_path": str(copied) if copied else None,
            "failed_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    dest.with_name(dest.name + ".json").write_text(json.dumps(info, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
    return copied
