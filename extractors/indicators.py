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
# A noun that starts with a change verb ("tăng trưởng", "giảm nghèo") is what is measured, not a change.
_OPENING = re.compile(
    rf"^(?:(?!(?:{phrase_pattern(r[0] for r in rows('changes') if r[1] == 'not_change')})(?!\w))"
    rf"(?:{phrase_pattern([r[0] for r in rows('target_cues') if r[1] in ('commit_marker', 'future')] + [r[0] for r in rows('changes') if r[1] in ('increase', 'decrease')])})(?:\s+(?:19|20)\d\d)?[\s,:]+)+",
    re.IGNORECASE)
# "mỗi xã, phường …" names who holds the count; "mỗi năm" is a period (data/per_words.tsv), not a holder
# "15 bác sĩ/10.000 dân và 35 giường bệnh …": another number coordinated after this one measures something else
_NEXT_NUMBER = re.compile(r"\s*(?:,|;|\s(?:và|hoặc))\s+\d.*$", re.IGNORECASE | re.DOTALL)
_QUANT: dict[str, list[str]] = {}
for _w, _kind, *_ in rows("quantifiers"):
    _QUANT.setdefault(_kind, []).append(_w)
_WORDS = {_kind: _w for _w, _kind, *_ in rows("indicator_words")}
_RATE_VARIANTS = [_w for _w, _kind, *_ in rows("indicator_words") if _kind == "rate_variant"]
_HOLDER = re.compile(rf"(?:{'|'.join(_QUANT['holder'])})\s+(?!(?:{phrase_pattern(r[0] for r in rows('per_words') if r[1] == 'time')})(?!\w))", re.IGNORECASE)
_PER_PART = re.compile(r"^\s*/\s*\w+")  # "7,5%/năm": the rate's period is not what is measured
_LEADING = re.compile(rf"^(?:{phrase_pattern(_QUANT['leading'])})\s+", re.IGNORECASE)
_TRAILING = re.compile(r"[\s,;:.\-–(|]+$")
_MAX_WORDS = 16
_COUNT_AFTER_WORDS = 8


def _rate_spelling(s: str) -> str:
    """`s` with the rate noun's other spellings ("tỉ lệ") written as the main one ("tỷ lệ")."""
    for v in _RATE_VARIANTS:
        s = s.replace(v, _WORDS["rate"])
    return s


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
    after = _NEXT_NUMBER.sub("", _CUT.sub("", after))
    return before, after


def describe(unit: str, before: str, after: str, counted: str = "", verb: str = "", change: str | None = None,
             amount: bool = False) -> str:
    """A short Vietnamese phrase for what is measured, built from the clause around the number: the words
    before it (`before`, up to the comparator) and after it (`after`, past the unit)."""
    before, after = _cell(before, after)
    label = before.strip().endswith(":")  # "Kiểm tra định kỳ: tối thiểu 30% các cơ quan"
    before, after = _OPENING.sub("", tidy(before, leading=False)), tidy(_PER_PART.sub("", after))
    label = before if label else ""
    i = _rate_spelling(before.lower()).find(_WORDS["rate"])
    if unit == "%" and change and after:
        text = after  # "giảm 20% lượng túi ni lông": what changes is the amount itself
    elif unit == "%" and i >= 0:
        text = before[i:]
    elif unit == "%" and after:
        text = _WORDS["rate_label"] + " " + after + (f" ({label})" if label else "")
    elif unit in ("%", "rank"):
        text = (_WORDS["rank_label"] + " " if unit == "rank" else "") + before
    elif amount and before and not (verb and before.lower().startswith(verb)):
        text = before  # "Thu nhập bình quân đầu người đạt 70 triệu đồng": the subject is the indicator
    else:
        after = " ".join(after.split()[:_COUNT_AFTER_WORDS])
        sep = "" if after[:1] in ",;:)" else " "
        where = f" {_WORDS['at']} {before}" if _HOLDER.match(before) else ""
        text = (f"{_WORDS['count_label']} {counted}" + (f"{sep}{after}" if after else "") + where
                + (f" {_WORDS['passive']} {verb}" if verb else ""))
        if label and not verb:
            text += f" ({label})"
    text = tidy(text, leading=False)
    return text[:1].upper() + text[1:] if text else ""
