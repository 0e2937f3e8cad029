package ai.elevare.bench;

import java.util.Locale;

/** Progress lines on stderr, stamped with the time since the bench started; figures go to stdout. */
public final class BenchLog {
  private static final long STARTED = System.nanoTime();

  private BenchLog() {}

  public static void progress(String format, Object... args) {
    double s = (System.nanoTime() - STARTED) / 1e9;
    System.err.printf(Locale.ROOT, "[%6.1f s] %s%n", s, String.format(Locale.ROOT, format, args));
  }
}
