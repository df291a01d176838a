"""The words around a number that say how it binds: comparator (tối thiểu → >=), change (tăng/giảm),
ranking (thuộc nhóm … dẫn đầu) and commitment verbs (đào tạo, đầu tư …). Words are data files:
`data/comparators.tsv`, `data/changes.tsv`, `data/ranks.tsv`, `data/target_cues.tsv` (kind commit)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.lexicon import phrase_pattern, rows, squash

# phrase (squashed) → list of (role, value, extra)
_ROLES: dict[str, list[tuple[str, str, str]]] = {}
_AFTER: dict[str, str] = {}
for _p, _where, _cmp, *_ in rows("comparators"):
    if _where == "before":
        _ROLES.setdefault(squash(_p), []).append(("comp", _cmp, ""))
    else:
        _AFTER[squash(_p)] = _cmp
for _p, _kind, *_ in rows("changes"):
    if _kind != "not_change":  # "tăng cường": only stops a clause opening from reading as a change
        _ROLES.setdefault(squash(_p), []).append(("change", _kind, ""))
for _p, _cmp, _lead, *_ in rows("ranks"):
    _ROLES.setdefault(squash(_p), []).append(("rank", _cmp, _lead))
for _p, _kind, *_ in rows("target_cues"):
    if _kind in ("commit", "commit_marker"):
        _ROLES.setdefault(squash(_p), []).append(("commit", "", ""))
    elif _kind == "glue":
        _ROLES.setdefault(squash(_p), []).append(("glue", "", ""))

_CHANGE_KIND = {squash(p): k for p, k, *_ in rows("changes") if k in ("increase", "decrease")}
_NOT_CHANGE = [p for p, k, *_ in rows("changes") if k == "not_change"]
# before the verb, a clause may name its year and a commitment marker: "Năm 2026, phấn đấu giảm tỷ lệ hộ nghèo 2%"
_OPENING_LEAD = (r"(?:(?:(?:" + phrase_pattern(p for p, k, *_ in rows("target_cues") if k == "year_lead")
                 + r")\s+)?năm\s+(?:19|20)\d\d[\s,]*)?(?:(?:"
                 + phrase_pattern(p for p, k, *_ in rows("target_cues") if k == "commit_marker") + r")\s+)?")
_CHANGE_OPENING = re.compile(rf"[\s\W]*{_OPENING_LEAD}(?!(?:{phrase_pattern(_NOT_CHANGE)})(?!\w))"
                             rf"({phrase_pattern(_CHANGE_KIND)})(?!\w)", re.IGNORECASE)
_CHAIN_WORD = re.compile(rf"(?<!\w)(?:{phrase_pattern(_ROLES)})\s*$", re.IGNORECASE)
_AFTER_RE = re.compile(rf"\s*(?:{phrase_pattern(_AFTER)})(?!\w)", re.IGNORECASE)
_WINDOW = 40  # characters looked back for one chain word; the longest phrase is far shorter


@dataclass
class Chain:
    """The run of binding words right before a number, nearest first."""

    start: int  # where the run begins (the number's start when there is none)
    comparator: str | None = None  # strictest comparator word (">=" beats a plain "đạt")
    weak: bool = False  # only "=" words like đạt, có, phấn đấu
    change: str | None = None  # increase | decrease (None when a level word such as "xuống còn" comes first)
    rank: str | None = None  # comparator of a ranking phrase
    rank_needs_lead: bool = False
    commit: bool = False
    level: bool = False  # a level word ("xuống còn", "lên") came first: the number is the level reached
    words: list[str] = field(default_factory=list)


def read_chain(text: str, pos: int, floor: int, max_words: int = 5) -> Chain:
    """Read binding words backwards from `pos` (a number's start), not before `floor` (the clause start)."""
    chain = Chain(start=pos)
    level_seen = False
    p = pos
    for _ in range(max_words):
        m = _CHAIN_WORD.search(text, max(floor, p - _WINDOW), p)
        if not m or m.start() < floor:
            break
        phrase = squash(m.group(0))
        roles = _ROLES.get(phrase, ())
        if chain.comparator and all(r[0] == "commit" for r in roles):
            break  # "Tỷ lệ lao động qua đào tạo đạt 70%": a verb before "đạt" belongs to the subject
        chain.words.append(phrase)
        for role, value, extra in roles:
            if role == "comp":
                if value != "=" and (chain.comparator in (None, "=")):
                    chain.comparator = value
                elif chain.comparator is None:
                    chain.comparator = "="
            elif role == "change":
                if value == "level":
                    level_seen = True
                elif not level_seen and chain.change is None:
                    chain.change = value
            elif role == "rank" and chain.rank is None:
                chain.rank = value
                chain.rank_needs_lead = extra == "yes"
            elif role == "commit":
                chain.commit = True
        chain.start = m.start()
        p = m.start()
    chain.weak = chain.comparator == "="
    chain.level = level_seen
    return chain


def opening_change(text: str, clause_start: int, end: int) -> str | None:
    """"Giảm số đơn thư khiếu nại ít nhất 15% so với năm 2019": the change verb opens the clause."""
    m = _CHANGE_OPENING.match(text, clause_start, end)
    return _CHANGE_KIND[squash(m.group(1))] if m else None


def read_after(text: str, pos: int) -> tuple[str | None, int]:
    """A comparator word right after a number or its unit ("từ 95% trở lên"): (comparator, end)."""
    m = _AFTER_RE.match(text, pos)
    if not m:
        return None, pos
    return _AFTER[squash(m.group(0))], m.end()
