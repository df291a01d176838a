"""Scoring extraction against hand annotations, by the rules at the end of ../shared/gold/SCHEMA.md."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from pipeline.data_files import read_tsv

TARGET_FIELDS = ("comparator", "change", "value_max", "baseline_year", "deadline")
DOC_FIELDS = ("number", "doc_type", "issuer", "issue_date", "period_start", "period_end")

_ABBREV = [(row[0], row[1]) for row in read_tsv("scoring_abbreviations.tsv")]
_ABBREV_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a, _ in _ABBREV) + r")(?!\w)")
_LEADING = re.compile(r"^(?:thủ trưởng(?: các)?|các)\s+")


def normalise_name(name: str) -> str:
    """The agency/issuer normalisation of SCHEMA.md's scoring section."""
    s = unicodedata.normalize("NFC", name or "")
    s = _ABBREV_RE.sub(lambda m: dict(_ABBREV)[m.group(1)], s)
    s = s.casefold().replace("uỷ", "ủy")
    s = re.sub(r"\s+", " ", s).strip(" \t\n.,;:-–—()\"'“”")
    s = _LEADING.sub("", s)
    return s


def names_match(a: str, b: str) -> bool:
    """Equal, or the shorter (≥ 3 words) is the start of the longer."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short.split()) >= 3 and (long_ == short or long_.startswith(short + " "))


def unit_class(unit: str | None) -> str:
    if unit == "%":
        return "%"
    if unit == "rank":
        return "rank"
    return "count"


def _num(v):
    return None if v is None else round(float(v), 6)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else (1.0 if not n_pred else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _gold_span(texts: dict[str, str], rec: dict) -> tuple[int, int]:
    text = texts.get(rec["doc"], "")
    i = text.find(rec["quote"])
    return (i, i + len(rec["quote"])) if i >= 0 else (-1, -1)


def _match_one_to_one(gold: list[dict], pred: list[dict], same) -> list[tuple[int, int]]:
    """Greedy one-to-one matching, each gold record taking the first unused prediction that fits."""
    used: set[int] = set()
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi not in used and same(g, p):
                used.add(pi)
                pairs.append((gi, pi))
                break
    return pairs


def score_targets(gold: list[dict], pred: list[dict], texts: dict[str, str]) -> dict:
    for g in gold:
        g["_span"] = _gold_span(texts, g)

    def same(g, p):
        return (g["doc"] == p["doc"] and _num(g["value"]) == _num(p["value"])
                and unit_class(g["unit"]) == unit_class(p["unit"])
                and _overlap(g["_span"], (p["char_start"], p["char_end"])))

    pairs = _match_one_to_one(gold, pred, same)
    fields = {}
    for f in TARGET_FIELDS:
        ok = sum(1 for gi, pi in pairs if _field_eq(gold[gi].get(f), pred[pi].get(f)))
        fields[f] = round(ok / len(pairs), 4) if pairs else None
    all_ok = sum(1 for gi, pi in pairs if all(_field_eq(gold[gi].get(f), pred[pi].get(f)) for f in TARGET_FIELDS))
    field_errors = [{"doc": gold[gi]["doc"], "quote": gold[gi]["quote"],
                     "wrong": {f: [gold[gi].get(f), pred[pi].get(f)] for f in TARGET_FIELDS
                               if not _field_eq(gold[gi].get(f), pred[pi].get(f))}}
                    for gi, pi in pairs if not all(_field_eq(gold[gi].get(f), pred[pi].get(f)) for f in TARGET_FIELDS)]
    return {**_prf(len(pairs), len(pred), len(gold)), "fields": fields,
            "fields_all": round(all_ok / len(pairs), 4) if pairs else None,
            "misses": _unmatched(gold, {gi for gi, _ in pairs}), "false_hits": _unmatched(pred, {pi for _, pi in pairs}),
            "field_errors": field_errors, "per_doc": _per_doc(gold, pred, pairs)}


def _field_eq(a, b) -> bool:
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        return _num(a) == _num(b) if a is not None and b is not None else a is None and b is None
    return a == b


def score_deadlines(gold: list[dict], pred: list[dict], texts: dict[str, str]) -> dict:
    for g in gold:
        g["_span"] = _gold_span(texts, g)

    def same(g, p):
        return (g["doc"] == p["doc"] and g.get("date") == p.get("date") and g.get("recurrence") == p.get("recurrence")
                and _overlap(g["_span"], (p["char_start"], p["char_end"])))

    pairs = _match_one_to_one(gold, pred, same)
    return {**_prf(len(pairs), len(pred), len(gold)),
            "misses": _unmatched(gold, {gi for gi, _ in pairs}), "false_hits": _unmatched(pred, {pi for _, pi in pairs}),
            "per_doc": _per_doc(gold, pred, pairs)}


def score_assignments(gold: list[dict], pred: list[dict]) -> dict:
    """Sets of (doc, agency) pairs; role accuracy over gold records."""
    def agency_set(recs):
        out: dict[tuple[str, str], dict] = {}
        for r in recs:
            out.setdefault((r["doc"], normalise_name(r["agency"])), r)
        return out

    gset, pset = agency_set(gold), agency_set(pred)
    gkeys, pkeys = list(gset), list(pset)
    used: set[int] = set()
    pairs = []
    for gi, (gdoc, gname) in enumerate(gkeys):
        for pi, (pdoc, pname) in enumerate(pkeys):
            if pi not in used and gdoc == pdoc and names_match(gname, pname):
                used.add(pi)
                pairs.append((gi, pi))
                break
    role_ok = 0
    role_errors = []
    for g in gold:
        gname = normalise_name(g["agency"])
        roles = {p["role"] for p in pred if p["doc"] == g["doc"] and names_match(gname, normalise_name(p["agency"]))}
        if g["role"] in roles:
            role_ok += 1
        elif roles:
            role_errors.append({"doc": g["doc"], "agency": g["agency"], "gold_role": g["role"], "found_roles": sorted(roles)})
    # a stated deadline: the share of gold records with one whose agency is found with that deadline
    dated = [g for g in gold if g.get("deadline")]
    deadline_ok = 0
    deadline_errors = []
    for g in dated:
        gname = normalise_name(g["agency"])
        found = {p.get("deadline") for p in pred if p["doc"] == g["doc"] and names_match(gname, normalise_name(p["agency"]))}
        if g["deadline"] in found:
            deadline_ok += 1
        else:
            deadline_errors.append({"doc": g["doc"], "agency": g["agency"], "gold_deadline": g["deadline"],
                                    "found_deadlines": sorted(d for d in found if d) if found else None})
    gl = [gset[k] for k in gkeys]
    pl = [pset[k] for k in pkeys]
    return {**_prf(len(pairs), len(pkeys), len(gkeys)),
            "role_accuracy": round(role_ok / len(gold), 4) if gold else None, "role_errors": role_errors,
            "deadline_accuracy": round(deadline_ok / len(dated), 4) if dated else None, "dated": len(dated),
            "deadline_errors": deadline_errors,
            "misses": _unmatched(gl, {gi for gi, _ in pairs}), "false_hits": _unmatched(pl, {pi for _, pi in pairs}),
            "per_doc": _per_doc(gl, pl, pairs)}


def score_documents(gold: list[dict], pred: list[dict]) -> dict:
    by_doc = {p["doc"]: p for p in pred}
    fields: dict[str, int] = defaultdict(int)
    errors = []
    for g in gold:
        p = by_doc.get(g["doc"], {})
        for f in DOC_FIELDS:
            gv, pv = g.get(f), p.get(f)
            if f in ("number", "issuer"):
                ok = (gv is None and pv is None) or (gv is not None and pv is not None
                                                    and normalise_name(gv) == normalise_name(pv))
            else:
                ok = gv == pv
            fields[f] += ok
            if not ok:
                errors.append({"doc": g["doc"], "field": f, "gold": gv, "pred": pv})
    n = len(gold)
    return {"fields": {f: round(fields[f] / n, 4) if n else None for f in DOC_FIELDS},
            "all_fields": round(sum(fields.values()) / (n * len(DOC_FIELDS)), 4) if n else None, "errors": errors}


def _unmatched(recs: list[dict], matched: set[int]) -> list[dict]:
    keep = ("doc", "quote", "value", "unit", "comparator", "agency", "role", "date", "recurrence", "char_start")
    return [{k: r[k] for k in keep if k in r} for i, r in enumerate(recs) if i not in matched]


def _per_doc(gold, pred, pairs) -> dict:
    docs = sorted({r["doc"] for r in gold} | {r["doc"] for r in pred})
    out = {}
    for d in docs:
        tp = sum(1 for gi, _ in pairs if gold[gi]["doc"] == d)
        out[d] = _prf(tp, sum(1 for r in pred if r["doc"] == d), sum(1 for r in gold if r["doc"] == d))
    return out


def _read_jsonl(path: Path) -> list[dict]:
    import json

    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_gold(gold_dir: Path) -> dict[str, list[dict]]:
    return {kind: _read_jsonl(gold_dir / f"{kind}.jsonl") for kind in ("documents", "targets", "assignments", "deadlines")}


def score_all(gold: dict[str, list[dict]], pred: list[dict], texts: dict[str, str]) -> dict:
    by_kind = defaultdict(list)
    for r in pred:
        by_kind[r["kind"]].append(r)
    return {
        "targets": score_targets(gold["targets"], by_kind["target"], texts),
        "assignments": score_assignments(gold["assignments"], by_kind["assignment"]),
        "deadlines": score_deadlines(gold["deadlines"], by_kind["deadline"], texts),
        "documents": score_documents(gold["documents"], by_kind["document"]),
    }


def evaluate_dirs(gold_dirs: list[Path], baselines: bool = False) -> dict:
    """Run chitieu (and optionally the baselines) over every annotated document and score it; each miss says
    why it was missed (not a candidate, scored below the threshold, dropped before scoring, a field wrong)."""
    from pipeline.analyse import run
    from pipeline.records import to_records
    from pipeline.trace import trace_records

    gold: dict[str, list[dict]] = defaultdict(list)
    texts: dict[str, str] = {}
    preds: dict[str, list[dict]] = defaultdict(list)
    trace: list[dict] = []
    errors = []
    # a folder may annotate some kinds only (a review export holds targets): the others are not scored there
    file_of = {"target": "targets", "assignment": "assignments", "deadline": "deadlines"}
    annotated: dict[str, int] = defaultdict(int)
    for d in map(Path, gold_dirs):
        g = read_gold(d)
        for kind, recs in g.items():
            gold[kind].extend(recs)
        present = {kind for kind, name in file_of.items() if (d / f"{name}.jsonl").exists()}
        for kind in present:
            annotated[file_of[kind]] += 1
        for doc in g["documents"]:
            path = d / doc["doc"]
            texts[doc["doc"]] = path.read_bytes().decode("utf-8-sig")
            try:
                analysis, ctx = run(path)
                preds["chitieu"].extend(r for r in to_records(analysis, ctx.results)
                                        if r["kind"] not in file_of or r["kind"] in present)
                trace.extend(trace_records(analysis, ctx))
            except Exception as e:  # a failing document is scored as finding nothing, and reported
                errors.append(f"{path}: {e}")
            if baselines:
                from pipeline.baselines import run_baselines

                for name, recs in run_baselines(doc["doc"], texts[doc["doc"]]).items():
                    preds[name].extend(recs)
    report = {"documents": sorted(texts), "errors": errors, "systems": {},
              "not_annotated": [k for k in file_of.values() if not annotated[k]]}
    for name, recs in preds.items():
        report["systems"][name] = score_all({k: [dict(r) for r in v] for k, v in gold.items()}, recs, texts)
    if "chitieu" in report["systems"]:
        explain_misses(report["systems"]["chitieu"], trace, texts)
    return report


def explain_misses(scores: dict, trace: list[dict], texts: dict[str, str]) -> None:
    """Give every missed gold record its reason, and count the reasons per kind."""
    from collections import Counter

    from pipeline.trace import why_missed

    for kind in ("targets", "assignments", "deadlines"):
        for m in scores[kind]["misses"]:
            m["why"] = why_missed(m, kind, trace, texts)
        scores[kind]["miss_reasons"] = dict(Counter(m["why"].split(":")[0].split(" (")[0].split(",")[0]
                                                    for m in scores[kind]["misses"]))


def render_report(report: dict, console, show_misses: bool = True) -> None:
    from pipeline.eval_report import render

    render(report, console, show_misses)
