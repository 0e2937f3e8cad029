package ai.elevare.summary;

import ai.elevare.core.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Reads the summaries read model. Blocking JDBC: callers run it on the blocking executor. The
 * caller checks who may see a student's summaries.
 */
public final class SummaryQueries {

  /** One summary as stored; narrative, topics and steps are empty until it is ready. */
  public record SummaryRow(
      String summaryId, String sessionId, String studentId, String tutorId, String subject,
      String status, String narrative, List<String> keyTopics, List<String> nextSteps,
      String failureReason, String provider, Instant startedAt, Instant endedAt, Instant createdAt,
      Instant updatedAt) {}

  private static final String COLUMNS =
      "summary_id, session_id, student_id, tutor_id, subject, status, narrative, key_topics, next_steps,"
          + " failure_reason, provider, started_at, ended_at, created_at, updated_at";

  private final Jdbc jdbc;

  public SummaryQueries(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Every summary of a student, whatever its status, newest first. */
  public List<SummaryRow> forStudent(String studentId, int limit) {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM session_summary WHERE student_id = ? ORDER BY created_at DESC, summary_id LIMIT ?",
        SummaryQueries::map, studentId, limit);
  }

  /** The student's {@code n} latest ready summaries, newest first: for /progress and Q&A context. */
  public List<SummaryRow> latestFor(String studentId, int n) {
    return jdbc.query(
        "SELECT " + COLUMNS + " FROM session_summary WHERE student_id = ? AND status = 'ready'"
            + " ORDER BY created_at DESC, summary_id LIMIT ?",
        SummaryQueries::map, studentId, n);
  }

  /** Sessions with work left: not finished, or ready but not yet handed to the student. */
  public List<String> unfinishedSessions(int limit) {
    return jdbc.query(
        "SELECT session_id FROM session_summary WHERE status IN ('pending', 'generating')"
            + " OR (status = 'ready' AND delivered = FALSE) ORDER BY updated_at LIMIT ?",
        rs -> rs.getString(1), limit);
  }

  private static SummaryRow map(ResultSet rs) throws SQLException {
    return new SummaryRow(
        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
        rs.getString(6), rs.getString(7), SummaryProjection.list(rs.getString(8)),
        SummaryProjection.list(rs.getString(9)), rs.getString(10), rs.getString(11),
        SummaryProjection.instant(rs, 12), SummaryProjection.instant(rs, 13),
        SummaryProjection.instant(rs, 14), SummaryProjection.instant(rs, 15));
  }
}
