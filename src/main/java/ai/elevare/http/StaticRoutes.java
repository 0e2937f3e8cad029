package ai.elevare.http;

import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The built web app from the classpath folder web/: index at / and /app, files under /assets. Only
 * those paths touch the classpath, so API requests never pay for a resource lookup.
 */
public final class StaticRoutes {
  private StaticRoutes() {}

  public static Route route() {
    return Directives.get(
        () ->
            Directives.concat(
                Directives.pathSingleSlash(() -> Directives.getFromResource("web/index.html")),
                Directives.pathPrefix(
                    "app", () -> Directives.getFromResource("web/index.html")),
                Directives.pathPrefix(
                    "assets", () -> Directives.getFromResourceDirectory("web/assets"))));
  }
}
