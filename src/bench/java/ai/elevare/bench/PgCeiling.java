package ai.elevare.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's ceiling for the product's write path: single-row INSERT transactions per second
 * into a table shaped like {@code event_journal} (same columns, primary key and unique index on
 * {@code ordering}), each its own autocommit transaction, with payloads as large as the product's
 * events on average. Runs {@code pgbench} with a custom script when it is installed, else a JDBC
 * loop with one connection per client.
 */
public final class PgCeiling {
  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
  private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
  static final String TABLE = "bench_event_journal";

  private PgCeiling() {}

  public record Result(double tps, int clients, String method, int payloadBytes, double latencyMs, String note) {}

  public static Result measure(String jdbcUrl, int wantedClients, Duration duration, int payloadBytes, Path dir)
      throws SQLException, IOException, InterruptedException {
    int clients;
    String note = "";
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
      s.execute(
          "CREATE TABLE " + TABLE + " ("
              + " ordering BIGSERIAL, persistence_id VARCHAR(255) NOT NULL, sequence_number BIGINT NOT NULL,"
              + " deleted BOOLEAN DEFAULT FALSE NOT NULL, writer VARCHAR(255) NOT NULL, write_timestamp BIGINT,"
              + " adapter_manifest VARCHAR(255), event_ser_id INTEGER NOT NULL, event_ser_manifest VARCHAR(255) NOT NULL,"
              + " event_payload BYTEA NOT NULL, meta_ser_id INTEGER, meta_ser_manifest VARCHAR(255), meta_payload BYTEA,"
              + " PRIMARY KEY(persistence_id, sequence_number))");
      s.execute("CREATE UNIQUE INDEX " + TABLE + "_ordering_idx ON " + TABLE + "(ordering)");
      int allowed = allowedClients(s);
      clients = Math.max(1, Math.min(wantedClients, allowed));
      if (clients < wantedClients) {
        note = "the server allows " + allowed + " more connections (max_connections "
            + setting(s, "max_connections") + "), so " + clients + " clients instead of " + wantedClients;
      }
    }
    byte[] payload = new byte[payloadBytes];
    ThreadLocalRandom.current().nextBytes(payload);
    Optional<Path> pgbench = pgbench();
    Result r =
        pgbench.isPresent()
            ? viaPgbench(pgbench.get(), jdbcUrl, clients, duration, payload, dir, note)
            : viaJdbc(jdbcUrl, clients, duration, payload, note);
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + TABLE);
    }
    return r;
  }

  /** Connections free for us: the limit minus the reserved ones, those in use, and a margin of 5. */
  private static int allowedClients(Statement s) throws SQLException {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int"
                + " - (SELECT count(*) FROM pg_stat_activity) - 5")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String setting(Statement s, String name) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
      rs.next();
      return rs.getString(1);
    }
  }

  static Optional<Path> pgbench() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/lib/postgresql/15/bin").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "pgbench");
      if (Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  private static Result viaPgbench(
      Path pgbench, String jdbcUrl, int clients, Duration duration, byte[] payload, Path dir, String note)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path script = dir.resolve("pg-insert.sql");
    // One row per transaction; persistence ids and sequence numbers spread like many students'.
    Files.writeString(
        script,
        "\\set seq random(1, 9000000000000)\n"
            + "INSERT INTO " + TABLE + " (persistence_id, sequence_number, writer, write_timestamp, adapter_manifest,"
            + " event_ser_id, event_ser_manifest, event_payload) VALUES ('Student|bench-' || :client_id, :seq,"
            + " '6c1f3c52-5ad6-4a3b-9a4e-bench-writer', 1764316800000, '', 33,"
            + " 'ai.elevare.student.StudentEntity$AnswerSubmitted', '\\x" + HexFormat.of().formatHex(payload) + "');\n");
    Db db = Db.parse(jdbcUrl);
    List<String> cmd =
        List.of(
            pgbench.toString(), "-h", db.host(), "-p", db.port(), "-U", "postgres", "-n", "-f", script.toString(),
            "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 2)),
            "-T", String.valueOf(duration.toSeconds()), db.name());
    Path out = dir.resolve("pgbench.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("pgbench did not finish; see " + out);
    }
    String text = Files.readString(out);
    Matcher m = TPS.matcher(text);
    if (p.exitValue() != 0 || !m.find()) {
      throw new IllegalStateException("pgbench failed (exit " + p.exitValue() + "):\n" + text);
    }
    Matcher l = LATENCY.matcher(text);
    String method =
        "pgbench -c " + clients + " -j " + Math.min(clients, 2) + " -T " + duration.toSeconds()
            + " (custom script: one INSERT per transaction)";
    return new Result(
        Double.parseDouble(m.group(1)), clients, method, payload.length,
        l.find() ? Double.parseDouble(l.group(1)) : Double.NaN, note);
  }

  private static Result viaJdbc(String jdbcUrl, int clients, Duration duration, byte[] payload, String note)
      throws InterruptedException {
    LongAdder done = new LongAdder();
    List<Thread> threads = new ArrayList<>();
    long until = System.nanoTime() + duration.toNanos();
    for (int i = 0; i < clients; i++) {
      int client = i;
      Thread t =
          new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                    PreparedStatement ps =
                        c.prepareStatement(
                            "INSERT INTO " + TABLE + " (persistence_id, sequence_number, writer, write_timestamp,"
                                + " adapter_manifest, event_ser_id, event_ser_manifest, event_payload)"
                                + " VALUES (?, ?, 'bench-writer', 1764316800000, '', 33,"
                                + " 'ai.elevare.student.StudentEntity$AnswerSubmitted', ?)")) {
                  c.setAutoCommit(true);
                  long seq = 0;
                  while (System.nanoTime() < until) {
                    ps.setString(1, "Student|bench-" + client);
                    ps.setLong(2, ++seq);
                    ps.setBytes(3, payload);
                    ps.executeUpdate();
                    done.increment();
                  }
                } catch (SQLException e) {
                  BenchLog.progress("JDBC insert client %d stopped: %s", client, e.getMessage());
                }
              },
              "pg-insert-" + i);
      threads.add(t);
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    for (Thread t : threads) t.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(
        done.sum() / seconds, clients,
        "JDBC loop, " + clients + " connections, autocommit (pgbench not installed)", payload.length,
        Double.NaN, note);
  }

  /** Host, port and database name of a jdbc:postgresql URL. */
  record Db(String host, String port, String name) {
    static Db parse(String jdbcUrl) {
      Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/([^?]+).*").matcher(jdbcUrl);
      if (!m.matches()) throw new IllegalArgumentException("not a jdbc:postgresql URL: " + jdbcUrl);
      return new Db(m.group(1), m.group(2) == null ? "5432" : m.group(2), m.group(3));
    }
  }
}
