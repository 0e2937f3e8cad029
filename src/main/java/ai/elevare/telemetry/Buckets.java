package ai.elevare.telemetry;

import java.time.Duration;

/**
 * Histogram buckets: a dozen fixed bounds per series instead of Micrometer's ~70 percentile
 * buckets, so a route times a method times a status class stays a small number of series.
 */
final class Buckets {
  private Buckets() {}

  private static Duration ms(long n) {
    return Duration.ofMillis(n);
  }

  /** HTTP requests and entity recoveries: 5 ms to 10 s. */
  static final Duration[] SHORT = {
    ms(5), ms(10), ms(25), ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10_000)
  };

  /** AI calls and projection delays: 50 ms to 2 min. */
  static final Duration[] LONG = {
    ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000), ms(10_000), ms(30_000), ms(60_000), ms(120_000)
  };
}
