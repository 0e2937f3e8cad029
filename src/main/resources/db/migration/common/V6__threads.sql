-- Message threads between a student and a tutor: Q&A escalations and tutor notes.
CREATE TABLE threads (
  id             VARCHAR(36)  PRIMARY KEY,
  student_id     VARCHAR(36)  NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  tutor_id       VARCHAR(36)  REFERENCES users(id) ON DELETE SET NULL,
  subject        VARCHAR(32),
  title          VARCHAR(300) NOT NULL,
  kind           VARCHAR(16)  NOT NULL,
  interaction_id VARCHAR(36)  UNIQUE,
  created_by     VARCHAR(36)  NOT NULL,
  created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX threads_student_idx ON threads(student_id);
CREATE INDEX threads_tutor_idx ON threads(tutor_id);

CREATE TABLE thread_messages (
  id         VARCHAR(36)   PRIMARY KEY,
  thread_id  VARCHAR(36)   NOT NULL REFERENCES threads(id) ON DELETE CASCADE,
  author_id  VARCHAR(36)   NOT NULL,
  body       VARCHAR(8000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX thread_messages_thread_idx ON thread_messages(thread_id, created_at);
