package ai.elevare.nudge;

import ai.elevare.core.Jdbc;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How nudges land, per kind and channel: sent, opened, clicked, unsubscribed, and how many
 * students came back (practised or asked a question) within 48 h of the nudge. Read from the
 * nudges table and the dashboard projection's tables; runs on PostgreSQL and H2 alike. Blocking.
 *
 * <p>"Came back" uses the exact answer and question times where they are kept (the last 20 answers
 * per student, every question, the last activity) and otherwise the student's active days after the
 * nudge's day up to the day 48 h later: to the day, never earlier than the nudge.
 */
public final class NudgeEngagement {
  public static final Duration RETURN_WINDOW = Duration.ofHours(48);
  public static final List<String> CHANNELS = List.of("in_app", "email");

  /**
   * One kind on one channel.
   *
   * @param opened null for e-mail: opens are not tracked (no tracking pixel)
   * @param unsubscribed e-mail only (0 in the app)
   */
  public record Row(
      String kind,
      String channel,
      long sent,
      Long opened,
      long clicked,
      long unsubscribed,
      @JsonProperty("returned_within_48h") long returnedWithin48h) {}

  /** The figures of the last {@code days} days. */
  public record Engagement(Instant from, Instant to, List<Row> rows) {}

  private final Jdbc jdbc;
  private final Clock clock;

  public NudgeEngagement(Jdbc jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  private static final String RETURNED =
      "CASE WHEN EXISTS (SELECT 1 FROM student_answer_history h WHERE h.student_id = n.student_id"
          + "   AND h.answered_at > n.created_at AND h.answered_at <= n.created_at + INTERVAL '48' HOUR)"
          + " OR EXISTS (SELECT 1 FROM qa_interaction_log q WHERE q.student_id = n.student_id"
          + "   AND q.asked_at > n.created_at AND q.asked_at <= n.created_at + INTERVAL '48' HOUR)"
          + " OR EXISTS (SELECT 1 FROM student_summary s WHERE s.student_id = n.student_id"
          + "   AND s.last_activity_at > n.created_at AND s.last_activity_at <= n.created_at + INTERVAL '48' HOUR)"
          + " OR EXISTS (SELECT 1 FROM student_activity_days d WHERE d.student_id = n.student_id"
          + "   AND d.on_day > n.created_day AND d.on_day <= n.return_by_day)"
          + " THEN 1 ELSE 0 END";

  public Engagement engagement(int days) {
    Instant to = clock.instant();
    Instant from = to.minus(Duration.ofDays(days));
    return new Engagement(from, to, jdbc.tx(c -> rows(c, from, to)));
  }

  private static List<Row> rows(Connection c, Instant from, Instant to) throws SQLException {
    Map<String, Row> found = new HashMap<>();
    for (Row r :
        Jdbc.query(
            c,
            "SELECT kind, COUNT(*), COUNT(opened_at),"
                + " SUM(CASE WHEN clicked_via = 'app' THEN 1 ELSE 0 END),"
                + " SUM(" + RETURNED + "),"
                + " SUM(CASE WHEN email_status = 'sent' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN clicked_via = 'email' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN unsubscribed_at IS NOT NULL THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN email_status = 'sent' THEN " + RETURNED + " ELSE 0 END)"
                + " FROM nudges n WHERE created_at > ? AND created_at <= ? GROUP BY kind",
            rs -> {
              String kind = rs.getString(1);
              Row app = new Row(kind, "in_app", rs.getLong(2), rs.getLong(3), rs.getLong(4), 0, rs.getLong(5));
              Row email = new Row(kind, "email", rs.getLong(6), null, rs.getLong(7), rs.getLong(8), rs.getLong(9));
              found.put(kind + "/email", email);
              return app;
            },
            from,
            to)) {
      found.put(r.kind() + "/in_app", r);
    }
    List<Row> rows = new ArrayList<>();
    for (NudgeKind k : NudgeKind.values()) {
      for (String ch : CHANNELS) {
        rows.add(
            found.getOrDefault(
                k.wire() + "/" + ch, new Row(k.wire(), ch, 0, ch.equals("email") ? null : 0L, 0, 0, 0)));
      }
    }
    return rows;
  }
}
