"""How reviews attach to targets: by target_id, or — after a re-extraction changed the id — by the
same document, an overlapping span and the same original value. Computed at query time, so the
review log itself is never rewritten and a review that no longer fits is reported, not lost."""

from __future__ import annotations

REVIEW_STATUSES = ("accepted", "corrected", "rejected")

# review_id → the target it now belongs to (at most one per review).
REVIEW_LINKS = """
CREATE OR REPLACE VIEW review_links AS
SELECT r.review_id, t.target_id AS attached_to, 'target_id' AS matched_by
FROM reviews r JOIN targets t ON t.target_id = r.target_id
UNION ALL
SELECT review_id, attached_to, matched_by FROM (
    SELECT r.review_id, t.target_id AS attached_to, 'span' AS matched_by,
           row_number() OVER (
               PARTITION BY r.review_id
               ORDER BY least(t.char_end, r.char_end) - greatest(t.char_start, r.char_start) DESC,
                        abs(t.char_start - r.char_start), t.target_id) AS rank
    FROM reviews r JOIN targets t
      ON t.doc_id = r.doc_id
     AND t.char_start < r.char_end AND r.char_start < t.char_end
     AND t.value IS NOT DISTINCT FROM r.original_value
    WHERE NOT EXISTS (SELECT 1 FROM targets t2 WHERE t2.target_id = r.target_id)
) WHERE rank = 1
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

UNMATCHED = """
SELECT r.review_id, r.target_id, r.doc_id, d.doc, r.char_start, r.char_end, r.original_value, r.status,
       r.reviewed_value, r.reviewed_comparator, r.reviewed_unit, r.reviewed_deadline,
       r.reviewed_indicator, r.reviewed_agency, r.reviewer, r.reviewed_at, r.note
FROM reviews r LEFT JOIN documents d ON d.doc_id = r.doc_id
WHERE r.review_id NOT IN (SELECT review_id FROM review_links)
ORDER BY r.reviewed_at, r.seq
"""

VIEWS = (REVIEW_LINKS, LATEST_REVIEWS)

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
