-- Sessions and roles: a disabled user signs in no more and their tokens are refused; tokens issued
-- before tokens_valid_after are refused (logout, disable, admin revocation).
-- The embedded H2 default is one node: its rate limits stay in memory (no bucket table).
ALTER TABLE users ADD COLUMN disabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE users ADD COLUMN tokens_valid_after TIMESTAMP WITH TIME ZONE;
