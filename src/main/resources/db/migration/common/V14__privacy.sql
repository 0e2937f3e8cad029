-- Privacy (docs/security.md#privacy). Runs unchanged on PostgreSQL and H2.

-- One row per erased student, with no personal data: a random erasure id, an HMAC of the student id
-- under the installation's salt (projection handlers skip events whose student hashes to a row
-- here, so events read before the erasure cannot re-create read-model rows), who asked, when, and
-- how many rows each table lost (JSON object).
CREATE TABLE erasures (
  erasure_id   VARCHAR(36)   PRIMARY KEY,
  subject_hash VARCHAR(64)   NOT NULL UNIQUE,
  requested_by VARCHAR(36)   NOT NULL,
  erased_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  row_counts   VARCHAR(8000) NOT NULL
);

-- The salt of subject_hash: random, made by the first node that needs it, shared by all nodes.
CREATE TABLE privacy_salt (
  id   INTEGER     PRIMARY KEY,
  salt VARCHAR(64) NOT NULL
);
