"""The heading grammar of Vietnamese official texts: candidate labels, their ranks and numbering order."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

_DATA = Path(__file__).parent / "data"
GRAMMAR = json.loads((_DATA / "headings.json").read_text(encoding="utf-8"))

# Outer headings have lower ranks; a heading closes every open section of its rank or deeper.
RANK = {"plan": 0, "appendix": 0, "part": 1, "preamble": 1, "alpha": 1.5, "chapter": 2, "muc": 3, "dieu": 4, "roman": 5,
        "arabic": 6, "dec2": 7, "dec3": 8, "paren": 8.5, "letter": 9, "thu": 10, "la": 10}

_W = GRAMMAR["label_words"]
_FORM = GRAMMAR["label_forms"]
_LA_WORDS = "|".join(w.capitalize() + "|" + w.upper() for w in GRAMMAR["ordinal_la"])


def _alternatives(words: list[str]) -> str:
    # re.escape keeps the spaces inside words ("Căn cứ") under re.X, which would drop them
    return "|".join(re.escape(w) for w in words)


_APPENDIX = _alternatives(GRAMMAR["appendix_words"])
_CLOSING = _alternatives(GRAMMAR["closing_markers"] + [w.upper() for w in GRAMMAR["closing_markers"]])
_ENACT = _alternatives(GRAMMAR["enacting_words"])
_PREAMBLE = _alternatives(GRAMMAR["preamble_starts"])

# Split by how a label begins, so each pattern starts with a literal or a class and the regex
# engine can skip ahead instead of trying every alternative at every character.
_WORD_LABELS = re.compile(
    rf"""(?:
     (?P<part>(?:{_alternatives(_W["part"])})[ ]+(?:(?:{_alternatives(_W["part_ordinal"])})[ ]+(?P<part_w>\w+)|(?P<part_n>[IVX]+|\d+))(?=[\s.:]))
    |(?P<chapter>(?:{_alternatives(_W["chapter"])})[ ]+(?P<chapter_n>[IVXL]+|\d+)(?=[\s.:]))
    |(?P<muc>(?:{_alternatives(_W["muc"])})[ ]+(?P<muc_n>\d+|[IVX]+)(?=[\s.:]))
    |(?P<dieu>(?:{_alternatives(_W["dieu"])})[ ]+(?P<dieu_n>\d+)[ ]?[.:])
    |(?P<thu>(?:{_alternatives(_W["thu"])})[ ]+(?P<thu_w>\w+)[ ]?[,:])
    |(?P<la>(?P<la_w>{_LA_WORDS})[ ]+(?:{_alternatives(_W["la"])})[ ]?[,:])
    |(?P<appendix>(?:{_APPENDIX})(?:[ ]+(?:{_alternatives(_W["appendix_number"])}[ ]+)?(?P<appendix_n>[IVX]+|\d+))?(?=\s|[.:]|\Z))
    |(?P<closing>(?:{_CLOSING})[ ]?:?(?=\s))
    |(?P<enact>(?:{_ENACT})[ ]?:(?=\s|\Z))
    |(?P<preamble>(?:{_PREAMBLE})[ ])
    )""",
    re.X,
)
_WORD_START = re.compile("|".join(re.escape(w) for w in sorted({
    *_W["part"], *_W["chapter"], *_W["muc"], *_W["dieu"], *_W["thu"],
    *(w.capitalize() for w in GRAMMAR["ordinal_la"]), *(w.upper() for w in GRAMMAR["ordinal_la"]),
    *GRAMMAR["appendix_words"], *GRAMMAR["closing_markers"], *(w.upper() for w in GRAMMAR["closing_markers"]),
    *GRAMMAR["enacting_words"], *GRAMMAR["preamble_starts"]}, key=lambda w: (-len(w), w))))
_NUMBER_LABELS = re.compile(
    r"""\d{1,2}(?:
     (?P<dec3>\.[ ]?\d{1,2}\.[ ]?\d{1,2}\.?(?=\s))
    |(?P<dec2>\.[ ]?\d{1,2}\.?(?=\s))
    |(?P<arabic>\.(?=\s))
    |(?P<paren>\)(?=\s))
    )""",
    re.X,
)
_ROMAN_LABELS = re.compile(r"(?P<roman>[IVX]{1,6}[ ]?[.:](?=\s))|(?P<alpha>[A-H]\.(?=\s))")
_LETTER_LABELS = re.compile(r"\)(?=\s)")  # "a)": found by its parenthesis, the letter checked after
_LETTERS = "abcdefghijklmnopqrstuvwxyzđ"
_NUMBER_PARTS = re.compile(r"\d{1,2}")

_ATTACHED = re.compile(
    r"(?<![\w])(?P<label>" + "|".join(GRAMMAR["attached_titles"]) + r")(?=\s)"
)
_ATTACHED_MARKER = re.compile("|".join(GRAMMAR["attached_markers"]), re.I)

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_VI_LETTERS = GRAMMAR["letters_vietnamese"].split()
_LATIN_LETTERS = GRAMMAR["letters_latin"].split()


def roman(s: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(s.upper()):
        v = _ROMAN.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


@dataclass
class Candidate:
    kind: str  # heading type: part, roman, arabic, dec2, letter, ... or closing / enact / preamble / plan
    start: int
    end: int  # end of the label
    label: str  # as printed, normalised: "PHẦN THỨ HAI", "I", "2.1", "a", "Điều 3"
    num: object  # int, tuple of ints (dec2/dec3) or a letter


def _number_word(word: str, table: dict) -> int | None:
    return table.get(word.lower()) or table.get(word.upper())


def candidates(text: str) -> list[Candidate]:
    """Every label the grammar allows, not preceded by a letter, digit or '.', '/', ',', '-'."""
    out = []
    # word labels: find their first word with a plain alternation of literals (fast), then match
    pos = 0
    for w in _WORD_START.finditer(text):
        s = w.start()
        if s < pos or (s and (text[s - 1].isalnum() or text[s - 1] in "./,-_")):
            continue
        m = _WORD_LABELS.match(text, s)
        if m:
            c = parse(m)
            if c:
                out.append(c)
            pos = m.end()
    for rx in (_NUMBER_LABELS, _ROMAN_LABELS):
        pos = 0
        search = rx.search
        while True:
            m = search(text, pos)
            if not m:
                break
            s = m.start()
            if s and (text[s - 1].isalnum() or text[s - 1] in "./,-_"):
                pos = s + 1  # inside a number or a word ("2024. 2."): look again just after
                continue
            c = parse(m)
            if c:
                out.append(c)
            pos = m.end()
    for m in _LETTER_LABELS.finditer(text):
        s = m.start() - 1
        if s < 0 or text[s] not in _LETTERS or (s and (text[s - 1].isalnum() or text[s - 1] in "./,-_(")):
            continue
        out.append(Candidate("letter", s, m.end(), text[s], text[s]))
    out.sort(key=lambda c: c.start)
    return out


def parse(m: re.Match) -> Candidate | None:
    k = m.lastgroup
    g = m.group
    s, e = m.start(), m.end()
    if k == "part":
        if g("part_w"):
            n = _number_word(g("part_w"), GRAMMAR["part_numerals"])
            label = f"{_FORM['part_ordinal']} {g('part_w').upper()}"
        else:
            raw = g("part_n")
            n = int(raw) if raw.isdigit() else roman(raw)
            label = f"{_FORM['part']} {raw}"
        return Candidate(k, s, e, label, n) if n else None
    if k == "chapter":
        raw = g("chapter_n")
        return Candidate(k, s, e, f"{_FORM['chapter']} {raw}", int(raw) if raw.isdigit() else roman(raw))
    if k == "muc":
        raw = g("muc_n")
        return Candidate(k, s, e, f"{_FORM['muc']} {raw}", int(raw) if raw.isdigit() else roman(raw))
    if k == "dieu":
        return Candidate(k, s, e, f"{_FORM['dieu']} {g('dieu_n')}", int(g("dieu_n")))
    if k in ("dec3", "dec2"):
        n = tuple(int(x) for x in _NUMBER_PARTS.findall(g()))
        return Candidate(k, s, e, ".".join(map(str, n)), n)
    if k == "alpha":
        return Candidate(k, s, e, g()[0], g()[0].lower())
    if k == "roman":
        label = g().rstrip(" .:")
        n = roman(label)
        return Candidate(k, s, e, label, n) if n else None
    if k in ("arabic", "paren"):
        label = g()[:-1]
        return Candidate(k, s, e, label, int(label))
    if k == "thu":
        n = _number_word(g("thu_w"), GRAMMAR["ordinal_thu"])
        return Candidate(k, s, e, f"{_FORM['thu']} {g('thu_w').lower()}", n) if n else None
    if k == "la":
        n = _number_word(g("la_w"), GRAMMAR["ordinal_la"])
        return Candidate(k, s, e, f"{g('la_w').capitalize()} {_FORM['la']}", n) if n else None
    if k == "appendix":
        raw = g("appendix_n")
        if not raw and not g().isupper():
            return None  # "Phụ lục kèm theo ...": prose; a heading is "PHỤ LỤC" or "Phụ lục 2"
        return Candidate(k, s, e, _FORM["appendix"] + (f" {raw}" if raw else ""), raw or 1)
    return Candidate(k, s, e, g().strip(" :"), 0)


def first_number(kind: str, parent_num=None):
    if kind in ("letter", "alpha"):
        return "a"
    if kind == "dec2":
        return None if parent_num is None else (parent_num, 1)
    if kind == "dec3":
        return None if parent_num is None else (*parent_num, 1)
    return 1


def follows(kind: str, prev, num, slack: int = 0) -> bool:
    """Is `num` the next number after `prev` in a list of `kind` (allowing `slack` missing items)?"""
    if kind in ("letter", "alpha"):
        ok = set()
        for alphabet in (_VI_LETTERS, _LATIN_LETTERS):
            if prev in alphabet:
                i = alphabet.index(prev)
                ok.update(alphabet[i + 1:i + 2 + slack])
        return num in ok
    if isinstance(prev, tuple):
        return prev[:-1] == num[:-1] and 1 <= num[-1] - prev[-1] <= 1 + slack
    if isinstance(prev, int) and isinstance(num, int):
        return 1 <= num - prev <= 1 + slack
    return False


def load_kinds() -> list[tuple[str, str]]:
    with open(_DATA / "section_kinds.tsv", encoding="utf-8") as f:
        rows = list(csv.reader((ln for ln in f if not ln.startswith("#")), delimiter="\t"))
    return [(kind, kw.lower()) for kind, kw, _ex in rows[1:]]


KIND_KEYWORDS = load_kinds()
KEEPS_CAPITAL = frozenset(GRAMMAR["title_keeps_capital"])


def find_attached(text: str) -> list[Candidate]:
    """'KẾ HOẠCH ... (Ban hành kèm theo Quyết định ...)': the plan a decision issues, as a top-level section."""
    out = []
    for m in _ATTACHED.finditer(text):
        s = m.start()
        at_line_start = s == 0 or text[s - 1] == "\n"
        nxt = text[m.end():m.end() + 40].split()
        if not at_line_start and not (nxt and nxt[0].isupper()):
            continue
        window = text[m.end():m.end() + 400]
        paren = window.find("(")
        if paren < 0 or not _ATTACHED_MARKER.search(window[paren:paren + 40]):
            continue
        out.append(Candidate("plan", s, m.end(), m.group("label"), 1))
    return out
