"""Who is deciding: reviewers from a users file (argon2 password hashes) or a login proxy's trusted header.

A review log is only worth what its names are worth. On 127.0.0.1 the analyst types a name (one machine,
one person); anywhere else the page records the name this module vouches for, never one typed in.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

USERS_ENV = "CHITIEU_USERS"          # the users file the page checks passwords against
HEADER_ENV = "CHITIEU_TRUST_HEADER"  # the header a login proxy sets (e.g. X-Forwarded-User)
LOCAL_ADDRESSES = ("127.0.0.1", "localhost", "::1")
FAILED_LOGIN_DELAY = 1.0  # seconds: slows guessing down a little more than argon2 itself does

_hasher = PasswordHasher()


class UsersFileError(ValueError):
    """A users file that cannot be read: said with the file and the line."""


@dataclass(frozen=True)
class Reviewer:
    """Someone whose decisions the review log records: `name` as shown, `login` and how it was established."""

    name: str
    login: str | None
    auth: str  # users_file | proxy | local | workbook | workbook_verified


@dataclass(frozen=True)
class User:
    login: str
    name: str
    password_hash: str


def read_users(path: str | Path) -> dict[str, User]:
    """login → User from a users file: `login<TAB>full name<TAB>argon2 hash` per line, `#` comments."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise UsersFileError(f"{path}: cannot read the users file ({e.strerror or e})") from None
    users: dict[str, User] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or not all(p.strip() for p in parts):
            raise UsersFileError(f"{path}:{n}: expected login<TAB>full name<TAB>password hash "
                                 "(write the file with `chitieu users add`)")
        login, name, hashed = (p.strip() for p in parts)
        if not hashed.startswith("$argon2"):
            raise UsersFileError(f"{path}:{n}: the password of '{login}' is not an argon2 hash")
        users[login] = User(login, name, hashed)
    return users


def write_users(path: str | Path, users: dict[str, User]) -> None:
    """The users file, readable by its owner only (it holds password hashes)."""
    path = Path(path)
    lines = ["# chitieu reviewers: login<TAB>full name<TAB>argon2 password hash (chitieu users add/remove)"]
    lines += [f"{u.login}\t{u.name}\t{u.password_hash}" for u in sorted(users.values(), key=lambda u: u.login)]
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def hash_password(password: str) -> str:
    if len(password) < 8:
        raise ValueError("a password needs at least 8 characters")
    return _hasher.hash(password)


def check_password(users: dict[str, User], login: str, password: str) -> User | None:
    """The user when `password` is theirs; None otherwise (after a short delay)."""
    user = users.get((login or "").strip())
    try:
        if user is not None and _hasher.verify(user.password_hash, password or ""):
            return user
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        pass
    time.sleep(FAILED_LOGIN_DELAY)
    return None


def login(users_file: str | Path, login_name: str, password: str) -> Reviewer | None:
    user = check_password(read_users(users_file), login_name, password)
    return None if user is None else Reviewer(user.name, user.login, "users_file")


def from_header(headers, header: str) -> Reviewer | None:
    """The reviewer a login proxy names in `header` (the proxy is trusted to have checked who it is)."""
    if not header or headers is None:
        return None
    value = headers.get(header) or headers.get(header.lower())
    value = (value or "").strip()
    return Reviewer(value, value, "proxy") if value else None


def is_local(address: str) -> bool:
    return address in LOCAL_ADDRESSES


def mode() -> str:
    """How the running page knows its reviewers: 'users_file', 'proxy' or 'local' (set by `chitieu review`)."""
    if os.environ.get(USERS_ENV):
        return "users_file"
    if os.environ.get(HEADER_ENV):
        return "proxy"
    return "local"
