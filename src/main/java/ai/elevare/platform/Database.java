package ai.elevare.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The application's HikariCP pool (our tables and projection sessions) and the Flyway migrations
 * that create every table, the journal's included. The journal keeps its own Slick pool.
 */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private volatile boolean migrated;

  public Database(Settings settings) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(settings.dbUrl());
    hc.setUsername(settings.dbUser());
    hc.setPassword(settings.dbPassword());
    hc.setMaximumPoolSize(settings.appPoolSize());
    hc.setMinimumIdle(1);
    hc.setPoolName("elevare-app");
    // Fail fast (and answer 503) rather than hold a request for HikariCP's default 30 s.
    hc.setConnectionTimeout(5_000);
    // Projection sessions manage their own transactions; plain queries commit explicitly.
    hc.setAutoCommit(false);
    dataSource = new HikariDataSource(hc);
  }

  public void migrate(boolean embedded) {
    String vendor = embedded ? "h2" : "postgresql";
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
        .load()
        .migrate();
    migrated = true;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  /** True once migrations ran and the database answers a trivial query. */
  public boolean ready() {
    if (!migrated) return false;
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
