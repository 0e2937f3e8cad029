-- Sessions and roles: a disabled user signs in no more and their tokens are refused; tokens issued
-- before tokens_valid_after are refused (logout, disable, admin revocation).
ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN tokens_valid_after TIMESTAMP WITH TIME ZONE;

-- Bucket4j's PostgreSQL backend: rate-limit buckets shared by every node (docs/security.md).
-- expires_at (epoch ms) lets idle buckets be swept.
CREATE TABLE rate_buckets (
  id         VARCHAR(400) PRIMARY KEY,
  state      BYTEA,
  expires_at BIGINT
);
CREATE INDEX rate_buckets_expires_idx ON rate_buckets(expires_at);
