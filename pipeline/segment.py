"""Section tree of a Vietnamese official text: PHẦN / Chương / Mục / Điều / I. / 1. / 1.1. / a) / Thứ nhất ...

Precision comes from the numbering: a label is a heading only when it starts a list ("1.", "a)") or
continues the list open at its rank ("2." after "1."), "2.1." only under "2.", and only where a heading
can stand — at a line start, after the end of a sentence, or right after the previous heading's
title when the line breaks were lost. Each accepted heading closes the open sections of its rank
or deeper; "Nơi nhận" closes them all.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipeline import headings as H
from pipeline import lines
from pipeline.sections import Section
from pipeline.textmap import CleanText

_TITLE_LIMIT = 250
_FLAT_LINE = 400  # a "line" this long is several paragraphs whose line breaks were lost
_TOKEN = re.compile(r"\S+")
_PUNCT = re.compile(r"[.;:!?](?=\s|\Z)")
# a "." that does not end a sentence: inside a label ("2.1."), "v.v.", an initial ("N. Phú")
_NUMBER_TOKEN = re.compile(r"\(?\d{1,2}(?:\.\d{1,2})*\.|v\.v\.*|[A-ZĐ]\.")


class _Open:
    """An open section on the stack, with its heading type and number."""

    __slots__ = ("section", "kind", "num", "rank")

    def __init__(self, section: Section, kind: str, num, rank: float):
        self.section, self.kind, self.num, self.rank = section, kind, num, rank


def _has_lower(tok: str) -> bool:
    return any(c.islower() for c in tok)


def _has_letter(tok: str) -> bool:
    return any(c.isalpha() for c in tok)


def _title(text: str, pos: int, stop: int) -> tuple[str, int, bool]:
    """(title, where it ends, written in capitals) for a heading whose label ends at `pos`."""
    limit = min(stop, pos + _TITLE_LIMIT, len(text))
    # a capital after a lower-case word ends the title only where line breaks were lost
    flattened = lines.line_end(text, pos) - (lines.line_start(text, pos) - 1) > _FLAT_LINE  # by a bisect
    toks = [m for m in _TOKEN.finditer(text, pos, limit)]
    if not toks:
        return "", pos, False
    first = [t.group() for t in toks[:2] if _has_letter(t.group())]
    upper = bool(first) and all(not _has_lower(t) for t in first)
    end = toks[0].start()
    if upper:
        for t in toks:
            if _has_lower(t.group()):
                break
            end = t.end()
    else:
        end = _sentence_title_end(text, toks[0].start(), limit, flattened)
    title = " ".join(text[toks[0].start():end].split()).strip(" :;,-")
    return title, end, upper


def _sentence_title_end(text: str, start: int, limit: int, flattened: bool) -> int:
    """Where a sentence-case title ends: its first sentence end, or a new line starting a new sentence."""
    end = limit
    for m in _PUNCT.finditer(text, start, limit):
        tok_start = max(text.rfind(" ", start, m.start()), text.rfind("\n", start, m.start())) + 1
        if not _NUMBER_TOKEN.fullmatch(text, max(tok_start, start), m.end()):
            end = m.start()
            break
    nl = text.find("\n", start, end)
    while nl >= 0:
        k = nl + 1
        while k < end and text[k] in " \n":
            k += 1
        if k < end and not text[k].islower():
            end = nl
            break
        nl = text.find("\n", k, end)
    if flattened:
        # "1. Mục tiêu tổng quát Xây dựng ...": a capital after a lower-case word starts the text
        toks = list(_TOKEN.finditer(text, start, end))
        for i in range(2, len(toks)):
            w, prev = toks[i].group(), toks[i - 1].group()
            if (w[0].isupper() and _has_lower(w) and (prev[-1].islower() or prev[-1] == ",")
                    and w.rstrip(",.;:") not in H.KEEPS_CAPITAL):
                return toks[i - 1].end()
    while end > start and text[end - 1] in " \n":
        end -= 1
    return end


def _context(text: str, start: int) -> str:
    """Where a label stands: 'line' (line start), 'sentence' (after a sentence end) or 'inline'."""
    i = start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    if i < 0 or text[i] == "\n":
        return "line"
    if text[i] in ".:;!?":
        return "sentence"
    return "inline"


_KIND_WORDS = 4  # a kind keyword must start within a heading's first words ("MỘT SỐ CHỈ TIÊU ...")
_KIND_MAX_TITLE = 12  # a longer sentence-case title is an item's sentence, not a heading


def _kind_from_title(title: str, upper: bool) -> str | None:
    """The kind a heading names (data/section_kinds.tsv): the earliest keyword, then the longest."""
    words = title.split()
    if not words or (not upper and len(words) > _KIND_MAX_TITLE):
        return None
    head = " ".join(words[:_KIND_WORDS + 3]).lower()
    best = None
    for kind, kw in H.KIND_KEYWORDS:
        i = head.find(kw)
        if i < 0 or len(head[:i].split()) >= _KIND_WORDS:
            continue
        if i > 0 and head[i - 1].isalpha():
            continue
        key = (i, -len(kw))
        if best is None or key < best[0]:
            best = (key, kind)
    return best[1] if best else None


def _shape_ok(c: H.Candidate, ctx: str, adjacent: bool, title_upper: bool, title: str) -> bool:
    starts_upper = bool(title) and (title[0].isupper() or title[0].isdigit())
    k = c.kind
    if k in ("closing", "enact", "letter", "paren", "thu", "la"):
        return ctx in ("line", "sentence") or (adjacent and k not in ("closing", "enact"))
    if k == "preamble":
        return ctx == "line"
    if k == "appendix":
        return ctx == "line"
    if k == "part":
        return ctx != "inline" or adjacent or c.label.isupper()
    if k in ("chapter", "muc", "dieu"):
        return ctx != "inline" or adjacent
    if k == "roman":
        return ctx == "line" or title_upper
    if k == "alpha":  # "A. KẾT QUẢ ...", "B. PHƯƠNG HƯỚNG ...": capitals only, not an initial ("N. Phú")
        return ctx != "inline" and title_upper
    if k == "arabic":
        return starts_upper and (ctx != "inline" or adjacent)
    if k in ("dec2", "dec3"):
        return starts_upper
    return False


@dataclass(frozen=True)
class OpenSection:
    """A section open where a window of a long text begins (see `pipeline.windows`): what the window's
    segmentation needs to continue it — its heading for the path and kind, its number for the sequence."""

    path: str
    label: str
    title: str
    heading: str
    num: object
    rank: float


@dataclass(frozen=True)
class Resume:
    """The segmenter's state at a point of a text: the sections open there (outermost first) and the last
    article's number. `segment(clean, resume)` reads `clean` as the text that follows that point."""

    open: tuple[OpenSection, ...] = ()
    last_dieu: object = None


def segment(clean: CleanText, resume: Resume | None = None, states: list | None = None) -> Section:
    """The root Section of `clean`: the heading tree with each section's kind.

    `resume` continues a text cut into windows: the sections open at the window's start become sections of
    the window (spanning it from offset 0), so its headings are numbered on from theirs and its paths and kinds
    are theirs. `states`, when a list, receives (clean offset, Resume) after each change of the open sections,
    from which `state_at` gives the state where the next window begins."""
    text = clean.text
    n = len(text)
    root = Section("", "", "", "other", 0, 0, n, 0)
    cands = H.candidates(text)
    cands += H.find_attached(text)
    cands.sort(key=lambda c: (c.start, c.kind != "plan"))
    stack: list[_Open] = [_Open(root, "root", None, -1)]
    prev_title_end = -1
    last_end = -1
    last_dieu = None  # articles (Điều) are numbered through the whole text, across chapters
    carried: list[Section] = []
    if resume is not None:
        last_dieu = resume.last_dieu
        for o in resume.open:
            parent = stack[-1].section
            sec = Section(path=o.path, label=o.label, title=o.title, kind="", level=parent.level + 1, start=0,
                          end=n, body_start=0, heading=o.heading)
            parent.children.append(sec)
            carried.append(sec)
            stack.append(_Open(sec, o.heading, o.num, o.rank))
    if states is not None:
        states.append((-1, _state(stack, last_dieu)))
    for i, c in enumerate(cands):
        if c.start < last_end:
            continue
        j = i + 1
        while j < len(cands) and cands[j].start < c.end:
            j += 1
        stop = cands[j].start if j < len(cands) else n
        title, t_end, t_upper = _title(text, c.end, stop)
        ctx = _context(text, c.start)
        adjacent = prev_title_end >= 0 and not text[prev_title_end:c.start].strip(" \n:")
        if c.kind != "plan" and not _shape_ok(c, ctx, adjacent, t_upper, title):
            continue
        if c.kind == "closing":
            _close(stack, 0, c.start, text)
            prev_title_end = -1
            last_end = c.end
            if states is not None:
                states.append((c.start, _state(stack, last_dieu)))
            continue
        if c.kind == "enact":
            if stack[-1].kind == "preamble":
                _close(stack, len(stack) - 1, c.start, text)
                if states is not None:
                    states.append((c.start, _state(stack, last_dieu)))
            last_end = c.end
            continue
        if c.kind == "preamble":
            top = stack[-1]
            if top.kind not in ("root", "plan") or top.section.children:
                continue
        if c.kind != "plan" and not _sequence_ok(stack, c, ctx, last_dieu):
            continue
        if c.kind == "dieu":
            last_dieu = c.num
        # accept: close the preamble and every open section of this rank or deeper
        if stack[-1].kind == "preamble":
            _close(stack, len(stack) - 1, c.start, text)
        rank = H.RANK[c.kind]
        k = len(stack)
        while stack[k - 1].rank >= rank:
            k -= 1
        _close(stack, k, c.start, text)
        parent = stack[-1]
        if c.kind == "plan":
            title, t_end, t_upper = _plan_title(text, c.end)
        body = t_end if t_upper or c.kind in ("plan", "appendix") else c.end
        while body < n and text[body] in " \n:.":
            body += 1
        if c.kind == "preamble":
            title, body = "", c.start
        sec = Section(
            path=(parent.section.path + " > " if parent.section.path else "") + c.label,
            label=c.label, title=title, kind="", level=parent.section.level + 1,
            start=c.start, end=n, body_start=min(body, n), heading=c.kind,
        )
        parent.section.children.append(sec)
        stack.append(_Open(sec, c.kind, c.num, rank))
        prev_title_end = t_end if c.kind != "preamble" else -1
        last_end = c.end
        if states is not None:
            states.append((c.start, _state(stack, last_dieu)))
    _close(stack, 1, n, text)
    _drop_empty(root, carried)
    _assign_kinds(root, "other")
    return root


def _state(stack: list[_Open], last_dieu) -> Resume:
    return Resume(tuple(OpenSection(o.section.path, o.section.label, o.section.title, o.kind, o.num, o.rank)
                        for o in stack[1:]), last_dieu)


def state_at(states: list, offset: int) -> Resume:
    """The state just before clean offset `offset` (a heading there is not yet read) from `segment`'s states."""
    k = bisect.bisect_left([at for at, _ in states], offset) - 1
    return states[max(k, 0)][1]


def _drop_empty(root: Section, carried: list[Section]) -> None:
    """A carried section closed where the window begins (the previous sibling of the window's first heading)
    holds nothing of the window: it leaves the window's tree, with the carried sections inside it."""
    for i, sec in enumerate(carried):
        if sec.end <= sec.start:
            (carried[i - 1] if i else root).children.remove(sec)
            return


def _sequence_ok(stack: list[_Open], c: H.Candidate, ctx: str, last_dieu) -> bool:
    if c.kind == "preamble":
        return True
    rank = H.RANK[c.kind]
    sibling = None
    parent_idx = len(stack) - 1
    while stack[parent_idx].rank >= rank:
        if stack[parent_idx].rank == rank:
            sibling = stack[parent_idx]
        parent_idx -= 1
    slack = 1 if ctx == "line" else 0
    if sibling is not None and sibling.kind == c.kind:
        return H.follows(c.kind, sibling.num, c.num, slack)
    if c.kind in ("dec2", "dec3"):
        want = "arabic" if c.kind == "dec2" else "dec2"
        owner = next((o for o in reversed(stack[:parent_idx + 1]) if o.kind == want), None)
        if owner is None:
            return c.num[-1] == 1
        return c.num == H.first_number(c.kind, owner.num)
    if c.kind == "appendix":
        return True
    if c.kind == "dieu" and last_dieu is not None:
        return c.num == 1 or H.follows("dieu", last_dieu, c.num, slack)
    return c.num == H.first_number(c.kind)


def _close(stack: list[_Open], keep: int, at: int, text: str) -> None:
    """Close every open section above stack index `keep` at clean offset `at` (before the spaces there)."""
    while at > 0 and text[at - 1] in " \n":
        at -= 1
    while len(stack) > max(keep, 1):
        o = stack.pop()
        o.section.end = max(at, o.section.start)
        o.section.body_start = min(o.section.body_start, o.section.end)


def _plan_title(text: str, pos: int) -> tuple[str, int, bool]:
    """The attached plan's title: the capitals up to '(Ban hành kèm theo ...)'; the body starts after it."""
    paren = text.find("(", pos, pos + 400)
    close = text.find(")", paren, paren + 400) if paren >= 0 else -1
    title = " ".join(text[pos:paren].split()) if paren >= 0 else ""
    return title, (close + 1 if close >= 0 else pos), True


def _assign_kinds(sec: Section, inherited: str) -> None:
    for c in sec.children:
        if c.heading in ("plan", "appendix", "preamble"):
            c.kind = c.heading
        else:
            c.kind = _kind_from_title(c.title, c.title.isupper()) or inherited
        _assign_kinds(c, c.kind)
