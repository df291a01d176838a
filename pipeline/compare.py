"""Comparing plans across years: the same indicator linked across documents, its value per year, changes marked."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.review.decisions import comparator_label

DATA = Path(__file__).resolve().parent / "data"
SIMILAR = 0.6  # indicator phrases at least this similar are the same indicator when no code links them
CHANGES = ("new", "raised", "lowered", "unchanged", "dropped")
CHANGE_MARKS = {"new": "✚ new", "raised": "↑ raised", "lowered": "↓ lowered", "unchanged": "= unchanged",
                "dropped": "✖ dropped", "": ""}
LONG_COLUMNS = ("issuer", "line", "indicator", "indicator_code", "unit", "year", "doc", "comparator", "value",
                "value_max", "change", "comparator_changed", "target_id", "quote")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    words = set()
    for line in (DATA / "indicator_stopwords.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.add(unicodedata.normalize("NFC", line.split("\t")[0].strip().lower()))
    return frozenset(words)


# old-style tone placement (hoà, uỷ) → the one the rest of the text uses (hòa, ủy)
_TONE = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy",
         "uỹ": "ũy", "uỵ": "ụy", "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe"}
_TONE_RE = re.compile("|".join(_TONE))
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


_YEAR = re.compile(r"(19|20)\d\d")


@lru_cache(maxsize=65536)
def phrase_tokens(text: str | None) -> tuple[str, ...]:
    """An indicator phrase as comparable syllables: NFC, lower case, one tone placement, no stop words
    and no years ("năm 2022" says when, not what)."""
    if not text:
        return ()
    text = unicodedata.normalize("NFC", str(text)).lower()
    text = _TONE_RE.sub(lambda m: _TONE[m.group(0)], text)
    stop = _stopwords()
    return tuple(w for w in _WORD.findall(text) if w not in stop and not _YEAR.fullmatch(w))


@lru_cache(maxsize=262144)
def similarity(a: str | None, b: str | None) -> float:
    """How alike two indicator phrases are: the better of syllable Jaccard and difflib's ratio.

    difflib runs only when the phrases share enough syllables to be the same indicator at all:
    it is the costly part, and linking compares every target of a year with every line.
    """
    ta, tb = phrase_tokens(a), phrase_tokens(b)
    if not ta or not tb:
        return 0.0
    if ta == tb:
        return 1.0
    sa, sb = set(ta), set(tb)
    na, nb = {t for t in sa if t.isdigit()}, {t for t in sb if t.isdigit()}
    if na and nb and na != nb:  # "mức độ 3" and "mức độ 4" are two indicators, however alike the words
        return 0.0
    jaccard = len(sa & sb) / len(sa | sb)
    if jaccard < 0.3:
        return jaccard
    matcher = difflib.SequenceMatcher(None, " ".join(ta), " ".join(tb), autojunk=False)
    if matcher.real_quick_ratio() <= jaccard or matcher.quick_ratio() <= jaccard:
        return jaccard
    return max(jaccard, matcher.ratio())


def _blank(v) -> bool:
    """None, NaN, NaT or pd.NA; a list (agencies) is never blank here."""
    if v is None:
        return True
    try:
        na = pd.isna(v)
    except (TypeError, ValueError):
        return False
    return bool(na) if isinstance(na, (bool, np.bool_)) else False


def effective_targets(df: pd.DataFrame) -> pd.DataFrame:
    """Targets as the analysts left them: corrections applied, rejected targets left out."""
    if df.empty:
        return df.copy()
    out = df.copy()
    if "review_status" in out:
        out = out[out["review_status"].fillna("pending") != "rejected"].copy()
        corrected = out["review_status"] == "corrected"
        for name in ("value", "comparator", "unit", "deadline", "indicator"):
            col = f"reviewed_{name}"
            if col in out:
                take = corrected & out[col].notna()
                if take.any():
                    out[name] = out[name].astype(object)
                    out.loc[take, name] = out.loc[take, col]
    return out


def target_year(row) -> int | None:
    """The plan's year when it covers one year, else the year of the target's deadline."""
    ps, pe = row.get("period_start"), row.get("period_end")
    if not _blank(ps) and not _blank(pe) and int(ps) == int(pe):
        return int(ps)
    deadline = row.get("deadline")
    if not _blank(deadline):
        return pd.Timestamp(deadline).year
    if not _blank(pe):
        return int(pe)
    issued = row.get("issue_date")
    if not _blank(issued):
        return pd.Timestamp(issued).year
    return None


def unit_class(unit) -> str:
    if _blank(unit):
        return ""
    u = unicodedata.normalize("NFC", str(unit)).strip().lower()
    return u


def _fold(text) -> str:
    text = unicodedata.normalize("NFD", str(text or "").lower()).replace("đ", "d")
    return re.sub(r"\s+", " ", "".join(c for c in text if unicodedata.category(c) != "Mn")).strip()


@dataclass
class _Line:
    issuer: str
    unit: str
    code: str | None
    phrases: list[str] = field(default_factory=list)
    members: dict[int, dict] = field(default_factory=dict)  # year → target row


def _score(item: dict, line: _Line) -> float | None:
    """How well a target continues a line; None when it cannot."""
    if line.unit != item["_unit"]:
        return None
    code = item.get("indicator_code")
    code = None if _blank(code) else code
    sim = max((similarity(item.get("indicator"), p) for p in line.phrases[-3:]), default=0.0)
    if code and line.code:
        return 1.0 + sim if code == line.code else None
    return sim if sim >= SIMILAR else None


def link_indicators(items: list[dict]) -> list[_Line]:
    """Group targets of one issuer into lines (one indicator followed across years).

    A year gives at most one target to a line. Targets sharing an indicator_code link first; a target
    without a code joins the line whose phrases it resembles most. Pairs are taken best first, so two
    satisfaction targets in each year's plan (citizens, businesses) stay two lines.
    """
    lines: list[_Line] = []
    for year in sorted({it["_year"] for it in items}):
        batch = [it for it in items if it["_year"] == year]
        pairs = []
        for i, it in enumerate(batch):
            for j, line in enumerate(lines):
                if year in line.members:
                    continue
                s = _score(it, line)
                if s is not None:
                    pairs.append((s, i, j))
        pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
        taken_items, taken_lines = set(), set()
        for s, i, j in pairs:
            if i in taken_items or j in taken_lines:
                continue
            taken_items.add(i)
            taken_lines.add(j)
            _join(lines[j], batch[i], year)
        for i, it in enumerate(batch):
            if i not in taken_items:
                code = it.get("indicator_code")
                line = _Line(it["_issuer"], it["_unit"], None if _blank(code) else code)
                lines.append(line)
                _join(line, it, year)
    return lines


def _join(line: _Line, item: dict, year: int) -> None:
    line.members[year] = item
    if item.get("indicator"):
        line.phrases.append(item["indicator"])
    code = item.get("indicator_code")
    if not line.code and not _blank(code):
        line.code = code


def _change(prev: dict, cur: dict) -> str:
    a, b = prev.get("value"), cur.get("value")
    if _blank(a) or _blank(b):
        return "unchanged"
    a, b = float(a), float(b)
    if b == a:
        am, bm = prev.get("value_max"), cur.get("value_max")
        if not _blank(am) and not _blank(bm) and float(am) != float(bm):
            return "raised" if float(bm) > float(am) else "lowered"
        return "unchanged"
    return "raised" if b > a else "lowered"


def _clean(v):
    return None if _blank(v) else v


def compare_targets(df: pd.DataFrame, issuer: str | None = None, indicator: str | None = None) -> pd.DataFrame:
    """Long table: one row per (issuer, indicator line, year) with value, comparator and change.

    `issuer` keeps documents whose issuer contains it (ignoring case and diacritics); `indicator` keeps
    lines whose indicator_code equals it or whose phrases contain it.
    """
    df = effective_targets(df)
    if issuer and not df.empty:
        key = _fold(issuer)
        df = df[df["issuer"].map(lambda s: key in _fold(s))]
    items = []
    for row in df.to_dict("records"):
        year = target_year(row)
        if year is None:
            continue
        row["_year"] = year
        row["_issuer"] = _clean(row.get("issuer")) or "?"
        row["_unit"] = unit_class(row.get("unit"))
        items.append(row)
    items = _restated_once(items)
    out = []
    for iss in sorted({it["_issuer"] for it in items}):
        mine = [it for it in items if it["_issuer"] == iss]
        mine.sort(key=lambda r: (r["_year"], str(r.get("doc")), r.get("char_start") or 0))
        years = sorted({it["_year"] for it in mine})
        for n, line in enumerate(link_indicators(mine)):
            if indicator and not _line_matches(line, indicator):
                continue
            label = line.phrases[-1] if line.phrases else ""
            for k, year in enumerate(years):
                cur = line.members.get(year)
                prev = line.members.get(years[k - 1]) if k else None
                if cur is None:
                    if prev is not None:
                        out.append(_row(iss, n, label, line, year, prev, "dropped", blank=True))
                    continue
                if prev is None:
                    change = "new" if k else ""
                else:
                    change = _change(prev, cur)
                r = _row(iss, n, label, line, year, cur, change)
                r["comparator_changed"] = bool(prev is not None and _clean(prev.get("comparator")) != _clean(cur.get("comparator")))
                out.append(r)
    return pd.DataFrame(out, columns=list(LONG_COLUMNS))


def _restated_once(items: list[dict]) -> list[dict]:
    """A plan often states a target twice (in its objectives, again in a table of indicators): in one
    document, the same code, comparator, value and unit with one phrase inside the other count once."""
    kept: dict[tuple, list[set]] = {}
    out = []
    for it in sorted(items, key=lambda r: (str(r.get("doc")), r.get("char_start") or 0)):
        key = (it.get("doc_id") or it.get("doc"), _clean(it.get("indicator_code")), _clean(it.get("comparator")),
               _num_key(it.get("value")), _num_key(it.get("value_max")), it["_unit"])
        words = set(phrase_tokens(it.get("indicator")))
        if any(_contained(words, other) for other in kept.get(key, [])):
            continue
        kept.setdefault(key, []).append(words)
        out.append(it)
    return out


def _contained(a: set, b: set) -> bool:
    if {t for t in a if t.isdigit()} != {t for t in b if t.isdigit()}:
        return False
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return bool(small) and len(small & large) / len(small) >= 0.8


def _num_key(v):
    return None if _blank(v) else float(v)


def _line_matches(line: _Line, query: str) -> bool:
    if line.code and line.code == query:
        return True
    q = _fold(query)
    return any(q in _fold(p) for p in line.phrases) or (bool(line.code) and q in _fold(line.code))


def _row(issuer, n, label, line, year, item, change, blank=False) -> dict:
    return {"issuer": issuer, "line": n, "indicator": label, "indicator_code": line.code,
            "unit": _clean(item.get("unit")), "year": year, "doc": None if blank else item.get("doc"),
            "comparator": None if blank else _clean(item.get("comparator")),
            "value": None if blank else _clean(item.get("value")),
            "value_max": None if blank else _clean(item.get("value_max")),
            "change": change, "comparator_changed": False,
            "target_id": None if blank else item.get("target_id"), "quote": None if blank else item.get("quote")}


def format_value(comparator, value, value_max, unit) -> str:
    """'≥ 95 %', '30–40 %', '= 12 trụ sở' — how a cell shows a target."""
    if _blank(value):
        return ""
    num = _num_text(value)
    if not _blank(value_max):
        num = f"{num}–{_num_text(value_max)}"
    sign = comparator_label(comparator) if comparator not in (None, "range", "=") else ""
    unit = "" if _blank(unit) else (unit if unit == "%" else f" {unit}")
    return f"{sign + ' ' if sign else ''}{num}{unit}".strip()


def _num_text(v) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:g}"


def pivot(long: pd.DataFrame) -> pd.DataFrame:
    """Wide table: one row per indicator line, one column per year, cells like '≥ 95% ↑ raised'."""
    if long.empty:
        return pd.DataFrame(columns=["issuer", "indicator", "indicator_code"])
    long = long.copy()
    long["cell"] = [
        (format_value(r.comparator, r.value, r.value_max, r.unit) + (" " + CHANGE_MARKS[r.change] if r.change else "")).strip()
        for r in long.itertuples()
    ]
    wide = long.pivot_table(index=["issuer", "line"], columns="year", values="cell", aggfunc="first")
    labels = long.drop_duplicates(["issuer", "line"], keep="last").set_index(["issuer", "line"])[["indicator", "indicator_code"]]
    wide = labels.join(wide).reset_index().drop(columns="line").fillna("")
    wide.columns = [str(c) for c in wide.columns]
    return wide


def chart_data(long: pd.DataFrame) -> pd.DataFrame:
    """Points for a chart per indicator: (issuer, indicator, unit, year, value), dropped years left out."""
    pts = long[long["change"] != "dropped"].dropna(subset=["value"])
    return pts[["issuer", "line", "indicator", "indicator_code", "unit", "year", "value", "comparator", "doc"]].reset_index(drop=True)


def compare_store(store, issuer: str | None = None, indicator: str | None = None) -> pd.DataFrame:
    return compare_targets(store.targets(), issuer=issuer, indicator=indicator)
