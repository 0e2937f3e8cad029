package ai.elevare.platform;

import ai.elevare.http.ApiException;
import ai.elevare.http.Json;
import ai.elevare.http.Problems;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.management.HealthCheckSettings;
import org.apache.pekko.management.javadsl.CheckResult;
import org.apache.pekko.management.javadsl.HealthChecks;
import org.apache.pekko.management.javadsl.ManagementRouteProvider;
import org.apache.pekko.management.javadsl.ManagementRouteProviderSettings;

/**
 * The management port's node routes, in place of pekko-management's own health-check routes
 * (turned off in cluster.conf) so that they answer as the public API does:
 * <ul>
 *   <li>{@code GET /ready}: the configured readiness checks (an {@code Up} member, the database
 *       answers, migrations ran); 200 {"status":"ready"} or 503 problem+json naming the failing check;
 *   <li>{@code GET /alive}: the liveness checks (none beyond "the management port answers");
 *   <li>{@code GET /metrics}: the Prometheus scrape, never exposed on the public port.
 * </ul>
 */
public final class ManagementEndpoints extends AllDirectives implements ManagementRouteProvider {
  private final NodeStatus status;
  private final HealthChecks checks;

  public ManagementEndpoints(ExtendedActorSystem system) {
    this.status = NodeStatus.ID.get(system);
    this.checks =
        new HealthChecks(
            system, HealthCheckSettings.create(system.settings().config().getConfig("pekko.management.health-checks")));
  }

  @Override
  public Route routes(ManagementRouteProviderSettings settings) {
    return get(
        () ->
            concat(
                path("ready", () -> onSuccess(checks.readyResult(), r -> complete(answer(r, "ready")))),
                path("alive", () -> onSuccess(checks.aliveResult(), r -> complete(answer(r, "alive")))),
                // each scrape runs the readiness checks first, so elevare_ready is current wherever
                // only a collector (ECS) and no probe asks
                path(
                    "metrics",
                    () ->
                        onSuccess(
                            checks.readyResult(),
                            r -> {
                              status.recordReady(r.isSuccess());
                              return complete(scrape());
                            }))));
  }

  private static HttpResponse answer(CheckResult result, String okStatus) {
    if (result.isSuccess()) {
      return HttpResponse.create()
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.write(Map.of("status", okStatus))));
    }
    return Problems.of(ApiException.unavailable("Not " + okStatus + ": " + result.failure().orElse("a check failed")));
  }

  private HttpResponse scrape() {
    PrometheusMeterRegistry metrics = status.metrics();
    if (metrics == null) return Problems.of(ApiException.unavailable("Starting: no metrics yet."));
    return HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape()));
  }
}
