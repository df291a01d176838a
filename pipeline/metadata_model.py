"""Document metadata: số hiệu, loại văn bản, cơ quan ban hành, ngày ban hành, kỳ kế hoạch."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class DocumentMeta:
    number: str | None = None  # số hiệu: "112/QĐ-UBND"
    doc_type: str | None = None  # quyet_dinh, chi_thi, chuong_trinh, ke_hoach, ... (SCHEMA.md)
    issuer: str | None = None  # full form: "Ủy ban nhân dân quận Gò Vấp"
    issue_date: str | None = None  # YYYY-MM-DD
    period_start: int | None = None
    period_end: int | None = None
    signer: str | None = None
    locality: str | None = None  # "quận Gò Vấp", "tỉnh Hậu Giang": attached to implicit agencies
    title: str | None = None  # trích yếu
    # the kind of text, as its layout shows it (features for the extractors, never a gate):
    # formal / library_page / portal_post / excerpt / table_only (pipeline/metadata_layout.py)
    layout: str | None = None
    has_formal_header: bool = False  # the issuing body, số hiệu and date lines of an official text

    def as_dict(self) -> dict:
        return asdict(self)
