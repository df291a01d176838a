"""Vietnamese time expressions — "ngày 30/6/2021", "quý II", "cuối năm 2013", "hàng tháng", "sau 10 ngày kể từ ngày ký" — as dates.

One compiled pattern finds every expression in a single pass; each becomes a `TimeExpr` whose `date` is
the last day of the period it names (SCHEMA.md: "quý II" of 2013 → 2013-06-30). The words themselves
(month names, quarters, recurrence words, events) live in `extractors/data/time_*.tsv`.

This module only reads times; whether a time is a commitment (a deadline) or names a document, a past
event or a programme is decided by `extractors/deadlines.py`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from pipeline.data_files import read_tsv

DATA_DIR = str(Path(__file__).parent / "data")

KINDS = ("date", "month", "quarter", "year_part", "year", "year_range", "recurrence", "relative", "event", "this_year")


@dataclass(frozen=True)
class TimeExpr:
    """A time expression at clean-text span [start, end).

    `date` is YYYY-MM-DD, the end of the period; None when the expression has no year and none was given,
    or when it is a recurrence or an unresolvable relative time. `year` is the year written in the text.
    `month_day` is where in a year the period ends ((6, 30) for quý II; (9, None) for tháng 9 = month end),
    so a year-less expression can be resolved later with `with_year`.
    """

    start: int
    end: int
    date: str | None
    recurrence: str | None = None
    relative: str | None = None
    kind: str = "date"
    year: int | None = None
    month_day: tuple[int, int | None] | None = None
    prefix: str | None = None  # the word before a year range: "giai đoạn", "nhiệm kỳ", "từ năm" …
    anchor: str | None = None  # for relative times: the event ("signing", "receipt") …
    year_offset: int | None = None  # "năm nay" 0, "năm tới" +1: a year counted from the year of writing

    @property
    def year_less(self) -> bool:
        """A period written without its year ("quý II", "trước ngày 15/3", "cuối năm nay")."""
        return self.year is None and self.month_day is not None

    @property
    def needs_year(self) -> bool:
        return self.date is None and self.year_less

    def with_year(self, year: int | None) -> "TimeExpr":
        """This expression with its period resolved in `year` (only changes year-less expressions)."""
        if not self.year_less or year is None:
            return self
        m, d = self.month_day
        return replace(self, date=period_end(year + (self.year_offset or 0), m, d))


# --- the words (data) ---------------------------------------------------------------------------------


def _rows(name: str, kind: str) -> list[tuple[str, ...]]:
    return [r for r in read_tsv(name, DATA_DIR) if r and r[0] == kind]


def _words(name: str, kind: str) -> dict[str, str]:
    return {r[1].lower(): r[2] for r in _rows(name, kind)}


ROMAN = {k.upper(): int(v) for k, v in _words("time_words.tsv", "roman").items()}
NUMBER_WORDS = {k: int(v) for k, v in _words("time_words.tsv", "number").items()}
MONTH_NAMES = {k: int(v) for k, v in _words("time_words.tsv", "month_name").items()}
YEAR_PARTS = _words("time_words.tsv", "year_part")  # phrase → "MM-DD"
RECURRENCE_WORDS = _words("time_words.tsv", "recurrence")  # phrase → monthly …
PERIOD_UNITS = {k: (None if v == "-" else v) for k, v in _words("time_words.tsv", "period_unit").items()}
ANCHORS = {r[1].lower(): (r[2], r[3] == "yes") for r in _rows("time_events.tsv", "anchor")}
EVENTS = {r[1].lower(): r[2] for r in _rows("time_events.tsv", "event")}
EVENT_OBJECTS = [r[1] for r in _rows("time_events.tsv", "object")]
SELF_NOUNS = [r[1] for r in _rows("time_events.tsv", "self")]
ADOPTERS = [r[1] for r in _rows("time_events.tsv", "adopter")]
YEAR_WORDS = {k: int(v) for k, v in _words("time_words.tsv", "year_word").items()}
RANGE_PREFIXES = [r[1] for r in _rows("time_words.tsv", "range_prefix")]
RELATIVE_LEADS = [r[1] for r in _rows("time_words.tsv", "relative_lead")]
RANGE_PREFIX_ROLES = _words("time_words.tsv", "range_prefix")  # phrase → term / period / -
DURATION_UNITS = _words("time_words.tsv", "duration_unit")  # phrase → D / W / M / Y
WORKING_DAYS = set(_words("time_words.tsv", "working_days"))
RATE_UNITS = list(_words("time_words.tsv", "rate_unit"))
YEAR_WORD_STOPS = list(_words("time_words.tsv", "year_word_stop"))
OBJECT_STOPS = [r[1] for r in _rows("time_events.tsv", "object_stop")]

# Shortest first: in "định kỳ theo tuần, tháng, quý" the most frequent duty the schema can name wins.
_RECURRENCE_ORDER = ("monthly", "quarterly", "half_yearly", "yearly")


def _space(phrase: str) -> str:
    """A phrase as a pattern: any run of whitespace (line breaks too) between its words."""
    return r"\s+".join(re.escape(w) for w in phrase.split())


def _alt(phrases) -> str:
    return "|".join(_space(p) for p in sorted(set(phrases), key=lambda p: (-len(p), p)))


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


_Y = r"(?:19|20)\d\d"
_ROMAN_RE = "|".join(sorted(ROMAN, key=len, reverse=True))
_NUMW = _alt(NUMBER_WORDS)
_QTOK = (r"(?:(?-i:" + "|".join(k for k in sorted(ROMAN, key=len, reverse=True) if ROMAN[k] <= 4) + r")|0?[1-4]|"
         + _alt(w for w, n in NUMBER_WORDS.items() if n <= 4) + r")(?!\w)")
_MONTH_TOK = (r"(?:\d{1,2}|(?-i:" + _ROMAN_RE + r")|"
              + _alt([w for w, n in NUMBER_WORDS.items() if n <= 12 and w != "năm"] + list(MONTH_NAMES)) + r")(?!\w)")
_UNIT = _alt(PERIOD_UNITS)
_SEP_LIST = r"\s*(?:,|và|hoặc|/|-)\s*"  # "tuần, tháng", "quý và năm"
_DM = r"\d{1,2}(?:\s*/\s*|[.\-])\d{1,2}(?!\d|\s*/\s*\d|[.\-]\d)"

# between "tháng"/"quý" and its number: a line break only when the number does not open a table row ("Báo cáo
# tháng" ends one row's last cell, "3 | …" or "3" alone on its line is the next row's number)
_NOUN_GAP = r"(?:[^\S\n]+|[^\S\n]*\n\s*(?!\d{1,2}[^\S\n]*(?:\||\n|$)))"
_RANGE_PREFIX = _alt(RANGE_PREFIXES)
_REL_LEAD = _alt(RELATIVE_LEADS)
_ANCHOR = _alt(ANCHORS)
_SELF = (r"(?:(?:" + _alt(SELF_NOUNS) + r")(?:\s+này\s+(?:được\s+)?|\s+được\s+)"  # "ngày Kế hoạch (này) được ban hành"
         r"|(?-i:" + _alt(ADOPTERS) + r")(?:\s+(?:tỉnh|thành\s+phố|huyện|quận|thị\s+xã|xã|phường))?\s+)?")  # "ngày HĐND tỉnh thông qua"
_YEAR_WORD = r"(?:" + _alt(YEAR_WORDS) + r")(?!\w)(?!\s+(?:" + _alt(YEAR_WORD_STOPS) + r")(?!\w))"  # not "năm sau khi …"

# One alternative per form, each with its named group; the first that matches at a position wins, so
# longer forms come before the shorter ones they contain.
_FORMS = [
    # sau 10 (mười) ngày kể từ ngày ký | trong thời hạn 15 ngày kể từ ngày ban hành
    r"(?P<rel>(?:" + _REL_LEAD + r")\s+(?P<rel_n>\d{1,3}|" + _NUMW + r")(?:\s*\(\s*[^()\n]{1,30}\))?\s+"
    r"(?P<rel_u>" + _alt(DURATION_UNITS) + r")\s*,?\s*(?:kể\s+)?(?:từ|sau)\s+(?:ngày\s+|khi\s+)?" + _SELF +
    r"(?P<rel_ev>" + _ANCHOR + r")(?!\w))",
    # có hiệu lực (thi hành) kể từ ngày ký
    r"(?P<eff>có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:kể\s+)?từ\s+ngày\s+(?P<eff_ev>" + _ANCHOR + r")(?!\w))",
    # khi ban hành Kế hoạch triển khai
    r"(?P<evt>(?:ngay\s+)?(?:sau\s+)?khi\s+(?P<evt_v>" + _alt(EVENTS) + r")\s+(?P<evt_o>(?:" + _alt(EVENT_OBJECTS)
    + r")(?!\w)(?:\s+(?!(?:" + _alt(OBJECT_STOPS) + r")(?!\w))[^\W\d_]+){0,2}))",
    # ngày 30/6/2021, 30-6-2021, 30.6.2021
    r"(?P<dmy>(?:ngày\s+)?(?<![\d/.\-])(?P<d1>\d{1,2})(?P<s1>\s*/\s*|[.\-]|\s-\s)(?P<m1>\d{1,2})(?P=s1)"
    r"(?P<y1>" + _Y + r")(?![\d/]))",
    # ngày 30 tháng 6 năm 2021 (the year may be missing)
    r"(?P<dmw>ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})(?:\s*,?\s*(?:năm|/)\s*(?P<y2>" + _Y + r"))?(?![\d/]))",
    # ngày 15/3, trước 15/3; ngày 15/6 và 15/12 (each day its own expression, see _split_days)
    r"(?P<dm>(?:ngày\s+|(?<=trước\s)|(?<=Trước\s))" + _DM + r"(?:\s*(?:,|và|hoặc)\s*(?:ngày\s+)?" + _DM + r")*)",
    # quý II, quý II và quý III, quý 1/2022, quý IV năm 2020
    r"(?P<qtr>quý" + _NOUN_GAP + r"(?P<q>" + _QTOK + r"(?:\s*(?:,|và|hoặc|-|–|đến|tới)\s*(?:quý\s+)?" + _QTOK + r")*)"
    r"(?:\s*(?:/|,?\s*năm|của\s+năm)\s*(?P<yq>" + _Y + r"))?(?![\d/]))",
    # hàng tháng, định kỳ hàng năm, 6 tháng và cả năm, mỗi năm
    r"(?P<rec>(?:định\s+kỳ\s+)?(?P<rw>" + _alt(RECURRENCE_WORDS) + r")(?!\w))",
    # định kỳ theo tuần, tháng
    r"(?P<rlist>định\s+kỳ\s+(?:theo\s+|vào\s+|hàng\s+|hằng\s+)?"
    r"(?P<rl>(?:" + _UNIT + r")(?:" + _SEP_LIST + r"(?:theo\s+|hàng\s+|hằng\s+|cả\s+)?(?:" + _UNIT + r"))*)(?!\w))",
    # cuối năm 2013, 6 tháng đầu năm (not "đầu năm học")
    r"(?P<ypt>(?P<yp>" + _alt(YEAR_PARTS) + r")(?!\w)(?!\s+học)"
    r"(?:\s*/?\s*(?:năm\s+)?(?P<yyp>" + _Y + r")|\s+(?P<ypw>" + _YEAR_WORD + r"))?(?![\d/]))",
    # tháng 9/2024, tháng 9 năm 2024, tháng 10
    r"(?P<mon>tháng" + _NOUN_GAP + r"(?P<mo>" + _MONTH_TOK + r")(?:\s*(?:/|-|,?\s*năm)\s*(?P<ym>" + _Y + r"))?(?![\d/]))",
    # giai đoạn 2011 - 2013, từ năm 2021 đến năm 2025, 2016-2020
    r"(?P<rng>(?:(?P<rp>" + _RANGE_PREFIX + r")\s+)?(?<![\d/.\-])(?P<ra>" + _Y + r")"
    r"(?P<rs>\s*(?:[-–—]+|đến(?:\s+năm)?|tới(?:\s+năm)?)\s*|\s+|)(?P<rb>" + _Y + r")(?![\d/]))",
    # "02 đợt trong năm.": within the year the document plans for (resolved by extractors/deadlines.py)
    r"(?P<this>(?<=trong\s)năm(?=\s*[.,;:)]|\s*$))",
    # Năm 2018 và 2019, Năm 2018/2019, Năm 2019, 2020: due when the last of the years ends
    r"(?P<ylist>năm\s+(?P<yl1>" + _Y + r")(?:\s*(?:,|và|/)\s*(?P<yl2>" + _Y + r"))(?![\d/]))",
    # năm 2021
    r"(?P<yr>năm\s+(?:(?P<y>" + _Y + r")(?![\d/])|(?P<yw>" + _YEAR_WORD + r")))",
]
# 05 đơn vị/quý, 02 lần/năm: a rate, right after a word
_RATE = r"(?:(?<=[^\W\d_])|(?<=%))(?P<rate>\s*/\s*(?P<ru>" + _alt(RATE_UNITS) + r")(?!\w))"
# Every form starts with a digit or one of these letters: checking that first spares the regex engine
# trying each form at every word of the text.
_FIRST = sorted({c for w in [*RECURRENCE_WORDS, *YEAR_PARTS, *RANGE_PREFIXES, *RELATIVE_LEADS,
                             "có", "ngay", "khi", "ngày", "quý", "định", "tháng", "năm"]
                 for c in (w[0].lower(), w[0].upper())} - set("0123456789"))
_PATTERN = re.compile(r"(?<!\w)(?=[\d" + "".join(_FIRST) + r"])(?:" + "|".join(_FORMS) + r")|" + _RATE, re.IGNORECASE)


# --- dates ----------------------------------------------------------------------------------------------


def period_end(year: int, month: int | None = None, day: int | None = None, quarter: int | None = None) -> str | None:
    """The last day of a period as YYYY-MM-DD: a year, a quarter, a month, or one day. None if impossible."""
    if quarter is not None:
        month = 3 * quarter
    if month is None:
        month, day = 12, 31
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        day = last
    if not 1 <= day <= last:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _add(iso: str, n: int, unit: str) -> str | None:
    try:
        d = date.fromisoformat(iso)
    except ValueError:  # an issue date the metadata could only half read
        return None
    if unit == "D":
        return (d + timedelta(days=n)).isoformat()
    if unit == "W":
        return (d + timedelta(weeks=n)).isoformat()
    months = n * (12 if unit == "Y" else 1)
    y, m = divmod(d.month - 1 + months, 12)
    y += d.year
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1])).isoformat()


def _number(tok: str) -> int | None:
    tok = _norm(tok)
    if tok.isdigit():
        return int(tok)
    if tok.upper() in ROMAN:
        return ROMAN[tok.upper()]
    return NUMBER_WORDS.get(tok, MONTH_NAMES.get(tok))


_QTOK_RE = re.compile(_QTOK, re.IGNORECASE)
_UNIT_RE = re.compile(r"(?<!\w)(?:" + _UNIT + r")(?!\w)", re.IGNORECASE)


def _shortest(units) -> str | None:
    found = {PERIOD_UNITS.get(_norm(u)) for u in units}
    return next((r for r in _RECURRENCE_ORDER if r in found), None)


def _relative(n: int, unit: str, anchor: str, resolvable: bool, issue_date: str | None) -> tuple[str, str | None]:
    code = DURATION_UNITS[unit]
    text = f"P{n}{code} after {anchor}"
    if unit in WORKING_DAYS:
        return f"P{n}D (working days) after {anchor}", None
    return text, (_add(issue_date, n, code) if resolvable and issue_date else None)


def _build(m: re.Match, context_year: int | None, issue_date: str | None) -> TimeExpr | None:
    g = m.groupdict()
    s, e = m.start(), m.end()

    def dated(kind, year, month=None, day=None, offset=None, **kw):
        md = (month or 12, day if month else 31)
        if year is None:
            if period_end(2000, *md) is None:  # impossible month/day, even in a leap year
                return None
            d = period_end(context_year + (offset or 0), *md) if context_year else None
            return TimeExpr(s, e, d, kind=kind, month_day=md, year_offset=offset, **kw)
        d = period_end(year, *md)
        return TimeExpr(s, e, d, kind=kind, year=year, month_day=md, **kw) if d else None

    if g["rel"]:
        n = _number(g["rel_n"])
        anchor, ok = ANCHORS[_norm(g["rel_ev"])]
        rel, d = _relative(n, _norm(g["rel_u"]), anchor, ok, issue_date)
        return TimeExpr(s, e, d, relative=rel, kind="relative", anchor=anchor)
    if g["eff"]:
        anchor, ok = ANCHORS[_norm(g["eff_ev"])]
        return TimeExpr(s, e, issue_date if ok else None, relative=f"P0D after {anchor}", kind="relative", anchor=anchor)
    if g["evt"]:
        return TimeExpr(s, e, None, relative=f"on {EVENTS[_norm(g['evt_v'])]} {' '.join(g['evt_o'].split())}",
                        kind="event", anchor=EVENTS[_norm(g["evt_v"])])
    if g["dmy"]:
        return dated("date", int(g["y1"]), int(g["m1"]), int(g["d1"]))
    if g["dmw"]:
        return dated("date", int(g["y2"]) if g["y2"] else None, int(g["m2"]), int(g["d2"]))
    if g["dm"]:
        return None  # several days in one match: _split_days
    if g["qtr"]:
        q = _number(_QTOK_RE.findall(g["q"])[-1])  # "quý II và quý III": due when the later one ends
        return dated("quarter", int(g["yq"]) if g["yq"] else None, 3 * q) if q and 1 <= q <= 4 else None
    if g["rec"]:
        return TimeExpr(s, e, None, recurrence=RECURRENCE_WORDS[_norm(g["rw"])], kind="recurrence")
    if g["rlist"]:
        rec = _shortest(_UNIT_RE.findall(g["rl"]))
        return TimeExpr(s, e, None, recurrence=rec, kind="recurrence") if rec else None
    if g["rate"]:
        rec = PERIOD_UNITS.get(_norm(g["ru"]))
        return TimeExpr(s, e, None, recurrence=rec, kind="recurrence") if rec else None
    if g["ypt"]:
        mm, dd = map(int, YEAR_PARTS[_norm(g["yp"])].split("-"))
        offset = YEAR_WORDS[_norm(g["ypw"])] if g["ypw"] else None
        return dated("year_part", int(g["yyp"]) if g["yyp"] else None, mm, dd, offset)
    if g["mon"]:
        mo = _number(g["mo"])
        return dated("month", int(g["ym"]) if g["ym"] else None, mo) if mo and 1 <= mo <= 12 else None
    if g["rng"]:
        a, b = int(g["ra"]), int(g["rb"])
        prefix = _norm(g["rp"]) if g["rp"] else None
        if not g["rs"].strip() and not prefix:  # "2011 2015" or "20112015" only after "giai đoạn", "năm" …
            return None
        if not 0 < b - a <= 30:
            return None
        return dated("year_range", b, prefix=prefix)
    if g["ylist"]:
        a, b = int(g["yl1"]), int(g["yl2"])
        return dated("year_range", b, prefix="năm") if 0 < b - a <= 5 else None
    if g["this"]:
        return dated("this_year", None)
    if g["yr"]:
        if g["yw"]:
            return dated("year", None, offset=YEAR_WORDS[_norm(g["yw"])])
        return dated("year", int(g["y"]))
    return None


def find_time_expressions(text: str, start: int = 0, end: int | None = None, context_year: int | None = None,
                          issue_date: str | None = None) -> list[TimeExpr]:
    """Every time expression in text[start:end], in order, none overlapping.

    `context_year` dates year-less expressions ("quý II", "trước ngày 15/3"); `issue_date` (YYYY-MM-DD)
    resolves times relative to the document's signing ("sau 10 ngày kể từ ngày ký").
    """
    end = len(text) if end is None else end
    out = []
    for m in _PATTERN.finditer(text, start, end):
        if m.group("dm"):
            out.extend(_split_days(m, context_year))
            continue
        t = _build(m, context_year, issue_date)
        if t is not None:
            out.append(t)
    return _share_years(text, out)


_COORDINATOR = re.compile(r"\s*(?:,|và|hoặc|đến|tới|-|–)\s*", re.IGNORECASE)


def _share_years(text: str, times: list[TimeExpr]) -> list[TimeExpr]:
    """"tháng 6 và tháng 12 năm 2022", "ngày 15/6 và 15/12/2022": the year written last is the year of all."""
    for i in range(len(times) - 2, -1, -1):
        t, nxt = times[i], times[i + 1]
        if t.year_less and t.year_offset is None and nxt.year and nxt.kind in ("date", "month", "quarter") \
                and _COORDINATOR.fullmatch(text, t.end, nxt.start):
            times[i] = replace(t.with_year(nxt.year), year=nxt.year)
    return times


_DM_RE = re.compile(r"(?P<d>\d{1,2})(?:\s*/\s*|[.\-])(?P<m>\d{1,2})")


def _split_days(m: re.Match, context_year: int | None) -> list[TimeExpr]:
    """"ngày 15/6 và 15/12": two year-less days, each a separate expression."""
    out = []
    for i, dm in enumerate(_DM_RE.finditer(m.group("dm"))):
        md = (int(dm["m"]), int(dm["d"]))
        if period_end(2000, *md) is None:
            continue
        base = m.start("dm")
        s = base if i == 0 else base + dm.start()
        out.append(TimeExpr(s, base + dm.end(), period_end(context_year, *md) if context_year else None,
                            kind="date", month_day=md))
    return out
