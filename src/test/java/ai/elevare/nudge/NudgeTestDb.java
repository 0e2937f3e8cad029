package ai.elevare.nudge;

import ai.elevare.core.Jdbc;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 database with every migration, as the embedded default runs them. */
final class NudgeTestDb {
  private NudgeTestDb() {}

  static DataSource h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:nudge-" + UUID.randomUUID() + ";DATABASE_TO_UPPER=false;DB_CLOSE_DELAY=-1");
    ds.setUser("sa");
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration/common", "classpath:db/migration/h2")
        .load()
        .migrate();
    return ds;
  }

  static String student(Jdbc jdbc, String email, String name) {
    String id = UUID.randomUUID().toString();
    jdbc.update(
        "INSERT INTO users (id, email, name, role, created_at) VALUES (?, ?, ?, 'student', ?)",
        id, email, name, Instant.parse("2026-01-01T00:00:00Z"));
    return id;
  }
}
