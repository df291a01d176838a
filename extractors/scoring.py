"""The scorer that keeps or drops candidate facts: a logistic model over named features, one per kind of fact.

Every extractor first lists candidates (recall first: every number, every time expression, every agency
mention), each with the features that the old hard gates used to test — as values, not as filters. A model
trained by `chitieu train` from the gold folders gives each candidate a probability; candidates at or above
the model's threshold are kept, and the probability is the fact's `confidence`. The model is a small JSON file
under `extractors/models/` (feature weights, bias, threshold, the hash of the data it was trained on), read
with plain Python: no pickle, no library version to match at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

MODELS = Path(__file__).parent / "models"
KINDS = ("targets", "deadlines", "assignments")


@dataclass
class Candidate:
    """A possible fact: its core span in the clean text, its features, and what the extractor builds it from."""

    start: int  # clean span of the core: the number and its unit, the time expression, the agency name
    end: int
    features: dict[str, float]
    payload: Any = None  # the extractor's own reading of the candidate
    hint: dict = field(default_factory=dict)  # what training matches against the gold (value, unit class, date …)
    label: str = ""  # a short description for the trace ("98 %", "2025-12-31", "Sở Nội vụ")
    score: float = 0.0
    kept: bool = False
    reason: str = ""  # why a candidate was dropped before scoring, if it was ("a year", "a reference")


@dataclass(frozen=True)
class Model:
    """A logistic model: p = 1 / (1 + exp(-(bias + Σ weight·value)))."""

    kind: str
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    meta: dict = field(default_factory=dict)
    vetoes: tuple[str, ...] = ()  # gate features no training fact contradicted: a candidate with one is dropped

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def contributions(self, features: dict[str, float], n: int = 5) -> list[tuple[str, float]]:
        """The features that weighed most on this candidate's score, largest effect first."""
        parts = [(k, self.weights.get(k, 0.0) * v) for k, v in features.items() if self.weights.get(k)]
        return sorted(parts, key=lambda kv: -abs(kv[1]))[:n]

    def veto(self, features: dict[str, float]) -> str | None:
        return next((v for v in self.vetoes if features.get(v)), None)

    def to_json(self) -> dict:
        return {"kind": self.kind, "bias": self.bias, "threshold": self.threshold, "meta": self.meta,
                "vetoes": list(self.vetoes), "weights": dict(sorted(self.weights.items()))}

    @classmethod
    def from_json(cls, data: dict) -> "Model":
        return cls(data["kind"], {k: float(v) for k, v in data["weights"].items()}, float(data["bias"]),
                   float(data.get("threshold", 0.5)), data.get("meta", {}), tuple(data.get("vetoes", ())))


@lru_cache(maxsize=None)
def committed(kind: str) -> Model | None:
    """The trained model shipped with the project, or None when it has not been trained yet."""
    path = MODELS / f"{kind}.json"
    if not path.exists():
        return None
    return Model.from_json(json.loads(path.read_text(encoding="utf-8")))


def decide(candidates: list[Candidate], model: Model | None, fallback: str = "rule") -> list[Candidate]:
    """Score every candidate that was not dropped before scoring; keep those at or above the threshold.

    Without a trained model (a fresh checkout before `chitieu train`, or training itself) the candidate's
    `fallback` feature — the old rules' decision — decides, with confidence None.
    """
    for c in candidates:
        if not c.reason and model is not None and model.veto(c.features):
            c.reason = f"vetoed: {model.veto(c.features)}"
        if c.reason:
            c.kept, c.score = False, 0.0
        elif model is None:
            c.kept = bool(c.features.get(fallback))
            c.score = float(c.kept)
        else:
            c.score = model.probability(c.features)
            c.kept = c.score >= model.threshold
    return [c for c in candidates if c.kept]


def confidence(c: Candidate, model: Model | None) -> float | None:
    return round(c.score, 4) if model is not None else None
