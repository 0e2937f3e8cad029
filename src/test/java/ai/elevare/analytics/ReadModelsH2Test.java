package ai.elevare.analytics;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.nudge.NudgeDeliveries;
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
  @Test
  void theScriptedHistoryGivesTheSameFiguresOnH2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:analytics-" + UUID.randomUUID() + ";DATABASE_TO_UPPER=false;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/common", "classpath:db/migration/h2")
        .load()
        .migrate();
    Jdbc jdbc = new Jdbc(ds);
    ScriptedHistory history = new ScriptedHistory(jdbc);
    NudgeDeliveries deliveries = new NudgeDeliveries(jdbc, ScriptedHistory.CLOCK, false);
    for (var envelope : history.envelopes) {
      jdbc.tx(
          c -> {
            DashboardHandler.apply(c, envelope.sequenceNr(), envelope.event(), deliveries);
            return null;
          });
    }
    history.assertFigures(new AnalyticsQueries(jdbc, AtRiskRule.DEFAULT, ScriptedHistory.CLOCK));
    assertEquals(
        DashboardHandler.HISTORY_KEPT,
        jdbc.queryOne(
                "SELECT COUNT(*) FROM student_answer_history WHERE student_id = ?",
                rs -> rs.getInt(1),
                history.cara)
            .orElseThrow());
  }
}
