"""The section tree of an official text: PHẦN / Chương / Điều / I. / 1. / 1.1. / a) ..."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

# Kinds a section can have; see segment.py for how they are recognised.
SECTION_KINDS = (
    "objectives",  # mục tiêu, chỉ tiêu
    "tasks",  # nhiệm vụ
    "solutions",  # giải pháp
    "organisation",  # tổ chức thực hiện, phân công trách nhiệm
    "funding",  # kinh phí
    "roadmap",  # lộ trình
    "preamble",  # căn cứ
    "plan",  # the plan attached to a decision ("ban hành kèm theo Quyết định ...")
    "appendix",  # phụ lục
    "other",
)


@dataclass(slots=True)  # a long text has tens of thousands of sections: no __dict__ each
class Section:
    """A heading and the text under it. Offsets index the clean text (see CleanText)."""

    path: str  # "PHẦN THỨ HAI > I > 2"; "" for the document root
    label: str  # the numbering as printed: "I", "2", "a", "Điều 3", "PHẦN THỨ HAI"
    title: str  # heading text after the label
    kind: str  # one of SECTION_KINDS (inherited from the parent when the title says nothing)
    level: int  # 0 for the root
    start: int  # clean offset of the heading start
    end: int  # clean offset where the section (with its children) ends
    # clean offset where the text after the heading begins: after the title for a heading written in
    # capitals ("I. MỤC TIÊU"); right after the label for an item whose title opens its sentence
    # ("1.1. Tăng cường ..."), so the body holds the whole sentence
    body_start: int
    children: list["Section"] = field(default_factory=list)
    # the heading's type: part, alpha (A./B.), chapter, muc, dieu, roman, arabic, dec2, dec3, paren, letter, thu, la,
    # plan, appendix, preamble ("" for the root)
    heading: str = ""
    # (number of children, their starts) for child_at's bisect; None until first asked, or when the children
    # are not in text order
    _child_index: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def at(self, offset: int) -> "Section":
        """The deepest section containing clean offset `offset`."""
        node = self
        while (c := node.child_at(offset)) is not None:
            node = c
        return node

    def child_at(self, offset: int) -> "Section | None":
        """The first child containing clean offset `offset`, or None. Siblings are in text order and do not
        overlap (what `segment` builds), so a bisect over their starts finds it; the tree is not changed once
        it is read, and a list of children that is not so ordered is scanned."""
        kids = self.children
        index = self._child_index
        if index is None or index[0] != len(kids):
            ordered = all(a.end <= b.start for a, b in zip(kids, kids[1:]))
            index = (len(kids), [c.start for c in kids] if ordered else None)
            self._child_index = index
        starts = index[1]
        if starts is None:
            return next((c for c in kids if c.start <= offset < c.end), None)
        k = bisect.bisect_right(starts, offset) - 1
        if k >= 0 and offset < kids[k].end:
            return kids[k]
        return None
