package ai.elevare.nudge;

import ai.elevare.core.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The activity index's nudge due times ({@code activity_index}): written by the student projection
 * from the student's nudge events, read by the {@link NudgeScanner}. The durable half of a nudge's
 * timer: an actor's own timer dies when it is passivated, this row does not.
 */
public final class NudgeIndex {
  private final Jdbc jdbc;

  public NudgeIndex(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Sets when the student's next nudge is due, in the caller's transaction (the projection's, so it
   * commits with the offset). A null {@code dueAt} means nothing is pending.
   */
  public static void upsertDue(Connection c, String studentId, Instant dueAt) throws SQLException {
    int n =
        Jdbc.update(
            c,
            "UPDATE activity_index SET next_nudge_due_at = ?, updated_at = CURRENT_TIMESTAMP WHERE student_id = ?",
            dueAt,
            studentId);
    if (n == 0) {
      Jdbc.update(
          c,
          "INSERT INTO activity_index (student_id, next_nudge_due_at, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)",
          studentId,
          dueAt);
    }
  }

  /** The same in a transaction of its own. */
  public void upsertDue(String studentId, Instant dueAt) {
    jdbc.tx(
        c -> {
          upsertDue(c, studentId, dueAt);
          return null;
        });
  }

  /** Students whose nudge is due at {@code now}, longest overdue first. */
  public List<String> due(Instant now, int limit) {
    return dueWithTimes(now, limit).stream().map(NudgeScanner.Due::studentId).toList();
  }

  /** The same with each student's due time. */
  public List<NudgeScanner.Due> dueWithTimes(Instant now, int limit) {
    return jdbc.query(
        "SELECT student_id, next_nudge_due_at FROM activity_index WHERE next_nudge_due_at <= ?"
            + " ORDER BY next_nudge_due_at, student_id LIMIT ?",
        rs -> new NudgeScanner.Due(rs.getString(1), NudgeDeliveries.instant(rs, "next_nudge_due_at")),
        now,
        limit);
  }

  /** A student's due time, or empty when none is pending. */
  public java.util.Optional<Instant> dueAt(String studentId) {
    return jdbc.query(
            "SELECT next_nudge_due_at FROM activity_index WHERE student_id = ?",
            rs -> java.util.Optional.ofNullable(NudgeDeliveries.instant(rs, "next_nudge_due_at")),
            studentId)
        .stream()
        .findFirst()
        .flatMap(o -> o);
  }
}
