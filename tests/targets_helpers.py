"""Run the real pipeline (normalise, segment, extractors) on a Vietnamese text for the target tests."""

from __future__ import annotations

import extractors
from pipeline.analyse import analyse
from pipeline.document import Document


def targets_of(text: str, doc_type: str | None = "ke_hoach", period: tuple[int | None, int | None] = (None, None)):
    doc = Document(path="kh_test.txt", raw_text=text, format="txt", doc_id="test")
    analysis = analyse(doc)
    analysis.meta.doc_type = doc_type
    analysis.meta.period_start, analysis.meta.period_end = period
    ctx = analysis.context()
    extractors.run(ctx)
    return ctx.results["targets"], ctx.text


def only(text: str, **kw):
    found, clean = targets_of(text, **kw)
    assert len(found) == 1, [(clean[t.start:t.end], t.value, t.unit) for t in found]
    return found[0], clean[found[0].start:found[0].end]
