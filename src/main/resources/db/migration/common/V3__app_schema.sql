-- Our relational tables. Written to run unchanged on PostgreSQL and H2 (MODE unset,
-- DATABASE_TO_UPPER=false): VARCHAR ids, no vendor types.

CREATE TABLE users (
  id            VARCHAR(36)  PRIMARY KEY,
  email         VARCHAR(320) NOT NULL UNIQUE,
  name          VARCHAR(200) NOT NULL,
  role          VARCHAR(16)  NOT NULL,
  password_hash VARCHAR(200),
  external_sub  VARCHAR(200) UNIQUE,
  time_zone     VARCHAR(64)  NOT NULL DEFAULT 'UTC',
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- tutor->student and parent->student
CREATE TABLE user_links (
  kind         VARCHAR(16) NOT NULL,
  from_user_id VARCHAR(36) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  student_id   VARCHAR(36) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (kind, from_user_id, student_id)
);
CREATE INDEX user_links_student_idx ON user_links(student_id);

CREATE TABLE subjects (
  id   VARCHAR(32)  PRIMARY KEY,
  name VARCHAR(100) NOT NULL
);

CREATE TABLE subject_related (
  subject_id VARCHAR(32) NOT NULL REFERENCES subjects(id),
  related_id VARCHAR(32) NOT NULL REFERENCES subjects(id),
  PRIMARY KEY (subject_id, related_id)
);

INSERT INTO subjects (id, name) VALUES
  ('math', 'Math'), ('chemistry', 'Chemistry'), ('physics', 'Physics'),
  ('biology', 'Biology'), ('english', 'English');
INSERT INTO subject_related (subject_id, related_id) VALUES
  ('math', 'physics'), ('math', 'chemistry'),
  ('physics', 'math'), ('physics', 'chemistry'),
  ('chemistry', 'biology'), ('chemistry', 'physics'), ('chemistry', 'math'),
  ('biology', 'chemistry'), ('biology', 'english'),
  ('english', 'biology');

-- The question bank. answers and choices hold JSON arrays of strings.
CREATE TABLE items (
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
  created_by       VARCHAR(36),
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX items_subject_idx ON items(subject, difficulty);

-- Question side of Elo; written only by the item-rating projection.
CREATE TABLE item_ratings (
  item_id    VARCHAR(64) PRIMARY KEY,
  rating     DOUBLE PRECISION NOT NULL,
  attempts   INTEGER NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Signing keys of the local JWT issuer, shared by every node through the database.
CREATE TABLE signing_keys (
  kid        VARCHAR(64)   PRIMARY KEY,
  jwk        VARCHAR(8000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
