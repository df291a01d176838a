"""Is this year's target stricter or looser than last year's? By the indicator's direction (higher / lower is better)."""

from __future__ import annotations

from functools import lru_cache

from extractors.lexicon import rows
from pipeline.compare_link import blank

# What a year's cell says about a line, against the line's previous value.
VERDICTS = ("new", "stricter", "looser", "unchanged", "changed", "dropped", "continues")
FLOOR, CEILING = (">=", ">"), ("<=", "<")


@lru_cache(maxsize=1)
def taxonomy_directions() -> dict[str, str]:
    """indicator_code → 'higher' | 'lower' (extractors/data/indicators.tsv, the `direction` column)."""
    return {code: direction for code, _, direction, *_ in rows("indicators")}


def direction(prev: dict, cur: dict, code: str | None) -> str | None:
    """Which way the value is better for this pair: 'higher', 'lower', or None when nothing says.

    A change against a baseline ("giảm ≥ 10% so với 2018") states a size: a bigger one asks more. A
    rank ("nhóm 10 dẫn đầu") is better when smaller. A floor (≥, >) or a ceiling (≤, <) stated both years
    says it in the sentence itself; otherwise the indicator's direction in the taxonomy does.
    """
    if not blank(cur.get("change")):
        return "higher"
    if cur.get("unit") == "rank":
        return "lower"
    comparators = {_text(prev.get("comparator")), _text(cur.get("comparator"))}
    if comparators <= set(FLOOR):
        return "higher"
    if comparators <= set(CEILING):
        return "lower"
    return taxonomy_directions().get(code) if code else None


def _level(t: dict) -> float:
    """One number for a target: its value, or a range's middle."""
    v = float(t["value"])
    return (v + float(t["value_max"])) / 2 if not blank(t.get("value_max")) else v


def movement(prev: dict, cur: dict) -> str | None:
    """'raised' / 'lowered' / None: how the stated number moved, whatever that means for the indicator."""
    if blank(prev.get("value")) or blank(cur.get("value")):
        return None
    a, b = _level(prev), _level(cur)
    return None if a == b else ("raised" if b > a else "lowered")


def verdict(prev: dict, cur: dict, code: str | None) -> str:
    """stricter / looser / unchanged, or 'changed' when the two cannot be ranked (another baseline, a change
    against a level, a direction nobody states)."""
    if blank(prev.get("value")) or blank(cur.get("value")):
        return "changed"
    if _text(prev.get("change")) != _text(cur.get("change")) or _num(prev.get("baseline_year")) != _num(cur.get("baseline_year")):
        return "changed"
    better = direction(prev, cur, code)
    moved = movement(prev, cur)
    if moved is None:
        a, b = _text(prev.get("comparator")), _text(cur.get("comparator"))
        if a == b or better is None:
            return "unchanged" if a == b else "changed"
        # the same number with a strict bound instead of an inclusive one (≥ 95 → > 95) asks more
        strict = {("higher", ">=", ">"): "stricter", ("higher", ">", ">="): "looser",
                  ("lower", "<=", "<"): "stricter", ("lower", "<", "<="): "looser"}
        return strict.get((better, a, b), "changed")
    if better is None:
        return "changed"
    return "stricter" if (moved == "raised") == (better == "higher") else "looser"


def _num(v):
    return None if blank(v) else int(v)


def _text(v):
    """None for every kind of missing value (None, NaN, NA): two missing values are the same."""
    return None if blank(v) else v
