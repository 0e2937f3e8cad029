-- Tutoring-session summaries (docs/integrations/rails.md). Runs unchanged on PostgreSQL and H2.

-- Webhook deliveries, written by POST /summaries before the SessionSummaryEntity is asked: the
-- first delivery of a session keeps its transcript here (a transcript of up to 5 MiB never travels
-- between nodes or enters the journal). Later deliveries of the same session change nothing.
CREATE TABLE summary_deliveries (
  session_id     VARCHAR(200) PRIMARY KEY,
  summary_id     VARCHAR(36)  NOT NULL UNIQUE,
  student_id     VARCHAR(36)  NOT NULL,
  tutor_id       VARCHAR(36)  NOT NULL,
  transcript     TEXT,
  transcript_url VARCHAR(2048),
  received_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX summary_deliveries_student_idx ON summary_deliveries(student_id);

-- Read model of the summaries, written only by the summary projection (exactly once). One row per
-- session; each session's events carry one tag, so each row has a single writer.
CREATE TABLE session_summary (
  summary_id     VARCHAR(36)  PRIMARY KEY,
  session_id     VARCHAR(200) NOT NULL UNIQUE,
  student_id     VARCHAR(36)  NOT NULL,
  tutor_id       VARCHAR(36)  NOT NULL,
  subject        VARCHAR(32)  NOT NULL,
  -- pending, generating, ready, failed
  status         VARCHAR(16)  NOT NULL,
  narrative      TEXT,
  -- JSON arrays of strings
  key_topics     TEXT,
  next_steps     TEXT,
  failure_reason VARCHAR(1000),
  provider       VARCHAR(32),
  attempts       INTEGER NOT NULL,
  delivered      BOOLEAN NOT NULL,
  started_at     TIMESTAMP WITH TIME ZONE,
  ended_at       TIMESTAMP WITH TIME ZONE,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX session_summary_student_idx ON session_summary(student_id, created_at);
-- the resumer's scan: summaries not finished, or finished but not yet handed to the student
CREATE INDEX session_summary_open_idx ON session_summary(status, delivered);
