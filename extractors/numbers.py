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
_ROLES: dict[str, list[str]] = {}
for _line in (DATA / "number_roles.tsv").read_text(encoding="utf-8").splitlines():
    if _line.strip() and not _line.startswith("#"):
        _w, _role = _line.split("\t")[:2]
        _ROLES.setdefault(_role, []).append(_w)
_TENS_AFTER_DIGIT = set(_ROLES["tens_after_digit"])
_YEAR_WORDS = set(_ROLES["year_word"])
# A spelled number may not start with these: "không" (not), "tư" (đầu tư), "lăm", "mốt", "linh", "lẻ",
# "mươi" and the scale words only continue a number; "năm" (year) starts one only before mươi/trăm/…
_NO_START = {w for w, (v, k) in WORDS.items() if k in ("link", "scale")} | set(_ROLES["no_start"])
_SCALES = {w: v for w, (v, k) in WORDS.items() if k == "scale" and v >= 1000}

_WORD_ALT = "|".join(sorted(map(re.escape, WORDS), key=len, reverse=True))
_GLUED_BEFORE = "|".join(rf"(?<=(?<!\w){re.escape(w)})" for w in _ROLES["glued_before"])
_DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d+(?:[,.]\d+)?"
# One alternation: digits, or a run of number words.  Digits glued to "/" or letters are references.
# "xếp thứ 12/63 tỉnh": a place out of a total is a number, though digits around "/" are references elsewhere
_NUMBER = re.compile(
    r"(?:" + "|".join(rf"(?<={re.escape(w)}\s)" for w in _ROLES["ordinal"]) + r")(?P<r>\d{1,3})(?=\s*/\s*\d{1,3}(?!\d))"
    # digits may run into a lower-case unit ("596tỷđ", "60trđ/người/năm"), not into a code ("4G", "H5N1")
    rf"|(?:(?<![\w/.,])|{_GLUED_BEFORE})(?P<d>{_DIGITS})(?!(?-i:[A-ZĐ0-9_/])|[-:]\w*[^\W\d])"
    rf"|(?<!\w)(?P<w>(?:{_WORD_ALT})(?:[ \t]+(?:{_WORD_ALT}))*)(?!\w)",
    re.IGNORECASE,
)
_PER_MILLE_MARK = re.compile(r"[ \t]*%[0o](?!\w)")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_WORD = re.compile(r"\w+")
_ECHO_DIGITS = re.compile(r"[ \t]*\([ \t]*(\d+)[ \t]*\)")
_OF_TOTAL = re.compile(r"\s*/\s*\d{1,3}")
_PERCENT = re.compile(r"[ \t]*(?:%(?![0o])|" + "|".join(r"[ \t]+".join(map(re.escape, w.split())) for w in _ROLES["percent"])
                      + r"(?!\w))", re.IGNORECASE)
_ECHO = re.compile(rf"[ \t]*\([ \t]*((?:{_WORD_ALT})(?:[ \t]+(?:{_WORD_ALT}))*)[ \t]*\)", re.IGNORECASE)
_RANGE_SEP = re.compile(r"[ \t]*(?:[-–—]|" + "|".join(re.escape(w) + r"(?!\w)" for w in _ROLES["range"]) + r")[ \t]*",
                        re.IGNORECASE)
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
            if w.lower() in _TENS_AFTER_DIGIT:
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
        if w in _YEAR_WORDS and nxt not in ("ten", "scale") and prev != "link":
            break
        if prev == "digit" and WORDS[w][1] == "digit":
            break  # "một hai" is two numbers, not one
        kept.append(words[i])
    return kept


def find_numbers(text: str) -> list[Number]:
    """Every number in `text`, in order, none overlapping, each with its echo, scale word, % and range."""
    out: list[Number] = []
    pos = 0
    while True:
        m = _NUMBER.search(text, pos)
        if not m:
            return out
        if m.group("r"):
            total = _OF_TOTAL.match(text, m.end())
            out.append(Number(m.start(), total.end(), float(m.group("r")), raw=text[m.start():total.end()]))
            pos = total.end()
            continue
        head = _spelled(text, m) if m.group("w") is not None else _digits(text, m)
        if head is None:  # not a number after all: skip its first word
            pos = m.start() + len(m.group(0).split()[0])
            continue
        value, end = head
        number = _extend(text, m.start(), end, value, spelled=m.group("w") is not None)
        out.append(number)
        pos = max(number.end, end)
        pm = _PER_MILLE_MARK.match(text, pos)
        if pm:  # "12,5 %0": the sign of a rate per thousand, not a second number
            pos = pm.end()


def _digits(text: str, m: re.Match) -> tuple[float, int]:
    written, end = m.group("d"), m.end()
    # a dotted number that is not thousands ("2.1") is a section label unless a % or scale word follows
    if "." in written and "," not in written and not _THOUSANDS.fullmatch(written):
        if not _PERCENT.match(text, end) and not _SCALE_AFTER.match(text, end):
            written = written.split(".")[0]
            end = m.start() + len(written)
    return parse_digits(written), end


def _spelled(text: str, m: re.Match) -> tuple[float, int] | None:
    words = _valid_spelled(m.group("w").split())
    if not words:
        return None
    end = m.start()
    for _, w in zip(words, _WORD.finditer(text, m.start())):
        end = w.end()
    return float(parse_words(words)), end


def _extend(text: str, start: int, end: int, value: float, spelled: bool) -> Number:
    """The number with what follows it: an echo "(mười)" or "(10)", a scale word, a % sign, a range."""
    scale = None
    echo = (_ECHO_DIGITS if spelled else _ECHO).match(text, end)
    if echo and (float(echo.group(1)) if spelled else parse_words(echo.group(1).split())) == value:
        end = echo.end()
    sc = None if spelled else _SCALE_AFTER.match(text, end)
    if sc:
        scale, end = sc.group(1).lower(), sc.end()
    p = _PERCENT.match(text, end)
    percent = bool(p)
    if p:
        end = p.end()
    value_max = None
    r = _RANGE_SEP.match(text, end)
    m2 = _NUMBER.match(text, r.end()) if r else None
    if m2 and m2.group("d"):
        v2 = parse_digits(m2.group("d"))
        p2 = _PERCENT.match(text, m2.end())
        # "30% - 40%", "30-40%", "từ 3 đến 5 lớp"; not "2011-2015" and not "40% - 5"
        if v2 > value and (p2 or not percent) and (percent or p2 or not _looks_like_year(value)):
            value_max, end = v2, (p2.end() if p2 else m2.end())
            percent = percent or bool(p2)
    return Number(start, end, value, value_max, percent, spelled, scale, text[start:end])


def _looks_like_year(v: float) -> bool:
    return v.is_integer() and 1900 <= v <= 2100
