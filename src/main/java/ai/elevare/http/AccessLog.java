package ai.elevare.http;

import ai.elevare.telemetry.HttpMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One directive around the whole route tree: gives each request an id (a sane incoming {@code
 * X-Request-Id} or a new one) and returns it, times the request into {@link HttpMetrics} by route
 * template, and writes one access line (logger {@code elevare.access}): method, template, status,
 * latency, user id, request id. Never a token, a body, a query or the raw path. In production the
 * fields are also in the JSON line's MDC; /health, /ready and /metrics are counted but not logged.
 */
final class AccessLog {
  static final String HEADER = "X-Request-Id";
  private static final int MAX_ID = 64;
  private static final Logger LOG = LoggerFactory.getLogger("elevare.access");

  /** Put on the request here; the authentication directive fills in the user. */
  static final AttributeKey<Trace> TRACE = AttributeKey.create("elevare-trace", Trace.class);

  /**
   * What the access line needs to know of a request while it runs. Written by the thread that
   * authenticates and read by the one that completes; the future between them orders the two.
   */
  static final class Trace {
    final String requestId;
    final long startNanos;
    String userId;

    Trace(String requestId, long startNanos) {
      this.requestId = requestId;
      this.startNanos = startNanos;
    }
  }

  private final RouteTemplates templates;
  private final HttpMetrics metrics;

  AccessLog(MeterRegistry registry) {
    this.templates = RouteTemplates.standard();
    this.metrics = new HttpMetrics(registry, templates.labels());
  }

  Route wrap(Route tree) {
    return Directives.extractRequest(
        req -> {
          Trace trace = new Trace(requestId(req), System.nanoTime());
          return Directives.mapRequest(
              r -> r.addAttribute(TRACE, trace),
              () -> Directives.mapResponse(resp -> finish(req, trace, resp), () -> tree));
        });
  }

  private HttpResponse finish(HttpRequest req, Trace t, HttpResponse resp) {
    long nanos = System.nanoTime() - t.startNanos;
    int status = resp.status().intValue();
    String method = req.method().value();
    int route = templates.match(req.getUri().path());
    metrics.record(route, method, status, nanos);
    if (!templates.quiet(route) && LOG.isInfoEnabled()) log(method, templates.label(route), status, nanos, t);
    return resp.addHeader(RawHeader.create(HEADER, t.requestId));
  }

  private static void log(String method, String route, int status, long nanos, Trace t) {
    String latency = millis(nanos);
    String statusText = Integer.toString(status);
    String user = t.userId == null ? "-" : t.userId;
    // The JSON encoder writes the MDC as fields; the message carries the same for plain text.
    MDC.put("method", method);
    MDC.put("route", route);
    MDC.put("status", statusText);
    MDC.put("latencyMs", latency);
    if (t.userId != null) MDC.put("userId", t.userId);
    MDC.put("requestId", t.requestId);
    try {
      LOG.info("{} {} {} {}ms user={} req={}", method, route, statusText, latency, user, t.requestId);
    } finally {
      MDC.remove("method");
      MDC.remove("route");
      MDC.remove("status");
      MDC.remove("latencyMs");
      MDC.remove("userId");
      MDC.remove("requestId");
    }
  }

  /** Milliseconds with one decimal. */
  static String millis(long nanos) {
    long tenths = nanos / 100_000;
    return (tenths / 10) + "." + (tenths % 10);
  }

  /** The caller's id when it is short and plain (a proxy's or a client's), else a new one. */
  static String requestId(HttpRequest req) {
    String incoming = req.getHeader(HEADER).map(h -> h.value()).orElse(null);
    return sane(incoming) ? incoming : newId();
  }

  static boolean sane(String id) {
    if (id == null || id.isEmpty() || id.length() > MAX_ID) return false;
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
              || c == '-' || c == '_' || c == '.' || c == ':';
      if (!ok) return false;
    }
    return true;
  }

  /** 16 hex digits: unique enough to find a request's lines, and no SecureRandom on the hot path. */
  static String newId() {
    long v = ThreadLocalRandom.current().nextLong();
    char[] out = new char[16];
    for (int i = 15; i >= 0; i--) {
      out[i] = Character.forDigit((int) (v & 0xf), 16);
      v >>>= 4;
    }
    return new String(out);
  }
}
