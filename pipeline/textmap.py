"""Clean text with a map back to the raw text, so every span found later can be shown in the original.

The map is kept as runs: normalisation leaves most characters where they were, so clean characters
i..j usually come from raw characters r..r+(j-i), one each. Only the breakpoints are stored (where a
character was removed, inserted or composed), in four compact arrays, and a lookup is a bisect:
a 5 MB text's map is a few hundred kilobytes instead of 40 MB as two offsets per character (and
~400 MB as lists of Python integers before that).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from dataclasses import dataclass

OFFSET = "i"  # signed 32-bit: texts are far below 2**31 characters (readers refuse files over 50 MB)


def offsets(values=()) -> array:
    """A compact sequence of offsets: indexes, slices, iterates and compares like a list of ints."""
    return array(OFFSET, values)


class OffsetRuns:
    """For each clean character i: `start(i)`, the raw offset of its source, and `end(i)`, the raw
    offset just after it, stored as runs. Run k covers clean [pos[k], pos[k+1]) and gives
    start(i) = starts[k] + step[k] * (i - pos[k]) (end likewise), step 1 for characters kept one for
    one, 0 for characters that share a source (an inserted one covers nothing: start == end)."""

    __slots__ = ("pos", "starts", "ends", "step", "length")

    def __init__(self):
        self.pos = array(OFFSET)
        self.starts = array(OFFSET)
        self.ends = array(OFFSET)
        self.step = array("b")
        self.length = 0

    @classmethod
    def identity(cls, n: int) -> "OffsetRuns":
        runs = cls()
        runs.add(n, 0, 1, 1)
        return runs

    @classmethod
    def from_lists(cls, starts, ends) -> "OffsetRuns":
        runs = cls()
        for s, e in zip(starts, ends):
            runs.add(1, s, e, 0)
        return runs

    def __len__(self) -> int:
        return self.length

    def add(self, n: int, start: int, end: int, step: int) -> None:
        """Append n characters starting at raw (start, end), each next one `step` further; a run that
        continues the last one extends it."""
        if n <= 0:
            return
        k = len(self.pos) - 1
        if k >= 0:
            last_n = self.length - self.pos[k]
            last_step = self.step[k]
            for st in ((last_step,) if last_n > 1 else (1, 0)):
                if n > 1 and st != step:
                    continue
                if self.starts[k] + st * last_n == start and self.ends[k] + st * last_n == end:
                    self.step[k] = st
                    self.length += n
                    return
        self.pos.append(self.length)
        self.starts.append(start)
        self.ends.append(end)
        self.step.append(step if n > 1 else 1)
        self.length += n

    def _run(self, i: int) -> int:
        return bisect_right(self.pos, i) - 1

    def start(self, i: int) -> int:
        k = self._run(i)
        return self.starts[k] + self.step[k] * (i - self.pos[k])

    def end(self, i: int) -> int:
        k = self._run(i)
        return self.ends[k] + self.step[k] * (i - self.pos[k])

    def copy_to(self, out: "OffsetRuns", a: int, b: int) -> None:
        """Append the characters [a, b) of this map to `out`."""
        if b <= a:
            return
        k = self._run(a)
        pos, starts, ends, step = self.pos, self.starts, self.ends, self.step
        last = len(pos) - 1
        while a < b:
            run_end = pos[k + 1] if k < last else self.length
            e = min(b, run_end)
            d = step[k] * (a - pos[k])
            out.add(e - a, starts[k] + d, ends[k] + d, step[k])
            a = e
            k += 1

    def values(self, which: str):
        """Every start (`which` "starts") or end ("ends"), in order."""
        base = self.starts if which == "starts" else self.ends
        pos, step = self.pos, self.step
        last = len(pos) - 1
        for k in range(len(pos)):
            n = (pos[k + 1] if k < last else self.length) - pos[k]
            v, st = base[k], step[k]
            if st:
                yield from range(v, v + n)
            else:
                for _ in range(n):
                    yield v

    def nbytes(self) -> int:
        return sum(a.itemsize * len(a) for a in (self.pos, self.starts, self.ends, self.step))


class OffsetView:
    """A read-only sequence over one side of an OffsetRuns (the `to_raw` / `raw_ends` of a CleanText):
    indexes, slices (to an array), iterates and has a length like the array it replaces."""

    __slots__ = ("runs", "which", "tail")

    def __init__(self, runs: OffsetRuns, which: str, tail: int | None = None):
        self.runs, self.which, self.tail = runs, which, tail

    def __len__(self) -> int:
        return len(self.runs) + (self.tail is not None)

    def __getitem__(self, i):
        n = len(self)
        if isinstance(i, slice):
            return offsets(self)[i]
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("offset index out of range")
        if i == len(self.runs):
            return self.tail
        return self.runs.start(i) if self.which == "starts" else self.runs.end(i)

    def __iter__(self):
        yield from self.runs.values(self.which)
        if self.tail is not None:
            yield self.tail

    def __eq__(self, other) -> bool:
        try:
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        except TypeError:
            return NotImplemented

    def __repr__(self) -> str:
        return f"OffsetView({list(self)!r})"


@dataclass
class CleanText:
    """`text` is the normalised text; `to_raw[i]` is the raw offset of clean character i.

    `to_raw` has len(text) + 1 entries: the last one is the raw end, so a clean half-open span
    [s, e) maps to the raw span [to_raw[s], raw_end(e)). `raw_ends[i]` is the raw offset just after
    the source of clean character i: a character composed from several raw ones (NFC of "a" + U+0300)
    covers them all, a character inserted by normalisation covers nothing. Both are views of one
    `OffsetRuns` (`runs`); a CleanText can also be made from plain sequences of offsets
    (`raw_ends` None: each character covers one raw character).
    """

    text: str
    to_raw: OffsetView
    raw_ends: OffsetView | None = None

    def __post_init__(self):
        if isinstance(self.to_raw, OffsetView):
            return
        starts = list(self.to_raw)
        tail = starts.pop() if len(starts) > len(self.text) else None
        ends = list(self.raw_ends) if self.raw_ends is not None else [s + 1 for s in starts]
        runs = OffsetRuns.from_lists(starts, ends)
        self.to_raw, self.raw_ends = OffsetView(runs, "starts", tail), OffsetView(runs, "ends")

    @classmethod
    def from_runs(cls, text: str, runs: OffsetRuns, raw_len: int) -> "CleanText":
        return cls(text, OffsetView(runs, "starts", raw_len), OffsetView(runs, "ends"))

    @property
    def runs(self) -> OffsetRuns:
        return self.to_raw.runs

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering clean [start, end)."""
        if end <= start:
            r = self.to_raw[start]
            return r, r
        rs = self.to_raw[start]
        re_ = self.raw_ends[end - 1]
        return rs, max(re_, rs)

    @classmethod
    def identity(cls, raw: str) -> "CleanText":
        return cls.from_runs(raw, OffsetRuns.identity(len(raw)), len(raw))


class EditableText:
    """A text being normalised, with each character's raw source [start, end) (as runs).

    Passes find edits (start, end, replacement) on the current text and `apply` them all at once,
    so each pass is one linear rebuild whatever the number of edits.
    """

    __slots__ = ("text", "map", "raw_len")

    def __init__(self, raw: str):
        self.text = raw
        self.map = OffsetRuns.identity(len(raw))
        self.raw_len = len(raw)

    def apply(self, edits: list[tuple[int, int, str]]) -> None:
        """Replace each [start, end) by its string; edits must be sorted and must not overlap."""
        if not edits:
            return
        text, src = self.text, self.map
        n_text = len(text)
        out: list[str] = []
        dst = OffsetRuns()
        pos = 0
        for s, e, rep in edits:
            if s < pos:  # overlapping edit: the earlier one wins
                continue
            out.append(text[pos:s])
            src.copy_to(dst, pos, s)
            n, m = e - s, len(rep)
            if m:
                out.append(rep)
                if n == m:
                    src.copy_to(dst, s, e)
                elif n == 0:  # pure insertion: covers no raw character
                    r = src.start(s) if s < n_text else self.raw_len
                    dst.add(m, r, r, 0)
                else:
                    last_end = src.end(e - 1)
                    for k in range(m):
                        j = s + min(k, n - 1)
                        dst.add(1, src.start(j), last_end if k == m - 1 else src.end(j), 0)
            pos = e
        out.append(text[pos:])
        src.copy_to(dst, pos, n_text)
        # the old text is dropped before the new one is joined: two copies at a time, not three
        self.text = text = None
        self.text = "".join(out)
        self.map = dst

    def freeze(self) -> CleanText:
        """The finished text and its map."""
        return CleanText.from_runs(self.text, self.map, self.raw_len)
