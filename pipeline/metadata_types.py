"""Document types (SCHEMA.md): the title words printed in a header and the type codes of a số hiệu (doc_types.tsv)."""

from __future__ import annotations

import re

from pipeline.data_files import read_tsv

_ROWS = [r for r in read_tsv("doc_types.tsv") if r[0] != "doc_type"]
TYPES: list[tuple[str, str, str]] = [(t, word, code) for t, word, code, *_ in _ROWS]
BY_CODE = {code: t for t, _w, code in TYPES}
BY_WORD = {w: t for t, w, _c in TYPES}
_WORDS = sorted(BY_WORD, key=len, reverse=True)
# a title word as printed in capitals, also broken over lines ("QUYẾT\nĐỊNH")
WORD_RX = re.compile(r"(?<![\w])(" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in _WORDS) + r")(?![\w])")
# the same word in any case, at the start of a line ("Nghị quyết 38/2012/NQ-HĐND về …")
WORD_AT_START = re.compile(r"\s*(" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in _WORDS) + r")(?![\w])",
                           re.I)


def of_word(word: str) -> str:
    """'QUYẾT\nĐỊNH' or 'Nghị quyết' → its type code."""
    return BY_WORD[" ".join(word.split()).upper()]
