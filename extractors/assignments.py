"""Assignments (phân công): which agency leads (chủ trì) or cooperates (phối hợp) on which task, and by when.

An agency is assigned when the text makes it responsible for a task: as the heading its tasks fall
under ("3. Sở Nội vụ:" / "a) Phòng Tư pháp"), as the subject of a task item ("- Ủy ban nhân dân các
huyện triển khai …"), after "giao"/"đề nghị", before "chủ trì"/"chịu trách nhiệm", or as the agency
a report is sent to for compiling ("gửi Sở Nội vụ để tổng hợp"). "phối hợp với X" makes X a partner
of the agency the task belongs to. Agencies that only own something ("của Bộ Nội vụ"), receive
advice or reports ("tham mưu Ủy ban nhân dân tỉnh"), the issuer itself, the recipients list
("Nơi nhận") and reports/news (which recount results rather than assign) are left out.
The words are in `data/role_words.tsv`; agency names come from `extractors.agencies`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from extractors import agencies, scoring
from extractors.base import Context
from extractors.items import RECIPIENTS, Outline
from extractors.lexicon import narrative_kinds, section_words
from pipeline import lines
from pipeline.document import CELL_SEPARATOR
from pipeline.facts import Assignment

ASSIGNING_KINDS = {"tasks", "organisation", "solutions", "roadmap", "funding", "plan"}
QUOTE_MAX = 160

_CLAUSE_END = re.compile(r"[;:]|\.(?=\s|$)|\n\s*\n")
_SENT_END = re.compile(r"\.(?=\s+[^\W\d_]|\s*$)|\n\s*\n")
_WORD = re.compile(r"\s*([^\W\d_][^\W_]*)")
_ADVERBIAL = re.compile(r"[^\n,.;:]{1,40},\s*$")


@lru_cache(maxsize=1)
def _words() -> dict[str, re.Pattern]:
    rows = agencies.read_rows("role_words.tsv")
    by_kind: dict[str, list[str]] = {}
    for kind, phrase, *_ in rows:
        by_kind.setdefault(kind, []).append(phrase)
    out = {}
    for kind, phrases in by_kind.items():
        alt = "|".join(agencies.phrase_regex(p) for p in sorted(phrases, key=len, reverse=True))
        if kind == "past_marker":
            out[kind] = re.compile(r"(?<!\w)(?:" + alt + r")\s*$", re.IGNORECASE)
        elif kind == "list_joiner":  # the gap between two agencies of one list
            out[kind] = re.compile(r"(?:\s|[,;()]|(?<!\w)(?:" + alt + r")(?!\w))*")
        elif kind == "report_title":
            out[kind] = re.compile(r"(?m)^[^\S\n]*(?:" + alt + r")(?!\w)")
        elif kind.endswith("_before"):
            out[kind] = re.compile(r"(?:(?<!\w)|(?<=%))(?:" + alt + r")[^\S\n]*\n?[^\S\n]*$", re.IGNORECASE)
            out[kind.replace("_before", "_any")] = re.compile(r"(?<!\w)(?:" + alt + r")(?!\w)", re.IGNORECASE)
        else:
            out[kind] = re.compile(r"[^\S\n]*\n?[^\S\n]*(?:" + alt + r")(?!\w)", re.IGNORECASE)
    return out


@dataclass
class Group:
    """Agencies named together ("Sở Y tế, Sở Tài chính và Ủy ban nhân dân các huyện")."""

    members: list[agencies.Mention]
    start: int  # including an office-holder title before the first name
    end: int

    @property
    def named(self) -> list[agencies.Mention]:
        return [m for m in self.members if not m.generic]


@dataclass
class Governed:
    """A task text owned by a group: an item under an agency heading, or a sentence."""

    group: Group
    start: int
    end: int
    task_start: int  # where the task text begins (after "Sở Nội vụ:")
    inherit: tuple[int, int] | None = None  # the lead-in whose deadline the tasks share ("… trong năm 2024:")


@dataclass
class _State:
    text: str
    outline: Outline
    deadlines: list
    records: list[tuple[Assignment, agencies.Mention]] = field(default_factory=list)
    governed: list[Governed] = field(default_factory=list)
    rows: set[int] = field(default_factory=set)  # starts of table rows that assign

    def __post_init__(self) -> None:
        # the dated deadlines by where their time expression stands, for `_deadline`'s range lookups
        dated = sorted(((_time_pos(d), i) for i, d in enumerate(self.deadlines) if getattr(d, "date", None)))
        self._dated_pos = [p for p, _ in dated]
        self._dated = [self.deadlines[i].date for _, i in dated]
        # a time after a deadline word ("hoàn thành trước ngày 15/11", "chậm nhất") fixes the task's end; a
        # bare one beside it ("rà soát hộ nghèo cuối năm") tells when the work happens
        from extractors.deadlines import time_has_deadline_cue

        self._dated_strong = [time_has_deadline_cue(self.text, p) for p, _ in dated]


def _groups(text: str, mentions: list[agencies.Mention]) -> list[Group]:
    out: list[Group] = []
    for m in mentions:
        if out:
            g = out[-1]
            gap = text[g.end:m.title_start]
            bare_break = "\n" in gap and not gap.strip()  # a line ends between them: not one list
            if m.title_start >= g.end and len(gap) < 40 and not bare_break and _words()["list_joiner"].fullmatch(gap):
                g.members.append(m)
                g.end = m.end
                continue
        out.append(Group([m], m.title_start, m.end))
    for g in out:  # a list closed by ")" ("gồm (Trung tâm Văn hóa; …)") ends after it
        j = g.end
        while j < len(text) and text[j] in " \t)":
            j += 1
        if j > g.end and ")" in text[g.end:j]:
            g.end = j
    return out


_CAPITAL_LINE = re.compile(r"[^\S\n]*(?:[-–+•*][^\S\n]*)?[^\W\d_a-zà-ỹđ]")  # a line that opens on a capital
_LINE_END = re.compile(r"[^\S\n]*[.:]?[^\S\n]*(?:\n|$)")
_COLON_EOL = re.compile(r"[^\S\n]*:[^\S\n]*\n")
HEADING_LINE_LEVEL = 5  # below numbered items (1., 1.1.), above a) and bullets


def _heading_lines(text: str, groups: list[Group]) -> tuple[tuple[int, int, int, str], ...]:
    """Unnumbered agency headings on a line of their own ("Sở Y tế:" then "- Chủ trì …" bullets): items
    that own the lines under them until the next such heading or numbered item."""
    out = []
    for g in groups:
        line_start = lines.line_start(text, g.start)
        c = _COLON_EOL.match(text, g.end)
        if c and lines.blank(text, line_start, g.start):
            out.append((line_start, g.start, HEADING_LINE_LEVEL, "agency heading"))
    return tuple(out)


def _recipients_zones(outline: Outline) -> list[tuple[int, int]]:
    return [(it.start, it.end) for it in outline.items if it.label == RECIPIENTS]


def in_zones(zones: list[tuple[int, int]]):
    """A test `pos -> bool`: whether some zone (a, b) holds a <= pos < b, by a bisect over the zones' starts
    and the furthest end reached by the zones starting before (instead of reading every zone)."""
    ordered = sorted(zones)
    starts = [a for a, _ in ordered]
    reach, far = [], None
    for _, b in ordered:
        far = b if far is None or b > far else far
        reach.append(far)

    def test(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < reach[k]
    return test


def _is_report(ctx: Context) -> bool:
    if ctx.meta is not None and ctx.meta.doc_type:
        return ctx.meta.doc_type in narrative_kinds()
    return bool(_words()["report_title"].search(ctx.text[:3000]))


def _key(name: str) -> str:
    s = unicodedata.normalize("NFC", name).casefold().replace("uỷ", "ủy")
    s = re.sub(r"\s+", " ", s).strip(" ,.;:")
    return _name_prefix().sub("", s)


@lru_cache(maxsize=1)
def _name_prefix() -> re.Pattern:
    """Title and plural words that a name is compared without ("Thủ trưởng các sở" ~ "các sở" ~ "sở")."""
    words = [phrase for kind, phrase, *_ in agencies.read_rows("role_words.tsv") if kind == "name_prefix"]
    return re.compile(r"^(?:" + "|".join(re.escape(w) + " " for w in sorted(words, key=len, reverse=True)) + r")")


def _issuer_keys(ctx: Context) -> set[str]:
    issuer = ctx.meta.issuer if ctx.meta is not None else None
    if not issuer:
        return set()
    k = _key(agencies.full_form(issuer))
    out = {k}
    levels = {lv.casefold() for lv in agencies.lexicon().levels}
    words = k.split(" ")
    for i in range(len(words) - 1, 0, -1):  # "ủy ban nhân dân tỉnh hậu giang" → "ủy ban nhân dân tỉnh"
        if words[i - 1] in levels:
            out.add(" ".join(words[:i]))
    return out


def _locality(ctx: Context) -> str | None:
    meta = ctx.meta
    if meta is None:
        return None
    if meta.locality:
        return meta.locality
    if meta.issuer:  # "Ủy ban nhân dân quận Gò Vấp" → "quận Gò Vấp"
        m = agencies.lexicon().level_place_re.search(agencies.full_form(meta.issuer))
        if m:
            return m.group(0)
    return None


def _local_name(name: str, mention: agencies.Mention, locality: str | None) -> str | None:
    if not locality:
        return None
    level, place = _split_locality(locality)
    if place and place.casefold() in name.casefold():
        return name
    if place and agencies.lexicon().party_end_re.search(name):
        return name + " " + place  # "Ban Thường vụ Thành ủy" + "Hà Nội"
    if place and level and re.search(r"(?<!cấp )(?<!\w)" + re.escape(level) + r"$", name, re.IGNORECASE):
        return name + " " + place  # "Văn phòng Ủy ban nhân dân tỉnh" + "Hậu Giang"
    return name if mention.local else name + " " + locality


def _split_locality(locality: str) -> tuple[str, str]:
    """"thành phố Hà Nội" → ("thành phố", "Hà Nội"): the level words are lower case, the place is not."""
    words = locality.split(" ")
    i = 0
    while i < len(words) and not words[i][:1].isupper() and not words[i][:1].isdigit():
        i += 1
    return " ".join(words[:i]), " ".join(words[i:])


def _clause_end(text: str, pos: int, limit: int) -> int:
    m = _CLAUSE_END.search(text, pos, min(limit, len(text)))
    end = m.start() if m else min(limit, len(text))
    if end - pos > QUOTE_MAX:
        cut = text.rfind(" ", pos, pos + QUOTE_MAX)
        end = cut if cut > pos else pos + QUOTE_MAX
    return end


def _deadline(st: _State, start: int, end: int) -> str | None:
    """The latest date whose time expression itself stands in [start, end) (not where its quote starts:
    "Giao Sở Nội vụ báo cáo trước ngày 25/10/2022" quotes from before the task); of those after a deadline
    word, when there are any."""
    a = bisect.bisect_left(st._dated_pos, start)
    b = bisect.bisect_left(st._dated_pos, end, lo=a)
    if b <= a:
        return None
    strong = [d for d, s in zip(st._dated[a:b], st._dated_strong[a:b]) if s]
    return max(strong or st._dated[a:b])


def _time_pos(d) -> int:
    ts = getattr(d, "time_start", None)
    return d.start if ts is None else ts


def _emit(st: _State, g: Group, role: str, qstart: int, qend: int, dl: str | None, who=None):
    while qstart < qend - 1 and st.text[qstart].isspace():
        qstart += 1
    for m in who or g.named:
        st.records.append((Assignment(qstart, max(qend, qstart + 1), agency=m.name, role=role, deadline=dl), m))


def _task_deadline(st: _State, start: int, end: int, inherit: tuple[int, int] | None) -> str | None:
    dl = _deadline(st, start, end)
    if dl is None and inherit:
        dl = _deadline(st, *inherit)
    return dl


def _governs_item(st: _State, g: Group, idx: int, heading: bool) -> None:
    """An agency heading or subject at the start of item `idx` owns the item's tasks."""
    text, outline = st.text, st.outline
    it = outline.items[idx]
    w = _words()
    after = _skip_remark(text, _skip(text, g.end))
    if text.startswith(":", after):
        after = _skip(text, after + 1)
    task_start = after if heading else g.start
    kids = outline.children(idx)
    lead_in = (it.start, outline.lead_in_end(idx))
    parent_lead_in = None
    if it.parent >= 0:
        parent_lead_in = (outline.items[it.parent].body, outline.lead_in_end(it.parent))
    st.governed.append(Governed(g, it.start, it.end, task_start, parent_lead_in))
    if heading and kids:
        if len(text[after:lead_in[1]].split()) >= 3:  # "Sở Y tế: chủ trì …; cụ thể: a) … b) …"
            _emit(st, g, _start_role(text, after), it.start, _clause_end(text, after, lead_in[1]),
                  _task_deadline(st, after, lead_in[1], parent_lead_in))
        for j in kids:
            kid = outline.items[j]
            role = _start_role(text, kid.body)
            dl = _task_deadline(st, kid.start, kid.end, lead_in if _deadline(st, *lead_in) else parent_lead_in)
            _emit(st, g, role, kid.start, _clause_end(text, kid.body, kid.end), dl)
        return
    end = lead_in[1] if kids else it.end
    role = _start_role(text, after) if heading else "lead"
    if not heading and w["cooperate_after"].match(text, g.end) and not _with_partner(text, g.end):
        role = "cooperate"
    qend = _clause_end(text, after, end)
    _emit(st, g, role, it.start if heading else g.start, qend, _task_deadline(st, task_start, end, parent_lead_in))
    # a later clause that starts with "phối hợp" is a cooperation task of the same agency
    for m in re.finditer(r"[;.]\s*", text[after:end]):
        p = after + m.end()
        if p < end and w["cooperate_start"].match(text, p):
            _emit(st, g, "cooperate", p, _clause_end(text, p, end), _task_deadline(st, p, end, parent_lead_in))


def _start_role(text: str, pos: int) -> str:
    """A task text starting "Phối hợp …" is a cooperation task; any other is led by its agency."""
    return "cooperate" if _words()["cooperate_start"].match(text, pos) else "lead"


_REMARK = re.compile(r"\([^()\n]{1,120}\)[^\S\n]*(?=:)")


def _skip_remark(text: str, pos: int) -> int:
    """Past a remark in brackets between a heading's agency and its colon ("2. Sở Nông nghiệp và Môi trường
    (Cơ quan thường trực Ban Chỉ huy tỉnh):")."""
    m = _REMARK.match(text, pos)
    return m.end() if m else pos


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\n)":
        pos += 1
    return pos


def _sentence_end(st: _State, pos: int) -> int:
    m = _SENT_END.search(st.text, pos)
    end = m.start() if m else len(st.text)
    return min(end, st.outline.next_start(pos))


def _at_item_start(st: _State, g: Group) -> int:
    """Index of the item whose text starts with this group (maybe after "Định kỳ hàng tháng,")."""
    idx = st.outline.innermost(g.start)
    if idx < 0:
        return -1
    it = st.outline.items[idx]
    lead = st.text[it.body:g.start]
    if it.body == g.start or (_ADVERBIAL.fullmatch(lead) and it.level >= 1):
        return idx
    return -1


def _heading_end(st: _State, g: Group, idx: int) -> bool:
    """The group is the whole heading: a colon follows, or the line/sentence ends before a sub-item."""
    text = st.text
    after = _skip_remark(text, _skip(text, g.end))
    if text.startswith(":", after):
        return True
    it = st.outline.items[idx]
    nxt = st.outline.lead_in_end(idx)
    rest = text[g.end:nxt].strip(" \t\n.;)")
    if it.first_child >= 0 and rest == "":
        return True
    # "3. Ngân hàng Chính sách xã hội huyện" on a line of its own, its tasks on the lines below: a new line
    # that opens with a capital starts the body (a lower-case one continues a hard-wrapped sentence)
    line = _LINE_END.match(text, g.end)
    return bool(line and line.group(0).endswith("\n") and _CAPITAL_LINE.match(text, line.end()))


def _governing(st: _State, pos: int, g: Group) -> Governed | None:
    """The governed span holding `pos` that starts last (the last listed among equal starts), not g's own: read
    from the last one starting by `pos` backwards, by a bisect over their starts (indexed once they are all known)."""
    gov = st.governed
    index = st.__dict__.get("_governed_index")
    if index is None or index[0] != len(gov):
        order = sorted(range(len(gov)), key=lambda i: (gov[i].start, i))
        index = (len(gov), order, [gov[i].start for i in order])
        st.__dict__["_governed_index"] = index
    _, order, starts = index
    for k in range(bisect.bisect_right(starts, pos) - 1, -1, -1):
        gv = gov[order[k]]
        if pos < gv.end and gv.group is not g:
            return gv
    return None


def rule_records(ctx: Context, found: list[agencies.Mention], gated: bool = True
                 ) -> tuple[list[tuple[Assignment, agencies.Mention]], "_State"]:
    """What the role-word rules assign: (assignment, its mention) pairs. With `gated` off, the places the
    rules skip (legal grounds, reviews of the past, a report outside its task sections, the recipients
    list) are read like any other; the scorer weighs where a mention stands instead."""
    text = ctx.text
    outline = Outline(text, _heading_lines(text, _groups(text, found)))
    st = _State(text, outline, [d for d in ctx.results.get("deadlines", []) if getattr(d, "date", None)])
    zones = _recipients_zones(outline)
    skip = _not_assigning_spans(ctx) if gated else (lambda pos: False)
    in_zone = in_zones(zones)
    mentions = [m for m in found if not in_zone(m.start)] if gated else list(found)
    partners: list[tuple[Group, int]] = []
    sections = ctx.root if ctx.root is not None and ctx.root.children else None
    for g in _groups(text, mentions):
        if not skip(g.start):
            goals = sections is not None and sections.at(g.start).kind == "objectives"
            _assign(st, g, partners, goals)
    for g, qs in partners:  # after every heading is known, so a partner finds the agency it works with
        _partner(st, g, qs)
    named = [m for m in mentions if not m.generic and not skip(m.start)]
    _table_rows(st, named)
    _line_table_rows(st, named, ctx.tables)
    return st.records, st


def candidates(ctx: Context):
    """Every agency mention as a possible assignment, with its features (see assignment_candidates)."""
    from extractors import assignment_candidates

    return assignment_candidates.candidates(ctx)


def extract(ctx: Context) -> list[Assignment]:
    from extractors import assignment_candidates

    if not ctx.text:
        ctx.candidates["assignments"] = []
        return []
    cands, st = assignment_candidates.candidates(ctx, with_state=True)
    model = ctx.model("assignments")
    kept = scoring.decide(cands, model)
    ctx.candidates["assignments"] = cands
    records = []
    for c in kept:
        conf = scoring.confidence(c, model)
        for a in assignment_candidates.assignments_of(ctx, c, st):
            a.confidence = conf
            records.append((a, c.payload[0]))
    st.records = records
    return _finish(ctx, st, drop_issuer=model is None)


_CELL_SEP = CELL_SEPARATOR  # how the readers write a table row into the text


def _table_rows(st: _State, mentions: list[agencies.Mention]) -> None:
    """Tables of tasks: "STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành".
    An agency in a column headed by a lead or cooperate word has that role for the row's task, and
    the row's time is its deadline."""
    text, w = st.text, _words()
    starts = [m.start for m in mentions]
    roles: dict[int, str] = {}
    pos = 0
    for line in text.split("\n"):
        line_start, pos = pos, pos + len(line) + 1
        if _CELL_SEP not in line:
            roles = {}
            continue
        cells, offsets, c = line.split(_CELL_SEP), [], line_start
        for cell in cells:
            offsets.append((c, c + len(cell)))
            c += len(cell) + len(_CELL_SEP)
        header = {i: ("lead" if w["table_lead"].fullmatch(cell.strip()) else "cooperate")
                  for i, cell in enumerate(cells)
                  if w["table_lead"].fullmatch(cell.strip()) or w["table_cooperate"].fullmatch(cell.strip())}
        if header:
            roles = header
            continue
        for i, role in roles.items():
            if i >= len(offsets):
                continue
            a, b = offsets[i]
            k = bisect.bisect_left(starts, a)
            who = []
            while k < len(starts) and starts[k] < b:
                who.append(mentions[k])
                k += 1
            if who:
                st.rows.add(line_start)
                g = Group(who, who[0].title_start, who[-1].end)
                _emit(st, g, role, line_start, min(line_start + len(line), line_start + QUOTE_MAX),
                      _deadline(st, line_start, line_start + len(line)))


def line_table_cells(tables, mentions: list[agencies.Mention]):
    """(row, role, the mentions in the cell) for each cell of a one-cell-a-line table's column headed by a lead
    or cooperate word ("Cơ quan chủ trì", "Đơn vị phối hợp")."""
    w = _words()
    starts = [m.start for m in mentions]
    for t in tables:
        if t.kind != "lines":
            continue
        heads = t.header_cells()
        cols = {i: ("lead" if w["table_lead"].search(h) else "cooperate") for i, h in enumerate(heads)
                if w["table_lead"].search(h) or w["table_cooperate"].search(h)}
        for row in t.rows:
            for i, role in cols.items():
                if i >= len(row):
                    continue
                c = row[i]
                k = bisect.bisect_left(starts, c.start)
                who = []
                while k < len(starts) and starts[k] < c.end:
                    who.append(mentions[k])
                    k += 1
                if who:
                    yield row, role, who


def _line_table_rows(st: _State, mentions: list[agencies.Mention], tables) -> None:
    """The same for a table copied one cell a line: the cells of a column headed "Cơ quan chủ trì" lead their
    row's task, due by the row's time ("Quý IV/2019")."""
    for row, role, who in line_table_cells(tables, mentions):
        rs, re_ = row[0].start, row[-1].end
        st.rows.add(rs)
        cell = who[0].start
        task = next((x for x in row if x.text and not x.numeric and x.start < cell and len(x.text) > 3), row[0])
        g = Group(who, who[0].title_start, who[-1].end)
        _emit(st, g, role, task.start, min(task.end, task.start + QUOTE_MAX), _deadline(st, rs, re_ + 1))


def _not_assigning_spans(ctx: Context):
    """A test for offsets where nothing is assigned: the legal grounds (căn cứ), reviews of the past,
    and in a report or news article everything outside its task sections."""
    where = not_assigning_place(ctx)
    return lambda pos: where(pos) is not None  # the rules skip a preamble whole, as before


_SENTENCE_BREAK = re.compile(r"[.;:!?](?=\s)|\n")


def _sentence_start(text: str, pos: int) -> int:
    s = max(0, pos - 400)
    for m in _SENTENCE_BREAK.finditer(text, s, pos):
        s = m.end()
    while s < pos and text[s] in " \t-–+•*":
        s += 1
    return s


class _Ground:
    """A sentence that opens on a legal-ground word ("Căn cứ", "Thực hiện", "Xét đề nghị": role_words ground)."""

    def match(self, text: str, pos: int):
        return _words()["ground"].match(text, pos)


_GROUND = _Ground()


def not_assigning_place(ctx: Context):
    """Which kind of place the rules never read for assignments an offset stands in, if any: "preamble"
    (căn cứ), "review" (a section reviewing the past), "report" or "news" (a report's or a news post's text
    outside its task sections)."""
    sections = ctx.root if ctx.root is not None and ctx.root.children else None
    reviews = _review_sections(sections)
    report = _is_report(ctx)
    news = ctx.meta is not None and ctx.meta.doc_type == "tin_bai"

    def where(pos: int) -> str | None:
        kind = sections.at(pos).kind if sections is not None else None
        if kind == "preamble":
            # a preamble runs on past its legal grounds into what the text asks ("… UBND tỉnh yêu cầu: Sở Y tế
            # …"): only a sentence that opens on a ground word ("Căn cứ", "Thực hiện", "Xét đề nghị") is one
            return "preamble" if _GROUND.match(ctx.text, _sentence_start(ctx.text, pos)) else "preamble_body"
        if any(a <= pos < b for a, b in reviews):
            return "review"
        if report and kind not in ASSIGNING_KINDS:
            return "news" if news else "report"
        return None

    return where


def _assign(st: _State, g: Group, partners: list, goals: bool = False) -> None:
    """Decide from the words around a group whether, and how, the text assigns it a task.
    In a section of goals ("Mục tiêu", "Chỉ tiêu") an agency before a plain verb is what a target
    counts ("Ủy ban nhân dân cấp xã đạt chuẩn …"), so only explicit role words assign there."""
    text, w = st.text, _words()
    left = text[max(0, g.start - 60):g.start]
    d = w["duty_before"].search(left)
    if d:  # "Điều 5. Trách nhiệm của Ủy ban nhân dân cấp huyện", "a) Đối với Sở Tài chính:"
        idx = st.outline.starting_at(g.start - (len(left) - d.start()))
        if idx >= 0 and (_heading_end(st, g, idx) or _LINE_END.match(text, g.end)):
            _governs_item(st, g, idx, heading=True)
            return
    if w["owner_before"].search(left) or w["past_after"].match(text, g.end):
        return
    lead_after = w["lead_after"].match(text, g.end)
    coop_after = w["cooperate_after"].match(text, g.end)
    if coop_after and lead_after and coop_after.end() >= lead_after.end():
        lead_after = None  # "X chủ động phối hợp": the longer phrase tells the role
    idx = _at_item_start(st, g)
    if idx >= 0 and not w["assign_before"].search(left):
        if _heading_end(st, g, idx):  # "3. Sở Nội vụ:"
            _governs_item(st, g, idx, heading=True)
            return
        nxt = _WORD.match(text, g.end)
        if lead_after or coop_after or (nxt and nxt.group(1).islower() and not goals):  # "- Sở Y tế triển khai …"
            _governs_item(st, g, idx, heading=False)
            return
    v = w["receiver_before"].search(left) or w["via_before"].search(left)
    if v:  # "báo cáo Ủy ban nhân dân tỉnh" receives; "gửi Sở Nội vụ để tổng hợp" compiles
        if w["compile_after"].match(text, g.end):
            end = _sentence_end(st, g.end)
            _emit(st, g, "lead", g.start - (len(left) - v.start()), _clause_end(text, g.end, end),
                  _deadline(st, g.start, end))
        return
    pb = w["partner_before"].search(left) or _partner_list(st, g, left)
    if pb:
        if not w["past_marker"].search(left, 0, pb.start()):  # "đã phối hợp với …" recounts, not assigns
            partners.append((g, g.start - (len(left) - pb.start())))
        return
    a = w["assign_before"].search(left)
    if a and w["past_marker"].search(left, 0, a.start()):
        return
    subject = not goals and _CLAUSE_OPENING.search(left) is not None and (nxt := _WORD.match(text, g.end)) is not None \
        and nxt.group(1).islower() and not w["past_after"].match(text, g.end) \
        and any(not m.vague and not m.generic for m in g.members)  # "Các cơ quan, đơn vị …" names no one
    if a or lead_after or coop_after or subject:
        # "giao X …", "X chủ trì …", "đề nghị X phối hợp …", and X opening its clause with a verb after it
        # ("…; Sở Tài chính bố trí kinh phí", "Công an tỉnh tăng cường kiểm tra …")
        qs = g.start - (len(left) - a.start()) if a else g.start
        end = _next_subject(text, g.end, _sentence_end(st, g.end))
        # "X phối hợp với Y tổ chức …": X, the subject, carries the task and Y works with it (_partner); "X phối
        # hợp thực hiện" alone cooperates with whoever leads
        role = "cooperate" if (coop_after and not lead_after and not _with_partner(text, g.end)) else "lead"
        st.governed.append(Governed(g, g.start, end, g.end))
        _emit(st, g, role, qs, _clause_end(text, g.end, end), _deadline(st, g.start, end))


_LIST_TAIL = re.compile(r"(?:,|(?<!\w)và)\s*$")
# a clause opens right before: after ";", a sentence's end or a line break (a bullet or label between)
_CLAUSE_OPENING = re.compile(r"(?:^|[;.!?]|\n)[ \t]*(?:[-–+•*][ \t]*)?$")


def _partner_list(st: _State, g: Group, left: str):
    """A group later in a partner list ("phối hợp với các đơn vị thuộc Bộ và Ủy ban nhân dân các tỉnh"):
    the list is broken by words that name no agency, but no clause boundary comes between."""
    if not _LIST_TAIL.search(left):
        return None
    last = None
    for m in _words()["partner_any"].finditer(left):
        last = m
    if last is None or re.search(r"[;:.]", left[last.end():]):
        return None
    return last


_REVIEW_HEADING = re.compile(r"(?<!\w)(?:" + "|".join(agencies.phrase_regex(w) for w in section_words("review")) + r")(?!\w)",
                             re.IGNORECASE)
_PLAN_HEADING = re.compile(r"(?<!\w)(?:" + "|".join(agencies.phrase_regex(w) for w in section_words("plan")) + r")(?!\w)",
                           re.IGNORECASE)


def _review_sections(root) -> list[tuple[int, int]]:
    """Sections that review the past ("PHẦN THỨ NHẤT. ĐÁNH GIÁ TÌNH HÌNH …"): their agencies did things,
    they are not given tasks. A title counts when it reads as a heading (capitals or a few words)."""
    if root is None:
        return []
    w = _words()
    out = []
    for s in root.walk():
        title = s.title or ""
        letters = [c for c in title if c.isalpha()]
        heading = bool(letters) and (sum(c.isupper() for c in letters) >= 0.8 * len(letters) or len(title.split()) <= 8)
        if (s.level and heading and s.kind not in ASSIGNING_KINDS and _REVIEW_HEADING.search(title)
                and not _PLAN_HEADING.search(title)):
            out.append((s.start, s.end))
    return out


@lru_cache(maxsize=1)
def _steering_head() -> str:
    """The head word of a steering committee ("Ban Chỉ đạo"), from data/agencies.tsv."""
    return next(h for h, cls in agencies.lexicon().head_class.items() if cls == "steering")


def _resolve_bare(mentions: list[agencies.Mention]) -> list[agencies.Mention]:
    """A bare "Ban Chỉ đạo" refers back to the last steering committee named in full
    ("Ban Chỉ đạo Chương trình … thành viên Ban Chỉ đạo chịu trách nhiệm"); alone it names nothing."""
    last: dict[str, str] = {}
    for m in mentions:
        if m.kind != "steering":
            continue
        head = _steering_head()
        if m.name == head:
            if head in last:
                m.name = last[head]
            else:
                m.generic = True
        elif m.name.startswith(head + " "):
            last[head] = m.name
    return mentions


# between a subject and its partner phrase: a few words on the same clause ("Sở A chủ động phối hợp với …")
_SAME_CLAUSE_SUBJECT = re.compile(r"[^\S\n]*(?:[^\W\d_]+[^\S\n]+){0,3}")
# what a partner phrase ("phối hợp với") leads to: an agency named with a capital or "các …"
_PARTNER_TAIL = re.compile(r"[^\S\n]*(?:các[^\S\n]+|[^\W\d_a-zà-ỹđ])")


_SEMICOLON = re.compile(r";[ \t]*(?:[-–+•*][ \t]*)?")


def _next_subject(text: str, pos: int, end: int) -> int:
    """Where a later clause of the sentence opens on another agency ("Sở Y tế chủ trì …, trình trong tháng
    12/2026; Sở Nội vụ thẩm định … trước ngày 31/3/2027"): the first subject's task, and its time, end there."""
    head = agencies.lexicon().head_at
    for m in _SEMICOLON.finditer(text, pos, end):
        if head.match(text, m.end()):
            return m.start()
    return end


def _with_partner(text: str, pos: int) -> bool:
    """At `pos`, right after a subject, a partner phrase of role_words.tsv longer than its cooperate word, then an
    agency: "Sở A phối hợp với Sở B tổ chức …". ("Sở A chủ động phối hợp với Sở B" stresses the support of B's
    task: its cooperate phrase is the longer one.)"""
    w = _words()
    m = w["cooperate_after"].match(text, pos)
    if not m:
        return False
    p = w["partner_any"].match(text, m.end() - len(m.group(0).lstrip()))
    return p is not None and p.end() > m.end() and _PARTNER_TAIL.match(text, p.end()) is not None


def _partner(st: _State, g: Group, qs: int) -> None:
    """"phối hợp với X": X cooperates when its agency chủ trì; otherwise X leads and the agency
    whose task it is cooperates ("Phòng Tài chính: Phối hợp với Chi cục Thuế quản lý nguồn thu")."""
    text, w = st.text, _words()
    named = [m for m in g.named if not m.vague]
    if not named:
        return
    g = Group(named, g.start, g.end)
    gov = _governing(st, g.start, g)
    end = _sentence_end(st, g.end)
    qend = _clause_end(text, g.end, end)
    dl = _task_deadline(st, qs, end, gov.inherit if gov else None)
    if gov is None:
        _emit(st, g, "cooperate", qs, qend, dl)
        return
    if gov.group.end <= qs and _SAME_CLAUSE_SUBJECT.fullmatch(text, gov.group.end, qs):
        _emit(st, g, "cooperate", qs, qend, dl)  # "Sở A phối hợp với Sở B …": A, the subject, leads
        return
    item = st.outline.innermost(qs)
    floor = max(gov.task_start, st.outline.items[item].body if item >= 0 else 0)
    lo = _clause_start(text, qs, floor)
    if w["lead_marker"].search(text, lo, qs):
        _emit(st, g, "cooperate", qs, qend, dl)
    else:
        _emit(st, g, "lead", qs, qend, dl)
        _emit(st, gov.group, "cooperate", lo, qend, dl)


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = max(text.rfind(";", floor, pos), text.rfind(". ", floor, pos), text.rfind(":", floor, pos),
            text.rfind(".\n", floor, pos))
    return i + 1 if i >= 0 else floor


def _finish(ctx: Context, st: _State, drop_issuer: bool = True) -> list[Assignment]:
    """Drop repeats (one agency, role and item once) and, for the rules alone, the issuer itself (the scorer
    weighs that as a feature); attach the locality."""
    issuer = _issuer_keys(ctx) if drop_issuer else set()
    locality = _locality(ctx)
    seen = set()
    out = []
    for r, m in sorted(st.records, key=lambda rm: (rm[0].start, rm[0].agency, rm[0].role)):
        k = _key(r.agency)
        if k in issuer:
            continue
        item = st.outline.innermost(r.start)
        # one agency and role once per item; table rows and text outside items are each their own task
        dedup = (k, r.role, item) if item >= 0 and r.start not in st.rows else (k, r.role, -1, r.start)
        if dedup in seen:
            continue
        seen.add(dedup)
        r.agency_local = _local_name(r.agency, m, locality)
        out.append(r)
    return out
