-- Flags on bank items (docs/practice-content.md). Runs unchanged on PostgreSQL and H2.
-- V17, not the free V11: Flyway here runs without outOfOrder, so a version below the applied V15
-- would stop every existing database at validation ("resolved migration not applied"); V16 is
-- another change's.

-- A bank item's service: active (served), flagged (a student reported it: out of service until a
-- tutor or admin reviews it), retired (never served again; kept for history and ratings).
ALTER TABLE items ADD COLUMN status VARCHAR(16) NOT NULL DEFAULT 'active';
ALTER TABLE items ADD COLUMN reviewed_by VARCHAR(36);
ALTER TABLE items ADD COLUMN reviewed_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE items ADD COLUMN review_note VARCHAR(1000);
CREATE INDEX items_status_idx ON items(status, created_at);

-- A flag is open until its item is reviewed; reviewed flags stay as history, and the same student's
-- later flag reopens theirs (one row per item and student). Flags on generated items that are no
-- longer flagged were reviewed already.
ALTER TABLE item_flags ADD COLUMN reviewed_at TIMESTAMP WITH TIME ZONE;
UPDATE item_flags SET reviewed_at = created_at
  WHERE item_id IN (SELECT id FROM generated_items WHERE NOT flagged);
