"""The trace of an extraction: every candidate each extractor scored, kept or dropped, with its score, why it was
dropped before scoring if it was, and the features that weighed most (`chitieu extract --explain`); and, for an
evaluation, why each missed gold fact was missed."""

from __future__ import annotations

from extractors import scoring

KIND_OF = {"targets": "target", "deadlines": "deadline", "assignments": "assignment"}


def trace_records(analysis, ctx, top: int = 4) -> list[dict]:
    """One record per candidate, in text order per kind: `{"kind": "candidate", "of": "target", …}`."""
    raw = analysis.document.raw_text
    out = []
    for kind, cands in ctx.candidates.items():
        model = ctx.model(kind)
        for c in sorted(cands, key=lambda c: c.start):
            s, e = analysis.clean.raw_span(c.start, c.end)
            rec = {"kind": "candidate", "doc": analysis.document.name, "of": KIND_OF[kind], "label": c.label,
                   "kept": c.kept, "score": round(c.score, 4), "reason": c.reason or None,
                   "quote": raw[s:e], "char_start": s, "char_end": e}
            if model is not None and not c.reason:
                rec["weighed"] = [[k, round(v, 3)] for k, v in model.contributions(c.features, top)]
            else:
                rec["weighed"] = []
            out.append(rec)
    return out


def render(records: list[dict], console) -> None:
    from rich.table import Table

    for of in ("target", "deadline", "assignment"):
        rows = [r for r in records if r["of"] == of]
        if not rows:
            continue
        t = Table(title=f"{of} candidates of {rows[0]['doc']} ({sum(r['kept'] for r in rows)} kept of {len(rows)})")
        for col, kw in (("", {}), ("candidate", {"max_width": 28}), ("score", {"justify": "right"}),
                        ("why", {"max_width": 46}), ("text", {"max_width": 40})):
            t.add_column(col, overflow="fold", **kw)
        for r in rows:
            why = r["reason"] or ", ".join(f"{k} {v:+.2f}" for k, v in r["weighed"])
            t.add_row("✓" if r["kept"] else "·", r["label"], f"{r['score']:.2f}", why, " ".join(r["quote"].split())[:80])
        console.print(t)


def why_missed(miss: dict, kind: str, trace: list[dict], texts: dict[str, str]) -> str:
    """"not a candidate", "below the threshold (scored 0.31)", "dropped before scoring: <reason>", or "kept, but
    a field or the span differs"."""
    text = texts.get(miss["doc"], "")
    i = text.find(miss.get("quote", "")) if miss.get("quote") else -1
    span = (i, i + len(miss["quote"])) if i >= 0 else (-1, -1)
    best = None
    for r in trace:
        if r["doc"] != miss["doc"] or r["of"] != KIND_OF[kind]:
            continue
        if kind == "assignments":
            from pipeline.evaluate import names_match, normalise_name
            same = names_match(normalise_name(miss.get("agency", "")), normalise_name(r["label"]))
        else:
            same = r["char_start"] < span[1] and span[0] < r["char_end"]
            if kind == "targets" and same:
                same = r["label"].split(" ")[0] == _fmt(miss.get("value"))
        if same and (best is None or r["score"] > best["score"]):
            best = r
    if best is None:
        return "not a candidate"
    if best["reason"]:
        return f"dropped before scoring: {best['reason']}"
    if best["kept"]:
        return "kept, but a field or the span differs"
    return f"below the threshold (scored {best['score']:.2f})"


def _fmt(v) -> str:
    if v is None:
        return ""
    v = float(v)
    return str(int(v)) if v.is_integer() else str(v)


def threshold(kind: str) -> float:
    m = scoring.committed(kind)
    return m.threshold if m else 0.5
