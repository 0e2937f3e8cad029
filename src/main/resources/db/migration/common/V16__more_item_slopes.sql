-- The other three item slopes of the rating model (docs/elo-evaluation.md): how much an item's
-- success depends on the student's last answer in its topic, on their recent answers in the subject,
-- and how much more than the Elo term it separates strong from weak students. Learnt online by the
-- item-rating projection from 0; rows from before start at 0, where the model starts them.
-- Runs unchanged on PostgreSQL and H2.
ALTER TABLE item_ratings ADD COLUMN slope_last DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE item_ratings ADD COLUMN slope_subject_recent DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE item_ratings ADD COLUMN slope_discrimination DOUBLE PRECISION NOT NULL DEFAULT 0;
