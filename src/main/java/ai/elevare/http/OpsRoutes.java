package ai.elevare.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/** /health (process alive), /ready (cluster member, database answers, migrations ran), /metrics. */
public final class OpsRoutes extends AllDirectives {
  private final BooleanSupplier ready;
  private final PrometheusMeterRegistry metrics;
  private final Executor blocking;

  public OpsRoutes(BooleanSupplier ready, PrometheusMeterRegistry metrics, Executor blocking) {
    this.ready = ready;
    this.metrics = metrics;
    this.blocking = blocking;
  }

  public Route route() {
    // Paths first: a GET elsewhere is turned away by the path matcher without building anything.
    return concat(
        path("health", () -> get(() -> complete(HEALTHY))),
        path(
            "ready",
            // The database check may block: never on the dispatcher serving HTTP.
            () ->
                get(
                    () ->
                        onSuccess(
                            CompletableFuture.supplyAsync(ready::getAsBoolean, blocking),
                            ok ->
                                ok
                                    ? complete(okJson("ready"))
                                    : complete(
                                        Problems.of(
                                            ApiException.unavailable(
                                                "Not ready: joining the cluster, migrating or waiting for the database.")))))),
        path(
            "metrics",
            () ->
                get(
                    () ->
                        complete(
                            HttpResponse.create()
                                .withEntity(
                                    HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape()))))));
  }

  private static final HttpResponse HEALTHY = okJson("ok");

  private static HttpResponse okJson(String status) {
    return HttpResponse.create()
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.write(Map.of("status", status))));
  }
}
