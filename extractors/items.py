"""Numbered items of an official text (Điều 2., II., 3., 3.1., a), -) as a light outline.

The assignment extractor needs to know which text an agency heading governs ("3. Sở Nội vụ:" owns
everything until "4."), which works on raw numbering alone, whether or not the segmenter has
recognised the item as a section. Labels are found at line starts, and inline after a sentence end
for texts whose line breaks were lost ("... Chương trình. 2. Ban Chỉ đạo ...").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extractors.lexicon import rows

_WORDS: dict[str, list[str]] = {}
for _kind, _word, *_ in rows("item_labels"):
    _WORDS.setdefault(_kind, []).append(_word)
_PARTS = "|".join(map(re.escape, _WORDS["part"]))
_ARTICLE = "|".join(map(re.escape, _WORDS["article"]))
_PART_FIRST = "".join(sorted({w[0].lower() for w in _WORDS["part"]} | {w[0].upper() for w in _WORDS["part"]}))
RECIPIENTS = _WORDS["recipients"][0]  # the label of the recipients block ("Nơi nhận")

_LINE = re.compile(
    r"(?m)^[^\S\n]*(?P<label>(?:" + _PARTS + r")[^\S\n]+[^\W_]+(?:[^\S\n]+[^\W_]+)?|(?:" + _ARTICLE + r")[^\S\n]+\d+[.:]?"
    r"|[IVXLC]{1,6}[./]|\d{1,2}(?:[^\S\n]?\.[^\S\n]?\d{1,2})*[.)/]|[a-zđ][)./]|[-–•+*])(?=\s)"
)
_INLINE = re.compile(r"(?<=\S)[^\S\n]+(?P<label>\d{1,2}(?:\.\d{1,2})*\.|[IVX]{1,4}\.)[^\S\n]+(?=[^\W\d_])")


def _first_letter_scan(forms: list[str]) -> re.Pattern:
    """Forms sharing a first letter, matched with that letter as a literal: a fast scan."""
    first = forms[0][0]
    assert all(f[0] == first for f in forms)
    rest = "|".join(re.escape(f[1:]) for f in forms)
    return re.compile(re.escape(first) + r"(?<!\w" + re.escape(first) + r")(?:" + rest + r")(?!\w)")


_NOI_NHAN = _first_letter_scan(_WORDS["recipients"])
_ARTICLE_START = re.compile(r"(?:(?:" + _ARTICLE + r")\s+\d|[IVX]+\.|\d{1,2}\.)\s")
# "- 5 " left by PDF page numbers, "2020\n- 2025" a range wrapped at its dash: not bullets
_PAGE_MARK = re.compile(r"[-–][^\S\n]*\d")


@dataclass
class Item:
    start: int  # where the label starts
    body: int  # where the text after the label starts
    level: int  # 0 part/chapter, 1 Điều / Roman, 2 "1.", 3 "1.1.", ..., 6 "a)", 7 "-", 8 "+"
    label: str
    end: int = 0  # where the next item of the same or a higher level starts
    parent: int = -1  # index of the enclosing item
    first_child: int = -1  # start of the first sub-item (the lead-in of this item ends there)


def _level(label: str) -> int:
    if label[0] in _PART_FIRST and len(label) > 3:
        return 0
    if label.startswith(tuple(_WORDS["article"])) or re.fullmatch(r"[IVXLC]+[./]", label):
        return 1
    if label[0].isdigit():
        return 1 + len(re.findall(r"\d+", label))
    if label[0].isalpha():
        return 6
    return 8 if label in "+*" else 7


def find_items(text: str, extra: tuple[tuple[int, int, int, str], ...] = ()) -> list[Item]:
    """Items in text order; `extra` adds (start, body, level, label) items found by other means
    (an unnumbered agency heading on a line of its own: "Sở Y tế:")."""
    found: dict[int, Item] = {s: Item(s, b, lv, lb) for s, b, lv, lb in extra}
    for m in _LINE.finditer(text):
        label = m.group("label")
        if label in "-–" and _PAGE_MARK.match(text, m.start("label")):
            continue
        found[m.start("label")] = Item(m.start("label"), _skip_ws(text, m.end("label")), _level(label), label)
    spans = sorted((it.start, it.body) for it in found.values())
    for m in _INLINE.finditer(text):
        s = m.start("label")
        if s in found or not text[m.end()].isupper():
            continue
        k = bisect.bisect_right(spans, (s, len(text))) - 1
        if k >= 0 and spans[k][0] <= s < spans[k][1]:
            continue  # the "1." of a line label "2. 1."
        before = text[max(0, m.start() - 3):m.start()].rstrip()
        prev_word = re.search(r"(\S+)$", text[max(0, m.start() - 30):m.start()])
        caps_heading = bool(prev_word and prev_word.group(1).isupper() and len(prev_word.group(1)) > 1)
        if not (before.endswith((".", ";", ":", "!", "?", "”", '"')) or caps_heading):
            continue
        found[s] = Item(s, _skip_ws(text, m.end("label")), _level(m.group("label")), m.group("label"))
    zone_end: dict[int, int] = {}
    for m in _NOI_NHAN.finditer(text):
        found[m.start()] = Item(m.start(), m.end(), 0, RECIPIENTS)
        zone_end[m.start()] = _recipients_end(text, m.end())
    inside = _inside_zones(zone_end)
    items = [found[k] for k in sorted(found) if not inside(k)]
    stack: list[int] = []
    for i, it in enumerate(items):
        if stack and items[stack[-1]].label == RECIPIENTS and zone_end[items[stack[-1]].start] <= it.start:
            top = items[stack.pop()]
            top.end = zone_end[top.start]
        while stack and items[stack[-1]].level >= it.level:
            items[stack.pop()].end = it.start
        if stack:
            it.parent = stack[-1]
            par = items[stack[-1]]
            if par.first_child < 0:
                par.first_child = it.start
        stack.append(i)
    for i in stack:
        items[i].end = zone_end.get(items[i].start, len(text)) if items[i].label == RECIPIENTS else len(text)
    return items


def _inside_zones(zone_end: dict[int, int]):
    """A test `k -> bool`: whether some zone a → zone_end[a] holds k strictly inside (a < k < end), by a bisect
    over the zones' starts and the furthest end reached by those starting before k, not a read of every zone."""
    starts = sorted(zone_end)
    reach, far = [], None
    for a in starts:
        far = zone_end[a] if far is None or zone_end[a] > far else far
        reach.append(far)

    def test(k: int) -> bool:
        j = bisect.bisect_left(starts, k) - 1
        return j >= 0 and k < reach[j]
    return test


def _recipients_end(text: str, pos: int) -> int:
    """The recipients list ("Nơi nhận: - Như Điều 4; - Lưu: VT.") ends at a blank line, a table
    border, a line in capitals (the signer's title, the attached plan) or a numbered heading."""
    limit = min(len(text), pos + 1500)
    nl = text.find("\n", pos)
    while 0 <= nl < limit:
        line_end = text.find("\n", nl + 1)
        line = text[nl + 1:line_end if line_end >= 0 else len(text)].strip()
        letters = [c for c in line if c.isalpha()]
        if (not line or "|" in line or (len(letters) > 2 and all(c.isupper() for c in letters))
                or _ARTICLE_START.match(line)):
            return nl + 1
        nl = line_end
    return limit


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


class Outline:
    """Items with a lookup of the innermost item holding an offset."""

    def __init__(self, text: str, extra: tuple[tuple[int, int, int, str], ...] = ()) -> None:
        self.text = text
        self.items = find_items(text, extra)
        self._starts = [it.start for it in self.items]
        self._children: list[list[int]] = [[] for _ in self.items]
        for j, it in enumerate(self.items):
            if it.parent >= 0:
                self._children[it.parent].append(j)

    def innermost(self, pos: int) -> int:
        """Index of the deepest item whose span holds `pos`, or -1."""
        i = bisect.bisect_right(self._starts, pos) - 1
        while i >= 0 and self.items[i].end <= pos:
            i = self.items[i].parent
        return i

    def starting_at(self, pos: int) -> int:
        """Index of the item whose body starts at `pos` (after skipping whitespace), or -1."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.items[i].body == pos:
            return i
        return -1

    def next_start(self, pos: int) -> int:
        """Start of the first item after `pos` (or the text end)."""
        i = bisect.bisect_right(self._starts, pos)
        return self.items[i].start if i < len(self.items) else len(self.text)

    def children(self, idx: int) -> list[int]:
        return self._children[idx]

    def lead_in_end(self, idx: int) -> int:
        it = self.items[idx]
        return it.first_child if it.first_child >= 0 else it.end
