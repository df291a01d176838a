"""The dates of a document: its header's date line ("Nghệ An, ngày 25 tháng 3 năm 2021"), a date in a library's
metadata block, and the adoption date printed under a resolution's title."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.data_files import read_tsv
from pipeline.issuer import VI_UPPER

_DATE_FULL = re.compile(r"(?<![\w])ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d)")
_DATE_SLASH = re.compile(r"(?<![\w])ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)")
_BARE = re.compile(r"(?<![\d/])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d\d)(?!\d)")
# "<Place>, ngày …": a place is a few words without digits ("Hà Nội", "TP. Hồ Chí Minh", "........")
PLACE_DATE = re.compile(r"(?:^|(?<=[\n|*])|(?<=\s))(?:[" + VI_UPPER + r"][^\W\d_.]*\.?|\.{2,})(?:[ \-][^\W\d_]+){0,5}\s*,\s*(?=ngày\s+\d)")
_DATE_YEAR_ONLY = re.compile(r"ngày\s*[.…_ ]*\s*tháng\s*[.…_ ]*\s*năm\s+((?:19|20)\d\d)")
_ADOPTION = re.compile(r"(?:" + "|".join(p for kind, p, *_ in read_tsv("header_lines.tsv") if kind == "adoption") + r")"
                       r"\s*:?\s*(\d{1,2})\s*(?:[/.-]|\s+tháng\s+)\s*(\d{1,2})\s*(?:[/.-]|\s+năm\s+)\s*((?:19|20)\d\d)",
                       re.IGNORECASE)


def valid(d: int, m: int, y: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _after_place(text: str, at: int) -> str | None:
    rest = text[at:at + 40]
    m = _DATE_FULL.match(rest) or _DATE_SLASH.match(rest)
    return valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def header_date(header: str) -> str | None:
    """The date line of the header: '<Place>, ngày 25 tháng 01 năm 2021' or '<Place>, ngày 5/3/2019'."""
    found = [(pm, _after_place(header, pm.end())) for pm in PLACE_DATE.finditer(header)]
    found = [(pm, d) for pm, d in found if d]
    # a date line stands on its own line; a place-like phrase inside a sentence ("… của UBND tỉnh, ngày 5/3/2021")
    # counts only in a header flattened onto one line
    own = [d for pm, d in found if not header[header.rfind("\n", 0, pm.start()) + 1:pm.start()].strip(" |*-_")]
    return (own or [d for _pm, d in found] or [None])[0]


def date_line_anywhere(text: str) -> str | None:
    """A date line at a line start elsewhere (after the number, or beside the signature)."""
    for pm in PLACE_DATE.finditer(text):
        if text[text.rfind("\n", 0, pm.start()) + 1:pm.start()].strip(" |*-"):
            continue
        d = _after_place(text, pm.end())
        if d:
            return d
    return None


def any_date(value: str) -> str | None:
    """'23/07/2021' (a library block's value) → '2021-07-23'."""
    m = _BARE.search(value) or _DATE_FULL.search(value)
    return valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def adoption_date(head: str) -> str | None:
    """'(… khóa XI, kỳ họp thứ 10 thông qua ngày 29/11/2006)' under a resolution's title, or the closing
    'Nghị quyết này đã được … thông qua ngày 10 tháng 12 năm 2026 …'."""
    m = _ADOPTION.search(head)
    return valid(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def year_only(header: str) -> int | None:
    """A date line with a blank day and month: '…, ngày … tháng … năm 2018'."""
    m = _DATE_YEAR_ONLY.search(header)
    return int(m.group(1)) if m else None
