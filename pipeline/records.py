"""Facts → output records in the contract of DESIGN.md (`kind` first), with raw spans and ids."""

from __future__ import annotations

import hashlib
from dataclasses import asdict

from extractors import EXTRACTOR_VERSION
from pipeline.facts import Assignment, Deadline, Fact, Target

DOCUMENT_FIELDS = ("doc", "number", "doc_type", "issuer", "issue_date", "period_start", "period_end")
TARGET_FIELDS = ("doc", "indicator", "comparator", "change", "value", "value_max", "unit", "baseline_year",
                 "deadline", "agencies", "section", "quote", "char_start", "char_end")
ASSIGNMENT_FIELDS = ("doc", "agency", "role", "deadline", "section", "quote", "char_start", "char_end")
DEADLINE_FIELDS = ("doc", "date", "recurrence", "relative", "section", "quote", "char_start", "char_end")


def _num(v):
    if v is None:
        return None
    f = float(v)
    return int(f) if f.is_integer() else f


def _conf(fact: Fact) -> float | None:
    return None if fact.confidence is None else round(float(fact.confidence), 4)


def fact_id(doc_id: str, kind: str, char_start: int, char_end: int, *key) -> str:
    """Stable for the same document, extractor version, span and value."""
    raw = "|".join(map(str, (doc_id, EXTRACTOR_VERSION, kind, char_start, char_end, *key)))
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def _provenance(analysis, fact: Fact, document=None, base: int = 0) -> dict:
    """Where a fact stands: its section, raw span, quote and page. A window of a long text (`pipeline.windows`)
    passes the whole `document` and the raw offset `base` where the window begins."""
    document = document or analysis.document
    cs, ce = analysis.clean.raw_span(fact.start, fact.end)
    cs, ce = cs + base, ce + base
    sec = analysis.root.at(fact.start)
    return {
        "section": sec.path,
        "section_kind": sec.kind,
        "quote": document.raw_text[cs:ce],
        "char_start": cs,
        "char_end": ce,
        "page": document.page_at(cs),
        "ocr": document.ocr_at(cs),  # read by OCR: the review page marks it, its letters may be wrong
    }


def document_record(analysis) -> dict:
    return meta_record(analysis.document, analysis.meta)


def meta_record(document, m) -> dict:
    """The document record of `document` with its metadata `m`."""
    rec = {"kind": "document", "doc": document.name, "number": m.number, "doc_type": m.doc_type,
           "issuer": m.issuer, "issue_date": m.issue_date, "period_start": m.period_start,
           "period_end": m.period_end, "signer": m.signer, "locality": m.locality, "title": m.title,
           "doc_id": document.doc_id, "format": document.format,
           "extractor_version": EXTRACTOR_VERSION, "ocr": document.ocr,
           "ocr_pages": sorted(document.ocr_pages), "ocr_confidence": document.ocr_confidence}
    return rec


def to_records(analysis, results: dict[str, list]) -> list[dict]:
    return [document_record(analysis), *fact_records(analysis, results)]


def fact_records(analysis, results: dict[str, list], document=None, base: int = 0):
    """The records of the facts found (deadlines, assignments, targets), one at a time. For a window of a long
    text, `document` is the whole document and `base` the raw offset where the window begins: spans, quotes,
    pages and ids are the whole text's."""
    doc = document or analysis.document
    for d in results.get("deadlines", []):
        p = _provenance(analysis, d, doc, base)
        yield {"kind": "deadline", "doc": doc.name, "date": d.date, "recurrence": d.recurrence,
               "relative": d.relative, **p, "confidence": _conf(d),
               "deadline_id": fact_id(doc.doc_id, "deadline", p["char_start"], p["char_end"], d.date, d.recurrence)}
    for a in results.get("assignments", []):
        p = _provenance(analysis, a, doc, base)
        yield {"kind": "assignment", "doc": doc.name, "agency": a.agency, "role": a.role,
               "deadline": a.deadline, **p, "confidence": _conf(a), "agency_local": a.agency_local,
               "assignment_id": fact_id(doc.doc_id, "assignment", p["char_start"], p["char_end"], a.agency, a.role)}
    for t in results.get("targets", []):
        p = _provenance(analysis, t, doc, base)
        yield {"kind": "target", "doc": doc.name, "indicator": t.indicator, "comparator": t.comparator,
               "change": t.change, "value": _num(t.value), "value_max": _num(t.value_max), "unit": t.unit,
               "baseline_year": t.baseline_year, "deadline": t.deadline, "agencies": list(t.agencies), **p,
               "confidence": _conf(t), "indicator_code": t.indicator_code, "scope": t.scope,
               "target_id": fact_id(doc.doc_id, "target", p["char_start"], p["char_end"], _num(t.value), t.unit)}
