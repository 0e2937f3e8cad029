-- Item slopes of the rating model (docs/elo-evaluation.md): how much an item's success depends on
-- the student's recent answers in its topic and on their practice balance there. Learnt online by
-- the item-rating projection from 0; rows from before start at 0, where the model starts them.
-- Runs unchanged on PostgreSQL and H2.
ALTER TABLE item_ratings ADD COLUMN slope_recent DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE item_ratings ADD COLUMN slope_practice DOUBLE PRECISION NOT NULL DEFAULT 0;
