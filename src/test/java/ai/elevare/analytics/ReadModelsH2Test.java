package ai.elevare.analytics;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.nudge.NudgeDeliveries;
import ai.elevare.nudge.NudgeIndex;
import ai.elevare.nudge.NudgeKind;
import ai.elevare.student.StudentEvent.NudgeScheduled;
import ai.elevare.student.StudentEvent.NudgeSent;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The same tables, writes and queries on H2 (the embedded default): the migration, every
 * handler statement and every dashboard query must run unchanged there. Events go through the
 * handler directly, one transaction each, as the projection would commit them.
 */
class ReadModelsH2Test {
  /** A fresh in-memory H2 database with every migration applied. */
  private static Jdbc migrated() {
    return new Jdbc(migratedSource());
  }

  private static JdbcDataSource migratedSource() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:analytics-" + UUID.randomUUID() + ";DATABASE_TO_UPPER=false;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/common", "classpath:db/migration/h2")
        .load()
        .migrate();
    return ds;
  }

  @Test
  void theScriptedHistoryGivesTheSameFiguresOnH2() {
    Jdbc jdbc = migrated();
    ScriptedHistory history = new ScriptedHistory(jdbc);
    history.applyOneAtATime(jdbc, new NudgeDeliveries(jdbc, ScriptedHistory.CLOCK, false));
    history.assertFigures(new AnalyticsQueries(jdbc, AtRiskRule.DEFAULT, ScriptedHistory.CLOCK));
    history.assertHistoryPruned(jdbc);
  }

  /** The batched writes of a group run on H2 too and give the same figures. */
  @Test
  void theScriptedHistoryInOneGroupGivesTheSameFiguresOnH2() throws Exception {
    JdbcDataSource ds = migratedSource();
    Jdbc jdbc = new Jdbc(ds);
    ScriptedHistory history = new ScriptedHistory(jdbc);
    ai.elevare.core.DbSession session = new ai.elevare.core.DbSession(ds);
    new DashboardHandler(new NudgeDeliveries(jdbc, ScriptedHistory.CLOCK, false))
        .process(session, history.envelopes);
    session.commit();
    session.close();
    history.assertFigures(new AnalyticsQueries(jdbc, AtRiskRule.DEFAULT, ScriptedHistory.CLOCK));
    history.assertHistoryPruned(jdbc);
  }

  @Test
  void aStoredNudgeIsDeliveredOnceAndItsDueTimesIndexed() {
    Jdbc jdbc = migrated();
    NudgeDeliveries deliveries = new NudgeDeliveries(jdbc, ScriptedHistory.CLOCK, true);
    NudgeIndex index = new NudgeIndex(jdbc);
    String student = UUID.randomUUID().toString();
    String nudgeId = UUID.randomUUID().toString();
    Instant at = ScriptedHistory.CLOCK.instant();
    Instant next = at.plus(java.time.Duration.ofDays(1));
    java.util.function.Consumer<ai.elevare.student.StudentEvent> apply =
        e ->
            jdbc.tx(
                c -> {
                  DashboardHandler.apply(c, 1, e, deliveries);
                  return null;
                });

    apply.accept(new NudgeScheduled(student, at, at));
    assertEquals(java.util.Optional.of(at), index.dueAt(student));
    NudgeSent sent =
        new NudgeSent(student, nudgeId, NudgeKind.GOAL_COMPLETED, "g1", "/app/practice?subject=physics",
            "Physics builds on it: try a few questions!", false, "openai", at, next);
    apply.accept(sent);
    apply.accept(sent); // a group delivered again after a crash before its commit
    var stored = deliveries.byId(nudgeId).orElseThrow();
    assertEquals("goal_completed", stored.kind());
    assertEquals("/app/practice?subject=physics", stored.link());
    assertEquals(NudgeDeliveries.PENDING, stored.emailStatus(), "the outbox sends its e-mail");
    assertEquals(1, jdbc.queryOne("SELECT COUNT(*) FROM nudges", rs -> rs.getInt(1)).orElseThrow());
    assertEquals(java.util.Optional.of(next), index.dueAt(student));
    apply.accept(new NudgeScheduled(student, null, next));
    assertTrue(index.dueAt(student).isEmpty());
  }
}
