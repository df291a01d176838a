"""Reading and extracting documents in a child process under a time and a memory limit, so that no
single document can stall an ingest run or exhaust the machine: past a limit the child is killed,
the document gets a failure result ("time limit" / "memory limit") and the next one a fresh child.

`Sandbox.process(path, digest)` is what an ingest batch calls per document; `python -m
pipeline.store.worker` is the child (it needs neither DuckDB nor Prefect).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import DocumentError

DEFAULT_SECONDS = 600.0  # a 500-page plan reads and extracts in well under a minute
DEFAULT_MEMORY_MB = 2048
READING_RETRIES = 2  # an OSError while reading (a share dropping) is tried again, a bad document never
RETRY_DELAY = 1.0
START_TIMEOUT = 120.0  # imports on a busy machine; not charged to any document
POLL = 0.05  # how often the parent looks at the child's memory
_HEADER = struct.Struct("!Q")


@dataclass(frozen=True)
class Limits:
    """Per-document limits: wall-clock seconds and resident memory of the worker, in MB."""

    seconds: float = DEFAULT_SECONDS
    memory_mb: int = DEFAULT_MEMORY_MB

    @classmethod
    def from_env(cls, seconds: float | None = None, memory_mb: int | None = None) -> "Limits":
        """Explicit values first, then $CHITIEU_TIME_LIMIT (s) / $CHITIEU_MEMORY_LIMIT (MB), then the defaults."""
        if seconds is None:
            seconds = float(os.environ.get("CHITIEU_TIME_LIMIT") or DEFAULT_SECONDS)
        if memory_mb is None:
            memory_mb = int(os.environ.get("CHITIEU_MEMORY_LIMIT") or DEFAULT_MEMORY_MB)
        if seconds <= 0 or memory_mb <= 0:
            raise ValueError("time and memory limits must be positive")
        return cls(float(seconds), int(memory_mb))


# -- what the child does per document ------------------------------------------------------------

def sections_of(analysis) -> list[dict]:
    """The section tree flattened, with spans in the raw text."""
    out = []
    for sec in analysis.root.walk():
        cs, ce = analysis.clean.raw_span(sec.start, sec.end)
        out.append({"path": sec.path, "label": sec.label, "title": sec.title, "kind": sec.kind,
                    "level": sec.level, "char_start": cs, "char_end": ce})
    return out


def process_file(path: str | Path, digest: str | None = None) -> dict:
    """Read → analyse → extract one file. A document chitieu cannot read, or an extractor that
    breaks on it, gives a failure result; an OSError propagates so the caller can retry it."""
    from pipeline.analyse import analyse, extract
    from pipeline.readers import read

    path = Path(path)
    fail = {"ok": False, "path": str(path), "file_hash": digest}
    try:
        document = read(path)
    except DocumentError as e:
        return {**fail, "code": e.code, "reason": e.reason}
    except OSError:
        raise
    except MemoryError:
        raise
    except Exception as e:  # a reader that breaks on this file: say so, keep the batch going
        return {**fail, "code": "unreadable", "reason": describe(e)}
    try:
        analysis = analyse(document)
        records = extract(analysis)
    except DocumentError as e:
        return {**fail, "code": e.code, "reason": e.reason}
    except MemoryError:
        raise
    except Exception as e:  # an extractor bug must not stop the batch; the file waits for a fix
        return {**fail, "code": "extraction_error", "reason": describe(e)}
    return {"ok": True, "path": str(path), "file_hash": digest, "records": records,
            "raw_text": document.raw_text, "sections": sections_of(analysis)}


def describe(e: BaseException) -> str:
    where = traceback.extract_tb(e.__traceback__)[-1] if e.__traceback__ else None
    at = f" (at {Path(where.filename).name}:{where.lineno})" if where else ""
    return f"{type(e).__name__}: {e}{at}"


def io_failure(path: str | Path, digest: str | None, exc: BaseException) -> dict:
    """The result for a file whose reading kept failing after the retries."""
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return {"ok": False, "path": str(path), "file_hash": digest, "code": "io_error",
            "reason": f"cannot read file ({reason})"}


def process_with_retries(path, digest, retries: int = READING_RETRIES, delay: float = RETRY_DELAY) -> dict:
    """`process_file`, trying again after an OSError; the attempts are counted in the result."""
    for attempt in range(1, retries + 2):
        try:
            result = process_file(path, digest)
        except OSError as e:
            if attempt > retries:
                return {**io_failure(path, digest, e), "attempts": attempt}
            time.sleep(delay)
            continue
        return {**result, "attempts": attempt}
    raise AssertionError("unreachable")


# -- the parent's side ---------------------------------------------------------------------------

def limit_failure(path, digest, code: str, reason: str) -> dict:
    return {"ok": False, "path": str(path), "file_hash": digest, "code": code, "reason": reason}


def time_limit_reason(limits: Limits) -> str:
    return f"time limit: not read and extracted within {limits.seconds:g} s"


def memory_limit_reason(limits: Limits) -> str:
    return f"memory limit: reading and extracting it needed more than {limits.memory_mb} MB"


class Sandbox:
    """One child process reading and extracting documents one at a time, restarted after a kill."""

    def __init__(self, limits: Limits | None = None):
        self.limits = limits or Limits()
        self.proc: subprocess.Popen | None = None
        self._stderr = None
        self.started = 0  # how many children this sandbox has started (a test can see restarts)

    # The child is started before its first document and waited for, so imports are not charged to it.
    def _start(self) -> None:
        self._stderr = tempfile.TemporaryFile()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            filter(None, [str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen([sys.executable, "-m", "pipeline.store.worker", str(self.limits.memory_mb)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                     env=env, close_fds=True)
        self.started += 1
        message = self._receive(time.monotonic() + START_TIMEOUT, watch_memory=False)
        if not (isinstance(message, dict) and message.get("ready")):
            detail = self._stderr_tail()
            self._kill()
            raise RuntimeError(f"the document worker did not start ({message!r}){': ' + detail if detail else ''}")

    def process(self, path: str | Path, digest: str | None = None) -> dict:
        """The result of one document, never an exception for anything the document does."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        started = time.monotonic()
        try:
            _send(self.proc.stdin, (str(path), digest))
        except (BrokenPipeError, OSError):
            self._kill()
            self._start()
            _send(self.proc.stdin, (str(path), digest))
        outcome = self._receive(started + self.limits.seconds, watch_memory=True)
        if isinstance(outcome, dict):
            if outcome.get("code") == "memory_limit":
                self._kill()  # after a MemoryError the child's heap is not to be trusted
                return limit_failure(path, digest, "memory_limit", memory_limit_reason(self.limits))
            return outcome
        self._kill()
        if outcome == "time":
            return limit_failure(path, digest, "time_limit", time_limit_reason(self.limits))
        if outcome == "memory":
            return limit_failure(path, digest, "memory_limit", memory_limit_reason(self.limits))
        detail = self._stderr_tail()
        return limit_failure(path, digest, "worker_crash",
                             f"the reader stopped on this file ({outcome})" + (f": {detail}" if detail else ""))

    def _receive(self, deadline: float, watch_memory: bool):
        """The child's next message; or "time" / "memory" when a limit is passed first; or how it died."""
        out = self.proc.stdout
        limit = self.limits.memory_mb * 1024 * 1024
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "time"
            ready, _, _ = select.select([out], [], [], min(POLL, remaining))
            if ready:
                try:
                    return _recv(out)
                except EOFError:
                    code = self.proc.wait()
                    return _death(code)
            if watch_memory and _rss(self.proc.pid) > limit:
                return "memory"
            if self.proc.poll() is not None and not select.select([out], [], [], 0)[0]:
                return _death(self.proc.returncode)

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        try:
            self._stderr.seek(0)
            lines = [line for line in self._stderr.read().decode("utf-8", "replace").splitlines() if line.strip()]
        except OSError:
            return ""
        return lines[-1].strip()[:300] if lines else ""

    def _kill(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            for f in (self.proc.stdin, self.proc.stdout):
                try:
                    f.close()
                except OSError:
                    pass
        self.proc = None
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def close_input(self) -> None:
        """Tell the child to exit (it does once it has no more input), without waiting for it."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass

    def close(self) -> None:
        """End the child: closing its input makes it exit; a child that hangs is killed."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self._kill()


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"worker killed by {name}"
    return f"worker exited with code {code}"


def _rss(pid: int) -> int:
    """Resident bytes of a process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


_local = threading.local()
_all: list[Sandbox] = []
_all_lock = threading.Lock()


def sandbox_for_thread(limits: Limits) -> Sandbox:
    """This thread's sandbox (a Dask worker or a flow's task thread keeps its child between batches)."""
    box = getattr(_local, "sandbox", None)
    if box is None or box.limits != limits:
        if box is not None:
            box.close()
        box = Sandbox(limits)
        _local.sandbox = box
        with _all_lock:
            _all.append(box)
    return box


def close_all() -> None:
    """End every child this process started (the end of a run)."""
    with _all_lock:
        boxes = list(_all)
        _all.clear()
    for box in boxes:  # all told first, so they exit together
        box.close_input()
    for box in boxes:
        box.close()
    _local.__dict__.pop("sandbox", None)


import atexit  # noqa: E402

atexit.register(close_all)


# -- the wire: length-prefixed pickles over the child's stdin/stdout ---------------------------------

def _send(f, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    f.write(_HEADER.pack(len(data)) + data)
    f.flush()


def _read_exact(f, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = f.read(left)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _recv(f):
    (n,) = _HEADER.unpack(_read_exact(f, _HEADER.size))
    return pickle.loads(_read_exact(f, n))


# -- the child -------------------------------------------------------------------------------------

def _die_with_parent() -> None:
    """Ask Linux to kill this child when its parent dies (an ingest killed with -9 leaves no orphans)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main(argv: list[str]) -> int:
    import logging
    import resource
    import warnings

    memory_mb = int(argv[0]) if argv else DEFAULT_MEMORY_MB
    _die_with_parent()
    # A hard cap beside the parent's watch: an allocation too large to be seen in time fails here
    # (MemoryError) instead of taking the machine's memory. Data segment, not address space: thread
    # stacks and mapped libraries do not count against it.
    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ValueError, OSError):
        pass
    proto_in = os.fdopen(os.dup(0), "rb")
    proto_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a library printing to stdout must not break the protocol
    warnings.simplefilter("ignore")
    logging.disable(logging.WARNING)
    import pipeline.analyse  # noqa: F401  (loaded before the first document, not charged to it)

    _send(proto_out, {"ready": True})
    while True:
        try:
            path, digest = _recv(proto_in)
        except EOFError:  # the parent is done: nothing is left to flush, so skip tearing down the heap
            sys.stderr.flush()
            os._exit(0)
        try:
            result = process_with_retries(path, digest)
        except MemoryError:
            result = limit_failure(path, digest, "memory_limit", "memory limit")
        except BaseException as e:  # noqa: BLE001 - whatever happens, the parent gets an answer
            result = limit_failure(path, digest, "extraction_error", describe(e))
        try:
            _send(proto_out, result)
        except MemoryError:
            _send(proto_out, limit_failure(path, digest, "memory_limit", "memory limit"))
        if result.get("code") == "memory_limit":
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
