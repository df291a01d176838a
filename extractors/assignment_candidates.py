"""Assignment candidates: every agency mention of the text, with what the role-word rules made of it (with and
without the places they skip) and the words and layout around it as features, so that the scorer — not a
document-type gate — decides whether the text gives that agency a task."""

from __future__ import annotations

import re
from functools import lru_cache

from extractors import agencies, commitment
from extractors import assignments as rules
from extractors.base import Context
from extractors.scoring import Candidate
from pipeline import lines
from pipeline.facts import Assignment

_PARAGRAPH_END = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:Điều|ĐIỀU)\s+\d)")
_CLAUSE_END = re.compile(r"[;.](?=\s)|\n[ \t]*\n")
_LOWER_WORD = re.compile(r"[^\S\n]*([a-zà-ỹđ][^\W\d_]*)")
_ARTICLE_START = re.compile(r"(?:Điều|ĐIỀU)\s+\d+\s*[.:]")
QUOTE_MAX = rules.QUOTE_MAX


@lru_cache(maxsize=1)
def _closing() -> re.Pattern:
    """The verbs that close a decision's article on who carries it out ("… chịu trách nhiệm thi hành")."""
    words = [phrase for kind, phrase, *_ in agencies.read_rows("role_words.tsv") if kind == "closing_after"]
    return re.compile(r"(?<!\w)(?:" + "|".join(agencies.phrase_regex(w) for w in sorted(words, key=len, reverse=True))
                      + r")(?!\w)", re.IGNORECASE)


def candidates(ctx: Context, with_state: bool = False):
    text = ctx.text
    found = rules._resolve_bare(agencies.find(text)) if text else []
    gated, _ = rules.rule_records(ctx, found, gated=True)
    ungated, st = rules.rule_records(ctx, found, gated=False)
    by_gated: dict[int, list[Assignment]] = {}
    by_ungated: dict[int, list[Assignment]] = {}
    for a, m in gated:
        by_gated.setdefault(id(m), []).append(a)
    for a, m in ungated:
        by_ungated.setdefault(id(m), []).append(a)
    issuer = rules._issuer_keys(ctx)
    zones = rules.in_zones(rules._recipients_zones(st.outline))
    title_end = _title_end(ctx)
    skip = rules.not_assigning_place(ctx)
    roles = _table_roles(ctx, found)
    group_of = {id(m): g for g in rules._groups(text, found) for m in g.members}
    out = []
    for m in found:
        g, u = by_gated.get(id(m), []), by_ungated.get(id(m), [])
        f: dict[str, float] = {}
        _rule_features(f, g, u)
        _mention_features(f, m, issuer)
        _context_features(f, text, m)
        _group_features(f, text, m, group_of.get(id(m)))
        _place_features(f, ctx, m, zones, skip, roles, title_end)
        _told_features(f, text, m, ctx.meta.issue_date)
        # a document gives tasks to others: its issuer named in it (by its full name or its level, "UBND tỉnh"
        # in a provincial decision) is never assigned (no gold record assigns an issuer)
        reason = "the document's own issuer" if f.get("is_issuer") else ""
        out.append(Candidate(m.start, m.end, f, (m, g, u, roles.get(id(m)) if roles else None),
                             {"name": m.name}, m.name, reason=reason))
    return (out, st) if with_state else out


def _rule_features(f: dict, gated: list[Assignment], ungated: list[Assignment]) -> None:
    if gated:
        f["rule"] = 1.0
        f[f"rule_{gated[0].role}"] = 1.0
    if ungated:
        f["rule_ungated"] = 1.0
        if not gated:
            f["rule_only_ungated"] = 1.0


def _mention_features(f: dict, m: agencies.Mention, issuer: set[str]) -> None:
    f[f"mention_{m.kind}"] = 1.0
    if m.generic:
        f["generic"] = 1.0
    if m.vague:
        f["vague"] = 1.0
    if m.local:
        f["local"] = 1.0
    if m.title_start < m.start:
        f["office_title"] = 1.0
    if rules._key(m.name) in issuer:
        f["is_issuer"] = 1.0


def _context_features(f: dict, text: str, m: agencies.Mention) -> None:
    w = rules._words()
    left = text[max(0, m.title_start - 60):m.title_start]
    for kind in ("assign_before", "owner_before", "receiver_before", "via_before", "partner_before", "duty_before",
                 "object_before"):
        if kind in w and w[kind].search(left):
            f[kind] = 1.0
    for kind in ("lead_after", "cooperate_after", "past_after", "compile_after"):
        if kind in w and w[kind].match(text, m.end):
            f[kind] = 1.0
    ls = lines.line_start(text, m.title_start)
    # the line before the mention, read in place (no anchor in these patterns: pos/endpos act as the slice's ends)
    if lines.blank(text, ls, m.title_start) or re.compile(
            r"[\s\W\d]*(?:[a-zđ]\)|[IVXL]+\.|\d+(?:\.\d+)*\.?)?[\s\W]*").fullmatch(text, ls, m.title_start):
        f["line_start"] = 1.0
    if lines.searches(text, _ARTICLE_START, ls, m.title_start):
        f["article_start"] = 1.0
    after = text[m.end:m.end + 3].lstrip(" \t")
    if after.startswith(":"):
        f["colon_after"] = 1.0
    nxt = _LOWER_WORD.match(text, m.end)
    if nxt and not after.startswith((",", ";", ":", ".")):
        f["verb_after"] = 1.0
    # the paragraph's end within 900 characters: every match of _PARAGRAPH_END starts at a line break, so only
    # those are tried (a search to the end of a text without blank lines read the rest of it for every mention)
    reach = m.end + 900
    for nl in lines.breaks_in(text, m.end, reach):
        if _PARAGRAPH_END.match(text, nl):
            reach = nl
            break
    if _closing().search(text, m.end, reach):
        f["closing_article"] = 1.0
    lo = max(0, m.title_start - 300)
    cs = max(text.rfind(";", lo, m.title_start), text.rfind(". ", lo, m.title_start), text.rfind("\n", lo, m.title_start))
    # not text[cs + 1:m.title_start].strip(...), read back from the mention (cs is -1 when no clause mark stands in
    # the 300 characters before it: the slice would be the whole text before it)
    j = m.title_start
    while j > cs + 1 and text[j - 1] in " \t-–+•*:)(0123456789.abcdđ":
        j -= 1
    if j <= cs + 1:
        f["clause_start"] = 1.0
        if f.get("verb_after"):
            f["subject"] = 1.0  # "…; Sở Tài chính bố trí kinh phí": the agency opens its clause and acts


def _told_features(f: dict, text: str, m: agencies.Mention, issued: str | None) -> None:
    """The sentence opens on a day not after the document's own ("Ngày 10 tháng 3 năm 2027, Phó Chủ tịch UBND
    tỉnh chủ trì cuộc họp …" in a notice of 14 March): an event told, not a task given."""
    if not issued:
        return
    day = commitment.opening_day(text, m.title_start, m.title_start)
    if day and day <= issued:
        f["narrative_date"] = 1.0


def _group_features(f: dict, text: str, m: agencies.Mention, g) -> None:
    """What the words around the whole list say of each agency in it ("Giao Sở A, Sở B và Sở C …",
    "Sở A, Sở B chủ trì …")."""
    if g is None or len(g.members) < 2:
        return
    w = rules._words()
    f["in_list"] = 1.0
    left = text[max(0, g.start - 60):g.start]
    for kind in ("assign_before", "partner_before", "owner_before", "receiver_before"):
        if w[kind].search(left):
            f[f"list_{kind}"] = 1.0
    for kind in ("lead_after", "cooperate_after", "past_after"):
        if w[kind].match(text, g.end):
            f[f"list_{kind}"] = 1.0
    if g.members[0] is m:
        f["list_first"] = 1.0


def _place_features(f: dict, ctx: Context, m: agencies.Mention, in_zone, skip, roles, title_end: int) -> None:
    sec = ctx.root.at(m.start)
    f[f"section_{sec.kind}"] = 1.0
    if in_zone(m.start):
        f["recipients_list"] = 1.0
    place = skip(m.start)
    if place:
        f["skipped_place"] = 1.0
        f[f"{place}_place"] = 1.0  # preamble_place, review_place, report_place, news_place
    if roles and id(m) in roles:
        f[f"table_{roles[id(m)]}_column"] = 1.0
    if m.start < title_end:
        f["before_body"] = 1.0


def _title_end(ctx: Context) -> int:
    kids = [s for s in ctx.root.children if s.level > 0]
    return kids[0].start if kids else 0


def _table_roles(ctx: Context, found: list[agencies.Mention]) -> dict[int, str]:
    """Mentions in a one-cell-a-line table's column headed by a lead or cooperate word ("Cơ quan chủ trì")."""
    return {id(m): role for _, role, who in rules.line_table_cells(ctx.tables, found) for m in who}


def assignments_of(ctx: Context, c: Candidate, st) -> list[Assignment]:
    """The assignments a kept mention makes: the rules' reading of it where they made one, else its clause
    as the task, its role from the words around it, its deadline from the times inside that clause."""
    m, gated, ungated, _ = c.payload
    if gated:
        return gated
    if ungated:
        return ungated
    text = ctx.text
    f = c.features
    role = "cooperate" if (f.get("partner_before") or f.get("cooperate_after") or f.get("table_cooperate_column")) \
        else "lead"
    qs = m.title_start
    a = rules._words()["assign_before"].search(text[max(0, qs - 60):qs])
    if a:
        qs = qs - (60 if qs >= 60 else qs) + a.start()
    ce = _CLAUSE_END.search(text, m.end)
    end = ce.start() if ce else len(text)
    qe = rules._clause_end(text, m.end, end) if end > m.end else m.end
    dl = rules._deadline(st, m.title_start, end)
    return [Assignment(qs, max(qe, qs + 1), agency=m.name, role=role, deadline=dl)]
