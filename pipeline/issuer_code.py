"""The issuer code of a số hiệu ("66/TCDS-KHTC" → TCDS): does it name the header's body, and which body of the text
it names when not (a header that shows only the parent ministry)."""

from __future__ import annotations

import re

from pipeline import issuer as I
from pipeline import metadata_types as T
from pipeline.data_files import read_tsv

CODES = {code: (written, kind) for code, written, kind, *_ in read_tsv("issuer_codes.tsv") if code != "code"}
_SKIP = frozenset({"và", "-", "–", "&"})
# heads of bodies that issue under a parent's header: their names follow in the text ("Tổng cục Dân số - …")
_SUB_HEADS = sorted({w for _c, w, kind in I.HEADS if kind in ("department", "ministry")}, key=lambda w: (-len(w), w))
_SUB_RX = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _SUB_HEADS)) + r")(?!\w)")
_TOKEN = re.compile(r"[^\s\-–]+|[-–]")


def _fold(s: str) -> str:
    return s.casefold().replace("đ", "d")


def issuer_code(number: str | None) -> str | None:
    """'45/KH-UBND' → 'UBND', '05-CT/TU' → 'TU', '1520/UBND-VX' → 'UBND', '36/2013/QĐ-UBND' → 'UBND'."""
    if not number or "/" not in number:
        return None
    codes = number.rsplit("/", 1)[1].split("-")
    if "-" in number.split("/", 1)[0]:  # party style "05-CT/TU": the type is before the slash
        return codes[0] or None
    if len(codes) > 1 and codes[0] in T.BY_CODE:
        return codes[1] or None
    return codes[0] or None


def initials(name: str) -> str:
    """'Sở Giáo dục và Đào tạo' → 'SGDĐT' (the first letter of each syllable, 'và' and dashes left out)."""
    return "".join(t[0] for t in _TOKEN.findall(name) if t.lower() not in _SKIP and t[0].isalpha())


def names(code: str, issuer: str | None) -> bool:
    """Whether the code stands for this body ('UBND' for 'Ủy ban nhân dân tỉnh Nghệ An', 'TTg' for the PM)."""
    if not issuer:
        return False
    written = CODES.get(code, (None,))[0]
    if written and _fold(issuer).startswith(_fold(written)):
        return True
    got, want = _fold(initials(issuer)), _fold(code)
    head = next((w for w in _SUB_HEADS if issuer.startswith(w + " ")), None)
    # a ministry's letters may leave out its head word: "LĐTBXH" for Bộ Lao động - Thương binh và Xã hội
    return got.startswith(want) or bool(head) and got[len(initials(head)):].startswith(want)


def body_in_text(code: str, text: str) -> str | None:
    """The first body the text names whose initials are the code, with a name joined on by a dash
    ('Tổng cục Dân số- Kế hoạch hóa gia đình, …' → 'Tổng cục Dân số - Kế hoạch hóa gia đình')."""
    want = _fold(code)
    if len(want) < 2:
        return None
    for m in _SUB_RX.finditer(text):
        line_end = text.find("\n", m.start())
        toks = _TOKEN.findall(text[m.start():line_end if line_end >= 0 else len(text)][:200])
        got = ""
        for k, t in enumerate(toks):
            if t.lower() in _SKIP:
                continue
            if not t[0].isalpha():
                break
            got += _fold(t[0])
            if got == want:
                return _with_dashed_rest(toks, k + 1)
            if not want.startswith(got):
                break
    return None


def _with_dashed_rest(toks: list[str], k: int) -> str:
    words = toks[:k]
    if k < len(toks) and toks[k] in ("-", "–") and k + 1 < len(toks):
        words.append("-")
        for t in toks[k + 1:k + 7]:
            if t in ("-", "–"):
                break
            clean = t.rstrip(",;.:)")
            if clean:
                words.append(clean)
            if clean != t:
                break
    return " ".join(words)


def from_place(code: str | None, place_name: str) -> str | None:
    """A legal library's issuing place with the number's code: ('UBND', 'Tỉnh Hà Giang') → 'Ủy ban nhân dân tỉnh
    Hà Giang'; ('TU', 'Thành phố Hải Phòng') → 'Thành ủy Hải Phòng'."""
    if not code or code not in CODES:
        return None
    written, kind = CODES[code]
    words = place_name.split()
    unit, name, _rest = I.split_place(words)
    if kind == "national" or not (unit and name):
        return written if kind == "national" else None
    place = I.proper_name(name)
    if kind == "party":  # a committee named by its level: Tỉnh ủy / Thành ủy / Huyện ủy …, else "Đảng ủy xã …"
        level = next((c for c, u in I.LOC["party_unit"].items() if u == unit), None)
        return f"{level} {place}" if level else f"{written} {unit} {place}"
    return f"{written} {unit} {place}"
