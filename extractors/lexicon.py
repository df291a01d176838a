"""Loading the language data files in `extractors/data/` (TSV, `#` comments, one entry a line)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The entries of data/<name>.tsv as tuples of stripped fields (comments and blank lines skipped)."""
    out = []
    for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(tuple(f.strip() for f in line.split("\t")))
    return tuple(out)


def phrase_pattern(phrases) -> str:
    """A regex alternation of phrases, longest first, whitespace inside a phrase matching any run of
    whitespace (line-wrapped text splits "tối\\nthiểu")."""
    uniq = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))  # ties in a fixed order
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in uniq)


def squash(s: str) -> str:
    """Lower case with whitespace runs collapsed: the form phrases are looked up in."""
    return " ".join(s.lower().split())


@lru_cache(maxsize=1)
def narrative_kinds() -> dict[str, str]:
    """doc_type → "report" or "news" for the types that tell of what happened (data/document_kinds.tsv)."""
    return {doc_type: kind for doc_type, kind, *_ in rows("document_kinds")}


def section_words(kind: str) -> list[str]:
    """The heading words of one kind (review, plan, goal) from data/section_cues.tsv."""
    return [w for w, k, *_ in rows("section_cues") if k == kind]
