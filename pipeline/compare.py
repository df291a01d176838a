"""Comparing plans across years: the same indicator linked across documents, its value per year, each year judged
stricter / looser / unchanged against the year before, with the document each value came from."""

from __future__ import annotations

import pandas as pd

from pipeline.compare_link import (blank, fold, line_matches, link_indicators, phrase_tokens, restated_once,
                                   similarity, unit_class)
from pipeline.compare_verdict import direction, movement, verdict
from pipeline.labels import label
from pipeline.review.decisions import comparator_label

__all__ = ["compare_targets", "pivot", "chart_data", "compare_store", "format_value", "target_year",
           "effective_targets", "phrase_tokens", "similarity", "CHANGE_MARKS", "CHANGE_MARKS_VI"]

ARROWS = {"raised": "↑", "lowered": "↓"}
SIGNS = {"new": "✚", "dropped": "✖", "continues": "…", "unchanged": "=", "stricter": "", "looser": "",
         "changed": ""}
# what a cell adds to the value: English for the terminal, Vietnamese on the page
CHANGE_MARKS = {v: f"{SIGNS[v]} {v}".strip() for v in SIGNS} | {"": ""}
CHANGE_MARKS_VI = {v: f"{SIGNS[v]} {label('comparison', v)}".strip() for v in SIGNS} | {"": ""}
LONG_COLUMNS = ("issuer", "line", "indicator", "indicator_code", "direction", "unit", "year", "doc", "source",
                "period", "comparator", "value", "value_max", "target_change", "baseline_year", "change",
                "movement", "comparator_changed", "target_id", "quote")


def effective_targets(df: pd.DataFrame) -> pd.DataFrame:
    """Targets as the analysts left them: corrections applied, rejected targets left out."""
    if df.empty:
        return df.copy()
    out = df.copy()
    if "review_status" in out:
        out = out[out["review_status"].fillna("pending") != "rejected"].copy()
        corrected = out["review_status"] == "corrected"
        for name in ("value", "comparator", "unit", "deadline", "indicator"):
            col = f"reviewed_{name}"
            if col in out:
                take = corrected & out[col].notna()
                if take.any():
                    out[name] = out[name].astype(object)
                    out.loc[take, name] = out.loc[take, col]
    return out


def target_year(row) -> int | None:
    """The plan's year when it covers one year, else the year of the target's deadline."""
    ps, pe = row.get("period_start"), row.get("period_end")
    if not blank(ps) and not blank(pe) and int(ps) == int(pe):
        return int(ps)
    deadline = row.get("deadline")
    if not blank(deadline):
        return pd.Timestamp(deadline).year
    if not blank(pe):
        return int(pe)
    issued = row.get("issue_date")
    if not blank(issued):
        return pd.Timestamp(issued).year
    return None


def _period(row) -> tuple[int, int] | None:
    """The years a target's document is in force: its plan period, else its year of issue."""
    ps, pe, issued = row.get("period_start"), row.get("period_end"), row.get("issue_date")
    if not blank(ps):
        return int(ps), int(pe) if not blank(pe) else int(ps)
    if not blank(issued):
        year = pd.Timestamp(issued).year
        return year, year
    return None


def _clean(v):
    return None if blank(v) else v


def source_of(row) -> str:
    """Where a value came from, as an analyst cites it: the số hiệu, else the file name."""
    return str(_clean(row.get("number")) or _clean(row.get("doc")) or "")


def compare_targets(df: pd.DataFrame, issuer: str | None = None, indicator: str | None = None) -> pd.DataFrame:
    """Long table: one row per (issuer, indicator line, year) with value, source and a verdict (`change`).

    `issuer` keeps documents whose issuer contains it (ignoring case and diacritics); `indicator` keeps
    lines whose indicator_code equals it or whose phrases contain it.
    """
    df = effective_targets(df)
    if issuer and not df.empty:
        key = fold(issuer)
        df = df[df["issuer"].map(lambda s: key in fold(s))]
    items = []
    for row in df.to_dict("records"):
        year = target_year(row)
        if year is None:
            continue
        row["_year"] = year
        row["_issuer"] = _clean(row.get("issuer")) or "?"
        row["_unit"] = unit_class(row.get("unit"))
        row["_period"] = _period(row)
        items.append(row)
    items = restated_once(items)
    out = []
    for iss in sorted({it["_issuer"] for it in items}):
        mine = [it for it in items if it["_issuer"] == iss]
        mine.sort(key=lambda r: (r["_year"], str(r.get("doc")), r.get("char_start") or 0))
        years = sorted({it["_year"] for it in mine})
        for n, line in enumerate(link_indicators(mine)):
            if indicator and not line_matches(line, indicator):
                continue
            out.extend(_line_rows(iss, n, line, years))
    return pd.DataFrame(out, columns=list(LONG_COLUMNS))


def _line_rows(issuer: str, n: int, line, years: list[int]) -> list[dict]:
    """A line's cells year by year: each value judged against the line's previous value; a year without one
    is 'continues' while a plan holding the line is in force there, 'dropped' the first year after."""
    label_text = line.phrases[-1] if line.phrases else ""
    members = sorted(line.members.items())
    rows, last, dropped, in_force_before = [], None, False, False
    for k, year in enumerate(years):
        cur = line.members.get(year)
        if cur is None:
            holder = next((m for _, m in members if m["_period"] and m["_period"][0] <= year <= m["_period"][1]), None)
            if holder is not None:
                rows.append(_row(issuer, n, label_text, line, year, holder, "continues", blank_value=True))
                in_force_before = True
            elif last is not None and not dropped:
                rows.append(_row(issuer, n, label_text, line, year, last, "dropped", blank_value=True))
                dropped = True
            continue
        if last is not None:
            change = verdict(last, cur, line.code)
        else:  # a first value: new, unless the plan stating it was already in force in an earlier year
            change = "new" if k and not in_force_before else ""
        r = _row(issuer, n, label_text, line, year, cur, change)
        if last is not None:
            r["movement"] = movement(last, cur)
            r["comparator_changed"] = _clean(last.get("comparator")) != _clean(cur.get("comparator"))
        rows.append(r)
        last, dropped = cur, False
    return rows


def _row(issuer, n, label_text, line, year, item, change, blank_value=False) -> dict:
    period = item.get("_period")
    value = {} if blank_value else {
        "doc": item.get("doc"), "source": source_of(item), "comparator": _clean(item.get("comparator")),
        "value": _clean(item.get("value")), "value_max": _clean(item.get("value_max")),
        "target_change": _clean(item.get("change")), "baseline_year": _clean(item.get("baseline_year")),
        "target_id": item.get("target_id"), "quote": item.get("quote")}
    if change == "continues":  # which plan still holds the line that year
        value = {"doc": item.get("doc"), "source": source_of(item)}
    return {"issuer": issuer, "line": n, "indicator": label_text, "indicator_code": line.code,
            "direction": direction(item, item, line.code), "unit": _clean(item.get("unit")), "year": year,
            "doc": None, "source": None, "period": _period_text(period),
            "comparator": None, "value": None, "value_max": None, "target_change": None, "baseline_year": None,
            "change": change, "movement": None, "comparator_changed": False, "target_id": None, "quote": None,
            **value}


def _period_text(period: tuple[int, int] | None) -> str | None:
    if not period:
        return None
    return str(period[0]) if period[0] == period[1] else f"{period[0]}–{period[1]}"


def _num_text(v) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() else f"{f:g}".replace(".", ",")


def format_value(comparator, value, value_max, unit, change=None, baseline_year=None) -> str:
    """'≥ 95%', '30–40%', '12 trụ sở', '≤ hạng 10', 'giảm ≥ 10% so với 2018' — how a cell shows a target."""
    if blank(value):
        return ""
    num = _num_text(value)
    if not blank(value_max):
        num = f"{num}–{_num_text(value_max)}"
    sign = comparator_label(comparator) if not blank(comparator) and comparator not in ("range", "=") else ""
    if blank(unit):
        body = num
    elif unit == "%":
        body = f"{num}%"
    elif unit == "rank":
        body = f"{label('unit', 'rank')} {num}"
    else:
        body = f"{num} {unit}"
    text = f"{sign + ' ' if sign else ''}{body}"
    if not blank(change):
        text = f"{label('change', change)} {text}"
        if not blank(baseline_year):
            text += f" {label('phrase', 'against_baseline')} {int(baseline_year)}"
    return text


def cell_text(r, marks: dict[str, str] = CHANGE_MARKS) -> str:
    """One year's cell: the value, the arrow of its movement and the verdict ('≥ 98% ↑ stricter')."""
    value = format_value(r["comparator"], r["value"], r["value_max"], r["unit"], r["target_change"], r["baseline_year"])
    arrow = ARROWS.get(r["movement"] or "", "") if r["change"] not in ("new", "dropped", "continues") else ""
    mark = marks.get(r["change"] or "", "")
    return " ".join(x for x in (value, arrow, mark) if x)


def pivot(long: pd.DataFrame, marks: dict[str, str] = CHANGE_MARKS, source_label: str = "source") -> pd.DataFrame:
    """Wide table: one row per indicator line, one column per year, and where each year's value came from."""
    if long.empty:
        return pd.DataFrame(columns=["issuer", "indicator", "indicator_code", source_label])
    long = long.copy()
    long["cell"] = [cell_text(r, marks) for r in long.to_dict("records")]
    wide = long.pivot_table(index=["issuer", "line"], columns="year", values="cell", aggfunc="first")
    labels_ = long.drop_duplicates(["issuer", "line"], keep="last").set_index(["issuer", "line"])[["indicator", "indicator_code"]]
    sources = (long[long["value"].notna()].groupby(["issuer", "line"])
               .apply(lambda g: "; ".join(f"{y}: {s}" for y, s in zip(g["year"], g["source"])), include_groups=False)
               .rename(source_label))
    wide = labels_.join(wide).join(sources).reset_index().drop(columns="line").fillna("")
    wide.columns = [str(c) for c in wide.columns]
    years = [c for c in wide.columns if c.isdigit()]
    return wide[["issuer", "indicator", "indicator_code", *years, source_label]]


def chart_data(long: pd.DataFrame) -> pd.DataFrame:
    """Points for a chart per indicator: (issuer, indicator, unit, year, value); years without a value left out."""
    pts = long.dropna(subset=["value"])
    return pts[["issuer", "line", "indicator", "indicator_code", "unit", "year", "value", "comparator", "doc",
                "source"]].reset_index(drop=True)


def issuers_by_years(df: pd.DataFrame) -> list[str]:
    """Issuers, those whose targets span the most years first (a comparison needs two at least)."""
    if df.empty:
        return []
    years: dict[str, set] = {}
    for row in effective_targets(df).to_dict("records"):
        iss = _clean(row.get("issuer"))
        y = target_year(row)
        if iss and y is not None:
            years.setdefault(iss, set()).add(y)
    return sorted(years, key=lambda i: (-len(years[i]), i))


def compare_store(store, issuer: str | None = None, indicator: str | None = None) -> pd.DataFrame:
    return compare_targets(store.targets(), issuer=issuer, indicator=indicator)
