package ai.elevare.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * Fresh PostgreSQL databases for integration tests on the machine's server (or the throwaway one
 * bin/ensure-postgres starts), so tests never see each other's rows.
 */
public final class TestDatabases {
  public static final String HOST =
      System.getenv().getOrDefault("ELEVARE_TEST_PG", "127.0.0.1:" + System.getenv().getOrDefault("PGPORT", "5432"));

  private TestDatabases() {}

  /** Creates an empty database and returns its JDBC URL. */
  public static String create() {
    String name = "elevare_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (Exception e) {
      throw new IllegalStateException("PostgreSQL is needed on " + HOST + " (run bin/ensure-postgres)", e);
    }
    return "jdbc:postgresql://" + HOST + "/" + name;
  }

  public static void drop(String url) {
    String name = url.substring(url.lastIndexOf('/') + 1).split("\\?")[0];
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + HOST + "/postgres", "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (Exception e) {
      // best effort: a leftover test database is harmless
    }
  }
}
