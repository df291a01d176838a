"""Words instead of codes: the labels analysts read for doc types, section kinds, roles, statuses (data/labels.tsv)."""

from __future__ import annotations

from functools import lru_cache

from pipeline.data_files import read_tsv


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for field, code, label, *_ in read_tsv("labels.tsv"):
        out.setdefault(field, {})[code] = label
    return out


def labels(field: str) -> dict[str, str]:
    """code → label for one field (a copy: callers may extend it)."""
    return dict(_labels().get(field, {}))


def label(field: str, code) -> str:
    """The label of `code`; '' for a missing value (never 'None'); an unknown code as it is."""
    if code is None or (isinstance(code, float) and code != code):
        return ""
    return _labels().get(field, {}).get(str(code), str(code))


def code_for(field: str, text: str) -> str | None:
    """The code whose label (or code) is `text`, ignoring case; None when none is."""
    key = str(text).strip().casefold()
    for code, lab in _labels().get(field, {}).items():
        if key in (code.casefold(), lab.casefold()):
            return code
    return None
