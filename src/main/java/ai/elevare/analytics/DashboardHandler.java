package ai.elevare.analytics;

import ai.elevare.core.Tombstones;
import ai.elevare.core.DbSession;
import ai.elevare.core.Jdbc;
import ai.elevare.nudge.NudgeDeliveries;
import ai.elevare.nudge.NudgeDeliveries.NewNudge;
import ai.elevare.nudge.NudgeIndex;
import ai.elevare.rating.Elo;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent.AssignmentQueued;
import ai.elevare.student.StudentEvent;
import ai.elevare.student.Streak;
import ai.elevare.student.StudentEvent.GoalCompleted;
import ai.elevare.student.StudentEvent.GoalCreated;
import ai.elevare.student.StudentEvent.GoalProgressOverridden;
import ai.elevare.student.StudentEvent.GoalUpdated;
import ai.elevare.student.StudentEvent.InteractionEscalated;
import ai.elevare.student.StudentEvent.NudgeScheduled;
import ai.elevare.student.StudentEvent.NudgeSent;
import ai.elevare.student.StudentEvent.QuestionAnswered;
import ai.elevare.student.StudentEvent.RatingOverridden;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;

/**
 * Writes student events into the dashboard tables (V7__read_models.sql). Runs inside the
 * projection's transaction, which also stores the offset, so an event counts exactly once: a
 * failure rolls back the group's rows together with the offset and the group is delivered again.
 * Events of one student arrive in order on one tag, so each row here has a single writer and a
 * plain update-else-insert is race free.
 *
 * <p>It also delivers nudges: a {@code NudgeSent} becomes the in-app row (whose pending e-mail the
 * outbox sends) in the same transaction as the offset, so a stored nudge is delivered exactly once
 * even when a node dies right after storing it; and the nudge due times go to the activity index
 * the nudge scanner reads.
 */
final class DashboardHandler extends JdbcHandler<List<EventEnvelope<StudentEvent>>, DbSession> {
  /** Answers kept per student and subject for the rating trend; the at-risk window is smaller. */
  static final int HISTORY_KEPT = 20;

  private static final int QUESTION_CHARS = 500;

  private final NudgeDeliveries deliveries;
  /** Null in tests that script no erasures. */
  private final Tombstones erased;

  DashboardHandler(NudgeDeliveries deliveries) {
    this(deliveries, null);
  }

  DashboardHandler(NudgeDeliveries deliveries, Tombstones erased) {
    this.deliveries = deliveries;
    this.erased = erased;
  }

  /** A group of the tag's events, in journal order, in one transaction with the group's last offset. */
  @Override
  public void process(DbSession session, List<EventEnvelope<StudentEvent>> envelopes) throws Exception {
    session.withConnection(
        c -> {
          // once per student and group, in this transaction: the same answer for all their events
          java.util.Map<String, Boolean> erasedNow = new java.util.HashMap<>();
          PracticeFold fold = new PracticeFold();
          for (EventEnvelope<StudentEvent> envelope : envelopes) {
            // read before the erasure deleted them: must not bring the erased student's rows back
            String student = envelope.event().studentId();
            if (erased != null) {
              Boolean gone = erasedNow.get(student);
              if (gone == null) erasedNow.put(student, gone = erased.erased(c, student));
              if (gone) continue;
            }
            if (!fold.offer(envelope.sequenceNr(), envelope.event())) {
              fold.flush(c); // other events see the practice rows as one event at a time leaves them
              applyOther(c, envelope.sequenceNr(), envelope.event(), deliveries);
            }
          }
          fold.flush(c);
          return null;
        });
  }

  /** Applies one event; {@code seqNr} is its sequence number in the student's journal. */
  static void apply(Connection c, long seqNr, StudentEvent event, NudgeDeliveries deliveries)
      throws SQLException {
    PracticeFold one = new PracticeFold();
    if (one.offer(seqNr, event)) {
      one.flush(c);
    } else {
      applyOther(c, seqNr, event, deliveries);
    }
  }

  /** An event the practice fold does not take. */
  private static void applyOther(Connection c, long seqNr, StudentEvent event, NudgeDeliveries deliveries)
      throws SQLException {
    if (event instanceof AnswerSubmitted e) {
      legacyAnswer(c, seqNr, e);
    } else if (event instanceof RatingOverridden e) {
      setRating(c, e.studentId(), e.subject(), e.after(), e.at());
      override(
          c, e.studentId(), e.overrideId(), e.tutorId(), e.subject(), e.kind(), round(e.before()),
          round(e.after()), e.reason(), e.before(), e.at());
    } else if (event instanceof AssignmentQueued e) {
      override(
          c, e.studentId(), e.overrideId(), e.tutorId(), e.subject(), "assignment", null,
          e.question().id(), e.reason(), ratingOf(c, e.studentId(), e.subject()), e.at());
    } else if (event instanceof GoalProgressOverridden e) {
      override(
          c, e.studentId(), e.overrideId(), e.tutorId(), e.subject(), "goal_progress",
          String.valueOf(e.before()), String.valueOf(e.after()), e.reason(),
          ratingOf(c, e.studentId(), e.subject()), e.at());
    } else if (event instanceof GoalCompleted e) {
      goalCompleted(c, seqNr, e);
    } else if (event instanceof QuestionAnswered e) {
      question(c, e);
    } else if (event instanceof InteractionEscalated e) {
      activity(c, e.studentId(), e.at(), 0, 0, 0);
      Jdbc.update(
          c,
          "UPDATE qa_interaction_log SET escalated = TRUE, thread_id = ? WHERE interaction_id = ?",
          e.threadId(), e.interactionId());
    } else if (event instanceof GoalCreated e) {
      // The entity indexes the goal before it replies; this covers a node that died in between.
      Jdbc.update(
          c,
          "INSERT INTO goal_index (goal_id, student_id, created_at) SELECT ?, ?, ?"
              + " WHERE NOT EXISTS (SELECT 1 FROM goal_index WHERE goal_id = ?)",
          e.goalId(), e.studentId(), e.at(), e.goalId());
      // A goal set by a tutor is not the student's activity.
      if (e.studentId().equals(e.createdBy())) activity(c, e.studentId(), e.at(), 0, 0, 0);
    } else if (event instanceof GoalUpdated e) {
      if (e.studentId().equals(e.by())) activity(c, e.studentId(), e.at(), 0, 0, 0);
    } else if (event instanceof NudgeSent e) {
      // idempotent on the nudge id: a redelivered group adds no second row
      deliveries.record(
          c, new NewNudge(e.nudgeId(), e.studentId(), e.kind(), e.message(), e.link(), e.fallback(), e.at()));
      NudgeIndex.upsertDue(c, e.studentId(), e.nextDueAt());
    } else if (event instanceof NudgeScheduled e) {
      NudgeIndex.upsertDue(c, e.studentId(), e.dueAt());
    }
    // Other events (summaries, time zones, ...) do not feed these tables.
  }

  /** An answer from before the entity recorded the streak: the same rule, on the summary row's streak. */
  private static void legacyAnswer(Connection c, long seqNr, AnswerSubmitted e) throws SQLException {
    ensureSummary(c, e.studentId(), e.at());
    int streak =
        Jdbc.query(
                c,
                "SELECT streak_days, last_practice_day FROM student_summary WHERE student_id = ?",
                rs -> new Streak(rs.getInt(1), rs.getObject(2, LocalDate.class)),
                e.studentId())
            .get(0)
            .after(e.practiceDay())
            .days();
    PracticeFold one = new PracticeFold();
    one.answer(seqNr, e, streak);
    one.flush(c);
  }

  private static void question(Connection c, QuestionAnswered e) throws SQLException {
    summaryUpdate(
        c, e.studentId(), e.at(), activityDay(c, e.studentId(), e.at(), 0, 0, 1), ", questions = questions + 1");
    String q = e.question() == null ? "" : e.question();
    Jdbc.update(
        c,
        "INSERT INTO qa_interaction_log (interaction_id, student_id, subject, question, confidence,"
            + " label, escalation_suggested, escalation_required, escalated, thread_id, follow_up,"
            + " fallback, provider, asked_at, on_day)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, NULL, ?, ?, ?, ?, ?)",
        e.interactionId(), e.studentId(), e.subject(),
        q.length() <= QUESTION_CHARS ? q : q.substring(0, QUESTION_CHARS), e.confidence(), e.label(),
        e.escalationSuggested(), e.escalationRequired(), e.followUp(), e.fallback(), e.provider(),
        e.at(), utcDay(e.at()));
  }

  private static void goalCompleted(Connection c, long seqNr, GoalCompleted e) throws SQLException {
    ensureSummary(c, e.studentId(), e.at());
    Jdbc.update(
        c,
        "UPDATE student_summary SET goals_completed = goals_completed + 1 WHERE student_id = ?",
        e.studentId());
    Jdbc.update(
        c,
        "INSERT INTO goal_completions (student_id, seq_nr, goal_id, subject, completed_at, on_day)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        e.studentId(), seqNr, e.goalId(), e.subject(), e.at(), utcDay(e.at()));
  }

  private static void override(
      Connection c, String studentId, String overrideId, String tutorId, String subject,
      String kind, String before, String after, String reason, double studentRating, Instant at)
      throws SQLException {
    ensureSummary(c, studentId, at);
    Jdbc.update(
        c, "UPDATE student_summary SET overrides = overrides + 1 WHERE student_id = ?", studentId);
    Jdbc.update(
        c,
        "INSERT INTO override_log (override_id, student_id, tutor_id, subject, kind, before_value,"
            + " after_value, reason, student_rating, difficulty, overridden_at, on_day)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        overrideId, studentId, tutorId, subject, kind, before, after, reason, studentRating,
        Elo.difficulty(studentRating), at, utcDay(at));
  }

  /** A tutor's rating or difficulty override sets the rating without counting an answer. */
  private static void setRating(Connection c, String studentId, String subject, double rating, Instant at)
      throws SQLException {
    int updated =
        Jdbc.update(
            c,
            "UPDATE student_subject_stats SET rating = ?, updated_at = ?"
                + " WHERE student_id = ? AND subject = ?",
            rating, at, studentId, subject);
    if (updated == 0) {
      Jdbc.update(c, STATS_INSERT, studentId, subject, rating, 0, 0, 0, null, at);
    }
  }

  /** The rating this projection last saw for the student in the subject (the start if none). */
  private static double ratingOf(Connection c, String studentId, String subject) throws SQLException {
    List<Double> r =
        Jdbc.query(
            c,
            "SELECT rating FROM student_subject_stats WHERE student_id = ? AND subject = ?",
            rs -> rs.getDouble(1),
            studentId, subject);
    return r.isEmpty() ? Elo.INITIAL_RATING : r.get(0);
  }

  /** Something the student did themselves: last activity, and the day's activity row. */
  private static void activity(
      Connection c, String studentId, Instant at, int answers, int correct, int questions)
      throws SQLException {
    summaryUpdate(c, studentId, at, activityDay(c, studentId, at, answers, correct, questions), "");
  }

  static final String ACTIVITY_DAY_UPDATE =
      "UPDATE student_activity_days SET events = events + ?, answers = answers + ?,"
          + " correct = correct + ?, questions = questions + ? WHERE student_id = ? AND on_day = ?";
  static final String ACTIVITY_DAY_INSERT =
      "INSERT INTO student_activity_days (student_id, on_day, events, answers, correct, questions)"
          + " VALUES (?, ?, ?, ?, ?, ?)";
  static final String SUMMARY_INSERT =
      "INSERT INTO student_summary (student_id, last_activity_at, xp, answers, correct, streak_days,"
          + " last_practice_day, active_days, questions, overrides, goals_completed, updated_at)"
          + " VALUES (?, NULL, 0, 0, 0, 0, NULL, 0, 0, 0, 0, ?)";
  static final String STATS_INSERT =
      "INSERT INTO student_subject_stats"
          + " (student_id, subject, rating, answers, correct, given_up, last_answer_at, updated_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  /** Counts the event in the day's activity row; 1 when it opened the day, else 0. */
  private static int activityDay(
      Connection c, String studentId, Instant at, int answers, int correct, int questions)
      throws SQLException {
    LocalDate day = utcDay(at);
    int updated = Jdbc.update(c, ACTIVITY_DAY_UPDATE, 1, answers, correct, questions, studentId, day);
    if (updated > 0) return 0;
    Jdbc.update(c, ACTIVITY_DAY_INSERT, studentId, day, 1, answers, correct, questions);
    return 1;
  }

  /**
   * The summary row's activity (updated_at, active days, last activity) and {@code more} of its
   * columns in one UPDATE; parameters from {@link #summaryParams}.
   */
  static String summarySql(String more) {
    return "UPDATE student_summary SET updated_at = ?, active_days = active_days + ?, last_activity_at ="
        + " CASE WHEN last_activity_at IS NULL OR last_activity_at < ? THEN ? ELSE last_activity_at END"
        + more + " WHERE student_id = ?";
  }

  /** Updated at, new active days, the last activity (compared and set), the caller's columns, the id. */
  static Object[] summaryParams(
      String studentId, Instant updatedAt, Instant activityAt, int newDays, Object... more) {
    Object[] params = new Object[5 + more.length];
    params[0] = updatedAt;
    params[1] = newDays;
    params[2] = activityAt;
    params[3] = activityAt;
    System.arraycopy(more, 0, params, 4, more.length);
    params[params.length - 1] = studentId;
    return params;
  }

  /** {@link #summarySql} for one event, the row created first when this is the student's first event. */
  private static void summaryUpdate(
      Connection c, String studentId, Instant at, int newDay, String more, Object... moreParams)
      throws SQLException {
    String sql = summarySql(more);
    Object[] params = summaryParams(studentId, at, at, newDay, moreParams);
    if (Jdbc.update(c, sql, params) == 0) {
      ensureSummary(c, studentId, at);
      Jdbc.update(c, sql, params);
    }
  }

  private static void ensureSummary(Connection c, String studentId, Instant at) throws SQLException {
    int updated =
        Jdbc.update(c, "UPDATE student_summary SET updated_at = ? WHERE student_id = ?", at, studentId);
    if (updated == 0) Jdbc.update(c, SUMMARY_INSERT, studentId, at);
  }

  static LocalDate utcDay(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private static String round(double rating) {
    return String.valueOf(Math.round(rating));
  }
}
