"""Clean text with a map back to the raw text, so every span found later can be shown in the original.

The map is two arrays of 32-bit offsets (8 bytes a character), not lists of Python integers (~72 bytes a
character): a 5 MB text needed ~400 MB for its map alone.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

OFFSET = "i"  # signed 32-bit: texts are far below 2**31 characters (readers refuse files over 50 MB)


def offsets(values=()) -> array:
    """A compact sequence of offsets: indexes, slices, iterates and compares like a list of ints."""
    return array(OFFSET, values)


@dataclass
class CleanText:
    """`text` is the normalised text; `to_raw[i]` is the raw offset of clean character i.

    `to_raw` (an int array) has len(text) + 1 entries: the last one is the raw end, so a clean half-open span
    [s, e) maps to the raw span [to_raw[s], raw_end(e)). `raw_ends[i]` (when given) is the raw
    offset just after the source of clean character i: a character composed from several raw ones
    (NFC of "a" + U+0300) covers them all, a character inserted by normalisation covers nothing.
    """

    text: str
    to_raw: array
    raw_ends: array | None = None

    def __post_init__(self):
        if not isinstance(self.to_raw, array):
            self.to_raw = offsets(self.to_raw)
        if self.raw_ends is not None and not isinstance(self.raw_ends, array):
            self.raw_ends = offsets(self.raw_ends)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering clean [start, end)."""
        if end <= start:
            r = self.to_raw[start]
            return r, r
        rs = self.to_raw[start]
        re_ = self.raw_ends[end - 1] if self.raw_ends is not None else self.to_raw[end - 1] + 1
        return rs, max(re_, rs)

    @classmethod
    def identity(cls, raw: str) -> "CleanText":
        n = len(raw)
        return cls(raw, offsets(range(n + 1)), offsets(range(1, n + 1)))


class EditableText:
    """A text being normalised, with each character's raw source [start, end).

    Passes find edits (start, end, replacement) on the current text and `apply` them all at once,
    so each pass is one linear rebuild whatever the number of edits.
    """

    __slots__ = ("text", "starts", "ends", "raw_len")

    def __init__(self, raw: str):
        n = len(raw)
        self.text = raw
        self.starts = offsets(range(n))
        self.ends = offsets(range(1, n + 1))
        self.raw_len = n

    def apply(self, edits: list[tuple[int, int, str]]) -> None:
        """Replace each [start, end) by its string; edits must be sorted and must not overlap."""
        if not edits:
            return
        text, starts, ends = self.text, self.starts, self.ends
        out: list[str] = []
        ns = offsets()
        ne = offsets()
        pos = 0
        for s, e, rep in edits:
            if s < pos:  # overlapping edit: the earlier one wins
                continue
            out.append(text[pos:s])
            ns.extend(starts[pos:s])
            ne.extend(ends[pos:s])
            n, m = e - s, len(rep)
            if m:
                out.append(rep)
                if n == m:
                    ns.extend(starts[s:e])
                    ne.extend(ends[s:e])
                elif n == 0:  # pure insertion: covers no raw character
                    r = starts[s] if s < len(starts) else self.raw_len
                    ns.extend(offsets([r]) * m)
                    ne.extend(offsets([r]) * m)
                else:
                    for k in range(m):
                        j = s + min(k, n - 1)
                        ns.append(starts[j])
                        ne.append(ends[e - 1] if k == m - 1 else ends[j])
            pos = e
        out.append(text[pos:])
        ns.extend(starts[pos:])
        ne.extend(ends[pos:])
        self.text = "".join(out)
        self.starts = ns
        self.ends = ne

    def freeze(self) -> CleanText:
        """The finished text and its map (this EditableText is used up: its arrays become the map's)."""
        to_raw, self.starts = self.starts, offsets()
        to_raw.append(self.raw_len)
        return CleanText(self.text, to_raw, self.ends)
