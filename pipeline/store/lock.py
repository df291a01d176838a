"""The writer lock beside a store: one ingest run at a time, and a clear message to the second."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class StoreError(Exception):
    """A store that cannot be opened or written, said in words an administrator understands."""


class StoreLocked(StoreError):
    """Another process is writing the store."""

    def __init__(self, path, pid: int | None, what: str = "another ingest run"):
        self.path = str(path)
        self.pid = pid
        who = f"{what} (pid {pid})" if pid else what
        super().__init__(f"store {self.path} is being written by {who}; try again later")


class StoreKeptOpen(StoreLocked):
    """Someone kept the store open (an export, a notebook) longer than an ingest run waits for it."""

    def __init__(self, path, seconds: float):
        self.path, self.pid = str(path), None
        StoreError.__init__(self, f"store {path} was kept open by another process (an export, a notebook, the "
                                  f"review page) for more than {seconds:g} s; the ingest stopped, and the documents "
                                  "it had not written yet are taken by the next run")


def lock_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


class _HeldFlock:
    """A flock held on an open file descriptor until `release` (or the end of a `with` block)."""

    _fd: int | None = None

    def acquire(self):  # pragma: no cover - each kind of lock says how it takes its flock
        raise NotImplementedError

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self):
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


class IngestLock(_HeldFlock):
    """An exclusive flock on `<db>.lock` holding the owner's pid.

    flock is released by the kernel when the process dies, so a crashed run never leaves the
    store locked; the pid written inside is only for the message to whoever comes second.
    """

    def __init__(self, db_path: str | Path):
        self.db_path = Path(db_path)
        self.path = lock_path(db_path)
        self._fd: int | None = None

    def acquire(self) -> "IngestLock":
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise StoreError(f"cannot write the store {self.db_path}: {self.path.parent} is not writable "
                             f"({e.strerror or e})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise StoreLocked(self.db_path, pid) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        os.fsync(fd)
        self._fd = fd
        return self



def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode().strip()
        return int(text) if text else None
    except (OSError, ValueError):
        return None


def waiting_path(db_path: str | Path) -> Path:
    p = Path(db_path)
    return p.with_name(p.name + ".waiting")


class Visitor(_HeldFlock):
    """A shared flock on `<db>.waiting`, held by every process that opens the store outside an ingest
    run (the review page, import-review, export) for as long as it has the store open.

    DuckDB lets one process hold a writable store at a time. An ingest run opens it only to write and
    looks at this file between writes: when someone holds it, the run closes its connection and waits
    until they are done, so a reviewer's decision gets in within one document's write.
    """

    def __init__(self, db_path: str | Path):
        self.path = waiting_path(db_path)
        self._fd: int | None = None

    def acquire(self) -> "Visitor":
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            return self  # a store in a read-only folder has no ingest run to make way
        fcntl.flock(fd, fcntl.LOCK_SH)
        self._fd = fd
        return self


class VisitorProbe:
    """The ingest run's side of `Visitor`: is anyone waiting for the store, and wait until no one is."""

    def __init__(self, db_path: str | Path):
        self.path = waiting_path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)

    def someone_waiting(self) -> bool:
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        return False

    def wait_until_alone(self, timeout: float, poll: float = 0.02) -> None:
        import time

        deadline = time.monotonic() + timeout
        while self.someone_waiting():
            if time.monotonic() > deadline:
                raise StoreKeptOpen(self.path.with_suffix(""), timeout)
            time.sleep(poll)

    def close(self) -> None:
        os.close(self._fd)
