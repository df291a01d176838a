"""Where the line holding an offset starts and ends, and whether a span holds a "|", by a bisect over the
positions of the text's line breaks and bars (found once per text): the same answers as `text.rfind("\\n", 0,
pos) + 1`, `text.find("\\n", pos)` and `"|" in text[a:b]`, without reading the whole line, so that a text without
line breaks (one line of a million characters) costs what the same text with them costs."""

from __future__ import annotations

import bisect
import re

_WS = re.compile(r"\s*")
_last: tuple[str, list[int], list[int]] | None = None  # (text, its line breaks, its bars): the text last read


def _index(text: str) -> tuple[list[int], list[int]]:
    global _last
    last = _last  # one read: another thread may replace it meanwhile
    if last is None or last[0] is not text:
        last = (text, [m.start() for m in re.finditer("\n", text)], [m.start() for m in re.finditer(r"\|", text)])
        _last = last
    return last[1], last[2]


def line_start(text: str, pos: int) -> int:
    """`text.rfind("\\n", 0, pos) + 1`."""
    breaks = _index(text)[0]
    k = bisect.bisect_left(breaks, pos) - 1
    return breaks[k] + 1 if k >= 0 else 0


def line_end(text: str, pos: int) -> int:
    """`text.find("\\n", pos)`, or len(text) when no line break follows."""
    breaks = _index(text)[0]
    k = bisect.bisect_left(breaks, max(pos, 0))
    return breaks[k] if k < len(breaks) else len(text)


def has_bar(text: str, a: int, b: int) -> bool:
    """`"|" in text[a:b]` (a <= b, both within the text)."""
    bars = _index(text)[1]
    k = bisect.bisect_left(bars, a)
    return k < len(bars) and bars[k] < b


def blank(text: str, a: int, b: int) -> bool:
    """`not text[a:b].strip()`: only white space in [a, b), read up to its first other character."""
    return a >= b or _WS.match(text, a, b).end() == b


_found: dict[re.Pattern, tuple[str, list[int]]] = {}  # pattern → (the text last read, where its matches start)


def match_starts(text: str, pattern: re.Pattern) -> list[int]:
    """Where `pattern`'s matches in the whole text start (finditer), found once per text."""
    last = _found.get(pattern)
    if last is None or last[0] is not text:
        last = (text, [m.start() for m in pattern.finditer(text)])
        _found[pattern] = last
    return last[1]


def searches(text: str, pattern: re.Pattern, a: int, b: int) -> bool:
    """`bool(pattern.search(text[a:b]))` for a pattern with no anchor or look-around whose matches cannot overlap
    (each starts with a word that cannot stand inside another): a match in [a, b) starts where a match of the
    whole text starts, so only from the first such start on is the text read."""
    starts = match_starts(text, pattern)
    k = bisect.bisect_left(starts, a)
    return k < len(starts) and starts[k] < b and pattern.search(text, starts[k], b) is not None


def breaks_in(text: str, a: int, b: int) -> list[int]:
    """The positions of the line breaks in [a, b), in order."""
    breaks = _index(text)[0]
    return breaks[bisect.bisect_left(breaks, a):bisect.bisect_left(breaks, b)]


def last_lead_in(text: str, a: int, b: int) -> tuple[int, int] | None:
    """The span of the last match of `[^\\n]*:[ \\t]*\\n` in text[a:b] (a lead-in line ending in ":"), found from
    the last line break backwards: each match is one whole line (its part from `a` for the first), so the lines
    are tested from their end instead of the pattern being tried at every character of every line."""
    breaks = breaks_in(text, a, b)
    for k in range(len(breaks) - 1, -1, -1):
        nl = breaks[k]
        start = breaks[k - 1] + 1 if k > 0 else max(a, line_start(text, nl))
        j = nl
        while j > start and text[j - 1] in " \t":
            j -= 1
        if j > start and text[j - 1] == ":":
            return start, nl + 1
    return None
