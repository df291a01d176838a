"""The issuing body as an official text prints it: the capitals of its header ("ỦY BAN NHÂN DÂN / TỈNH NGHỆ AN"),
a body under its parent ("HUYỆN ỦY … / ĐẢNG ỦY XÃ …"), and the authority line under the title
("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI") that places a header's bare "ỦY BAN NHÂN DÂN"."""

from __future__ import annotations

import re

from pipeline import issuer as I
from pipeline.metadata_layout import MOTTO

_EDGE = re.compile(r"^[\W\d_]+|[\W\d_]+$")


def _capital_runs(block: str) -> list[list[str]]:
    """Runs of words from consecutive lines written in capitals (a line with a lower-case letter ends a run);
    the punctuation around words ("(1)THỦ", "GIANG******", "|", "-----") is dropped, a dash between names kept."""
    runs: list[list[str]] = [[]]
    for line in block.split("\n"):
        toks = [t if t in ("-", "–") else _EDGE.sub("", t) for t in line.split()]
        toks = [t for t in toks if t in ("-", "–") or (t and any(c.isalpha() for c in t))]
        if not any(t not in ("-", "–") for t in toks):
            continue
        if any(c.islower() for t in toks for c in t):
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].extend(toks)
    return [r for r in runs if r]


def _head_at(words: list[str], k: int, first: bool) -> str | None:
    rest = " ".join(w.upper() for w in words[k:])
    return next((cap for cap, _w, kind in I.HEADS
                 if (rest == cap or rest.startswith(cap + " ")) and (first or kind in ("department", "ministry", "party"))),
                None)


def header_issuer(block: str) -> tuple[str | None, str | None]:
    """(issuer, locality) from the header block before the number and date lines; the last of stacked bodies
    issues ("UBND TỈNH BẮC GIANG / SỞ Y TẾ" → Sở Y tế tỉnh Bắc Giang)."""
    block = MOTTO.sub(lambda m: "\n" + " " * (len(m.group()) - 1), block)
    for words in _capital_runs(block):
        k0 = next((k for k in range(len(words)) if _head_at(words, k, True)), None)
        if k0 is None:
            continue  # a site's banner or a stray figure before the header
        return _stacked(words[k0:])
    return None, None


def _stacked(words: list[str]) -> tuple[str | None, str | None]:
    starts = _body_starts(words)
    if len(starts) > 1:
        parent = I.written_issuer(" ".join(words[:starts[-1]]))
        child_words = words[starts[-1]:]
        child = I.written_issuer(" ".join(child_words))
        if child[0] and parent[0] and len(child[0].split()) <= 2 and child[0].upper() == " ".join(child_words).upper():
            # a bare "VĂN PHÒNG" under its body: the office of that body
            return f"{child[0]} {parent[0]}", parent[1]
        if child[0]:
            if _kind(words, starts[-1]) == "department" and _kind(words, 0) == "party":
                return f"{child[0]} {parent[0]}", parent[1]  # "Ban Tuyên giáo Tỉnh ủy Quảng Ninh"
            if child[1] is None and parent[1]:
                return f"{child[0]} {parent[1]}", parent[1]
            return child
    return I.written_issuer(" ".join(words))


def _kind(words: list[str], k: int) -> str | None:
    head = _head_at(words, k, True)
    return next((kind for cap, _w, kind in I.HEADS if cap == head), None)


def _body_starts(words: list[str]) -> list[int]:
    """Word indexes where a body's name starts (longest match, then skip its words)."""
    out = []
    k = 0
    while k < len(words):
        head = _head_at(words, k, True)
        if head:
            if k == 0 or _head_at(words, k, False):
                out.append(k)
            # a body named inside another's name is skipped whole ("VĂN PHÒNG ỦY BAN NHÂN DÂN …": not "BAN …")
            k += len(head.split())
        else:
            k += 1
    return out


def is_bare(issuer: str | None) -> bool:
    """A body of a locality printed without its place ("Ủy ban nhân dân", "Ủy ban nhân dân tỉnh")."""
    if not issuer:
        return False
    low = issuer.lower()
    for cap, written, kind in I.HEADS:
        if kind == "state" and (low == written.lower() or any(low == f"{written.lower()} {u}" for u in I.UNITS)):
            return True
    return False


def authority_issuer(region: str, issuer: str) -> tuple[str, str] | None:
    """The same body with its place from a capitals line under the title ('ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI',
    'CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN GÒ VẤP')."""
    body = next((w.lower() for _c, w, _k in sorted(I.HEADS, key=lambda h: len(h[1]), reverse=True)
                 if issuer.lower().startswith(w.lower())), issuer.lower())
    for words in _capital_runs(region):
        for k in range(len(words)):
            if not _head_at(words, k, True):
                continue
            found, loc = I.written_issuer(" ".join(words[k:]))
            if found and loc and found.lower().startswith(body):
                return found, loc
    return None
