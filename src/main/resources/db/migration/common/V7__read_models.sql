-- Read models of the dashboards and analytics (docs/analytics.md). Written only by the dashboard
-- projection (analytics.DashboardProjection), exactly once: the row writes and the offset commit
-- share one transaction. Every row is keyed by its student, whose events all carry one tag, so
-- each row has a single writer. No foreign keys: a read model follows the journal, not the users
-- table. Days are UTC calendar days of the event's time. Runs unchanged on PostgreSQL and H2.

-- One row per student: the figures a dashboard card shows.
CREATE TABLE student_summary (
  student_id         VARCHAR(36) PRIMARY KEY,
  last_activity_at   TIMESTAMP WITH TIME ZONE,
  xp                 BIGINT  NOT NULL,
  answers            INTEGER NOT NULL,
  correct            INTEGER NOT NULL,
  -- as the student's entity counts it, on the student's own practice days
  streak_days        INTEGER NOT NULL,
  last_practice_day  DATE,
  active_days        INTEGER NOT NULL,
  questions          INTEGER NOT NULL,
  overrides          INTEGER NOT NULL,
  goals_completed    INTEGER NOT NULL,
  updated_at         TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Per student and subject: the current rating (answers and tutor overrides) and answer counts.
CREATE TABLE student_subject_stats (
  student_id     VARCHAR(36) NOT NULL,
  subject        VARCHAR(32) NOT NULL,
  rating         DOUBLE PRECISION NOT NULL,
  answers        INTEGER NOT NULL,
  correct        INTEGER NOT NULL,
  given_up       INTEGER NOT NULL,
  last_answer_at TIMESTAMP WITH TIME ZONE,
  updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (student_id, subject)
);

-- The last answers per student and subject (older ones are pruned): the rating trend.
CREATE TABLE student_answer_history (
  student_id    VARCHAR(36) NOT NULL,
  seq_nr        BIGINT NOT NULL,
  subject       VARCHAR(32) NOT NULL,
  correct       BOOLEAN NOT NULL,
  rating_before DOUBLE PRECISION NOT NULL,
  rating_after  DOUBLE PRECISION NOT NULL,
  answered_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (student_id, seq_nr)
);
CREATE INDEX student_answer_history_subject_idx ON student_answer_history(student_id, subject, seq_nr);

-- A row per student and day with any activity of the student's own.
CREATE TABLE student_activity_days (
  student_id VARCHAR(36) NOT NULL,
  on_day     DATE NOT NULL,
  events     INTEGER NOT NULL,
  answers    INTEGER NOT NULL,
  correct    INTEGER NOT NULL,
  questions  INTEGER NOT NULL,
  PRIMARY KEY (student_id, on_day)
);
CREATE INDEX student_activity_days_day_idx ON student_activity_days(on_day);

-- Practice volume and accuracy per student, subject and day.
CREATE TABLE practice_daily (
  student_id VARCHAR(36) NOT NULL,
  subject    VARCHAR(32) NOT NULL,
  on_day     DATE NOT NULL,
  answers    INTEGER NOT NULL,
  correct    INTEGER NOT NULL,
  given_up   INTEGER NOT NULL,
  time_ms    BIGINT NOT NULL,
  PRIMARY KEY (student_id, subject, on_day)
);
CREATE INDEX practice_daily_day_idx ON practice_daily(on_day);

-- Every Q&A answer with its confidence and escalation flags.
CREATE TABLE qa_interaction_log (
  interaction_id       VARCHAR(36) PRIMARY KEY,
  student_id           VARCHAR(36) NOT NULL,
  subject              VARCHAR(32),
  question             VARCHAR(1000) NOT NULL,
  confidence           DOUBLE PRECISION NOT NULL,
  label                VARCHAR(8) NOT NULL,
  escalation_suggested BOOLEAN NOT NULL,
  escalation_required  BOOLEAN NOT NULL,
  escalated            BOOLEAN NOT NULL,
  thread_id            VARCHAR(36),
  follow_up            BOOLEAN NOT NULL,
  fallback             BOOLEAN NOT NULL,
  provider             VARCHAR(64),
  asked_at             TIMESTAMP WITH TIME ZONE NOT NULL,
  on_day               DATE NOT NULL
);
CREATE INDEX qa_interaction_log_student_idx ON qa_interaction_log(student_id, asked_at);
CREATE INDEX qa_interaction_log_day_idx ON qa_interaction_log(on_day);

-- One row per tutor or admin override: the audit trail the override analytics count.
CREATE TABLE override_log (
  override_id    VARCHAR(36) PRIMARY KEY,
  student_id     VARCHAR(36) NOT NULL,
  tutor_id       VARCHAR(36) NOT NULL,
  subject        VARCHAR(32) NOT NULL,
  kind           VARCHAR(16) NOT NULL,
  before_value   VARCHAR(64),
  after_value    VARCHAR(64),
  reason         VARCHAR(1000),
  -- the student's rating in the subject just before, and its difficulty level 1..10
  student_rating DOUBLE PRECISION NOT NULL,
  difficulty     INTEGER NOT NULL,
  overridden_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  on_day         DATE NOT NULL
);
CREATE INDEX override_log_day_idx ON override_log(on_day);
CREATE INDEX override_log_tutor_idx ON override_log(tutor_id, on_day);
CREATE INDEX override_log_student_idx ON override_log(student_id);

-- Goals reached, one row per completion.
CREATE TABLE goal_completions (
  student_id   VARCHAR(36) NOT NULL,
  seq_nr       BIGINT NOT NULL,
  goal_id      VARCHAR(36) NOT NULL,
  subject      VARCHAR(32) NOT NULL,
  completed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  on_day       DATE NOT NULL,
  PRIMARY KEY (student_id, seq_nr)
);
CREATE INDEX goal_completions_day_idx ON goal_completions(on_day);
