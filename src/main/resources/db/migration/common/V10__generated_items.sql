-- Generated practice items (docs/practice-content.md). Runs unchanged on PostgreSQL and H2.

-- One row per generated item that passed its checks. status: verified (the generator graded it
-- itself: a local variation, or a model item whose blind second pass agreed), pending (no
-- self-check: waits for a tutor), approved (copied into items as bank_item_id), rejected.
-- Only verified items that are not flagged are served; approved ones are served as bank items.
CREATE TABLE generated_items (
  id               VARCHAR(64)   PRIMARY KEY,
  subject          VARCHAR(32)   NOT NULL REFERENCES subjects(id),
  topic            VARCHAR(100)  NOT NULL,
  prompt           VARCHAR(4000) NOT NULL,
  answer_format    VARCHAR(16)   NOT NULL,
  choices          VARCHAR(4000),
  answers          VARCHAR(4000) NOT NULL,
  hint             VARCHAR(2000) NOT NULL,
  explanation      VARCHAR(4000) NOT NULL,
  expected_time_ms INTEGER       NOT NULL,
  difficulty       INTEGER       NOT NULL,
  -- 'local' or 'openai'; the bank item a local variation was made from
  origin           VARCHAR(16)   NOT NULL,
  source_item_id   VARCHAR(64),
  -- normalised prompt + answers: the duplicate filter against the bank and earlier items
  fingerprint      VARCHAR(64)   NOT NULL UNIQUE,
  status           VARCHAR(16)   NOT NULL,
  flagged          BOOLEAN       NOT NULL,
  bank_item_id     VARCHAR(64),
  reviewed_by      VARCHAR(36),
  reviewed_at      TIMESTAMP WITH TIME ZONE,
  review_note      VARCHAR(1000),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX generated_items_serve_idx ON generated_items(subject, difficulty, status);
CREATE INDEX generated_items_review_idx ON generated_items(status, flagged, created_at);

-- Students' flags on items they were served; a flag takes the item out of service until reviewed.
CREATE TABLE item_flags (
  id          VARCHAR(36)   PRIMARY KEY,
  item_id     VARCHAR(64)   NOT NULL,
  student_id  VARCHAR(36)   NOT NULL,
  reason      VARCHAR(1000) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  UNIQUE (item_id, student_id)
);
CREATE INDEX item_flags_item_idx ON item_flags(item_id);
