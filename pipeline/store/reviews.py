"""How reviews attach to targets: by target_id; or — after a re-extraction changed the id — by the same
document, an overlapping span and the same original value; or — after an edited file superseded the
reviewed version — by the same quote and value in the current version. Computed at query time, so the
review log itself is never rewritten and a review that no longer fits is reported, not lost."""

from __future__ import annotations

REVIEW_STATUSES = ("accepted", "corrected", "rejected")

# Targets of current documents (not superseded by a newer version of the same document).
CURRENT_TARGETS = """
CREATE OR REPLACE VIEW current_targets AS
SELECT t.* FROM targets t JOIN documents d ON d.doc_id = t.doc_id WHERE d.superseded_by IS NULL
"""

# review_id → the target it now belongs to (at most one per review). `history` keeps a review with
# the superseded version it was made on, for queries that ask for all versions (--keep-versions).
REVIEW_LINKS = """
CREATE OR REPLACE VIEW review_links AS
WITH direct AS (
    SELECT r.review_id, t.target_id AS attached_to, 'target_id' AS matched_by
    FROM reviews r JOIN current_targets t ON t.target_id = r.target_id
), by_span AS (
    SELECT review_id, attached_to, matched_by FROM (
        SELECT r.review_id, t.target_id AS attached_to, 'span' AS matched_by,
               row_number() OVER (
                   PARTITION BY r.review_id
                   ORDER BY least(t.char_end, r.char_end) - greatest(t.char_start, r.char_start) DESC,
                            abs(t.char_start - r.char_start), t.target_id) AS rank
        FROM reviews r JOIN current_targets t
          ON t.doc_id = r.doc_id
         AND t.char_start < r.char_end AND r.char_start < t.char_end
         AND t.value IS NOT DISTINCT FROM r.original_value
        WHERE r.review_id NOT IN (SELECT review_id FROM direct)
    ) WHERE rank = 1
), by_version AS (
    SELECT review_id, attached_to, matched_by FROM (
        SELECT r.review_id, t.target_id AS attached_to, 'version' AS matched_by,
               row_number() OVER (PARTITION BY r.review_id
                                  ORDER BY abs(t.char_start - r.char_start), t.target_id) AS rank
        FROM reviews r
        JOIN documents old ON old.doc_id = r.doc_id AND old.superseded_by IS NOT NULL
        JOIN documents cur ON cur.lineage = old.lineage AND cur.superseded_by IS NULL
        JOIN current_targets t
          ON t.doc_id = cur.doc_id
         AND t.value IS NOT DISTINCT FROM r.original_value
         AND t.quote = substring(old.raw_text, r.char_start + 1, r.char_end - r.char_start)
        WHERE r.review_id NOT IN (SELECT review_id FROM direct)
          AND r.review_id NOT IN (SELECT review_id FROM by_span)
    ) WHERE rank = 1
), current_links AS (
    SELECT * FROM direct UNION ALL SELECT * FROM by_span UNION ALL SELECT * FROM by_version
)
SELECT review_id, attached_to, matched_by, true AS is_current FROM current_links
UNION ALL
SELECT r.review_id, t.target_id, 'superseded version', false
FROM reviews r JOIN targets t ON t.target_id = r.target_id
WHERE r.review_id NOT IN (SELECT review_id FROM current_links)
"""

# The latest review of each target (by time, then by the order they were written).
LATEST_REVIEWS = """
CREATE OR REPLACE VIEW latest_reviews AS
SELECT attached_to, review_id, status, reviewed_value, reviewed_comparator, reviewed_unit,
       reviewed_deadline, reviewed_indicator, reviewed_agency, reviewer, reviewed_at, note, reviewer_auth
FROM (
    SELECT l.attached_to, r.*,
           row_number() OVER (PARTITION BY l.attached_to ORDER BY r.reviewed_at DESC, r.seq DESC) AS rank
    FROM review_links l JOIN reviews r ON r.review_id = l.review_id
) WHERE rank = 1
"""

# Reviews attached to no current target (their target is gone, or its version was superseded and
# the new version says something else there).
UNMATCHED = """
SELECT r.review_id, r.target_id, r.doc_id, d.doc, r.char_start, r.char_end, r.original_value, r.status,
       r.reviewed_value, r.reviewed_comparator, r.reviewed_unit, r.reviewed_deadline,
       r.reviewed_indicator, r.reviewed_agency, r.reviewer, r.reviewed_at, r.note
FROM reviews r LEFT JOIN documents d ON d.doc_id = r.doc_id
WHERE r.review_id NOT IN (SELECT review_id FROM review_links WHERE is_current)
ORDER BY r.reviewed_at, r.seq
"""

VIEWS = (CURRENT_TARGETS, REVIEW_LINKS, LATEST_REVIEWS)

# Every decision with what it was about, newest first: who decided (and how that is known), on what.
REVIEW_LOG = """
SELECT r.reviewed_at, r.reviewer, r.reviewer_login, r.reviewer_auth, r.status, d.doc, t.indicator,
       r.original_value, r.reviewed_value, r.reviewed_comparator, r.reviewed_unit, r.reviewed_deadline,
       r.reviewed_indicator, r.reviewed_agency, r.note, r.target_id, r.review_id
FROM reviews r
LEFT JOIN review_links l ON l.review_id = r.review_id
LEFT JOIN targets t ON t.target_id = coalesce(l.attached_to, r.target_id)
LEFT JOIN documents d ON d.doc_id = r.doc_id
ORDER BY r.reviewed_at DESC, r.seq DESC
"""
