-- Nudges (docs/nudges.md). Runs unchanged on PostgreSQL and H2.

-- One row per nudge sent, written once from the student's NudgeSent (idempotent on id), then
-- updated by engagement (opened, clicked, unsubscribed) and by the e-mail outbox.
CREATE TABLE nudges (
  id                    VARCHAR(36)   PRIMARY KEY,
  student_id            VARCHAR(36)   NOT NULL,
  kind                  VARCHAR(32)   NOT NULL,
  message               VARCHAR(2000) NOT NULL,
  -- a relative path of the web app: the only place GET /n/{token} redirects to
  link                  VARCHAR(500)  NOT NULL,
  -- true when the text is the template (AI slow, down or unsupported)
  fallback              BOOLEAN       NOT NULL,
  created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  -- UTC days of created_at and of created_at + 48 h: "came back within 48 h" against the daily
  -- activity rows when the exact answer times are already pruned
  created_day           DATE          NOT NULL,
  return_by_day         DATE          NOT NULL,
  opened_at             TIMESTAMP WITH TIME ZONE,
  clicked_at            TIMESTAMP WITH TIME ZONE,
  -- 'app' or 'email': where the first click came from
  clicked_via           VARCHAR(8),
  unsubscribed_at       TIMESTAMP WITH TIME ZONE,
  -- 128 random bits, base64url: the tracked link's and the unsubscribe link's key
  token                 VARCHAR(64)   NOT NULL UNIQUE,
  -- pending, retrying, sent, failed (gave up), off (no SMTP), opted_out, no_address
  email_status          VARCHAR(16)   NOT NULL,
  email_attempts        INTEGER       NOT NULL,
  email_last_error      VARCHAR(1000),
  email_next_attempt_at TIMESTAMP WITH TIME ZONE,
  email_sent_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX nudges_student_idx ON nudges(student_id, created_at);
CREATE INDEX nudges_outbox_idx ON nudges(email_status, email_next_attempt_at);

-- E-mail opt-out per user: the student, or a parent for their child (user_id is the student).
CREATE TABLE nudge_email_optout (
  user_id         VARCHAR(36) PRIMARY KEY,
  unsubscribed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  -- 'link' (one-click unsubscribe) or the id of the user who turned it off
  unsubscribed_by VARCHAR(36) NOT NULL
);

-- The activity index the nudge scanner reads: when each student's next nudge is due. Written only
-- by the student projection (NudgeIndex.upsertDue), in the projection's transaction.
CREATE TABLE activity_index (
  student_id        VARCHAR(36) PRIMARY KEY,
  next_nudge_due_at TIMESTAMP WITH TIME ZONE,
  updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX activity_index_due_idx ON activity_index(next_nudge_due_at);
