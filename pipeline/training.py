"""Training the scorers from gold folders: every candidate of every annotated document, labelled by whether it
matches a gold fact (the rules of SCHEMA.md's scoring section), fitted with scikit-learn's logistic regression
and written as a small JSON model (`extractors/models/<kind>.json`) that run time reads without scikit-learn."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from extractors import scoring
from pipeline.evaluate import names_match, normalise_name, read_gold, unit_class

# Regularisation: the features are mostly 0/1 signals; C = 1 (the inverse of the L2 penalty) keeps weights
# moderate on a few dozen documents. Chosen once by cross-validation by document (`chitieu eval --cv`).
C = {"targets": 1.0, "deadlines": 1.0, "assignments": 1.0}
THRESHOLD = 0.5


@dataclass
class DocCandidates:
    """One annotated document: its analysis, its candidates by kind, each with a label (1, 0, or None = not
    used for training: ambiguous), and its gold records."""

    name: str
    path: Path
    analysis: object
    gold: dict[str, list[dict]]
    candidates: dict[str, list[scoring.Candidate]] = field(default_factory=dict)
    labels: dict[str, list[int | None]] = field(default_factory=dict)


def gold_documents(gold_dirs: list[Path]) -> list[tuple[Path, dict[str, list[dict]]]]:
    """(path, its gold records by kind) for every annotated document of the folders, in name order.

    A folder is a gold folder (SCHEMA.md: documents.jsonl, targets.jsonl …) or the project's corpus, whose
    manifest annotates its sample documents in the same terms (`pipeline.corpus_gold`). A kind a document's
    annotation leaves out is None: nothing is learned from that document for that kind."""
    from pipeline.corpus_gold import is_corpus, read_corpus_gold

    out = []
    for d in map(Path, gold_dirs):
        if is_corpus(d):
            out.extend(read_corpus_gold(d))
            continue
        g = read_gold(d)
        present = {k for k in g if (d / f"{k}.jsonl").exists()}  # a review export annotates targets only
        for doc in sorted(g["documents"], key=lambda r: r["doc"]):
            name = doc["doc"]
            out.append((d / name, {k: ([r for r in v if r["doc"] == name] if k in present else None)
                                   for k, v in g.items()}))
    return out


def data_hash(gold_dirs: list[Path]) -> str:
    """sha256 of the gold folders' texts and annotations: which data a model was trained on."""
    h = hashlib.sha256()
    for d in sorted(map(Path, gold_dirs)):
        for p in sorted(d.glob("*")):
            if p.suffix in (".txt", ".jsonl"):
                h.update(p.name.encode())
                h.update(p.read_bytes())
    return h.hexdigest()


def collect(gold_dirs: list[Path]) -> list[DocCandidates]:
    """Analyse every gold document once and label its candidates."""
    from extractors import candidate_sources
    from pipeline.analyse import analyse

    docs = []
    for path, gold in gold_documents(gold_dirs):
        analysis = analyse(path)
        dc = DocCandidates(path.name, path, analysis, gold)
        ctx = analysis.context()
        ctx.models = {}
        for kind, make in candidate_sources().items():
            cands = make(ctx)
            dc.candidates[kind] = cands
            dc.labels[kind] = ([None] * len(cands) if gold.get(kind) is None
                               else LABELLERS[kind](analysis, cands, gold[kind]))
        docs.append(dc)
    return docs


def _gold_spans(analysis, gold: list[dict]) -> list[tuple[int, int]]:
    """Where each gold quote stands in the raw text: as written, else with spaces matched loosely in the clean
    text (a PDF's line breaks differ; a Windows-1258 file writes tones as separate marks) mapped back."""
    import re
    import unicodedata

    raw, clean = analysis.document.raw_text, analysis.clean
    spans = []
    for g in gold:
        i = raw.find(g["quote"])
        if i >= 0:
            spans.append((i, i + len(g["quote"])))
            continue
        words = unicodedata.normalize("NFC", g["quote"]).split()
        m = re.search(r"\s+".join(map(re.escape, words)), clean.text)
        spans.append(clean.raw_span(*m.span()) if m else (-1, -1))
    return spans


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _label_targets(analysis, cands, gold) -> list[int | None]:
    spans = _gold_spans(analysis, gold)
    out = []
    for c in cands:
        if c.reason:
            out.append(None)
            continue
        span = analysis.clean.raw_span(c.start, c.end)
        hit = any(abs(float(g["value"]) - c.hint["value"]) < 1e-6 and unit_class(g["unit"]) == c.hint["unit_class"]
                  and _overlap(span, gs) for g, gs in zip(gold, spans))
        out.append(None if c.reason else int(hit))
    return out


def _label_deadlines(analysis, cands, gold) -> list[int | None]:
    spans = _gold_spans(analysis, gold)
    out = []
    for c in cands:
        span = analysis.clean.raw_span(*c.hint["quote"])
        hit = any(g.get("date") == c.hint["date"] and g.get("recurrence") == c.hint["recurrence"]
                  and _overlap(span, gs) for g, gs in zip(gold, spans))
        out.append(None if c.reason else int(hit))
    return out


def _label_assignments(analysis, cands, gold) -> list[int | None]:
    """A mention is positive when it names a gold agency and is that record's nearest mention at or after the
    start of its quote; other mentions of a gold agency are ambiguous (a second mention may or may not assign);
    mentions of agencies the gold does not hold are negative."""
    spans = _gold_spans(analysis, gold)
    gnames = [normalise_name(g["agency"]) for g in gold]
    out: list[int | None] = []
    positive: set[int] = set()
    starts = [analysis.clean.raw_span(c.start, c.end)[0] for c in cands]
    for gname, (gs, _) in zip(gnames, spans):
        best = None
        for i, c in enumerate(cands):
            if c.reason or not names_match(gname, normalise_name(c.hint["name"])):
                continue
            d = starts[i] - gs if gs >= 0 else 10 ** 6
            if d >= -40 and (best is None or d < best[0]):
                best = (d, i)
        if best is not None:
            positive.add(best[1])
    for i, c in enumerate(cands):
        if c.reason:
            out.append(None)
        elif i in positive:
            out.append(1)
        elif any(names_match(g, normalise_name(c.hint["name"])) for g in gnames):
            out.append(None)
        else:
            out.append(0)
    return out


LABELLERS = {"targets": _label_targets, "deadlines": _label_deadlines, "assignments": _label_assignments}


def veto_features(kind: str) -> list[str]:
    from extractors.lexicon import rows

    return [r[1] for r in rows("veto_features") if r[0] == kind]


def feature_signs(kind: str) -> dict[str, str]:
    from extractors.lexicon import rows

    return {r[1]: r[2] for r in rows("feature_signs") if r[0] == kind}


def fit(kind: str, docs: list[DocCandidates], data_id: str = "") -> scoring.Model:
    """A logistic model for one kind from the labelled candidates of `docs`.

    L2-penalised logistic regression fitted by SciPy's L-BFGS-B, which takes bounds: a feature whose direction
    the words behind it fix (`data/feature_signs.tsv`) keeps its sign. The old gates no positive candidate
    carries become vetoes (`data/veto_features.tsv`). Deterministic: the same data gives the same weights."""
    import numpy as np
    from scipy.optimize import minimize

    X, y = [], []
    for d in docs:
        for c, lab in zip(d.candidates.get(kind, []), d.labels.get(kind, [])):
            if lab is not None:
                X.append(c.features)
                y.append(lab)
    contradicted = {k for f, lab in zip(X, y) if lab for k, v in f.items() if v}
    vetoes = tuple(v for v in veto_features(kind) if v not in contradicted)
    meta = {"documents": len(docs), "candidates": len(y), "positives": sum(y), "C": C[kind], "data_sha256": data_id,
            "fit": "L2 logistic regression, sign-bounded, scipy L-BFGS-B"}
    if not y or len(set(y)) < 2:
        return scoring.Model(kind, {}, 0.0 if sum(y) else -5.0, THRESHOLD, meta, vetoes)
    names = sorted({k for f in X for k in f})
    col = {k: i for i, k in enumerate(names)}
    A = np.zeros((len(X), len(names)))
    for r, f in enumerate(X):
        for k, v in f.items():
            A[r, col[k]] = v
    t = np.asarray(y, dtype=float)
    c = C[kind]

    def loss(p):
        w, b = p[:-1], p[-1]
        z = A @ w + b
        s = 0.5 * (1.0 + np.tanh(0.5 * z))  # the logistic function, without overflow
        value = np.sum(np.logaddexp(0.0, z) - t * z) + 0.5 / c * np.dot(w, w)
        grad = np.concatenate([A.T @ (s - t) + w / c, [np.sum(s - t)]])
        return value, grad

    signs = feature_signs(kind)
    bounds = [(0.0, None) if signs.get(k) == "+" else (None, 0.0) if signs.get(k) == "-" else (None, None)
              for k in names] + [(None, None)]
    res = minimize(loss, np.zeros(len(names) + 1), jac=True, method="L-BFGS-B", bounds=bounds,
                   options={"maxiter": 2000})
    w = res.x
    weights = {k: round(float(w[i]), 6) for k, i in col.items() if abs(w[i]) > 1e-6}
    return scoring.Model(kind, weights, round(float(w[-1]), 6), THRESHOLD, meta, vetoes)


def train(gold_dirs: list[Path], out_dir: Path = scoring.MODELS) -> dict[str, scoring.Model]:
    """Fit every kind's model on all the gold documents and write them to `out_dir`."""
    import json

    docs = collect(gold_dirs)
    data_id = data_hash(gold_dirs)
    out_dir.mkdir(parents=True, exist_ok=True)
    models = {}
    for kind in LABELLERS:
        if not any(kind in d.candidates for d in docs):
            continue
        m = fit(kind, docs, data_id)
        (out_dir / f"{kind}.json").write_text(json.dumps(m.to_json(), ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
        models[kind] = m
    scoring.committed.cache_clear()
    return models
