package ai.elevare.http;

import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * /health: the process serves HTTP. Deliberately cheap and without the database, so a load
 * balancer checking it never recycles healthy nodes during a database failover. Readiness (with
 * the database) and metrics are on the management port (platform/ManagementEndpoints).
 */
public final class OpsRoutes extends AllDirectives {
  private static final HttpResponse HEALTHY =
      HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.write(Map.of("status", "ok"))));

  public Route route() {
    return path("health", () -> get(() -> complete(HEALTHY)));
  }
}
