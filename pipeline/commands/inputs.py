"""The paths a command is given: `-` for stdin, quoted globs expanded, folders searched; missing paths said so."""

from __future__ import annotations

import contextlib
import glob
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.readers import MAX_BYTES, SUFFIXES

STDIN = "-"
GLOB_CHARS = set("*?[")


@dataclass
class Inputs:
    """Files to work on (path, the name to show for it) and the arguments that gave none (argument, reason)."""

    files: list[tuple[Path, str]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.files) + len(self.problems)


def sniff_suffix(data: bytes) -> str:
    """The reader a document on stdin needs, from its first bytes (stdin has no file name)."""
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return ".pdf"
    if head.startswith(b"PK\x03\x04"):
        return ".docx"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html")) or b"<html" in text[:512]:
        return ".html"
    return ".txt"


def read_stdin(folder: Path) -> Path:
    """stdin's bytes as a file in `folder`, named `stdin` with the suffix its content calls for."""
    stream = getattr(sys.stdin, "buffer", sys.stdin)
    data = stream.read(MAX_BYTES + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = folder / f"stdin{sniff_suffix(data)}"
    path.write_bytes(data)
    return path


def _expand(arg: str) -> list[Path] | None:
    """The files one argument names: itself, a folder's documents, or a glob's matches; None when nothing."""
    p = Path(arg)
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES)
    if p.exists():
        return [p]
    if GLOB_CHARS & set(arg):  # a quoted glob the shell did not expand ("corpus/*.txt", "**/*.docx")
        found: list[Path] = []
        for m in sorted(glob.glob(arg, recursive=True)):
            found.extend(_expand(m) or [])
        return found or None
    return None


@contextlib.contextmanager
def gather(args: list[str]):
    """Inputs for the arguments; stdin (`-`) is read once into a temporary file kept for the `with` block."""
    with tempfile.TemporaryDirectory(prefix="chitieu-stdin-") as tmp:
        out = Inputs()
        seen: set[Path] = set()
        for arg in args:
            if arg == STDIN:
                if any(name == "stdin" for _, name in out.files):
                    out.problems.append((arg, "stdin given twice"))
                    continue
                out.files.append((read_stdin(Path(tmp)), "stdin"))
                continue
            paths = _expand(arg)
            if paths is None:
                reason = "no file matches this pattern" if GLOB_CHARS & set(arg) else "no such file or folder"
                out.problems.append((arg, reason))
                continue
            if not paths:
                out.problems.append((arg, f"no document in this folder (chitieu reads {', '.join(sorted(SUFFIXES))})"))
            for path in paths:
                key = path.resolve()
                if key not in seen:
                    seen.add(key)
                    out.files.append((path, str(path)))
        yield out


@contextlib.contextmanager
def one_file(arg: str):
    """The one document a single-file command works on; ValueError (with the reason) when the argument names
    none or several."""
    with gather([arg]) as found:
        if found.problems:
            raise ValueError(f"{found.problems[0][0]}: {found.problems[0][1]}")
        if len(found.files) != 1:
            raise ValueError(f"{arg}: names {len(found.files)} files; give one")
        yield found.files[0]
