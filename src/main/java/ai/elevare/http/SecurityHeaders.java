package ai.elevare.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Headers on every answer: CORS only for the configured origins (none by default: the UI is served
 * from the same origin and needs none), and HSTS when the deployment is HTTPS-only.
 */
public final class SecurityHeaders extends AllDirectives {
  public record Settings(Set<String> corsOrigins, boolean hsts, Duration hstsMaxAge) {
    public static final Settings NONE = new Settings(Set.of(), false, Duration.ZERO);
  }

  private static final String ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
  private static final String ALLOW_HEADERS = "Authorization, Content-Type";
  private final Settings settings;
  private final List<HttpHeader> always;

  public SecurityHeaders(Settings settings) {
    this.settings = settings;
    List<HttpHeader> h = new ArrayList<>();
    if (settings.hsts()) {
      h.add(RawHeader.create("Strict-Transport-Security", "max-age=" + settings.hstsMaxAge().toSeconds() + "; includeSubDomains"));
    }
    this.always = List.copyOf(h);
  }

  /** Wraps the whole API: answers CORS preflights, adds the headers to every other answer. */
  public Route wrap(Route inner) {
    return extractRequest(
        req -> {
          Optional<String> origin = req.getHeader("Origin").map(HttpHeader::value);
          boolean allowed = origin.isPresent() && settings.corsOrigins().contains(origin.get());
          if (origin.isPresent() && isPreflight(req)) {
            if (!allowed) {
              return complete(Problems.of(403, "Forbidden", "This origin may not call the API.", null, always.toArray(HttpHeader[]::new)));
            }
            return complete(
                HttpResponse.create()
                    .withStatus(StatusCodes.NO_CONTENT)
                    .addHeaders(cors(origin.get(), true))
                    .addHeaders(always));
          }
          List<HttpHeader> headers = new ArrayList<>(always);
          if (allowed) headers.addAll(cors(origin.get(), false));
          return headers.isEmpty() ? inner : respondWithHeaders(headers, () -> inner);
        });
  }

  private static boolean isPreflight(HttpRequest req) {
    return req.method().equals(HttpMethods.OPTIONS) && req.getHeader("Access-Control-Request-Method").isPresent();
  }

  private static List<HttpHeader> cors(String origin, boolean preflight) {
    List<HttpHeader> h = new ArrayList<>();
    h.add(RawHeader.create("Access-Control-Allow-Origin", origin));
    h.add(RawHeader.create("Vary", "Origin"));
    if (preflight) {
      h.add(RawHeader.create("Access-Control-Allow-Methods", ALLOW_METHODS));
      h.add(RawHeader.create("Access-Control-Allow-Headers", ALLOW_HEADERS));
      h.add(RawHeader.create("Access-Control-Max-Age", "600"));
    } else {
      h.add(RawHeader.create("Access-Control-Expose-Headers", "Retry-After, RateLimit-Remaining"));
    }
    return h;
  }
}
