"""Clause spans of an official text: a target's quote runs from the clause start (after a bullet,
";", ".", a heading label) to its end (";", ".", a new bullet), trimmed."""

from __future__ import annotations

import bisect
import re

from pipeline.sections import Section

# A line break ends a clause only before a new bullet/label or after closing punctuation: plans are
# often hard-wrapped mid-sentence ("tối\nthiểu 30%").
_LABEL = r"(?:[-+•–*]\s|\d+[ \t]*\|[ \t]|\d+(?:\s*\.\s*\d+)*\s*[.)]\s|[a-zđ]\)\s|[IVXLC]+\.\s|Điều\s+\d)"
_BOUNDARY = re.compile(
    rf";|[.!?…](?=\s|$)|\n(?=[ \t]*{_LABEL})|(?<=[:.;])[ \t]*\n|\n[ \t]*\n"
)
# A table row ("2 | Tỷ lệ hồ sơ đúng hạn | Từ 98% trở lên | Phòng Nội vụ") is one clause of its own.
_TABLE_ROW = re.compile(r"^[^\n]*[ \t]\|[ \t][^\n]*$", re.MULTILINE)
_LEAD_LABEL = re.compile(rf"(?:\s|{_LABEL}|[-+•–*])*")
_TRIM_CHARS = " \t\n\r\u00a0,;:.-–"
_TRIM_WORDS = ("và", "hoặc")  # a conjunction left dangling where the next target's words begin


class Clauses:
    """Clause boundaries of one text, computed in one pass; `span(pos)` is the clause around `pos`."""

    def __init__(self, text: str, root: Section | None = None):
        self.text = text
        cuts = {0, len(text)}
        for m in _BOUNDARY.finditer(text):
            cuts.add(m.start())
            cuts.add(m.end())
        for m in _TABLE_ROW.finditer(text):
            cuts.add(m.start())
            cuts.add(m.end())
        if root is not None:
            for sec in root.walk():
                if sec.level > 0:
                    cuts.update((sec.start, sec.body_start))
        self.cuts = sorted(c for c in cuts if 0 <= c <= len(text))

    def span(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.cuts, pos) - 1
        start = self.cuts[max(i, 0)]
        end = self.cuts[min(i + 1, len(self.cuts) - 1)]
        start, end = self._inside_parens(start, end, pos)
        return trim(self.text, start, end)

    def _inside_parens(self, start: int, end: int, pos: int) -> tuple[int, int]:
        """A number inside "( … )" belongs to the parenthesised clause ("(mỗi xã có ít nhất 01 …)")."""
        open_ = self.text.rfind("(", start, pos)
        if open_ < 0 or self.text.find(")", open_, pos) >= 0:
            return start, end
        close = self.text.find(")", pos, end)
        return open_ + 1, (close if close >= 0 else end)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop leading labels/bullets/spaces and trailing punctuation, "và", spaces."""
    m = _LEAD_LABEL.match(text, start, end)
    if m:
        start = m.end()
    while end > start:
        if text[end - 1] in _TRIM_CHARS:
            end -= 1
            continue
        for w in _TRIM_WORDS:
            i = end - len(w)
            if i >= start and text[i:end].lower() == w and (i == start or not text[i - 1].isalnum()):
                end = i
                break
        else:
            break
    return start, max(start, end)
