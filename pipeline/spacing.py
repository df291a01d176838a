"""Vietnamese syllable structure: is a string one syllable, and may two fragments be rejoined into one?"""

from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

_DATA = json.loads((Path(__file__).parent / "data" / "syllables.json").read_text(encoding="utf-8"))

ONSETS = sorted(_DATA["onsets"], key=len, reverse=True)
RHYMES = frozenset(_DATA["rhymes"])
STOP_CODAS = tuple(_DATA["stop_codas"])
STANDALONE = frozenset(_DATA["standalone"])
REFERENCE_WORDS = frozenset(_DATA["reference_letters_before"])

# Tone marks as combining characters (NFD); the shape marks (breve, circumflex, horn) stay.
_TONES = {"\u0300": "huyen", "\u0301": "sac", "\u0303": "nga", "\u0309": "hoi", "\u0323": "nang"}
_VOWELS = set("aăâeêioôơuưy")


@lru_cache(maxsize=20000)
def split_tone(word: str) -> tuple[str, list[str]]:
    """(the word without tone marks, lower case, NFC; the tone marks found)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    base = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", base), tones


@lru_cache(maxsize=20000)
def is_syllable(word: str) -> bool:
    """True when `word` is one well-formed Vietnamese syllable ("nghiệm", "quốc", "ủy")."""
    base, tones = split_tone(word)
    if len(tones) > 1 or not base:
        return False
    candidates = [o for o in ONSETS if base.startswith(o)] + [""]
    for onset in candidates:
        rhyme = base[len(onset):]
        if onset == "gi" and rhyme and rhyme[0] not in _VOWELS:
            continue
        if not rhyme and onset == "gi":
            rhyme = "i"  # "gì": the i of gi is the nucleus
        if rhyme in RHYMES:
            if tones and rhyme.endswith(STOP_CODAS) and _TONES[tones[0]] not in ("sac", "nang"):
                continue
            return True
    return False


def _has_vowel(word: str) -> bool:
    base, _ = split_tone(word)
    return any(c in _VOWELS for c in base)


def _same_case(a: str, b: str) -> bool:
    if a.islower() and b.islower():
        return True
    if a.isupper() and b.isupper():
        return True
    # "C ấp" at a sentence start: a capital onset then a lower-case rhyme
    return a[0].isupper() and (len(a) == 1 or a[1:].islower()) and b.islower()


@lru_cache(maxsize=20000)
def should_join(left: str, right: str) -> bool:
    """May "left right" (one space between) be one syllable split by PDF extraction?

    `right` starts with a vowel. The pair is rejoined only when the result is one syllable and
    the split is unambiguous: `left` cannot be a syllable alone ("ph", "ngh", "qu", "c"), or
    `right` cannot be one ("ện", "ần": a vowel with its tone that needs an onset).
    """
    if not _same_case(left, right):
        return False
    joined = left + right
    if not is_syllable(joined):
        return False
    lower_left = left.lower()
    if not _has_vowel(lower_left) or lower_left in ("qu", "gi"):
        return True
    return right.lower() not in STANDALONE
