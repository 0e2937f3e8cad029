package ai.elevare.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Latencies and failures per route for one measured window. Latencies go into HdrHistogram
 * (microsecond resolution, 3 significant digits, up to one minute) so p99 and max are exact to
 * 0.1 %, whatever the request count; HdrHistogram reaches the classpath through micrometer-core.
 */
public final class RouteStats {
  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(1);

  private final Map<String, ConcurrentHistogram> latencies = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failureKinds = new ConcurrentHashMap<>();

  /** One answered request with a 2xx status. */
  public void ok(String route, long nanos) {
    histogram(route).recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1_000)));
  }

  /** A non-2xx status or an exception; {@code kind} is e.g. "503" or "HttpTimeoutException". */
  public void failed(String route, String kind) {
    failures.computeIfAbsent(route, r -> new LongAdder()).increment();
    failureKinds.computeIfAbsent(route + " " + kind, r -> new LongAdder()).increment();
  }

  private ConcurrentHistogram histogram(String route) {
    return latencies.computeIfAbsent(route, r -> new ConcurrentHistogram(MAX_MICROS, 3));
  }

  /** The figures of one route, or of several routes merged (e.g. assign + complete). */
  public record Summary(
      String route, long count, long failures, double perSecond, double p50Ms, double p95Ms,
      double p99Ms, double maxMs) {
    /** A phase that did not run. */
    public static final Summary EMPTY =
        new Summary("", 0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  public Summary summary(String name, double seconds, List<String> routes) {
    Histogram merged = new Histogram(MAX_MICROS, 3);
    long failed = 0;
    for (String r : routes) {
      ConcurrentHistogram h = latencies.get(r);
      if (h != null) merged.add(h);
      LongAdder f = failures.get(r);
      if (f != null) failed += f.sum();
    }
    long n = merged.getTotalCount();
    return new Summary(
        name, n, failed, n / seconds,
        ms(merged, n, 50), ms(merged, n, 95), ms(merged, n, 99),
        n == 0 ? Double.NaN : merged.getMaxValue() / 1000.0);
  }

  public Summary summary(String route, double seconds) {
    return summary(route, seconds, List.of(route));
  }

  private static double ms(Histogram h, long n, double percentile) {
    return n == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Every recorded route name starting with {@code prefix}, sorted. */
  public List<String> routes(String prefix) {
    return java.util.stream.Stream.concat(latencies.keySet().stream(), failures.keySet().stream())
        .filter(r -> r.startsWith(prefix))
        .distinct()
        .sorted()
        .toList();
  }

  /** "route status" → count, for the failure breakdown. */
  public Map<String, Long> failureKinds() {
    Map<String, Long> out = new LinkedHashMap<>();
    failureKinds.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.put(e.getKey(), e.getValue().sum()));
    return out;
  }
}
