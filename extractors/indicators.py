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
# Commitment and change words opening the phrase before a number are not what is measured
# ("Phấn đấu Chỉ số CCHC …", "Tăng số lượng thủ tục …", "Đến năm 2025, …").
_OPENING = re.compile(
    rf"^(?:(?:{phrase_pattern([r[0] for r in rows('target_cues') if r[1] in ('commit_marker', 'future')] + [r[0] for r in rows('changes') if r[1] != 'level'])})(?:\s+(?:19|20)\d\d)?[\s,:]+)+",
    re.IGNORECASE)
# "mỗi xã, phường …" names who holds the count; "mỗi năm" is a period (data/per_words.tsv), not a holder
_HOLDER = re.compile(rf"(?:mỗi|từng)\s+(?!(?:{phrase_pattern(r[0] for r in rows('per_words') if r[1] == 'time')})(?!\w))", re.IGNORECASE)
_PER_PART = re.compile(r"^\s*/\s*\w+")  # "7,5%/năm": the rate's period is not what is measured
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


def describe(unit: str, before: str, after: str, counted: str = "", verb: str = "", change: str | None = None,
             amount: bool = False) -> str:
    """A short Vietnamese phrase for what is measured, built from the clause around the number: the words
    before it (`before`, up to the comparator) and after it (`after`, past the unit)."""
    before, after = _cell(before, after)
    label = before.strip().endswith(":")  # "Kiểm tra định kỳ: tối thiểu 30% các cơ quan"
    before, after = _OPENING.sub("", tidy(before, leading=False)), tidy(_PER_PART.sub("", after))
    label = before if label else ""
    i = before.lower().replace("tỉ lệ", "tỷ lệ").find("tỷ lệ")
    if unit == "%" and change and after:
        text = after  # "giảm 20% lượng túi ni lông": what changes is the amount itself
    elif unit == "%" and i >= 0:
        text = before[i:]
    elif unit == "%" and after:
        text = "Tỷ lệ " + after + (f" ({label})" if label else "")
    elif unit in ("%", "rank"):
        text = ("Xếp hạng " if unit == "rank" else "") + before
    elif amount and before and not (verb and before.lower().startswith(verb)):
        text = before  # "Thu nhập bình quân đầu người đạt 70 triệu đồng": the subject is the indicator
    else:
        after = " ".join(after.split()[:_COUNT_AFTER_WORDS])
        sep = "" if after[:1] in ",;:)" else " "
        where = f" ở {before}" if _HOLDER.match(before) else ""
        text = f"Số {counted}" + (f"{sep}{after}" if after else "") + where + (f" được {verb}" if verb else "")
        if label and not verb:
            text += f" ({label})"
    text = tidy(text, leading=False)
    return text[:1].upper() + text[1:] if text else ""
