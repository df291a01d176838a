"""Printing an evaluation report: scores per kind and system, per document, field accuracy, misses."""

from __future__ import annotations

from rich.table import Table


def _pct(v) -> str:
    return "—" if v is None else f"{v:.2f}"


def _short(s: str | None, n: int = 110) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


BASELINE_FOR = {"targets": "pct_regex", "assignments": "underthesea_ner", "deadlines": "dateparser"}


def _cell(k: dict, bold: bool = False) -> str:
    f1 = f"[bold]{_pct(k['f1'])}[/]" if bold else _pct(k["f1"])
    return f"{_pct(k['precision'])} / {_pct(k['recall'])} / {f1} ({k['tp']}/{k['pred']}/{k['gold']})"


def render(report: dict, console, show_misses: bool = True) -> None:
    systems = report["systems"]
    cv = report.get("cv")
    how = (f"cross-validated by document: {cv['folds']} folds, seed {cv['seed']}; each document scored by models "
           f"trained without it" if cv else "in-sample: the committed models, trained on these documents")
    t = Table(title=f"Scores on {len(report['documents'])} documents (SCHEMA.md rules), {how}: "
                    f"P / R / F1 (tp/pred/gold)")
    t.add_column("kind")
    t.add_column("chitieu", justify="right")
    if len(systems) > 1:
        t.add_column("baseline", justify="right")
    for kind in ("targets", "assignments", "deadlines"):
        if kind in report.get("not_annotated", []):
            t.add_row(kind, "not annotated in these folders", *(["—"] if len(systems) > 1 else []))
            continue
        row = [kind, _cell(systems["chitieu"][kind], bold=True)] if "chitieu" in systems else [kind]
        if len(systems) > 1:
            name = BASELINE_FOR[kind]
            row.append(f"{name}: {_cell(systems[name][kind])}" if name in systems else "—")
        t.add_row(*row)
    console.print(t)

    main = systems.get("chitieu")
    if main is None:
        return
    ft = Table(title="chitieu: accuracy over matched targets, roles and document fields")
    ft.add_column("field")
    ft.add_column("accuracy", justify="right")
    for f, v in main["targets"]["fields"].items():
        ft.add_row(f"target.{f}", _pct(v))
    ft.add_row("target.all fields", _pct(main["targets"]["fields_all"]))
    ft.add_row("assignment.role", _pct(main["assignments"]["role_accuracy"]))
    ft.add_row("assignment.deadline", _pct(main["assignments"].get("deadline_accuracy")))
    for f, v in main["documents"]["fields"].items():
        ft.add_row(f"document.{f}", _pct(v))
    console.print(ft)

    if cv:
        fo = Table(title="chitieu per fold: F1 (tp/pred/gold)")
        fo.add_column("fold")
        fo.add_column("documents", justify="right")
        for kind in ("targets", "assignments", "deadlines"):
            fo.add_column(kind, justify="right")
        for f in report["folds"]:
            fo.add_row(str(f["fold"]), str(len(f["documents"])),
                       *[f"{_pct(f[k]['f1'])} ({f[k]['tp']}/{f[k]['pred']}/{f[k]['gold']})"
                         for k in ("targets", "assignments", "deadlines")])
        console.print(fo)
    reasons = ", ".join(f"{kind}: " + "; ".join(f"{n} {why}" for why, n in sorted(main[kind].get("miss_reasons", {}).items()))
                        for kind in ("targets", "assignments", "deadlines") if main[kind].get("miss_reasons"))
    if reasons:
        console.print(f"why the misses were missed — {reasons}", highlight=False)

    pd = Table(title="chitieu per document: F1 (tp/pred/gold)")
    pd.add_column("document")
    for kind in ("targets", "assignments", "deadlines"):
        pd.add_column(kind, justify="right")
    for doc in report["documents"]:
        cells = []
        for kind in ("targets", "assignments", "deadlines"):
            s = main[kind]["per_doc"].get(doc)
            cells.append("—" if s is None else f"{_pct(s['f1'])} ({s['tp']}/{s['pred']}/{s['gold']})")
        pd.add_row(doc, *cells)
    console.print(pd)
    for e in report.get("errors", []):
        console.print(f"[red]error:[/] {e}", highlight=False)

    if not show_misses:
        return
    for kind in ("targets", "assignments", "deadlines"):
        k = main[kind]
        for label, recs in (("missed", k["misses"]), ("false hit", k["false_hits"])):
            for r in recs:
                what = ", ".join(f"{f}={r[f]}" for f in ("value", "unit", "comparator", "agency", "role", "date", "recurrence") if f in r)
                why = f" [dim]({r['why']})[/]" if r.get("why") else ""
                console.print(f"[yellow]{kind} {label}[/] {r['doc'][:12]} {what} | {_short(r.get('quote'))}{why}",
                              highlight=False, markup=True)
    for e in main["targets"]["field_errors"]:
        console.print(f"[magenta]target field[/] {e['doc'][:12]} {e['wrong']} | {_short(e['quote'])}", highlight=False)
    for e in main["assignments"]["role_errors"]:
        console.print(f"[magenta]role[/] {e['doc'][:12]} {e['agency']}: gold {e['gold_role']}, found {e['found_roles']}", highlight=False)
    for e in main["documents"]["errors"]:
        console.print(f"[magenta]document[/] {e['doc'][:12]} {e['field']}: gold {e['gold']!r}, found {e['pred']!r}", highlight=False)
