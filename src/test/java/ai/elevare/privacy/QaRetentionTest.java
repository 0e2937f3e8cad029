package ai.elevare.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.elevare.core.Jdbc;
import ai.elevare.nudge.TestClock;
import ai.elevare.platform.Database;
import ai.elevare.platform.Settings;
import ai.elevare.testing.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Q&A history older than the retention goes; the clock is moved, nothing sleeps. */
class QaRetentionTest {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private String url;
  private Database db;
  private Jdbc jdbc;
  private final TestClock clock = new TestClock(START);
  private final String student = UUID.randomUUID().toString();
  private final String tutor = UUID.randomUUID().toString();

  @BeforeEach
  void database() {
    url = TestDatabases.create();
    db = new Database(Settings.load(
        "application", Map.of("elevare.db.url", url, "elevare.db.user", "postgres", "elevare.db.password", "")));
    db.migrate(false);
    jdbc = new Jdbc(db.dataSource());
    for (String[] u : new String[][] {{student, "student"}, {tutor, "tutor"}}) {
      jdbc.update("INSERT INTO users (id, email, name, role, created_at) VALUES (?, ?, 'X', ?, ?)",
          u[0], u[0] + "@example.org", u[1], START);
    }
  }

  @AfterEach
  void drop() {
    db.close();
    TestDatabases.drop(url);
  }

  @Test
  void olderQuestionsAndQuietEscalationsGoTheRestStays() {
    String oldQ = question(START);
    String oldThread = escalation(oldQ, START, null);
    String talkedThread = escalation(question(START), START, START.plus(Duration.ofDays(200)));
    clock.set(START.plus(Duration.ofDays(300)));
    String recentQ = question(clock.instant());
    String recentThread = escalation(recentQ, clock.instant(), null);
    QaRetention retention = new QaRetention(jdbc, clock, Duration.ofDays(365));

    assertEquals(new QaRetention.Pruned(0, 0), retention.prune(), "nothing is a year old yet");
    clock.set(START.plus(Duration.ofDays(366)));
    assertEquals(new QaRetention.Pruned(2, 1), retention.prune());
    assertEquals(1, count("SELECT COUNT(*) FROM qa_interaction_log WHERE interaction_id = ?", recentQ));
    assertEquals(0, count("SELECT COUNT(*) FROM threads WHERE id = ?", oldThread));
    assertEquals(0, count("SELECT COUNT(*) FROM thread_messages WHERE thread_id = ?", oldThread), "with its messages");
    assertEquals(1, count("SELECT COUNT(*) FROM threads WHERE id = ?", talkedThread), "a message within the year");
    assertEquals(1, count("SELECT COUNT(*) FROM threads WHERE id = ?", recentThread));
    assertEquals(new QaRetention.Pruned(0, 0), retention.prune(), "idempotent");

    clock.set(START.plus(Duration.ofDays(200 + 366)));
    assertEquals(new QaRetention.Pruned(0, 1), retention.prune(), "the talked-about thread in its turn");
  }

  @Test
  void aRetentionOfNothingIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new QaRetention(jdbc, clock, Duration.ZERO));
  }

  private String question(Instant at) {
    String id = UUID.randomUUID().toString();
    jdbc.update(
        "INSERT INTO qa_interaction_log (interaction_id, student_id, question, confidence, label,"
            + " escalation_suggested, escalation_required, escalated, follow_up, fallback, asked_at, on_day)"
            + " VALUES (?, ?, 'What is 2+2?', 0.3, 'low', TRUE, TRUE, TRUE, FALSE, FALSE, ?, ?)",
        id, student, at, java.time.LocalDate.ofInstant(at, java.time.ZoneOffset.UTC));
    return id;
  }

  private String escalation(String interactionId, Instant at, Instant lastMessage) {
    String id = UUID.randomUUID().toString();
    jdbc.update(
        "INSERT INTO threads (id, student_id, tutor_id, title, kind, interaction_id, created_by, created_at)"
            + " VALUES (?, ?, ?, 'Q&A', 'escalation', ?, ?, ?)",
        id, student, tutor, interactionId, student, at);
    jdbc.update("INSERT INTO thread_messages (id, thread_id, author_id, body, created_at) VALUES (?, ?, ?, 'Q', ?)",
        UUID.randomUUID().toString(), id, student, at);
    if (lastMessage != null) {
      jdbc.update("INSERT INTO thread_messages (id, thread_id, author_id, body, created_at) VALUES (?, ?, ?, 'A', ?)",
          UUID.randomUUID().toString(), id, tutor, lastMessage);
    }
    return id;
  }

  private long count(String sql, Object... params) {
    return jdbc.queryOne(sql, rs -> rs.getLong(1), params).orElseThrow();
  }
}
