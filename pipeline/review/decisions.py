"""Review decisions (duyệt chỉ tiêu): status words, comparator labels, corrected values, and writing a decision."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
STATUSES = ("accepted", "corrected", "rejected")
CORRECTION_FIELDS = ("value", "comparator", "unit", "deadline", "indicator", "agency")


def fold(text: str) -> str:
    """Lower-case, no diacritics, single spaces: how analysts' free words are compared."""
    text = unicodedata.normalize("NFD", str(text).strip().lower()).replace("đ", "d")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", text)


def _rows(name: str):
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@lru_cache(maxsize=1)
def status_words() -> dict[str, str]:
    return {fold(r[0]): r[1] for r in _rows("review_status_words.tsv")}


@lru_cache(maxsize=1)
def _comparators() -> tuple[dict[str, str], dict[str, str]]:
    labels, aliases = {}, {}
    for code, label, alias_list, *_ in _rows("comparator_labels.tsv"):
        labels[code] = label
        for a in [code, label, *alias_list.split(",")]:
            if a.strip():
                aliases[fold(a)] = code
    return labels, aliases


def parse_status(word) -> str | None:
    """'Đồng ý' → accepted, 'sua' → corrected, 'Từ chối' → rejected; None when blank; ValueError when unknown."""
    if word is None or not str(word).strip():
        return None
    status = status_words().get(fold(word).strip(" .!"))
    if status is None:
        raise ValueError(f"unknown status '{word}' (write Đồng ý, Sửa or Loại)")
    return status


def status_label(status: str | None) -> str:
    """The Vietnamese word an export shows for a stored status (the page's words, data/labels.tsv)."""
    from pipeline.labels import label

    return "" if status in (None, "", "pending") else label("review_status", status)


def comparator_label(code) -> str:
    if code is None or (isinstance(code, float) and code != code):
        return ""
    return _comparators()[0].get(code, str(code))


def comparator_codes() -> list[str]:
    return list(_comparators()[0])


def parse_comparator(text) -> str | None:
    if text is None or not str(text).strip():
        return None
    code = _comparators()[1].get(fold(text))
    if code is None:
        raise ValueError(f"unknown comparator '{text}' (write ≥, >, ≤, <, bằng or khoảng)")
    return code


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_number(value) -> float | int | None:
    """A number as an analyst types it: 95, '95,5', '1.000' (thousands dot), '98%'."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, (int, float)):
        num = float(value)
    else:
        text = str(value).strip().replace("%", "").replace("\u00a0", "").replace(" ", "")
        if not text:
            return None
        if _THOUSANDS.match(text):
            text = text.replace(".", "")
        elif "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            num = float(text)
        except ValueError:
            raise ValueError(f"not a number: '{value}'") from None
    if num != num:
        return None
    return int(num) if num.is_integer() else num


_DATE_FORMS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_date(value) -> dt.date | None:
    """A deadline as a cell or a field gives it: a date, 'YYYY-MM-DD', '31/12/2025', or a year (→ 31 December)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"(19|20)\d\d", text):
        return dt.date(int(text), 12, 31)
    for form in _DATE_FORMS:
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            pass
    raise ValueError(f"not a date: '{value}' (write 31/12/2025)")


@dataclass
class Decision:
    """One analyst's verdict on one target, as `Store.add_review` takes it."""

    target_id: str
    status: str
    reviewer: str
    note: str | None = None
    corrections: dict = field(default_factory=dict)  # subset of CORRECTION_FIELDS, parsed values

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not '{self.status}'")
        if not (self.reviewer or "").strip():
            raise ValueError("a decision needs the reviewer's name")
        if self.status == "corrected" and not self.corrections:
            raise ValueError("a correction needs at least one corrected field")
        unknown = set(self.corrections) - set(CORRECTION_FIELDS)
        if unknown:
            raise ValueError(f"cannot correct {', '.join(sorted(unknown))}")


def parse_corrections(raw: dict) -> dict:
    """Analyst input (strings or cells) → typed corrections; blank fields are left out."""
    out = {}
    for name, value in raw.items():
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        if name == "value":
            parsed = parse_number(value)
        elif name == "comparator":
            parsed = parse_comparator(value)
        elif name == "deadline":
            parsed = parse_date(value)
        else:
            parsed = str(value).strip()
        if parsed is not None:
            out[name] = parsed
    return out


class StoreBusy(RuntimeError):
    """The store is held by another writer (an ingestion run) for longer than we waited."""


# One store access at a time within a process: DuckDB refuses a read-only and a read-write
# connection to the same file side by side in one process, and the page serves several analysts
# from threads of one server.
_PROCESS_LOCK = threading.RLock()


@contextlib.contextmanager
def open_store(db, read_only: bool, timeout: float = 5.0):
    """The store, open for the length of a `with` block, waiting up to `timeout` s for another writer.

    DuckDB lets one process write, or many read; the review page therefore holds no connection
    between actions and opens one per read or decision, so ingestion is never blocked for long.
    """
    from pipeline.store import Store, StoreLocked

    with _PROCESS_LOCK:
        try:
            store = Store(db, read_only=read_only, timeout=timeout)
        except StoreLocked as e:
            raise StoreBusy(f"{e} (waited {timeout:g} s)") from None
        try:
            yield store
        finally:
            store.close()


def record_decision(db, decision: Decision, timeout: float = 5.0, auth: str | None = None,
                    login: str | None = None) -> str:
    """Write one decision to the review log in its own short read-write session; returns the review id.

    `auth` says how the reviewer's name is known (data/labels.tsv, field auth), `login` who vouched for it.
    """
    c = decision.corrections
    with open_store(db, read_only=False, timeout=timeout) as store:
        return store.add_review(decision.target_id, decision.status, decision.reviewer.strip(),
                                (decision.note or "").strip() or None,
                                value=c.get("value"), comparator=c.get("comparator"), unit=c.get("unit"),
                                deadline=c.get("deadline"), indicator=c.get("indicator"), agency=c.get("agency"),
                                auth=auth, login=login)
