package ai.elevare.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One single-row INSERT + COMMIT every 50 ms on its own connection while the product is under
 * load: the database's commit latency as the product's journal sees it, so a latency tail can be
 * told apart from the product's own queueing.
 */
final class CommitProbe implements AutoCloseable {
  private static final long EVERY_MS = 50;
  private final Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
  private final Thread thread;
  private volatile boolean stop;

  CommitProbe(String url) {
    thread =
        new Thread(
            () -> {
              try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
                try (Statement s = c.createStatement()) {
                  s.execute("CREATE TABLE IF NOT EXISTS bench_commit_probe (id BIGSERIAL PRIMARY KEY, at BIGINT NOT NULL)");
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_commit_probe (at) VALUES (?)")) {
                  while (!stop) {
                    long start = System.nanoTime();
                    ps.setLong(1, System.currentTimeMillis());
                    ps.executeUpdate();
                    record((System.nanoTime() - start) / 1_000);
                    TimeUnit.MILLISECONDS.sleep(EVERY_MS);
                  }
                }
              } catch (SQLException e) {
                BenchLog.progress("commit probe stopped: %s", e.getMessage());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "commit-probe");
    thread.setDaemon(true);
  }

  private synchronized void record(long micros) {
    latencies.recordValue(Math.max(1, Math.min(micros, latencies.getHighestTrackableValue())));
  }

  void start() {
    thread.start();
  }

  synchronized long count() {
    return latencies.getTotalCount();
  }

  /** "p50 0.4 ms, p99 2.1 ms, max 350.2 ms (1200 commits)". */
  synchronized String describe() {
    if (latencies.getTotalCount() == 0) return "no commits measured";
    return String.format(
        java.util.Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d commits, one every %d ms)",
        latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
        latencies.getMaxValue() / 1000.0, latencies.getTotalCount(), EVERY_MS);
  }

  @Override
  public void close() {
    stop = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
