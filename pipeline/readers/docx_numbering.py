"""Word's automatic list numbering ("1.", "1.1.", "a)", "I.", "-") rebuilt from numbering.xml and styles.xml."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docx.oxml.ns import qn

W_VAL = qn("w:val")
_LEVEL_REF = re.compile(r"%([1-9])")
# Bullet glyphs in Symbol/Wingdings fonts are private-use code points; the text shows them as a dash,
# except the dash-like and plus bullets Vietnamese documents use for their levels.
_KEPT_BULLETS = {"-": "-", "–": "-", "—": "-", "+": "+", "*": "*"}


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: the level number after which this level restarts (0: never)
    legal: bool = False  # w:isLgl: show every level's number as decimal
    suffix: str = " "
    style: str | None = None  # w:pStyle: the paragraph style bound to this level


def _val(el, tag: str) -> str | None:
    child = el.find(qn(tag)) if el is not None else None
    return child.get(W_VAL) if child is not None else None


def _int(v: str | None, default: int | None) -> int | None:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


def _parse_level(lvl, base: Level | None = None) -> Level:
    b = base or Level()
    suff = _val(lvl, "w:suff")
    return Level(
        fmt=_val(lvl, "w:numFmt") or b.fmt,
        text=_val(lvl, "w:lvlText") if lvl.find(qn("w:lvlText")) is not None else b.text,
        start=_int(_val(lvl, "w:start"), b.start),
        restart=_int(_val(lvl, "w:lvlRestart"), b.restart),
        legal=lvl.find(qn("w:isLgl")) is not None and _val(lvl, "w:isLgl") not in ("0", "false"),
        suffix={"tab": " ", "space": " ", "nothing": ""}.get(suff or "tab", " "),
        style=_val(lvl, "w:pStyle") or b.style,
    )


def _letters(n: int) -> str:
    # Word's letter numbering repeats the letter: a … z, aa … zz, aaa …
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0:
        return str(n)
    out = []
    for value, sym in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                       (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)  # decimal and the formats chitieu's documents do not use


class Numbering:
    """Counters for every list in one document, advanced paragraph by paragraph in reading order."""

    def __init__(self, numbering_el, styles_el):
        self.abstract: dict[str, dict[int, Level]] = {}
        self.abstract_style_link: dict[str, str] = {}
        self.nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int | None]] = {}
        self.seen_nums: set[str] = set()
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.style_parent: dict[str, str] = {}
        self.default_style: str | None = None
        if styles_el is not None:
            self._read_styles(styles_el)
        if numbering_el is not None:
            self._read_numbering(numbering_el)

    def _read_styles(self, styles_el) -> None:
        for st in styles_el.iter(qn("w:style")):
            if st.get(qn("w:type")) != "paragraph":
                continue
            sid = st.get(qn("w:styleId"))
            if st.get(qn("w:default")) in ("1", "true"):
                self.default_style = sid
            parent = _val(st, "w:basedOn")
            if parent:
                self.style_parent[sid] = parent
            numpr = st.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if numpr is not None:
                self.style_numpr[sid] = (_val(numpr, "w:numId"), _int(_val(numpr, "w:ilvl"), None))

    def _read_numbering(self, el) -> None:
        for an in el.iter(qn("w:abstractNum")):
            aid = an.get(qn("w:abstractNumId"))
            self.abstract[aid] = {_int(lvl.get(qn("w:ilvl")), 0): _parse_level(lvl) for lvl in an.iter(qn("w:lvl"))}
            link = _val(an, "w:numStyleLink")
            if link:
                self.abstract_style_link[aid] = link
        for num in el.iter(qn("w:num")):
            nid = num.get(qn("w:numId"))
            aid = _val(num, "w:abstractNumId")
            levels: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for ov in num.iter(qn("w:lvlOverride")):
                ilvl = _int(ov.get(qn("w:ilvl")), 0)
                so = _int(_val(ov, "w:startOverride"), None)
                if so is not None:
                    starts[ilvl] = so
                lvl = ov.find(qn("w:lvl"))
                if lvl is not None:
                    levels[ilvl] = _parse_level(lvl)
            self.nums[nid] = (aid, levels, starts)

    def _resolve_abstract(self, aid: str) -> str:
        # An abstractNum that only says "numbering style X" takes its levels from the list style X points to.
        link = self.abstract_style_link.get(aid)
        if link and not self.abstract.get(aid):
            nid = self.style_numpr.get(link, (None, None))[0]
            if nid in self.nums:
                return self.nums[nid][0]
        return aid

    def paragraph_numpr(self, p) -> tuple[str, int] | None:
        """(numId, ilvl) of a paragraph: its own w:numPr, else inherited through its style chain."""
        ppr = p.find(qn("w:pPr"))
        num_id = ilvl = None
        style = None
        if ppr is not None:
            numpr = ppr.find(qn("w:numPr"))
            if numpr is not None:
                num_id, ilvl = _val(numpr, "w:numId"), _int(_val(numpr, "w:ilvl"), None)
            style = _val(ppr, "w:pStyle")
        style = style or self.default_style
        seen = set()
        while style and style not in seen and (num_id is None or ilvl is None):
            seen.add(style)
            s_num, s_lvl = self.style_numpr.get(style, (None, None))
            if num_id is None and s_num is not None:
                num_id = s_num
                if ilvl is None and s_lvl is None:
                    ilvl = self._level_bound_to_style(s_num, style)
            if ilvl is None and s_lvl is not None:
                ilvl = s_lvl
            style = self.style_parent.get(style)
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, ilvl or 0

    def _level_bound_to_style(self, num_id: str, style: str) -> int | None:
        if num_id not in self.nums:
            return None
        aid = self._resolve_abstract(self.nums[num_id][0])
        for ilvl, lvl in self.abstract.get(aid, {}).items():
            if lvl.style == style:
                return ilvl
        return None

    def _level(self, num_id: str, ilvl: int) -> Level:
        aid, levels, _ = self.nums[num_id]
        if ilvl in levels:
            return levels[ilvl]
        return self.abstract.get(self._resolve_abstract(aid), {}).get(ilvl, Level(text=f"%{ilvl + 1}."))

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counter at `ilvl` and return the label Word shows ("2.1.", "b)", "-")."""
        aid, _, starts = self.nums[num_id]
        aid = self._resolve_abstract(aid)
        counters = self.counters.setdefault(aid, {})
        if num_id not in self.seen_nums:
            self.seen_nums.add(num_id)
            for lvl_no in starts:  # w:startOverride restarts the shared list where this w:num begins
                counters[lvl_no] = None

        def start(k: int) -> int:
            return starts.get(k, self._level(num_id, k).start)

        current = counters.get(ilvl)
        counters[ilvl] = start(ilvl) if current is None else current + 1
        for k in list(counters):
            if k > ilvl:
                restart = self._level(num_id, k).restart
                if restart is None or (restart != 0 and ilvl + 1 <= restart):
                    counters[k] = None
        level = self._level(num_id, ilvl)
        if level.fmt == "bullet":
            return _KEPT_BULLETS.get(level.text.strip(), "-") + level.suffix
        if level.fmt == "none" and "%" not in level.text:
            return level.text + level.suffix if level.text.strip() else ""

        def ref(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            n = counters.get(k)
            n = start(k) if n is None else n
            fmt = "decimal" if level.legal else self._level(num_id, k).fmt
            return format_number(n, fmt)

        label = _LEVEL_REF.sub(ref, level.text)
        return label + level.suffix if label.strip() else ""
