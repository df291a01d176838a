"""Cross-validation by document: every annotated document is scored by models trained without it.

The folds are fixed: documents sorted by name, shuffled with a seeded generator, dealt round-robin into k
folds. The report has the shape of `chitieu eval --json` (systems → chitieu → targets/assignments/deadlines/
documents), pooled over all held-out documents, plus the scores of each fold."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import extractors
from pipeline import training
from pipeline.evaluate import explain_misses, score_all
from pipeline.records import to_records

FOLDS = 10
SEED = 0


def fold_of(names: list[str], folds: int = FOLDS, seed: int = SEED) -> dict[str, int]:
    order = sorted(names)
    random.Random(seed).shuffle(order)
    return {name: i % folds for i, name in enumerate(order)}


def predict(doc: training.DocCandidates, models: dict) -> tuple[list[dict], list[dict]]:
    """All records of one analysed document extracted with the given models, and the trace of candidates."""
    from pipeline.trace import trace_records

    ctx = doc.analysis.context()
    ctx.models = models
    extractors.run(ctx)
    return to_records(doc.analysis, ctx.results), trace_records(doc.analysis, ctx)


def cross_validate(gold_dirs: list[Path], folds: int = FOLDS, seed: int = SEED,
                   docs: list[training.DocCandidates] | None = None, train_only: list[Path] = (),
                   extra: list[training.DocCandidates] | None = None) -> dict:
    """`gold_dirs` are scored fold by fold; `train_only` folders (the project's corpus) join every fold's
    training data and are never scored."""
    docs = docs if docs is not None else training.collect(gold_dirs)
    extra = extra if extra is not None else (training.collect(list(train_only)) if train_only else [])
    folds = min(folds, len(docs))
    fold = fold_of([d.name for d in docs], folds, seed)
    preds: dict[str, list[dict]] = {}
    trace: list[dict] = []
    for k in range(folds):
        train_docs = [d for d in docs if fold[d.name] != k] + extra
        models = {kind: training.fit(kind, train_docs) for kind in training.LABELLERS
                  if any(kind in d.candidates for d in train_docs)}
        for d in docs:
            if fold[d.name] == k:
                preds[d.name], t = predict(d, models)
                trace.extend(t)
    texts = {d.name: d.analysis.document.raw_text for d in docs}

    def gold_of(names):
        g = defaultdict(list)
        for d in docs:
            if d.name in names:
                for kind, recs in d.gold.items():
                    g[kind].extend(dict(r) for r in recs or ())
        return g

    annotated = {d.name: {k for k, v in d.gold.items() if v is not None} for d in docs}

    def pred_of(names):
        # a kind a document's annotation leaves out is not scored there
        return [r for n in sorted(names) for r in preds[n] if r["kind"] == "document" or r["kind"] + "s" in annotated[n]]

    all_names = {d.name for d in docs}
    report = {"documents": sorted(all_names), "errors": [],
              "cv": {"folds": folds, "seed": seed, "by": "document", "train_only": [d.name for d in extra]},
              "systems": {"chitieu": score_all(gold_of(all_names), pred_of(all_names), texts)}, "folds": []}
    explain_misses(report["systems"]["chitieu"], trace, texts)
    for k in range(folds):
        names = {n for n, f in fold.items() if f == k}
        s = score_all(gold_of(names), pred_of(names), texts)
        report["folds"].append({"fold": k, "documents": sorted(names),
                                **{kind: {m: s[kind][m] for m in ("precision", "recall", "f1", "tp", "pred", "gold")}
                                   for kind in ("targets", "assignments", "deadlines")}})
    return report
