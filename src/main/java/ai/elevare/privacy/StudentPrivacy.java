package ai.elevare.privacy;

import ai.elevare.core.Jdbc;
import ai.elevare.core.Tombstones;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Export and erasure of one student (docs/security.md#privacy). Erasure order: tombstone first (the
 * projections skip the student's events from then on), entities stopped, then the journal, the
 * snapshots and every table in one transaction, entities stopped again (one started in between
 * recovered nothing), and last the audit's row counts.
 */
public final class StudentPrivacy {
  /** Stops a student's or a session's entity wherever it runs; completes once it has stopped. */
  public interface Entities {
    CompletionStage<?> forgetStudent(String studentId);

    CompletionStage<?> forgetSession(String sessionId);
  }

  /** One journal event, readable: its type and its fields. */
  public record JournalEvent(String persistenceId, long sequenceNr, Instant at, String type, Object event) {}

  public record Erasure(String erasureId, Instant erasedAt, Map<String, Integer> rowCounts) {}

  public static final String STUDENT_PID_PREFIX = "Student|";
  public static final String SESSION_PID_PREFIX = "SessionSummary|";

  private final Jdbc jdbc;
  private final Tombstones tombstones;
  private final Entities entities;
  private final Function<String, CompletionStage<List<JournalEvent>>> journal;
  private final Consumer<String> forgetCached;
  private final Clock clock;
  private final Duration stopTimeout;

  /**
   * @param journal a persistence id's events, in order
   * @param forgetCached drops the user from this node's caches (other nodes: within their TTL)
   */
  public StudentPrivacy(
      Jdbc jdbc, Tombstones tombstones, Entities entities,
      Function<String, CompletionStage<List<JournalEvent>>> journal, Consumer<String> forgetCached,
      Clock clock, Duration stopTimeout) {
    this.jdbc = jdbc;
    this.tombstones = tombstones;
    this.entities = entities;
    this.journal = journal;
    this.forgetCached = forgetCached;
    this.clock = clock;
    this.stopTimeout = stopTimeout;
  }

  /** Every persistence id of the student: their own entity and one per tutoring session. */
  public List<String> persistenceIds(String studentId) {
    List<String> ids = new ArrayList<>();
    ids.add(STUDENT_PID_PREFIX + studentId);
    sessions(studentId).forEach(s -> ids.add(SESSION_PID_PREFIX + s));
    return ids;
  }

  private Set<String> sessions(String studentId) {
    return new LinkedHashSet<>(
        jdbc.query(
            "SELECT session_id FROM summary_deliveries WHERE student_id = ?"
                + " UNION SELECT session_id FROM session_summary WHERE student_id = ?",
            rs -> rs.getString(1), studentId, studentId));
  }

  /** The stored rows (table → rows), the messages of the student's threads, and the journal. */
  public CompletionStage<Map<String, Object>> export(String studentId) {
    Map<String, Object> tables =
        jdbc.tx(
            c -> {
              Map<String, Object> out = new LinkedHashMap<>();
              for (PersonalData.Table t : PersonalData.tables(c)) {
                List<Map<String, Object>> rows = PersonalData.rows(c, t, studentId);
                if (!rows.isEmpty()) out.put(t.name(), rows);
              }
              // the tutors' replies in the student's threads too, not only the student's own messages
              out.put(
                  "thread_messages",
                  Jdbc.query(
                      c,
                      "SELECT m.* FROM thread_messages m JOIN threads t ON t.id = m.thread_id"
                          + " WHERE t.student_id = ? ORDER BY m.created_at, m.id",
                      PersonalData::row, studentId));
              return out;
            });
    CompletableFuture<Map<String, List<JournalEvent>>> events = CompletableFuture.completedFuture(new LinkedHashMap<>());
    for (String pid : persistenceIds(studentId)) {
      events = events.thenCombine(journal.apply(pid), (m, list) -> { m.put(pid, list); return m; });
    }
    return events.thenApply(
        j -> {
          Map<String, Object> doc = new LinkedHashMap<>();
          doc.put("student_id", studentId);
          doc.put("exported_at", clock.instant());
          doc.put("tables", tables);
          doc.put("journal", j);
          return doc;
        });
  }

  /**
   * Erases the student; empty when there is no such student (or another erasure got there first).
   * Blocking: call it on the blocking pool.
   */
  public java.util.Optional<Erasure> erase(String studentId, String requestedBy) {
    String hash = tombstones.hash(studentId);
    Instant now = clock.instant();
    java.util.Optional<String> erasureId =
        jdbc.tx(
            c -> {
              boolean student =
                  !Jdbc.query(c, "SELECT 1 FROM users WHERE id = ? AND role = 'student'", rs -> 1, studentId).isEmpty();
              if (!student) return java.util.Optional.<String>empty();
              // An erasure that failed half-way (entities not stopping) is resumed under its own id.
              List<String> earlier =
                  Jdbc.query(c, "SELECT erasure_id FROM erasures WHERE subject_hash = ?", rs -> rs.getString(1), hash);
              if (!earlier.isEmpty()) return java.util.Optional.of(earlier.get(0));
              String id = UUID.randomUUID().toString();
              Jdbc.update(
                  c,
                  "INSERT INTO erasures (erasure_id, subject_hash, requested_by, erased_at, row_counts) VALUES (?, ?, ?, ?, '{}')",
                  id, hash, requestedBy, now);
              return java.util.Optional.of(id);
            });
    if (erasureId.isEmpty()) return java.util.Optional.empty();
    List<String> pids = persistenceIds(studentId);
    Set<String> sessions = sessions(studentId);
    try {
      stopAll(studentId, sessions);
    } catch (IllegalStateException e) {
      // best effort: the stop after the delete is the one that must succeed
    }
    Map<String, Integer> counts =
        jdbc.tx(
            c -> {
              Map<String, Integer> n = new LinkedHashMap<>();
              n.put("event_journal", deleteByPid(c, "event_journal", pids));
              n.put("snapshot", deleteByPid(c, "snapshot", pids));
              for (PersonalData.Table t : PersonalData.tables(c)) {
                int rows =
                    Jdbc.update(
                        c, "DELETE FROM " + t.name() + " WHERE " + PersonalData.where(t),
                        PersonalData.params(t, studentId));
                if (rows > 0) n.put(t.name(), rows);
              }
              return n;
            });
    stopAll(studentId, sessions);
    forgetCached.accept(studentId);
    jdbc.update("UPDATE erasures SET row_counts = ? WHERE erasure_id = ?", json(counts), erasureId.get());
    return java.util.Optional.of(new Erasure(erasureId.get(), now, counts));
  }

  /**
   * Asks again whatever has not answered: a Forget can reach an entity that is stopping after an
   * earlier Forget and be dropped, until its shard has seen it stop and starts a new one.
   */
  private void stopAll(String studentId, Set<String> sessions) {
    Map<String, java.util.function.Supplier<CompletionStage<?>>> pending = new LinkedHashMap<>();
    pending.put("student", () -> entities.forgetStudent(studentId));
    sessions.forEach(s -> pending.put("session " + s, () -> entities.forgetSession(s)));
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    Exception last = null;
    for (int round = 0; round < 5 && !pending.isEmpty() && System.nanoTime() < deadline; round++) {
      Map<String, CompletableFuture<?>> asked = new LinkedHashMap<>();
      pending.forEach((k, ask) -> asked.put(k, ask.get().toCompletableFuture()));
      for (Map.Entry<String, CompletableFuture<?>> e : asked.entrySet()) {
        try {
          e.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          pending.remove(e.getKey());
        } catch (InterruptedException x) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while stopping the student's entities", x);
        } catch (Exception x) {
          last = x;
        }
      }
    }
    // The caller answers 503; DELETE again resumes this erasure under the same id.
    if (!pending.isEmpty()) throw new IllegalStateException("The student's entities did not stop in time", last);
  }

  private static int deleteByPid(Connection c, String table, List<String> pids) throws SQLException {
    int n = 0;
    for (String pid : pids) n += Jdbc.update(c, "DELETE FROM " + table + " WHERE persistence_id = ?", pid);
    return n;
  }

  private static String json(Map<String, Integer> counts) {
    StringBuilder b = new StringBuilder("{");
    counts.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
    return b.append('}').toString();
  }
}
