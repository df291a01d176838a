"""Normalisation with an offset map: NFC, one tone placement, whitespace, PDF spacing, lost dashes, web boilerplate.

Each pass finds edits with compiled regexes and applies them in one linear rebuild, carrying every
character's raw source along (see `EditableText`), so any clean span maps back to the raw text.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from pipeline import spacing
from pipeline.data_files import read_tsv
from pipeline.textmap import CleanText, EditableText

_DATA = Path(__file__).parent / "data"

# --- characters -------------------------------------------------------------------------------
_ODD_CHARS = re.compile(
    "\r\n?|[\u2028\u2029\x0b\x0c"  # line breaks → \n
    "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # odd spaces → " "
    "\u00ad\u200b-\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f]"  # invisible → removed
)


def _odd_char(m: re.Match) -> str:
    c = m.group()
    if c[0] in "\r\u2028\u2029\x0b\x0c":
        return "\n"
    if c in "\t\u00a0\u1680\u202f\u205f\u3000" or "\u2000" <= c <= "\u200a":
        return " "
    return ""


# a base letter with the combining marks that follow it (decomposed Vietnamese typed on Windows/macOS)
_COMBINING_RUN = re.compile(r"(?s).[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def _nfc_edits(text: str) -> list[tuple[int, int, str]]:
    if unicodedata.is_normalized("NFC", text):
        return []
    edits = []
    pos = 0
    for m in _COMBINING_RUN.finditer(text):
        # characters before the run that NFC changes on their own (singletons such as U+212B Å)
        edits.extend(_singleton_edits(text, pos, m.start()))
        s = m.group()
        n = unicodedata.normalize("NFC", s)
        if n != s:
            edits.append((m.start(), m.end(), n))
        pos = m.end()
    edits.extend(_singleton_edits(text, pos, len(text)))
    return edits


def _singleton_edits(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    chunk = text[start:end]
    if unicodedata.is_normalized("NFC", chunk):
        return []
    return [(start + i, start + i + 1, unicodedata.normalize("NFC", c))
            for i, c in enumerate(chunk) if unicodedata.normalize("NFC", c) != c]


# --- tone placement ---------------------------------------------------------------------------
# The "new" placement (hòa, khỏe, thủy) on open oa/oe/uy syllables: the gold and most current
# documents write "Ủy ban"; "qu" + y keeps its tone on y (quý) and a coda keeps it on the second
# vowel (hoàng, huỳnh), so only word-final pairs move.
_TONED_A_E = "àáảãạèéẻẽẹÀÁẢÃẠÈÉẺẼẸ"
_TONED_Y = "ỳýỷỹỵỲÝỶỸỴ"
_OLD_TONE = re.compile(rf"[oO][{_TONED_A_E}]|[uU][{_TONED_Y}]")


def _move_tone(m: re.Match) -> str:
    first, second = m.group()
    d = unicodedata.normalize("NFD", second)
    base, marks = d[0], d[1:]
    return unicodedata.normalize("NFC", first + marks) + base


def _tone_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    n = len(text)
    for m in _OLD_TONE.finditer(text):
        s, e = m.span()
        if e < n and text[e].isalpha():
            continue  # a coda follows: hoàng, huỳnh, khuỷu
        prev = text[s - 1] if s else ""
        # after q the u belongs to the onset (quý); after another vowel it is a different rhyme
        if prev and (prev in "qQ" or (prev.isalpha() and spacing.split_tone(prev)[0] in "aăâeêioôơuưy")):
            continue
        edits.append((s, e, _move_tone(m)))
    return edits


# --- whitespace ---------------------------------------------------------------------------------
# every pattern starts with a literal so the regex engine can skip ahead (these run over every text)
_SPACE_RUN = re.compile(r" {2,}| +(?=\n)|\n +")
_BLANK_LINES = re.compile(r"\n{3,}")


def _space_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    n = len(text)
    pos = 0
    for m in _SPACE_RUN.finditer(text):
        s, e = m.span()
        if text[s] == "\n":
            s += 1
        if s < pos or s >= e:
            continue
        at_edge = s == 0 or e == n or text[s - 1] == "\n" or text[e] == "\n"
        edits.append((s, e, "") if at_edge else (s + 1, e, ""))
        pos = e
    if text.startswith(" "):
        e = len(text) - len(text.lstrip(" "))
        if not edits or edits[0][0] > 0:
            edits.insert(0, (0, e, ""))
    if text.endswith(" "):
        s = len(text.rstrip(" "))
        if not edits or edits[-1][1] <= s:
            edits.append((s, n, ""))
    return edits


# --- boilerplate lines and stray page numbers --------------------------------------------------
def _load_boilerplate():
    by_scope: dict[str, list[str]] = {"line": [], "inline": [], "head": [], "tail": []}
    with open(_DATA / "boilerplate.tsv", encoding="utf-8") as f:
        rows = [r for r in csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t")]
    for scope, pattern, _example in rows[1:]:
        by_scope[scope].append(pattern)
    whole = {k: re.compile("(?:" + "|".join(v) + r")\Z", re.I) for k, v in by_scope.items() if k != "inline"}
    inline = re.compile("|".join(by_scope["inline"]), re.I)
    return whole, inline


_BOILER, _BOILER_INLINE = _load_boilerplate()
# a line holding only a page number: "12", "- 12 -", "Trang 12", "12/30"
_PAGE_NUMBER_LINE = re.compile(r"(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*-)?\Z", re.I)
_HEAD_SHARE, _TAIL_SHARE = 0.3, 0.6
_SHORT_LINE = 120  # boilerplate and page-number lines are short; long lines skip those regexes


def _line_edits(text: str) -> list[tuple[int, int, str]]:
    lines = text.split("\n")
    offsets = []
    pos = 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    n = len(text)
    drop_before = -1  # index of the head marker line
    drop_from = len(lines)  # index of the tail marker line
    for i, ln in enumerate(lines):
        st = ln.strip()
        if not st:
            continue
        if len(st) > _SHORT_LINE and offsets[i] > n * _HEAD_SHARE:
            continue
        if offsets[i] <= n * _HEAD_SHARE and _BOILER["head"].match(st):
            drop_before = i
        elif offsets[i] >= n * _TAIL_SHARE and i < drop_from and _BOILER["tail"].match(st):
            drop_from = i
    edits = []
    inline_at = [m.start() for m in _BOILER_INLINE.finditer(text)]
    if drop_before >= 0:
        edits.append((0, offsets[drop_before] + len(lines[drop_before]) + 1, ""))
    for i in range(drop_before + 1, drop_from):
        ln = lines[i]
        st = ln.strip()
        if not st:
            continue
        s = offsets[i]
        e = min(s + len(ln) + 1, n)
        if len(st) <= _SHORT_LINE and (
                _BOILER["line"].match(st) or (_PAGE_NUMBER_LINE.match(st) and not _in_number_column(lines, i))):
            edits.append((s, e, ""))
            continue
        if inline_at and s <= inline_at[0] < s + len(ln):
            edits.append((inline_at[0], s + len(ln), ""))
        while inline_at and inline_at[0] < s + len(ln) + 1:
            inline_at.pop(0)
    if drop_from < len(lines):
        edits.append((offsets[drop_from], n, ""))
    return edits


_ROW_REACH = 16  # lines: a table's next row index is this close; a page's next number is a page away


def _in_number_column(lines: list[str], i: int) -> bool:
    """A bare number next to other bare numbers is a table column, and one whose neighbour in the numbering
    ("1" … "2") is a few lines away is a table's row index (a web table copied one cell a line): not page numbers."""
    k = lines[i].strip()
    if k.isdigit():
        near = {ln.strip() for ln in lines[max(0, i - _ROW_REACH):i + _ROW_REACH]}
        if str(int(k) + 1) in near or (int(k) > 1 and str(int(k) - 1) in near):
            return True
    for j in (i - 1, i + 1):
        while 0 <= j < len(lines) and not lines[j].strip():
            j += -1 if j < i else 1
        if 0 <= j < len(lines) and re.fullmatch(r"[<>≤≥*+\-\d.,%\s]+", lines[j].strip()):
            return True
    return False


# "- 4 " page markers of a flattened PDF (each page one line, or all in one line) and the page's
# own number left at its end ("... chưa được quan 2\n- 3 tâm đúng mức").
_PAGE_MARKER = re.compile(r"- ?(\d{1,3}) (?=\S)")
_MIN_PAGE_CHARS = 200


def _page_marker_edits(text: str) -> list[tuple[int, int, str]]:
    cands = []
    for m in _PAGE_MARKER.finditer(text):
        if m.start() and text[m.start() - 1] not in " \n":
            continue
        at_line_start = m.start() == 0 or text[m.start() - 1] == "\n"
        cands.append((m.start(), m.end(), int(m.group(1)), at_line_start))
    if len(cands) < 2:
        return []
    # longest chains of consecutive page numbers, at least a page's worth of text apart
    fwd = [1] * len(cands)
    best_by_num: dict[int, tuple[int, int]] = {}  # number -> (chain length, position)
    for i, (s, _e, num, _) in enumerate(cands):
        prev = best_by_num.get(num - 1)
        if prev and s - prev[1] >= _MIN_PAGE_CHARS:
            fwd[i] = prev[0] + 1
        if fwd[i] >= best_by_num.get(num, (0, 0))[0]:
            best_by_num[num] = (fwd[i], s)
    bwd = [1] * len(cands)
    best_by_num = {}
    for i in range(len(cands) - 1, -1, -1):
        s, _e, num, _ = cands[i]
        nxt = best_by_num.get(num + 1)
        if nxt and nxt[1] - s >= _MIN_PAGE_CHARS:
            bwd[i] = nxt[0] + 1
        if bwd[i] >= best_by_num.get(num, (0, 0))[0]:
            best_by_num[num] = (bwd[i], s)
    edits = []
    for i, (s, e, num, line_start) in enumerate(cands):
        chain = fwd[i] + bwd[i] - 1
        if chain < (2 if line_start else 3):
            continue
        edits.append((s, e, ""))
        # the previous page's number just before this marker
        before = re.search(rf"(?<=[^\d\s]) {num - 1}\s*\Z", text[max(0, s - 12):s])
        if before:
            b = max(0, s - 12) + before.start()
            edits.append((b, b + 1 + len(str(num - 1)), ""))
        # this page's own number at the end of its line
        eol = text.find("\n", e)
        eol = len(text) if eol < 0 else eol
        own = re.search(rf"(?<=[^\d\s]) {num}\Z", text[max(e, eol - 8):eol])
        if own:
            b = max(e, eol - 8) + own.start()
            edits.append((b, eol, ""))
    edits = sorted(set(edits))
    return edits


# --- spacing broken inside words ----------------------------------------------------------------
_DIACRITIC_VOWELS = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_BROKEN = re.compile(rf" [{_DIACRITIC_VOWELS}{_DIACRITIC_VOWELS.upper()}]")
_WORD_BEFORE = re.compile(r"[^\W\d_]{1,4}\Z")
_WORD_AFTER = re.compile(r"[^\W\d_]{1,5}")
_PREV_WORD = re.compile(r"([^\W\d_]+(?: [^\W\d_]+)?) \Z")


def _spacing_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    n = len(text)
    for m in _BROKEN.finditer(text):
        gap = m.start()
        lm = _WORD_BEFORE.search(text, max(0, gap - 5), gap)
        if not lm or (lm.start() > 0 and text[lm.start() - 1].isalnum()):
            continue
        rm = _WORD_AFTER.match(text, gap + 1)
        if rm.end() < n and text[rm.end()].isalnum():
            continue
        left, right = lm.group(), rm.group()
        if not spacing.should_join(left, right):
            continue
        if len(left) == 1:
            prev = _PREV_WORD.search(text[max(0, lm.start() - 20):lm.start()])
            if prev and (prev.group(1).lower() in spacing.REFERENCE_WORDS
                         or prev.group(1).split()[-1].lower() in spacing.REFERENCE_WORDS):
                continue
        edits.append((gap, gap + 1, ""))
    return edits


# --- year ranges whose dash was lost -------------------------------------------------------------
_YEAR_PAIR = re.compile(r"((?:19|20)\d\d)( ?)((?:19|20)\d\d)(?!\d|[.,/]\d|\s*%)")
_MIN_YEAR, _MAX_YEAR, _MAX_SPAN = 1945, 2099, 30


def _year_edits(text: str) -> list[tuple[int, int, str]]:
    edits = []
    for m in _YEAR_PAIR.finditer(text):
        s = m.start()
        before = text[max(0, s - 6):s]
        if before[-1:].isdigit() or before[-1:] == "/" or (len(before) >= 2 and before[-1] in ".," and before[-2].isdigit()):
            continue
        if m.group(2) and (re.search(r"\d \Z", before) or re.match(r" \d", text[m.end():m.end() + 2])):
            continue  # "1999 2000 3000": a list of numbers, not a range
        y1, y2 = int(m.group(1)), int(m.group(3))
        if not (_MIN_YEAR <= y1 < y2 <= _MAX_YEAR and y2 - y1 <= _MAX_SPAN):
            continue
        mid = m.end(1)
        edits.append((mid, mid + len(m.group(2)), "-"))
    return edits


# "đến năm2030", "tháng6/2026", "quý3": a space lost between a time noun and its number
_TIME_NOUN_GLUED = re.compile(r"(?<![^\W\d_])(?:năm|tháng|quý|ngày)(?=\d)", re.IGNORECASE)


def _time_noun_edits(text: str) -> list[tuple[int, int, str]]:
    return [(m.end(), m.end(), " ") for m in _TIME_NOUN_GLUED.finditer(text)]


# --- a dash lost between two syllables ("kinh tếxã hội", "văn bản điđến", "cấp ủyChủ tịch") ---------
_TONED = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# two tones in one word, "đ" after a vowel, or a capital after a small letter: never one syllable
_GLUED = re.compile(rf"[{_TONED}][^\W\d_]{{0,6}}[{_TONED}]|[aăâeêioôơuưy{_TONED}]đ"
                    rf"|[a-zđ{_DIACRITIC_VOWELS}][{_UPPER}]")
_LETTERS = re.compile(r"[^\W\d_]+")


_NON_ASCII_LETTER = re.compile(r"[^\x00-\x7f]")
_GLUE_TITLES = tuple(r[0] for r in read_tsv("glue_titles.tsv"))
_GLUE_PAIRS = tuple(r[0] for r in read_tsv("glue_pairs.tsv"))


def _glued_edits(text: str) -> list[tuple[int, int, str]]:
    """Words run together where the source lost a space or a dash. A word that is no syllable but cuts one way
    into two is split: with a dash where the first half ends in a vowel and the two are a known pair of words
    ("kinh tếxã hội", "văn bản điđến", data/glue_pairs.tsv) or of titles ("Huyện ủyChủ tịch"), else with a space
    ("thi hànhsau 10 ngày", "Giám đốcSở Tài chính", "cửa khẩuMa Lù Thàng", "tỷlệ hộnghèo", "Nghịđịnh"). Only words with Vietnamese letters are cut, so
    "video" or "online" stay whole."""
    edits = []
    for w in _LETTERS.finditer(text):
        word = w.group()
        if len(word) < 4 or len(word) > 14 or not _NON_ASCII_LETTER.search(word) or word.isupper():
            continue
        if spacing.is_syllable(word):
            continue
        splits = [k for k in range(1, len(word)) if spacing.is_syllable(word[:k]) and spacing.is_syllable(word[k:])
                  and not word[:k].isupper() and (word[k].isupper() or not word[k:].isupper())]
        if len(splits) != 1:
            continue
        k = splits[0]
        left, right = word[:k], word[k:]
        certain = False
        if right[0].isupper():
            rest = text[w.start() + k:w.start() + k + 14]
            dash = left[-1].lower() in _VOWELS_ALL and rest.startswith(_GLUE_TITLES)
        elif _GLUED.search(word):  # surely two syllables: a space was lost, or a dash of a known pair
            rest = text[w.start() + k:w.start() + k + 14].lower()
            dash = left[-1].lower() in _VOWELS_ALL and rest.startswith(_GLUE_PAIRS)
            certain = True
        else:
            dash = False
        if not dash and not certain and left[-1].lower() in _VOWELS_ALL and not right[0].isupper():
            continue  # a vowel-ended half glued to a small letter without a second tone: too unsure to cut
        edits.append((w.start() + k, w.start() + k, "-" if dash else " "))
    return edits


_VOWELS_ALL = set("aăâeêioôơuưy" + _TONED)


def _blank_edits(text: str) -> list[tuple[int, int, str]]:
    edits = [(m.start() + 2, m.end(), "") for m in _BLANK_LINES.finditer(text)]
    lead = len(text) - len(text.lstrip())
    if lead:
        edits.insert(0, (0, lead, ""))
    trail = len(text.rstrip())
    if trail < len(text) and trail >= lead:
        edits.append((trail, len(text), ""))
    return sorted(edits)


def normalise(raw: str) -> CleanText:
    """The clean text of `raw`, with each clean character's raw source."""
    t = EditableText(raw)
    t.apply([(m.start(), m.end(), _odd_char(m)) for m in _ODD_CHARS.finditer(t.text)])
    t.apply(_nfc_edits(t.text))
    t.apply(_tone_edits(t.text))
    t.apply(_space_edits(t.text))
    t.apply(_line_edits(t.text))
    t.apply(_page_marker_edits(t.text))
    t.apply(_spacing_edits(t.text))
    t.apply(_year_edits(t.text))
    t.apply(_time_noun_edits(t.text))
    t.apply(_glued_edits(t.text))
    t.apply(_space_edits(t.text))
    t.apply(_blank_edits(t.text))
    return t.freeze()
