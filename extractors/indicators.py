"""The indicator taxonomy (`data/indicators.tsv`): which canonical indicator a target clause measures,
so the same indicator can be found across documents and years."""

from __future__ import annotations

import re

from extractors.lexicon import phrase_pattern, rows, squash

_ROWS = rows("indicators")
# One pattern for every keyword; a keyword's row number ranks it (rows are ordered specific first).
_RANK: dict[str, int] = {}
for _i, (_code, _kw, *_) in enumerate(_ROWS):
    for _k in _kw.split("|"):
        _RANK.setdefault(squash(_k), _i)
_KEYWORDS = re.compile(rf"(?<!\w)(?:{phrase_pattern(_RANK)})(?!\w)", re.IGNORECASE)


def classify(clause: str) -> str | None:
    """The code of the first taxonomy row whose keywords occur in `clause`."""
    best = min((_RANK[squash(m.group(0))] for m in _KEYWORDS.finditer(clause)), default=None)
    return None if best is None else _ROWS[best][0]


# Words after which the clause no longer says what is measured (data/indicator_cuts.tsv).
_CUT = re.compile(rf"\s+(?:{phrase_pattern(r[0] for r in rows('indicator_cuts'))})(?!\w).*$", re.IGNORECASE | re.DOTALL)
_LEADING = re.compile(r"^(?:các|những|số|toàn bộ|tất cả(?: các)?)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"[\s,;:.\-–(|]+$")
_MAX_WORDS = 16
_COUNT_AFTER_WORDS = 8


def tidy(phrase: str, leading: bool = True) -> str:
    """One line, no leading "các/những" (unless `leading` is False), no trailing punctuation, a few words."""
    words = " ".join(phrase.split())
    if leading:
        words = _LEADING.sub("", words)
    words = " ".join(words.split()[:_MAX_WORDS])
    return _TRAILING.sub("", words)


def _cell(before: str, after: str) -> tuple[str, str]:
    """In a table row the indicator is the last cell with words before the number; the cells after
    it hold other columns (the agency), not the indicator."""
    if "|" in before:
        cells = [c for c in before.split("|") if re.search(r"[^\W\d_]", c)]
        before = cells[-1] if cells else ""
    if "|" in after:
        after = after.split("|")[0]
    after = after.split("(")[0]  # a parenthesis after the measured thing is a remark or another clause
    after = _CUT.sub("", after)
    return before, after


def describe(unit: str, before: str, after: str, counted: str = "", verb: str = "", change: str | None = None) -> str:
    """A short Vietnamese phrase for what is measured, built from the clause around the number."""
    before, after = _cell(before, after)
    before, after = tidy(before, leading=False), tidy(after)
    low = before.lower()
    if unit == "%" and change and after:
        text = after  # "giảm 20% lượng túi ni lông": what changes is the amount itself
    elif unit == "%":
        i = low.find("tỷ lệ")
        if i < 0:
            i = low.find("tỉ lệ")
        if i >= 0:
            text = before[i:]
        elif after:
            text = "Tỷ lệ " + after
        else:
            text = before
    elif unit == "rank":
        text = "Xếp hạng " + before if before else "Xếp hạng"
    elif before and not verb:
        text = before  # "Thu nhập bình quân đầu người đạt 70 triệu đồng": the subject is the indicator
    else:
        after = " ".join(after.split()[:_COUNT_AFTER_WORDS])
        sep = "" if after[:1] in ",;:)" else " "
        text = f"Số {counted}" + (f"{sep}{after}" if after else "") + (f" được {verb}" if verb else "")
    text = tidy(text, leading=False)
    return text[:1].upper() + text[1:] if text else ""
