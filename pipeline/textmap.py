"""Clean text with a map back to the raw text, so every span found later can be shown in the original."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class CleanText:
    """`text` is the normalised text; `to_raw[i]` is the raw offset of clean character i.

    `to_raw` has len(text) + 1 entries: the last one is the raw end, so a clean half-open span
    [s, e) maps to the raw span [to_raw[s], raw_end(e)).
    """

    text: str
    to_raw: list[int]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering clean [start, end)."""
        if end <= start:
            r = self.to_raw[start]
            return r, r
        rs = self.to_raw[start]
        # end of the last clean char's raw source: next raw index after it
        re_ = self.to_raw[end - 1] + 1
        return rs, max(re_, rs)

    @classmethod
    def identity(cls, raw: str) -> "CleanText":
        return cls(raw, list(range(len(raw) + 1)))
