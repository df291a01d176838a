"""Numbers as Vietnamese official texts write them: "05", "1.000", "1,7 triệu", "30% - 40%", "hai mươi lăm", "10 (mười)".

`find_numbers(text)` makes one pass of compiled regexes over the text and returns `Number`s with
their spans; the number words (một, mươi, trăm, nghìn …) are data in `data/number_words.tsv`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _load_words() -> dict[str, tuple[int, str]]:
    words: dict[str, tuple[int, str]] = {}
    for line in (DATA / "number_words.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, value, kind = line.split("\t")[:3]
        words[word] = (int(value), kind)
    return words


WORDS = _load_words()
# A spelled number may not start with these: "không" (not), "tư" (đầu tư), "lăm", "mốt", "linh", "lẻ",
# "mươi" and the scale words only continue a number; "năm" (year) starts one only before mươi/trăm/…
_NO_START = {w for w, (v, k) in WORDS.items() if k in ("link", "scale")} | {"không", "tư", "lăm", "nhăm", "mốt", "mươi"}
_SCALES = {w: v for w, (v, k) in WORDS.items() if k == "scale" and v >= 1000}

_WORD_ALT = "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True))
_DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d+(?:[,.]\d+)?"
# One alternation: digits, or a run of number words.  Digits glued to "/" or letters are references.
# "xếp thứ 12/63 tỉnh": a place out of a total is a number, though digits around "/" are references elsewhere
_NUMBER = re.compile(
    r"(?<=thứ\s)(?P<r>\d{1,3})(?=\s*/\s*\d{1,3}(?!\d))"
    rf"|(?<![\w/.,])(?P<d>{_DIGITS})(?![\w/]|[-:]\w*[^\W\d])"
    rf"|(?<!\w)(?P<w>(?:{_WORD_ALT})(?:[ \t]+(?:{_WORD_ALT}))*)(?!\w)",
    re.IGNORECASE,
)
_OF_TOTAL = re.compile(r"\s*/\s*\d{1,3}")
_PERCENT = re.compile(r"[ \t]*(?:%|phần[ \t]+trăm(?!\w))", re.IGNORECASE)
_ECHO = re.compile(rf"[ \t]*\([ \t]*((?:{_WORD_ALT})(?:[ \t]+(?:{_WORD_ALT}))*)[ \t]*\)", re.IGNORECASE)
_RANGE_SEP = re.compile(r"[ \t]*(?:[-–—]|đến(?!\w)|tới(?!\w))[ \t]*", re.IGNORECASE)
_SCALE_AFTER = re.compile(rf"[ \t]+({'|'.join(map(re.escape, _SCALES))})(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Number:
    """A number in the text. `start`/`end` cover it with its echo, range and % sign."""

    start: int
    end: int
    value: float
    value_max: float | None = None  # "30% - 40%" → 30, 40
    percent: bool = False
    spelled: bool = False  # written in words: "ít nhất một"
    scale: str | None = None  # "1,7 triệu": value 1.7, scale "triệu" (kept as written, per SCHEMA)
    raw: str = ""


def parse_digits(s: str) -> float:
    """'05' → 5, '1.000' → 1000, '1,7' → 1.7, '12.500,5' → 12500.5, '2.5' → 2.5."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "")
    return float(s.replace(",", "."))


def parse_words(words: list[str]) -> int | None:
    """Vietnamese number words → int: 'hai mươi lăm' → 25, 'một trăm linh năm' → 105; None if not a number."""
    total = seg = 0
    last = 0
    seen = False
    for w in words:
        value, kind = WORDS[w.lower()]
        if kind == "digit":
            seg += value
            last = value
        elif kind == "ten":
            if w.lower() == "mươi":
                seg += last * 9  # the digit before it was tens, not units
            else:
                seg += 10
            last = 0
        elif kind == "scale" and value == 100:
            seg = (seg or 1) * 100
            last = 0
        elif kind == "scale":
            total += (seg or 1) * value
            seg = last = 0
        seen = True
    return total + seg if seen else None


def _valid_spelled(words: list[str]) -> list[str]:
    """The longest prefix of a run of number words that reads as a number ("năm 2021" is a year,
    "một năm" is one year, "đầu tư" is not four)."""
    lw = [w.lower() for w in words]
    if lw[0] in _NO_START:
        return []
    kept: list[str] = []
    for i, w in enumerate(lw):
        nxt = WORDS[lw[i + 1]][1] if i + 1 < len(lw) else None
        prev = WORDS[lw[i - 1]][1] if i else None
        if w == "năm" and nxt not in ("ten", "scale") and prev != "link":
            break
        if prev == "digit" and WORDS[w][1] == "digit":
            break  # "một hai" is two numbers, not one
        kept.append(words[i])
    return kept


def find_numbers(text: str) -> list[Number]:
    out: list[Number] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _NUMBER.search(text, pos)
        if not m:
            break
        start, end = m.start(), m.end()
        if m.group("r"):
            total = _OF_TOTAL.match(text, end)
            out.append(Number(start, total.end(), float(m.group("r")), raw=text[start:total.end()]))
            pos = total.end()
            continue
        spelled = m.group("w") is not None
        if spelled:
            run = m.group("w").split()
            words = _valid_spelled(run)
            if not words:
                pos = start + len(run[0])
                continue
            if len(words) < len(run):
                end = start + len(" ".join(words)) if " ".join(run) == m.group("w") else _words_end(text, start, len(words))
            value = float(parse_words(words))
        else:
            value = parse_digits(m.group("d"))
            # a dotted non-thousands number like "2.1" is a section label unless a % follows
            if "." in m.group("d") and "," not in m.group("d") and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+", m.group("d")):
                if not _PERCENT.match(text, end) and not _SCALE_AFTER.match(text, end):
                    head = m.group("d").split(".")[0]
                    value = float(head)
                    end = start + len(head)
        out_end = end
        scale = None
        e = _ECHO.match(text, out_end)
        if e and not spelled:
            ew = e.group(1).split()
            if parse_words(ew) == value:
                out_end = e.end()
        sc = _SCALE_AFTER.match(text, out_end)
        if sc and not spelled:
            scale = sc.group(1).lower()
            out_end = sc.end()
        p = _PERCENT.match(text, out_end)
        percent = bool(p)
        if p:
            out_end = p.end()
        value_max = None
        r = _RANGE_SEP.match(text, out_end)
        if r:
            m2 = _NUMBER.match(text, r.end())
            if m2 and m2.group("d"):
                v2 = parse_digits(m2.group("d"))
                p2 = _PERCENT.match(text, m2.end())
                if v2 > value and (p2 or not percent) and (percent or p2 or not _looks_like_year(value)):
                    value_max = v2
                    out_end = m2.end()
                    if p2:
                        out_end = p2.end()
                        percent = True
        out.append(Number(start, out_end, value, value_max, percent, spelled, scale, text[start:out_end]))
        pos = max(out_end, end)
    return out


def _words_end(text: str, start: int, count: int) -> int:
    """End offset of the first `count` whitespace-separated words from `start`."""
    it = re.finditer(r"\S+", text[start:])
    last = None
    for _, last in zip(range(count), it):
        pass
    return start + last.end()


def _looks_like_year(v: float) -> bool:
    return v.is_integer() and 1900 <= v <= 2100
