package ai.elevare.nudge;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.nudge.NudgeDeliveries.NewNudge;
import ai.elevare.nudge.NudgeEngagement.Row;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Engagement per kind and channel from a scripted history on H2: sends, opens, clicks by channel,
 * unsubscribes, and "came back within 48 h" from exact times and, where those are pruned, from
 * the active days after the nudge.
 */
class NudgeEngagementTest {
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

  @Test
  void figuresPerKindAndChannel() {
    Jdbc jdbc = new Jdbc(NudgeTestDb.h2());
    TestClock clock = new TestClock(T0);
    NudgeDeliveries d = new NudgeDeliveries(jdbc, clock, true);
    String a = NudgeTestDb.student(jdbc, "a@x.test", "A");
    String b = NudgeTestDb.student(jdbc, "b@x.test", "B");
    String c = NudgeTestDb.student(jdbc, "c@x.test", "C");
    String e = NudgeTestDb.student(jdbc, "e@x.test", "E");

    // A: opened in the app, clicked in the e-mail, practised 10 h later
    String n1 = nudge(d, a, NudgeKind.INACTIVITY, T0);
    d.emailSent(n1);
    d.markOpened(a, n1);
    d.click(d.byId(n1).orElseThrow().token(), "email");
    answer(jdbc, a, 1, T0.plus(Duration.ofHours(10)));
    // B: asked a question 50 h later (too late), unsubscribed
    String n2 = nudge(d, b, NudgeKind.INACTIVITY, T0);
    d.emailSent(n2);
    d.unsubscribe(d.byId(n2).orElseThrow().token());
    question(jdbc, b, T0.plus(Duration.ofHours(50)));
    // C: clicked in the app; only the daily row of the next day is left
    String n3 = nudge(d, c, NudgeKind.GOAL_COMPLETED, T0);
    d.click(d.byId(n3).orElseThrow().token(), "app");
    jdbc.update(
        "INSERT INTO student_activity_days (student_id, on_day, events, answers, correct, questions) VALUES (?, ?, 3, 3, 2, 0)",
        c, LocalDate.parse("2026-06-02"));
    // E: practised only before the nudge; its e-mail failed
    String n4 = nudge(d, e, NudgeKind.CROSS_SUBJECT, T0);
    d.emailFailed(n4, "550 mailbox unavailable", null);
    answer(jdbc, e, 1, T0.minus(Duration.ofHours(1)));
    jdbc.update(
        "INSERT INTO student_activity_days (student_id, on_day, events, answers, correct, questions) VALUES (?, ?, 1, 1, 1, 0)",
        e, LocalDate.parse("2026-06-01"));
    // outside the window
    nudge(d, a, NudgeKind.INACTIVITY, T0.minus(Duration.ofDays(40)));

    clock.set(T0.plus(Duration.ofDays(3)));
    List<Row> rows = new NudgeEngagement(jdbc, clock).engagement(28).rows();
    assertEquals(6, rows.size());
    assertEquals(new Row("inactivity", "in_app", 2, 1L, 0, 0, 1), row(rows, "inactivity", "in_app"));
    assertEquals(new Row("inactivity", "email", 2, null, 1, 1, 1), row(rows, "inactivity", "email"));
    assertEquals(new Row("goal_completed", "in_app", 1, 1L, 1, 0, 1), row(rows, "goal_completed", "in_app"));
    assertEquals(new Row("goal_completed", "email", 0, null, 0, 0, 0), row(rows, "goal_completed", "email"));
    assertEquals(new Row("cross_subject", "in_app", 1, 0L, 0, 0, 0), row(rows, "cross_subject", "in_app"));
    assertEquals(new Row("cross_subject", "email", 0, null, 0, 0, 0), row(rows, "cross_subject", "email"));
  }

  private static Row row(List<Row> rows, String kind, String channel) {
    return rows.stream().filter(r -> r.kind().equals(kind) && r.channel().equals(channel)).findFirst().orElseThrow();
  }

  private static String nudge(NudgeDeliveries d, String student, NudgeKind kind, Instant at) {
    String id = UUID.randomUUID().toString();
    d.record(new NewNudge(id, student, kind, "message", "/app", false, at));
    return id;
  }

  private static void answer(Jdbc jdbc, String student, long seq, Instant at) {
    jdbc.update(
        "INSERT INTO student_answer_history (student_id, seq_nr, subject, correct, rating_before, rating_after, answered_at)"
            + " VALUES (?, ?, 'math', TRUE, 1000, 1010, ?)",
        student, seq, at);
  }

  private static void question(Jdbc jdbc, String student, Instant at) {
    jdbc.update(
        "INSERT INTO qa_interaction_log (interaction_id, student_id, subject, question, confidence, label,"
            + " escalation_suggested, escalation_required, escalated, follow_up, fallback, asked_at, on_day)"
            + " VALUES (?, ?, 'math', 'q?', 0.9, 'high', FALSE, FALSE, FALSE, FALSE, FALSE, ?, ?)",
        UUID.randomUUID().toString(), student, at, at.atOffset(java.time.ZoneOffset.UTC).toLocalDate());
  }
}
