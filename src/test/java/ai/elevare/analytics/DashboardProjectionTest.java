package ai.elevare.analytics;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.DbSession;
import ai.elevare.core.Jdbc;
import ai.elevare.core.Tombstones;
import ai.elevare.nudge.NudgeDeliveries;
import ai.elevare.platform.Database;
import ai.elevare.platform.Settings;
import ai.elevare.student.StudentEvent.AnswerSubmitted;
import ai.elevare.student.StudentEvent;
import ai.elevare.testing.TestDatabases;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.testkit.javadsl.ProjectionTestKit;
import org.apache.pekko.projection.testkit.javadsl.TestSourceProvider;
import org.apache.pekko.stream.javadsl.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard projection on PostgreSQL, fed a scripted history: the figures of every view, a
 * stop and restart from the stored offset, and a failure after the handler's writes but before
 * the commit. In the last two an event counted twice would show in the figures (and in a
 * duplicate key), so equal figures prove exactly once.
 */
class DashboardProjectionTest {
  private static final String TAG = "student-0";
  private static ActorTestKit testKit;
  private static ProjectionTestKit projections;

  private String url;
  private Database db;
  private Jdbc jdbc;
  private ScriptedHistory history;
  private AnalyticsQueries queries;

  @BeforeAll
  static void startActors() {
    testKit =
        ActorTestKit.create(
            "dashboards",
            ConfigFactory.parseString(
                "pekko.loglevel = WARNING\n"
                    + "pekko.projection.jdbc.dialect = postgres-dialect\n"
                    + "pekko.projection.jdbc.blocking-jdbc-dispatcher.thread-pool-executor.fixed-pool-size = 4\n"
                    + "pekko.projection.restart-backoff { min-backoff = 50ms, max-backoff = 200ms }\n"
                    // Small groups, so a history spans many and a crash lands after committed ones.
                    + "pekko.projection.grouped.group-after-envelopes = 4\n"));
    projections = ProjectionTestKit.create(testKit.system());
  }

  @AfterAll
  static void stopActors() {
    testKit.shutdownTestKit();
  }

  @BeforeEach
  void database() {
    url = TestDatabases.create();
    db =
        new Database(
            Settings.load(
                "application",
                Map.of("elevare.db.url", url, "elevare.db.user", "postgres", "elevare.db.password", "")));
    db.migrate(false);
    jdbc = new Jdbc(db.dataSource());
    history = new ScriptedHistory(jdbc);
    queries = new AnalyticsQueries(jdbc, AtRiskRule.DEFAULT, ScriptedHistory.CLOCK);
  }

  @AfterEach
  void dropDatabase() {
    db.close();
    TestDatabases.drop(url);
  }

  /** Replays from after the stored offset, as the journal's events-by-tag query does. */
  private static SourceProvider<Offset, EventEnvelope<StudentEvent>> source(List<EventEnvelope<StudentEvent>> envelopes) {
    return TestSourceProvider.<Offset, EventEnvelope<StudentEvent>>create(
            Source.from(envelopes), EventEnvelope::offset)
        .withStartSourceFrom(
            (stored, offset) -> ((Sequence) offset).value() <= ((Sequence) stored).value());
  }

  private long storedOffset() {
    return jdbc.queryOne(
            "SELECT current_offset FROM pekko_projection_offset_store"
                + " WHERE projection_name = ? AND projection_key = ?",
            rs -> Long.parseLong(rs.getString(1)),
            DashboardProjection.NAME, TAG)
        .orElse(0L);
  }

  private void runUntil(
      SourceProvider<Offset, EventEnvelope<StudentEvent>> source,
      java.util.function.Supplier<JdbcHandler<List<EventEnvelope<StudentEvent>>, DbSession>> handler,
      long offset) {
    projections.run(
        DashboardProjection.create(testKit.system(), db.dataSource(), TAG, source, handler),
        Duration.ofSeconds(20),
        () -> assertEquals(offset, storedOffset()));
  }

  private DashboardHandler handler() {
    return new DashboardHandler(new NudgeDeliveries(jdbc, ScriptedHistory.CLOCK, false));
  }

  private long count(String sql, Object... params) {
    return jdbc.queryOne(sql, rs -> rs.getLong(1), params).orElseThrow();
  }

  private static String synchronousCommit(java.sql.Connection c) throws java.sql.SQLException {
    try (var s = c.createStatement();
        var rs = s.executeQuery("SHOW synchronous_commit")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void projectionTransactionsSkipTheFlushWaitAndOnlyThey() throws Exception {
    DbSession session = new DbSession(db.dataSource());
    assertEquals("off", session.withConnection(DashboardProjectionTest::synchronousCommit));
    session.commit();
    session.close();
    // SET LOCAL ends with its transaction: the pool's next user (any write) waits for the flush again.
    try (var c = db.dataSource().getConnection()) {
      assertEquals("on", synchronousCommit(c));
    }
  }

  @Test
  void figuresMatchTheScriptedHistory() {
    int n = history.envelopes.size();
    runUntil(source(history.envelopes), this::handler, n);
    history.assertFigures(queries);
    assertEquals(5 + 1, count("SELECT COUNT(*) FROM override_log"), "five in the window, one in January");
    assertEquals(
        DashboardHandler.HISTORY_KEPT,
        count("SELECT COUNT(*) FROM student_answer_history WHERE student_id = ?", history.cara),
        "older answers are pruned");
    assertEquals(
        22 * 1, count("SELECT xp FROM student_summary WHERE student_id = ?", history.cara));
    assertEquals(
        4, count("SELECT active_days FROM student_summary WHERE student_id = ?", history.bob),
        "all time: 20 January and 26 to 28 February");
    assertEquals(
        2, count("SELECT overrides FROM student_summary WHERE student_id = ?", history.bob));
  }

  /**
   * The practice events of a group are folded and written in batches: the whole history in one
   * group leaves every row as one event per transaction does (Cara's 22 answers fold into one
   * group's rows, and answers without a recorded streak take the old path in between).
   */
  @Test
  void oneGroupLeavesTheRowsOneEventAtATimeLeaves() throws Exception {
    history.applyOneAtATime(jdbc, new NudgeDeliveries(jdbc, ScriptedHistory.CLOCK, false));
    var oneAtATime = ScriptedHistory.rows(jdbc);
    for (String table : ScriptedHistory.TABLES) jdbc.update("DELETE FROM " + table);

    DbSession session = new DbSession(db.dataSource());
    handler().process(session, history.envelopes);
    session.commit();
    session.close();

    assertFalse(oneAtATime.get("student_subject_stats").isEmpty());
    assertEquals(oneAtATime, ScriptedHistory.rows(jdbc));
    history.assertFigures(queries);
  }

  /** Events read after an erasure (still in flight, or replayed from an older offset) write nothing. */
  @Test
  void anErasedStudentsEventsWriteNoRows() {
    Tombstones tombstones = Tombstones.load(jdbc);
    jdbc.update(
        "INSERT INTO erasures (erasure_id, subject_hash, requested_by, erased_at, row_counts)"
            + " VALUES ('e1', ?, 'admin', CURRENT_TIMESTAMP, '{}')",
        tombstones.hash(history.bob));
    int n = history.envelopes.size();
    runUntil(source(history.envelopes), () -> new DashboardHandler(
        new NudgeDeliveries(jdbc, ScriptedHistory.CLOCK, false), Tombstones.load(jdbc)), n);
    for (String table : List.of("student_summary", "student_subject_stats", "student_answer_history",
        "student_activity_days", "practice_daily", "override_log", "qa_interaction_log", "goal_completions",
        "nudges", "activity_index")) {
      assertEquals(0, count("SELECT COUNT(*) FROM " + table + " WHERE student_id = ?", history.bob), table);
    }
    assertEquals(4, count("SELECT answers FROM student_summary WHERE student_id = ?", history.alice),
        "everyone else's events are applied");
  }

  @Test
  void restartFromTheStoredOffsetDoesNotDoubleCount() {
    int n = history.envelopes.size();
    int k = 20;
    runUntil(source(history.first(k)), this::handler, k);
    // Stopped part way: Bob's twelve events and Alice's first eight are in.
    assertEquals(7, count("SELECT answers FROM student_summary WHERE student_id = ?", history.bob));
    assertEquals(3, count("SELECT answers FROM student_summary WHERE student_id = ?", history.alice));

    // A new instance over the whole tag resumes after the stored offset.
    runUntil(source(history.envelopes), this::handler, n);
    history.assertFigures(queries);
    assertEquals(4, count("SELECT answers FROM student_summary WHERE student_id = ?", history.alice));
    assertEquals(7, count("SELECT answers FROM student_summary WHERE student_id = ?", history.bob));
  }

  private long chemistryAnswers() {
    return jdbc.queryOne(
            "SELECT answers FROM student_subject_stats WHERE student_id = ? AND subject = 'chemistry'",
            rs -> rs.getLong(1),
            history.alice)
        .orElse(0L);
  }

  @Test
  void aCrashAfterTheWritesButBeforeTheCommitCountsTheEventOnce() {
    int n = history.envelopes.size();
    // Alice's chemistry answer: its rows are written, then the handler fails before the commit.
    long failAt =
        history.envelopes.stream()
            .filter(
                e -> e.event() instanceof AnswerSubmitted a && a.subject().equals("chemistry"))
            .map(e -> ((Sequence) e.offset()).value())
            .findFirst()
            .orElseThrow();
    AtomicBoolean crashed = new AtomicBoolean();
    JdbcHandler<List<EventEnvelope<StudentEvent>>, DbSession> crashing =
        new JdbcHandler<>() {
          private final DashboardHandler inner = handler();

          @Override
          public void process(DbSession session, List<EventEnvelope<StudentEvent>> group) throws Exception {
            for (EventEnvelope<StudentEvent> envelope : group) {
              inner.process(session, List.of(envelope));
              if (((Sequence) envelope.offset()).value() == failAt) {
                crashed.set(true);
                throw new IllegalStateException("crash after the writes, before the commit");
              }
            }
          }
        };
    // The projection stops on the failure; the test kit reports it when it stops the run.
    Throwable crash =
        assertThrows(
            Throwable.class,
            () ->
                projections.run(
                    DashboardProjection.create(
                        testKit.system(), db.dataSource(), TAG, source(history.envelopes),
                        () -> crashing),
                    Duration.ofSeconds(20),
                    () -> assertTrue(crashed.get())));
    assertTrue(String.valueOf(crash.getMessage()).contains("crash after the writes"), crash.toString());
    // Groups before the crashed one are committed; the crashed group's rows went with its
    // transaction, so the rows match exactly the events up to the stored offset.
    long stored = storedOffset();
    assertTrue(stored < failAt, "the crashed event's offset was not stored: " + stored);
    assertTrue(stored > 0, "the groups before the crashed one stay committed");
    assertEquals(0, chemistryAnswers(), "no chemistry row: the crashed answer's rows were rolled back");
    long aliceAnswersStored =
        history.envelopes.stream()
            .filter(e -> ((Sequence) e.offset()).value() <= stored)
            .filter(e -> e.event() instanceof AnswerSubmitted a && a.studentId().equals(history.alice))
            .count();
    assertEquals(
        aliceAnswersStored,
        jdbc.queryOne(
                "SELECT answers FROM student_summary WHERE student_id = ?", rs -> rs.getLong(1), history.alice)
            .orElse(0L));

    // Started again, the projection delivers that event once more, and every figure is exact.
    runUntil(source(history.envelopes), this::handler, n);
    history.assertFigures(queries);
    assertEquals(1, chemistryAnswers());
  }
}
