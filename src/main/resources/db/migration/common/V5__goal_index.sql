-- Which student a goal belongs to, so PATCH /goals/{id} finds the student's actor.
-- The goal itself lives in the student's events.
CREATE TABLE goal_index (
  goal_id    VARCHAR(36) PRIMARY KEY,
  student_id VARCHAR(36) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
