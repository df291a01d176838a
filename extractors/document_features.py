"""Features of the whole document that every candidate carries: its type, whether it plans a period, its layout.

They are values the scorer weighs, never gates: a portal post that retells a plan's targets keeps them."""

from __future__ import annotations

from extractors.base import Context

DOC_TYPES = ("quyet_dinh", "chi_thi", "chuong_trinh", "ke_hoach", "bao_cao", "thong_bao", "nghi_quyet", "cong_van",
             "quy_dinh", "tin_bai", "other")


def document_features(ctx: Context) -> dict[str, float]:
    """Coarse on purpose: a one-hot of eleven document types lets a model trained on a few dozen documents
    learn each document's own rate (measured: cross-validated precision falls), so only what a type means
    for commitments is kept — a narrative (report, news post) tells of results more often than a plan."""
    m = ctx.meta
    f: dict[str, float] = {}
    if m.doc_type in ("bao_cao", "tin_bai"):
        f["doc_narrative"] = 1.0
    if m.period_end:
        f["doc_has_period"] = 1.0
    layout = getattr(m, "layout", None)
    if layout:
        f[f"layout_{layout}"] = 1.0
    return f
