"""Người ký: the name under a document's last signature title ("KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Lê Văn Hòa")."""

from __future__ import annotations

import re

from pipeline import issuer as I

_SIGNER_TITLE = re.compile(r"(?<![\w])(?:" + "|".join(sorted(I.LOC["signer_titles"], key=len, reverse=True)) + r")(?![\w])")
_SURNAMES = frozenset(I.LOC["surnames"])


def signer(text: str) -> str | None:
    """The name under the last signature title ('CHỦ TỊCH', 'KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC', 'BÍ THƯ')."""
    found = None
    for m in _SIGNER_TITLE.finditer(text):
        name = _name_after(text[m.end():m.end() + 600])
        if name:
            found = name
    return found


_TOKEN = re.compile(r"[^\W\d_]+")


def _name_after(chunk: str) -> str | None:
    """The first personal name (a family name, then 2-3 more syllables on the same line) in `chunk`."""
    toks = list(_TOKEN.finditer(chunk))
    for i, t in enumerate(toks):
        w0 = t.group()
        if w0.capitalize() not in _SURNAMES or not (w0.istitle() or w0.isupper()):
            continue
        upper = w0.isupper() and len(w0) > 1
        name = [w0]
        for u in toks[i + 1:i + 4]:
            w = u.group()
            gap = chunk[toks[i + len(name) - 1].end():u.start()]
            if gap.strip() or "\n" in gap:
                break
            if not (w.isupper() if upper else (w[0].isupper() and (len(w) == 1 or w[1:].islower()))):
                break
            name.append(w)
        if len(name) >= 3:
            nxt = toks[i + len(name)] if i + len(name) < len(toks) else None
            joined = nxt is not None and not chunk[toks[i + len(name) - 1].end():nxt.start()].strip()
            if joined and nxt.group()[0].islower() and len(name) == 4:
                name = name[:3]  # "Phạm Văn Nam Tổ công tác": the fourth word starts a phrase
            return I.proper_name(name)
    return None
