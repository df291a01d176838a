"""The store's read side: targets with document metadata and their latest review; filters. Facts of
superseded document versions are left out unless `all_versions` asks for them."""

from __future__ import annotations

DOC_META = "d.number, d.doc_type, d.issuer, d.issue_date, d.period_start, d.period_end, d.superseded_by"

TARGETS = f"""
SELECT t.*, {DOC_META},
       coalesce(lr.status, 'pending') AS review_status,
       lr.reviewed_value, lr.reviewed_comparator, lr.reviewed_unit, lr.reviewed_deadline,
       lr.reviewed_indicator, lr.reviewed_agency, lr.reviewer, lr.reviewed_at, lr.note, lr.review_id,
       lr.reviewer_auth
FROM targets t
LEFT JOIN documents d ON d.doc_id = t.doc_id
LEFT JOIN latest_reviews lr ON lr.attached_to = t.target_id
"""

ASSIGNMENTS = f"SELECT a.*, {DOC_META} FROM assignments a LEFT JOIN documents d ON d.doc_id = a.doc_id"
DEADLINES = f"SELECT l.*, {DOC_META} FROM deadlines l LEFT JOIN documents d ON d.doc_id = l.doc_id"

# A year falls in a plan's period; a document without a period counts for the year it was issued.
_YEAR = ("coalesce(d.period_start, year(d.issue_date)) <= ? "
         "AND coalesce(d.period_end, d.period_start, year(d.issue_date)) >= ?")


def _common(alias: str) -> dict:
    return {
        "doc": (f"({alias}.doc = ? OR {alias}.doc_id = ?)", 2),
        "issuer": ("d.issuer ILIKE '%' || ? || '%'", 1),
        "year": (_YEAR, 2),
    }


FILTERS = {
    "targets": {
        **_common("t"),
        "indicator_code": ("t.indicator_code = ?", 1),
        "agency": ("array_to_string(t.agencies, chr(31)) ILIKE '%' || ? || '%'", 1),
        "deadline_from": ("t.deadline >= CAST(? AS DATE)", 1),
        "deadline_to": ("t.deadline <= CAST(? AS DATE)", 1),
        "review_status": ("coalesce(lr.status, 'pending') = ?", 1),
    },
    "assignments": {
        **_common("a"),
        "agency": ("(a.agency ILIKE '%' || ? || '%' OR a.agency_local ILIKE '%' || ? || '%')", 2),
        "role": ("a.role = ?", 1),
        "deadline_from": ("a.deadline >= CAST(? AS DATE)", 1),
        "deadline_to": ("a.deadline <= CAST(? AS DATE)", 1),
    },
    "deadlines": {
        **_common("l"),
        "recurrence": ("l.recurrence = ?", 1),
        "deadline_from": ("l.date >= CAST(? AS DATE)", 1),
        "deadline_to": ("l.date <= CAST(? AS DATE)", 1),
    },
}

# Targets analysts added (not removed), with their document's metadata, in the columns of TARGETS.
ADDED_TARGETS = f"""
SELECT a.added_id AS target_id, a.doc_id, d.doc, a.indicator, CAST(NULL AS VARCHAR) AS indicator_code,
       a.comparator, a.change, a.value, a.value_max, a.unit, a.baseline_year, a.deadline, a.agencies,
       CAST(NULL AS VARCHAR) AS scope, a.section, a.section_kind,
       a.quote, a.char_start, a.char_end, CAST(NULL AS INTEGER) AS page, 'analyst' AS extractor_version,
       CAST(NULL AS DOUBLE) AS confidence, {DOC_META}, 'added' AS review_status, a.reviewer, a.added_at AS reviewed_at,
       a.note, a.reviewer_auth
FROM added_targets a LEFT JOIN documents d ON d.doc_id = a.doc_id
WHERE a.removed_at IS NULL
ORDER BY d.doc, a.char_start, a.added_id
"""

BASE = {"targets": TARGETS, "assignments": ASSIGNMENTS, "deadlines": DEADLINES}
ORDER = {"targets": "t.doc, t.char_start, t.target_id", "assignments": "a.doc, a.char_start, a.agency",
         "deadlines": "l.doc, l.char_start"}


CURRENT = "d.superseded_by IS NULL"


def build(table: str, filters: dict, all_versions: bool = False) -> tuple[str, list]:
    """SQL and parameters for `table` with the given filters (None values are ignored); only current
    document versions unless `all_versions`."""
    known = FILTERS[table]
    unknown = set(filters) - set(known)
    if unknown:
        raise TypeError(f"unknown filter(s) for {table}: {', '.join(sorted(unknown))}; "
                        f"known: {', '.join(sorted(known))}")
    where, params = ([] if all_versions else [CURRENT]), []
    for name, value in filters.items():
        if value is None or value == "":
            continue
        clause, n = known[name]
        where.append(clause)
        params.extend([str(value) if name != "year" else int(value)] * n)
    sql = BASE[table] + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {ORDER[table]}"
    return sql, params
