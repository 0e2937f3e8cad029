package ai.elevare.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.core.Jdbc;
import ai.elevare.core.Tombstones;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** Export and erasure on H2 (the embedded default): the catalogue query, the deletes, the order of stops. */
class StudentPrivacyH2Test {
  private final Jdbc jdbc = migrated();
  private final List<String> calls = new ArrayList<>();
  private final String student = user("student");
  private final String other = user("student");
  private final String tutor = user("tutor");

  private static Jdbc migrated() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:privacy-" + UUID.randomUUID() + ";DATABASE_TO_UPPER=false;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure().dataSource(ds).locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
    return new Jdbc(ds);
  }

  private String user(String role) {
    String id = UUID.randomUUID().toString();
    jdbc.update("INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, 'N', ?, 'secret-hash', ?)",
        id, id + "@example.org", role, Instant.EPOCH);
    return id;
  }

  private StudentPrivacy privacy() {
    StudentPrivacy.Entities entities = new StudentPrivacy.Entities() {
      @Override
      public CompletionStage<?> forgetStudent(String id) {
        calls.add("student " + journalRows("Student|" + id));
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<?> forgetSession(String id) {
        calls.add("session " + journalRows("SessionSummary|" + id));
        return CompletableFuture.completedFuture(null);
      }
    };
    return new StudentPrivacy(jdbc, Tombstones.load(jdbc), entities,
        pid -> CompletableFuture.completedFuture(List.of()), id -> calls.add("forget " + id),
        Clock.systemUTC(), Duration.ofSeconds(5));
  }

  private void someRows(String id) {
    jdbc.update("INSERT INTO user_links (kind, from_user_id, student_id, created_at) VALUES ('tutor', ?, ?, ?)", tutor, id, Instant.EPOCH);
    jdbc.update("INSERT INTO goal_index (goal_id, student_id, created_at) VALUES (?, ?, ?)", UUID.randomUUID().toString(), id, Instant.EPOCH);
    jdbc.update("INSERT INTO summary_deliveries (session_id, summary_id, student_id, tutor_id, transcript, received_at) VALUES (?, ?, ?, ?, 'T', ?)",
        "s-" + id, UUID.randomUUID().toString(), id, tutor, Instant.EPOCH);
    for (String pid : List.of("Student|" + id, "SessionSummary|s-" + id)) {
      jdbc.update("INSERT INTO event_journal (persistence_id, sequence_number, writer, write_timestamp, adapter_manifest, event_ser_id,"
          + " event_ser_manifest, event_payload) VALUES (?, 1, 'w', 0, '', 1, 'm', X'00')", pid);
    }
  }

  private long journalRows(String pid) {
    return jdbc.queryOne("SELECT COUNT(*) FROM event_journal WHERE persistence_id = ?", rs -> rs.getLong(1), pid).orElseThrow();
  }

  private long rowsOf(String id) {
    long n = 0;
    for (String t : List.of("users WHERE id", "user_links WHERE student_id", "goal_index WHERE student_id",
        "summary_deliveries WHERE student_id")) {
      n += jdbc.queryOne("SELECT COUNT(*) FROM " + t + " = ?", rs -> rs.getLong(1), id).orElseThrow();
    }
    return n + journalRows("Student|" + id) + journalRows("SessionSummary|s-" + id);
  }

  @Test
  void tablesComeFromTheCatalogueUsersLast() throws Exception {
    List<PersonalData.Table> tables = jdbc.tx(PersonalData::tables);
    List<String> names = tables.stream().map(PersonalData.Table::name).toList();
    assertEquals("users", names.get(names.size() - 1));
    assertTrue(names.containsAll(List.of("user_links", "goal_index", "threads", "thread_messages", "nudges",
        "nudge_email_optout", "qa_interaction_log", "session_summary", "summary_deliveries", "activity_index")), names.toString());
    assertFalse(names.contains("erasures") || names.contains("event_journal"), names.toString());
  }

  @Test
  void exportLeavesSecretsOutAndEraseTakesOnlyTheStudent() throws Exception {
    someRows(student);
    someRows(other);
    StudentPrivacy privacy = privacy();
    @SuppressWarnings("unchecked")
    Map<String, Object> tables = (Map<String, Object>) privacy.export(student).toCompletableFuture().get().get("tables");
    assertTrue(tables.keySet().containsAll(List.of("users", "user_links", "goal_index", "summary_deliveries")), tables.keySet().toString());
    assertFalse(tables.toString().contains("secret-hash"));
    assertFalse(tables.toString().contains(other));

    long otherBefore = rowsOf(other);
    StudentPrivacy.Erasure e = privacy.erase(student, "admin-1").orElseThrow();
    assertEquals(0, rowsOf(student));
    assertEquals(otherBefore, rowsOf(other));
    assertEquals(2, e.rowCounts().get("event_journal"));
    // stopped before the journal went (rows still there) and again after (none left), then uncached
    assertEquals(List.of("student 1", "session 1", "student 0", "session 0", "forget " + student), calls);
    Tombstones tombstones = Tombstones.load(jdbc);
    Boolean studentErased = jdbc.<Boolean>tx(c -> tombstones.erased(c, student));
    Boolean otherErased = jdbc.<Boolean>tx(c -> tombstones.erased(c, other));
    assertTrue(studentErased);
    assertFalse(otherErased);
    assertTrue(privacy.erase(student, "admin-1").isEmpty(), "a second erasure finds no one");
    assertTrue(privacy.erase(tutor, "admin-1").isEmpty(), "only students");
    assertEquals(1L, jdbc.queryOne("SELECT COUNT(*) FROM erasures", rs -> rs.getLong(1)).orElseThrow());
  }

  @Test
  void aForgetThatGoesUnansweredIsAskedAgain() throws Exception {
    someRows(student);
    // as when the Forget reaches an entity still stopping after the first one: the ask times out
    List<Integer> asks = new ArrayList<>();
    StudentPrivacy.Entities dropsEverySecond = new StudentPrivacy.Entities() {
      @Override
      public CompletionStage<?> forgetStudent(String id) {
        asks.add(asks.size());
        return asks.size() % 2 == 0
            ? CompletableFuture.failedFuture(new java.util.concurrent.TimeoutException("dropped"))
            : CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<?> forgetSession(String id) {
        return CompletableFuture.completedFuture(null);
      }
    };
    StudentPrivacy privacy = new StudentPrivacy(jdbc, Tombstones.load(jdbc), dropsEverySecond,
        pid -> CompletableFuture.completedFuture(List.of()), id -> { }, Clock.systemUTC(), Duration.ofSeconds(5));
    assertTrue(privacy.erase(student, "admin-1").isPresent());
    assertEquals(3, asks.size(), "before the delete, after it (dropped), and once more");
    assertEquals(0, rowsOf(student));

    StudentPrivacy.Entities neverAnswers = new StudentPrivacy.Entities() {
      @Override
      public CompletionStage<?> forgetStudent(String id) {
        return CompletableFuture.failedFuture(new java.util.concurrent.TimeoutException("dropped"));
      }

      @Override
      public CompletionStage<?> forgetSession(String id) {
        return CompletableFuture.completedFuture(null);
      }
    };
    someRows(other);
    StudentPrivacy stuck = new StudentPrivacy(jdbc, Tombstones.load(jdbc), neverAnswers,
        pid -> CompletableFuture.completedFuture(List.of()), id -> { }, Clock.systemUTC(), Duration.ofSeconds(5));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> stuck.erase(other, "admin-1"));
  }
}
