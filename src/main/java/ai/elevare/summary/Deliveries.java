package ai.elevare.summary;

import ai.elevare.core.Jdbc;
import java.time.Instant;
import java.util.Optional;

/**
 * The webhook deliveries table: the first delivery of a session keeps its transcript (or its URL)
 * here, keyed by session id; later deliveries change nothing. Blocking JDBC: callers run it on the
 * blocking executor.
 */
public final class Deliveries {
  private final Jdbc jdbc;

  public Deliveries(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  /** Records the delivery unless this session already has one (concurrent duplicates included). */
  public void recordFirst(
      String sessionId, String summaryId, String studentId, String tutorId, String transcript,
      String transcriptUrl, Instant at) {
    try {
      jdbc.update(
          "INSERT INTO summary_deliveries (session_id, summary_id, student_id, tutor_id, transcript,"
              + " transcript_url, received_at) SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
              + " (SELECT 1 FROM summary_deliveries WHERE session_id = ?)",
          sessionId, summaryId, studentId, tutorId, transcript, transcriptUrl, at, sessionId);
    } catch (Jdbc.DataAccessException e) {
      if (!e.isUniqueViolation()) throw e; // a duplicate on another node inserted it first
    }
  }

  /** The inline transcript of a session, when its delivery carried one. */
  public Optional<String> transcript(String sessionId) {
    return jdbc.queryOne(
            "SELECT transcript FROM summary_deliveries WHERE session_id = ?",
            rs -> Optional.ofNullable(rs.getString(1)),
            sessionId)
        .flatMap(t -> t);
  }
}
