package ai.elevare.http;

import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The built web app (ui/, built into the classpath folder web/ by Maven): index at / and for every
 * client-side route under /app, files under /assets. Only those paths touch the classpath, so API
 * requests never pay for a resource lookup.
 */
public final class StaticRoutes {
  private StaticRoutes() {}

  /**
   * No inline or foreign scripts, no framing, no sniffing, no referrer. Styles allow 'unsafe-inline'
   * because KaTeX's rendered math carries style attributes; scripts never do.
   */
  static final List<HttpHeader> SECURITY_HEADERS =
      List.of(
          RawHeader.create(
              "Content-Security-Policy",
              "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                  + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
                  + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
          RawHeader.create("X-Content-Type-Options", "nosniff"),
          RawHeader.create("X-Frame-Options", "DENY"),
          RawHeader.create("Referrer-Policy", "no-referrer"));

  public static Route route() {
    // Paths first, so API requests are turned away by the matcher without building the rest.
    Route index = Directives.get(() -> Directives.respondWithHeaders(SECURITY_HEADERS, () -> Directives.getFromResource("web/index.html")));
    Route assets =
        Directives.get(() -> Directives.respondWithHeaders(SECURITY_HEADERS, () -> Directives.getFromResourceDirectory("web/assets")));
    return Directives.concat(
        Directives.pathSingleSlash(() -> index),
        Directives.pathPrefix("app", () -> index),
        Directives.pathPrefix("assets", () -> assets));
  }
}
