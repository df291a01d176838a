"""Text typed in the legacy Vietnamese font encodings TCVN3 (ABC) and VNI: detect it by scoring, convert it."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"

# Detection samples this much text: enough words to score, cheap on a long file.
SAMPLE_CHARS = 200_000
# A legacy reading must turn at least this many more words into Vietnamese syllables than the text as it is,
# and make most of its non-ASCII words valid: one odd word never decides.
MIN_GAIN_WORDS = 3
MIN_GAIN_RATIO = 0.3
MIN_VALID_RATIO = 0.75

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEI = ("iêu yêu oai oao oay oeo uây uôi uya uyê uyu ươi ươu "
           "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê "
           "a ă â e ê i o ô ơ u ư y").split()
_SYLLABLE = re.compile(f"(?:{_ONSET})?(?:{'|'.join(_NUCLEI)})(?:ch|ng|nh|c|m|n|p|t)?")
# Characters only Unicode Vietnamese text has (never a Windows-1252 decoding of legacy bytes).
_UNICODE_VIET = re.compile("[ăĂđĐơƠưƯ\u1ea0-\u1ef9\u0300-\u0323]")


@dataclass(frozen=True)
class Table:
    name: str
    pairs: dict[str, str]  # legacy string (as Windows-1252 shows it) -> Unicode

    @functools.cached_property
    def pattern(self) -> re.Pattern:
        keys = sorted(self.pairs, key=len, reverse=True)
        return re.compile("|".join(re.escape(k) for k in keys))


def _load(name: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in (DATA / f"{name}.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if not line or line.startswith("#") or line.startswith("legacy\t"):
            continue
        legacy, uni = line.split("\t")[:2]
        pairs["\xad" if legacy == "\\u00ad" else legacy] = uni  # the soft hyphen is written escaped
    return pairs


@functools.cache
def tcvn3() -> Table:
    return Table("tcvn3", _load("tcvn3"))


@functools.cache
def vni() -> Table:
    pairs = _load("vni")
    full = dict(pairs)
    for legacy, uni in pairs.items():
        # VNI capitals are the capital forms of the same bytes; the base letter's case decides the output's.
        if len(legacy) == 2:
            base, mark = legacy
            full[base.upper() + mark.upper()] = uni.upper()
            full[base.upper() + mark] = uni.upper()
            full[base + mark.upper()] = uni
        else:
            full[legacy.upper()] = uni.upper()
    return Table("vni", full)


@functools.cache
def _word_re() -> re.Pattern:
    chars = set("".join(tcvn3().pairs)) | set("".join(vni().pairs))
    return re.compile(r"[\w" + re.escape("".join(sorted(chars - {"-"}))) + "]+")


def is_syllable(word: str) -> bool:
    """A Vietnamese syllable: onset, vowel nucleus, coda, at most one tone mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONES)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _valid_words(words: list[str]) -> int:
    return sum(1 for w in words if is_syllable(w))


def _upper_h_font_words(text: str) -> str:
    """Words typed in a capital-letter TCVN3 font (.VnTimeH): the font drew lowercase codes as capitals."""

    def fix(m: re.Match) -> str:
        # Only capital ASCII letters around the toned ones, and either two capitals ("TØNH") or a toned letter
        # before a capital ("ñY"): "Hµ" stays "Hà", since a normal font writes it the same way.
        w = m.group(0)
        if any("a" <= c <= "z" for c in w) or not any("A" <= c <= "Z" for c in w) or not any(c.islower() for c in w):
            return w
        if sum(c.isupper() for c in w) >= 2 or not w[0].isascii():
            return w.upper()
        return w

    def fix_line(m: re.Match) -> str:
        line = m.group(0)
        fixed = re.sub(r"[^\W\d_]+", fix, line)
        # A heading line typed in the capital font: once one word proves it, its "Kª" words are capitals too.
        if fixed != line and not any("a" <= c <= "z" for c in line):
            return line.upper()
        return fixed

    return re.sub(r"[^\n]+", fix_line, text)


def convert(text: str, table: Table) -> str:
    if table.name == "tcvn3":
        out = text.translate({ord(k): v for k, v in table.pairs.items()})
        return _upper_h_font_words(out)
    return table.pattern.sub(lambda m: table.pairs[m.group(0)], text)


def detect(text: str, current: str | None = None) -> Table | None:
    """The legacy table that turns `text` into Vietnamese, or None when the text already reads as it is.

    `current` is the text as it would otherwise be read (e.g. a Windows-1258 decoding of the same bytes);
    by default `text` itself.
    """
    sample = text[:SAMPLE_CHARS]
    if not any(ord(c) > 127 for c in sample):
        return None
    legacy_chars = sum(1 for c in sample if 0xA0 <= ord(c) <= 0xFF)
    if len(_UNICODE_VIET.findall(sample)) > 0.1 * legacy_chars:
        return None
    word_re = _word_re()
    baseline_text = (current if current is not None else text)[:SAMPLE_CHARS]
    baseline_words = [w for w in word_re.findall(unicodedata.normalize("NFC", baseline_text)) if not w.isascii()]
    baseline = _valid_words(baseline_words)
    best, best_valid = None, 0
    for table in (tcvn3(), vni()):
        words = [w for w in word_re.findall(convert(sample, table)) if not w.isascii()]
        if not words:
            continue
        valid = _valid_words(words)
        ratio = valid / len(words)
        base_ratio = baseline / len(baseline_words) if baseline_words else 0.0
        if (valid - baseline >= MIN_GAIN_WORDS and ratio - base_ratio >= MIN_GAIN_RATIO
                and ratio >= MIN_VALID_RATIO and valid > best_valid):
            best, best_valid = table, valid
    return best
