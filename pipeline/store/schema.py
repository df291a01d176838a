"""The DuckDB schema of the store: extraction tables (replaced per document) and the review log (never)."""

from __future__ import annotations

SCHEMA_VERSION = 5

# Extraction tables: rewritten whenever a document is (re-)extracted, one transaction per document.
EXTRACTION_TABLES = ("documents", "sections", "targets", "assignments", "deadlines")

# Columns added after a store was first created, by the schema version that added them: a store made
# by an older version gets them on open (append only; CREATE TABLE IF NOT EXISTS leaves old tables as they are).
MIGRATIONS = (
    (2, "ALTER TABLE targets ADD COLUMN IF NOT EXISTS confidence DOUBLE"),
    (2, "ALTER TABLE assignments ADD COLUMN IF NOT EXISTS confidence DOUBLE"),
    (2, "ALTER TABLE deadlines ADD COLUMN IF NOT EXISTS confidence DOUBLE"),
    (3, "ALTER TABLE documents ADD COLUMN IF NOT EXISTS ocr BOOLEAN"),
    (3, "ALTER TABLE documents ADD COLUMN IF NOT EXISTS ocr_pages INTEGER[]"),
    (3, "ALTER TABLE documents ADD COLUMN IF NOT EXISTS ocr_confidence DOUBLE"),
    (3, "ALTER TABLE targets ADD COLUMN IF NOT EXISTS ocr BOOLEAN"),
    (3, "ALTER TABLE assignments ADD COLUMN IF NOT EXISTS ocr BOOLEAN"),
    (3, "ALTER TABLE deadlines ADD COLUMN IF NOT EXISTS ocr BOOLEAN"),
    (4, "ALTER TABLE reviews ADD COLUMN IF NOT EXISTS reviewer_login VARCHAR"),
    (4, "ALTER TABLE reviews ADD COLUMN IF NOT EXISTS reviewer_auth VARCHAR"),
    # Document versions: an edited file supersedes what was stored from it.
    (5, "ALTER TABLE documents ADD COLUMN IF NOT EXISTS superseded_by VARCHAR"),
    (5, "ALTER TABLE documents ADD COLUMN IF NOT EXISTS superseded_at TIMESTAMP"),
    (5, "ALTER TABLE documents ADD COLUMN IF NOT EXISTS lineage VARCHAR"),
    (5, "UPDATE documents SET lineage = doc_id WHERE lineage IS NULL"),
)

DDL = """
CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR);

CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,      -- sha256 of the file's bytes
    doc VARCHAR,                     -- file name (the `doc` of every record)
    path VARCHAR,
    number VARCHAR,                  -- số hiệu
    doc_type VARCHAR,
    issuer VARCHAR,                  -- cơ quan ban hành
    issue_date DATE,
    period_start INTEGER,
    period_end INTEGER,
    signer VARCHAR,
    locality VARCHAR,
    title VARCHAR,                   -- trích yếu
    format VARCHAR,
    raw_text VARCHAR,                -- what every char_start/char_end indexes
    extractor_version VARCHAR,
    ingested_at TIMESTAMP,
    ocr BOOLEAN,                     -- some pages were read by OCR
    ocr_pages INTEGER[],             -- which (1-based)
    ocr_confidence DOUBLE,           -- Tesseract's mean word confidence over them, 0-100
    superseded_by VARCHAR,           -- doc_id of the version that replaced this one (NULL: current)
    superseded_at TIMESTAMP,
    lineage VARCHAR                  -- doc_id of the first version: all versions of a document share it
);

CREATE TABLE IF NOT EXISTS sections (
    doc_id VARCHAR, path VARCHAR, label VARCHAR, title VARCHAR, kind VARCHAR, level INTEGER,
    char_start INTEGER, char_end INTEGER
);

CREATE TABLE IF NOT EXISTS targets (
    target_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR, doc VARCHAR, indicator VARCHAR, indicator_code VARCHAR, comparator VARCHAR,
    change VARCHAR, value DOUBLE, value_max DOUBLE, unit VARCHAR, baseline_year INTEGER,
    deadline DATE, agencies VARCHAR[], scope VARCHAR, section VARCHAR, section_kind VARCHAR,
    quote VARCHAR, char_start INTEGER, char_end INTEGER, page INTEGER, extractor_version VARCHAR,
    confidence DOUBLE, ocr BOOLEAN
);

CREATE TABLE IF NOT EXISTS assignments (
    assignment_id VARCHAR, doc_id VARCHAR, doc VARCHAR, agency VARCHAR, agency_local VARCHAR,
    role VARCHAR, deadline DATE, section VARCHAR, quote VARCHAR, char_start INTEGER, char_end INTEGER,
    page INTEGER, extractor_version VARCHAR, confidence DOUBLE, ocr BOOLEAN
);

CREATE TABLE IF NOT EXISTS deadlines (
    deadline_id VARCHAR, doc_id VARCHAR, doc VARCHAR, date DATE, recurrence VARCHAR, relative VARCHAR,
    section VARCHAR, quote VARCHAR, char_start INTEGER, char_end INTEGER, page INTEGER,
    extractor_version VARCHAR, confidence DOUBLE, ocr BOOLEAN
);

CREATE TABLE IF NOT EXISTS failures (
    path VARCHAR, file_hash VARCHAR, code VARCHAR, reason VARCHAR, quarantined_path VARCHAR,
    failed_at TIMESTAMP, extractor_version VARCHAR
);

CREATE SEQUENCE IF NOT EXISTS review_seq;

-- The review log: append-only. Re-extraction never writes here; reviews attach to targets at
-- query time (see reviews.py), by target_id or by doc_id + overlapping span + original value.
CREATE TABLE IF NOT EXISTS reviews (
    review_id VARCHAR PRIMARY KEY,
    target_id VARCHAR, doc_id VARCHAR, char_start INTEGER, char_end INTEGER, original_value DOUBLE,
    status VARCHAR,                  -- accepted | corrected | rejected
    reviewed_value DOUBLE, reviewed_comparator VARCHAR, reviewed_unit VARCHAR, reviewed_deadline DATE,
    reviewed_indicator VARCHAR, reviewed_agency VARCHAR,
    reviewer VARCHAR, reviewed_at TIMESTAMP, note VARCHAR,
    seq BIGINT DEFAULT nextval('review_seq'),  -- orders reviews made within the same instant
    reviewer_login VARCHAR,          -- the login or proxy user behind `reviewer`, when one vouches for it
    reviewer_auth VARCHAR            -- users_file | proxy | local | workbook | workbook_verified (data/labels.tsv)
);

-- Targets the extractor missed, added by an analyst from a span of the source. Like the review log,
-- re-extraction never writes here; removing one is recorded (removed_at), not a delete.
CREATE TABLE IF NOT EXISTS added_targets (
    added_id VARCHAR PRIMARY KEY,
    doc_id VARCHAR, char_start INTEGER, char_end INTEGER, quote VARCHAR,
    indicator VARCHAR, comparator VARCHAR, change VARCHAR, value DOUBLE, value_max DOUBLE, unit VARCHAR,
    baseline_year INTEGER, deadline DATE, agencies VARCHAR[], note VARCHAR, section VARCHAR, section_kind VARCHAR,
    reviewer VARCHAR, reviewer_login VARCHAR, reviewer_auth VARCHAR, added_at TIMESTAMP,
    removed_at TIMESTAMP, removed_by VARCHAR
);
"""
