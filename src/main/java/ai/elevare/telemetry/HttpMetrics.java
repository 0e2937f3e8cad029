package ai.elevare.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code elevare_http_server_requests_seconds} by method, route template and status class. The
 * timers sit in an array indexed by (route, method, class), so recording a request allocates
 * nothing and looks nothing up by name.
 */
public final class HttpMetrics {
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
  private static final int PER_ROUTE = (METHODS.size() + 1) * CLASSES.length;

  private final MeterRegistry registry;
  private final List<String> routes;
  private final AtomicReferenceArray<Timer> timers;

  /** @param routes the route labels, indexed as {@link #record} is called */
  public HttpMetrics(MeterRegistry registry, List<String> routes) {
    this.registry = registry;
    this.routes = List.copyOf(routes);
    this.timers = new AtomicReferenceArray<>(this.routes.size() * PER_ROUTE);
  }

  /** One request on route {@code routeIndex} answered with {@code status} after {@code nanos}. */
  public void record(int routeIndex, String method, int status, long nanos) {
    int m = METHODS.indexOf(method);
    if (m < 0) m = METHODS.size();
    int c = Math.min(Math.max(status / 100, 1), 5) - 1;
    int i = routeIndex * PER_ROUTE + m * CLASSES.length + c;
    Timer t = timers.get(i);
    if (t == null) {
      // Registering is idempotent, so two first requests racing here get the same timer.
      t =
          Timer.builder("elevare_http_server_requests")
              .description("HTTP requests by method, route template and status class")
              .tag("method", m < METHODS.size() ? METHODS.get(m) : "OTHER")
              .tag("route", routes.get(routeIndex))
              .tag("status", CLASSES[c])
              .serviceLevelObjectives(Buckets.SHORT)
              .register(registry);
      timers.set(i, t);
    }
    t.record(nanos, TimeUnit.NANOSECONDS);
  }
}
