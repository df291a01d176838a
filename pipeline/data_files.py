"""Reading the language-knowledge data files that live beside the code (TSV, `#` comments)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def read_tsv(name: str, base: str | None = None) -> tuple[tuple[str, ...], ...]:
    """Rows of a tab-separated data file, skipping blank lines and `#` comments."""
    path = (Path(base) if base else DATA_DIR) / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(c.strip() for c in line.split("\t")))
    return tuple(rows)
