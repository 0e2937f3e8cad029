package ai.elevare.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the product asked of its database during a window, from its journal and PostgreSQL's
 * statistics views (pg_stat_database, pg_stat_user_tables) for the bench database only.
 */
final class DbActivity {
  private final String url;
  private Counters from;

  DbActivity(String url) {
    this.url = url;
  }

  private record Counters(
      long events, long tags, long commits, long inserted, long updated, long deleted, long fetched,
      long checkpoints, Map<String, Long> tableWrites) {}

  /** The difference between two readings. */
  record Delta(
      long events, long tags, long commits, long inserted, long updated, long deleted, long fetched,
      long checkpoints, Map<String, Long> tableWrites) {

    /** "table 1.2, other 0.8, …": rows inserted + updated + deleted per completion. */
    String topTables(int n, long completions) {
      if (completions == 0) return "none";
      return tableWrites.entrySet().stream()
          .filter(e -> e.getValue() > 0)
          .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .limit(n)
          .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / (double) completions))
          .collect(Collectors.joining(", "));
    }
  }

  void mark() {
    from = read();
  }

  Delta since() {
    Counters to = read();
    Map<String, Long> tables = new HashMap<>();
    to.tableWrites().forEach((t, v) -> tables.put(t, v - from.tableWrites().getOrDefault(t, 0L)));
    return new Delta(
        to.events() - from.events(), to.tags() - from.tags(), to.commits() - from.commits(),
        to.inserted() - from.inserted(), to.updated() - from.updated(), to.deleted() - from.deleted(),
        to.fetched() - from.fetched(), to.checkpoints() - from.checkpoints(), tables);
  }

  private Counters read() {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement()) {
      // Statistics are flushed by each backend at most once a second; start from fresh ones.
      s.execute("SELECT pg_stat_clear_snapshot()");
      long events;
      long tags;
      try (ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM event_journal), (SELECT count(*) FROM event_tag)")) {
        rs.next();
        events = rs.getLong(1);
        tags = rs.getLong(2);
      }
      long[] db = new long[5];
      try (ResultSet rs =
          s.executeQuery(
              "SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, tup_fetched FROM pg_stat_database"
                  + " WHERE datname = current_database()")) {
        rs.next();
        for (int i = 0; i < db.length; i++) db[i] = rs.getLong(i + 1);
      }
      long checkpoints;
      try (ResultSet rs = s.executeQuery("SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter")) {
        rs.next();
        checkpoints = rs.getLong(1);
      }
      Map<String, Long> tables = new HashMap<>();
      try (ResultSet rs =
          s.executeQuery("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_user_tables")) {
        while (rs.next()) tables.put(rs.getString(1), rs.getLong(2));
      }
      return new Counters(events, tags, db[0], db[1], db[2], db[3], db[4], checkpoints, tables);
    } catch (SQLException e) {
      BenchLog.progress("database statistics unavailable: %s", e.getMessage());
      return new Counters(0, 0, 0, 0, 0, 0, 0, 0, Map.of());
    }
  }

  /**
   * Refreshes the planner statistics of the fresh database, as autovacuum does on a long-lived
   * one; with none, eventsByTag polls scan every event_tag row of their tag.
   */
  void analyze() {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("ANALYZE");
    } catch (SQLException e) {
      BenchLog.progress("ANALYZE failed: %s", e.getMessage());
    }
  }

  /** Events the slowest projection (name, tag) has still to process; -1 when unknown. */
  long projectionLag() {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT coalesce(max((SELECT count(*) FROM event_tag t WHERE t.tag = o.projection_key"
                    + " AND t.event_id > o.current_offset::bigint)), 0) FROM pekko_projection_offset_store o")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Average serialized event size, so the INSERT ceiling writes rows like the product's. */
  int averagePayload() {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(avg(octet_length(event_payload)), 0) FROM event_journal")) {
      rs.next();
      return Math.max(64, (int) Math.round(rs.getDouble(1)));
    } catch (SQLException e) {
      return 512;
    }
  }
}
