"""Issuing bodies: read the capitals of a header ("ỦY BAN NHÂN DÂN / QUẬN / GÒ VẤP") as a written name."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from pipeline.data_files import read_tsv

_DATA = Path(__file__).parent / "data"
LOC = json.loads((_DATA / "localities.json").read_text(encoding="utf-8"))
UNITS = sorted(LOC["units"], key=len, reverse=True)
NAME_STOP = frozenset(LOC["name_stop_words"])
NOT_PLACES = tuple(LOC["not_places"])


def _load_heads() -> list[tuple[str, str, str]]:
    with open(_DATA / "issuers.tsv", encoding="utf-8") as f:
        rows = list(csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t"))
    heads = [(cap, written, kind) for cap, written, kind, _ex in rows[1:]]
    return sorted(heads, key=lambda h: len(h[0]), reverse=True)


HEADS = _load_heads()
VI_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_UNIT_RX = re.compile(r"(?<!\w)(" + "|".join(re.escape(u) for u in UNITS) + r")(?!\w)", re.I)


def proper_name(words: list[str]) -> str:
    """A place or person name: every syllable capitalised ("HỒ CHÍ MINH" → "Hồ Chí Minh")."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


def field_name(words: list[str]) -> str:
    """A field of work as Vietnamese names bodies: capital after 'và', '-', ','  ("Giáo dục và Đào tạo")."""
    out = []
    cap_next = True
    for w in words:
        lw = w.lower()
        if lw in ("và", "-", "–") or lw.endswith(","):
            out.append(lw)
            cap_next = True
            continue
        out.append(lw[:1].upper() + lw[1:] if cap_next else lw)
        cap_next = False
    return " ".join(out)


def split_place(words: list[str]) -> tuple[str | None, list[str], list[str]]:
    """(unit, name words, the rest) for words starting with an administrative unit ("TỈNH HẢI DƯƠNG ...")."""
    text = " ".join(words).lower()
    if text.startswith(NOT_PLACES):
        return None, [], words
    for u in UNITS:
        if text == u or text.startswith(u + " "):
            rest = words[len(u.split()):]
            name = _name_words(rest)
            return u, name, rest[len(name):]
    return None, [], words


def place(words: list[str]) -> str | None:
    """'quận Gò Vấp' from ['QUẬN', 'GÒ', 'VẤP'] (None when the words do not start with a unit and a name)."""
    unit, name, _ = split_place(words)
    if unit and name:
        return f"{unit} {proper_name(name)}"
    return None


def written_issuer(capitals: str) -> tuple[str | None, str | None]:
    """(issuer, locality) for a header block written in capitals; (None, None) if no body is named."""
    words = [w for w in capitals.replace("\n", " ").split() if w not in ("*", "|")]
    while words and words[0] in ("-", "–"):
        words.pop(0)
    upper = " ".join(words).upper()
    for cap, written, kind in HEADS:
        if upper == cap or upper.startswith(cap + " "):
            rest = words[len(cap.split()):]
            return _with_rest(written, kind, rest)
    return None, None


def _with_rest(written: str, kind: str, rest: list[str]) -> tuple[str | None, str | None]:
    if kind == "national":
        return written, None
    if kind == "party":
        unit, name, _ = split_place(rest)
        if unit and name:  # "ĐẢNG ỦY XÃ TÂN LẬP"
            loc = f"{unit} {proper_name(name)}"
            return f"{written} {loc}", loc
        name = _name_words(rest)
        if not name:
            return written, None
        unit = LOC["party_unit"].get(" ".join(written.split()[-2:]))
        loc_name = proper_name(name)
        return f"{written} {loc_name}", (f"{unit} {loc_name}" if unit else None)
    if kind == "state":
        unit, name, _ = split_place(rest)
        if unit and name:
            loc = f"{unit} {proper_name(name)}"
            return f"{written} {loc}", loc
        if unit:
            return f"{written} {unit}", None
        return written, None
    # ministry / department: a field name, then maybe a locality
    i = next((k for k in range(len(rest)) if split_place(rest[k:])[0] and split_place(rest[k:])[1]), len(rest))
    fld = field_name(rest[:i])
    name = f"{written} {fld}".strip()
    loc = place(rest[i:]) if i < len(rest) else None
    if loc:
        return f"{name} {loc}", loc
    return name, None


def _name_words(words: list[str]) -> list[str]:
    """The words of a place name at the start of `words`: up to 4, before a time word or a number;
    a dash joins two names ("BÀ RỊA - VŨNG TÀU")."""
    name: list[str] = []
    count = 0
    for i, w in enumerate(words):
        if w in ("-", "–") and count and i + 1 < len(words) and words[i + 1][:1].isalpha():
            name.append("-")
            continue
        if w.lower() in NAME_STOP or not any(c.isalpha() for c in w) or count >= 4:
            break
        name.append(w)
        count += 1
    while name and name[-1] == "-":
        name.pop()
    return name


# "Ủy ban nhân dân tỉnh chỉ đạo ...", "UBND Thành phố Hồ Chí Minh vừa báo cáo ...": a body speaking for itself
_SELF_WORDS: dict[str, list[str]] = {}
for _role, _phrase, *_ in read_tsv("self_reference.tsv"):
    _SELF_WORDS.setdefault(_role, []).append(_phrase)


def _plain_alt(role: str) -> str:
    return "|".join(re.escape(p) for p in _SELF_WORDS[role])


_SELF = re.compile(
    r"(?<![\w])(?P<body>" + _plain_alt("body") + r")"
    r"(?P<place>(?: (?:" + _plain_alt("place") + r"))?(?: [" + VI_UPPER + r"]\w*)*)"
    r" (?:(?:" + _plain_alt("adverb") + r") )?(?P<verb>" + _plain_alt("verb") + r")(?!\w)"
)
_NOT_SELF_BEFORE = re.compile(r"(?:" + _plain_alt("not_before") + r")\s*\Z", re.I)
_WRITTEN_BODY = {p: w for role, p, w, *_ in read_tsv("self_reference.tsv") if role == "body" and w != "-"}
_COMMITTEE_LEVEL = {p: w for role, p, w, *_ in read_tsv("self_reference.tsv") if role == "committee_place"}


def issuer_in_body(text: str) -> tuple[str, str | None] | None:
    """(issuer, locality) from the first sentence where a body speaks for itself, for texts without a header."""
    for m in _SELF.finditer(text):
        if _NOT_SELF_BEFORE.search(text[max(0, m.start() - 20):m.start()]):
            continue
        body = _WRITTEN_BODY.get(m.group("body"), m.group("body"))
        place_words = m.group("place").split()
        loc = place(place_words)
        if loc:
            return f"{body} {loc}", loc
        level = _COMMITTEE_LEVEL.get(body)
        if level and place_words and place_words[0][:1].isupper():  # "Tỉnh ủy Hà Giang": the name follows
            name = proper_name(place_words)
            return f"{body} {name}", f"{level} {name}"
        unit = place_words[0].lower() if place_words else None
        return (f"{body} {unit}" if unit else body), None
    return None


def find_locality(text: str, unit: str | None) -> str | None:
    """The first '<unit> <Name>' in `text` (capitals or not), preferring the given unit."""
    for m in _UNIT_RX.finditer(text):
        u = m.group(1).lower()
        if unit and u != unit:
            continue
        words = text[m.start():m.start() + 80].split()
        unit_, name, _ = split_place(words)
        if unit_ and name and all(w[:1].isupper() for w in name):
            return f"{unit_} {proper_name(name)}"
    return None
