"""Linking one indicator across years: phrases made comparable, their similarity, targets grouped into lines."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent / "data"
SIMILAR = 0.6  # indicator phrases at least this similar are the same indicator when no code links them


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


def blank(v) -> bool:
    """None, NaN, NaT or pd.NA; a list (agencies) is never blank here."""
    if v is None:
        return True
    try:
        na = pd.isna(v)
    except (TypeError, ValueError):
        return False
    return bool(na) if isinstance(na, (bool, np.bool_)) else False


def _clean(v):
    return None if blank(v) else v


def unit_class(unit) -> str:
    if blank(unit):
        return ""
    u = unicodedata.normalize("NFC", str(unit)).strip().lower()
    return u


def fold(text) -> str:
    text = unicodedata.normalize("NFD", str(text or "").lower()).replace("đ", "d")
    return re.sub(r"\s+", " ", "".join(c for c in text if unicodedata.category(c) != "Mn")).strip()


@dataclass
class Line:
    issuer: str
    unit: str
    code: str | None
    phrases: list[str] = field(default_factory=list)
    members: dict[int, dict] = field(default_factory=dict)  # year → target row


def _score(item: dict, line: Line) -> float | None:
    """How well a target continues a line; None when it cannot."""
    if line.unit != item["_unit"]:
        return None
    code = item.get("indicator_code")
    code = None if blank(code) else code
    sim = max((similarity(item.get("indicator"), p) for p in line.phrases[-3:]), default=0.0)
    if code and line.code:
        return 1.0 + sim if code == line.code else None
    return sim if sim >= SIMILAR else None


def link_indicators(items: list[dict]) -> list[Line]:
    """Group targets of one issuer into lines (one indicator followed across years).

    A year gives at most one target to a line. Targets sharing an indicator_code link first; a target
    without a code joins the line whose phrases it resembles most. Pairs are taken best first, so two
    satisfaction targets in each year's plan (citizens, businesses) stay two lines.
    """
    lines: list[Line] = []
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
                line = Line(it["_issuer"], it["_unit"], None if blank(code) else code)
                lines.append(line)
                _join(line, it, year)
    return lines


def _join(line: Line, item: dict, year: int) -> None:
    line.members[year] = item
    if item.get("indicator"):
        line.phrases.append(item["indicator"])
    code = item.get("indicator_code")
    if not line.code and not blank(code):
        line.code = code


def restated_once(items: list[dict]) -> list[dict]:
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
    return None if blank(v) else float(v)


def line_matches(line: Line, query: str) -> bool:
    if line.code and line.code == query:
        return True
    q = fold(query)
    return any(q in fold(p) for p in line.phrases) or (bool(line.code) and q in fold(line.code))


