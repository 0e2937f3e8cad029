package ai.elevare.http;

import ai.elevare.http.auth.AccessDenied;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedQueryParamRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole HTTP surface: open routes first (operations, login, the UI), then everything that
 * needs a bearer token. Every refusal and failure leaves as problem+json; unexpected errors are
 * logged here and answered with a bare 500, never a stack trace.
 */
public final class HttpApi extends AllDirectives {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

  /** Built once at start: per request only the matching leaves run. */
  private final Route served;

  public HttpApi(OpsRoutes ops, AuthRoutes auth, List<Route> secured, PrometheusMeterRegistry metrics) {
    this(ops, auth, List.of(), secured, metrics);
  }

  /**
   * @param open routes without a bearer token that authenticate otherwise (the signed summaries
   *     webhook); they come before the token check
   */
  public HttpApi(
      OpsRoutes ops, AuthRoutes auth, List<Route> open, List<Route> secured, PrometheusMeterRegistry metrics) {
    this(ops, auth, open, secured, metrics, SecurityHeaders.Settings.NONE);
  }

  /** @param headers CORS origins and HSTS, applied to every answer, refusals included */
  public HttpApi(
      OpsRoutes ops, AuthRoutes auth, List<Route> open, List<Route> secured, PrometheusMeterRegistry metrics,
      SecurityHeaders.Settings headers) {
    Route securedTree = concat(secured.get(0), secured.subList(1, secured.size()).toArray(Route[]::new));
    // Every piece is built here, outside the suppliers: the Java DSL calls a directive's inner
    // supplier on each request it reaches, so anything built inside one is rebuilt per request.
    Route routes = concat(
            ops.route(),
            auth.publicRoute(),
            concat(Directives.reject(), open.toArray(Route[]::new)),
            StaticRoutes.route(),
            auth.authenticated(securedTree));
    RejectionHandler rejectionHandler = rejections();
    Route handled = handleRejections(rejectionHandler, () -> routes);
    Route guarded = handleExceptions(exceptions(), () -> handled);
    this.served = new AccessLog(metrics).wrap(new SecurityHeaders(headers).wrap(guarded));
  }

  /** The tree inside the access log: request id, per-route metrics and one log line per request. */
  public Route route() {
    return served;
  }

  static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .matchAny(
            t -> {
              Throwable cause = ApiSupport.unwrap(t);
              if (cause instanceof ApiException e) return Directives.complete(Problems.of(e));
              if (cause instanceof AccessDenied d) {
                return Directives.complete(
                    d.notFound()
                        ? Problems.of(ApiException.notFound(d.getMessage()))
                        : Problems.of(ApiException.forbidden(d.getMessage())));
              }
              if (cause instanceof EntityStreamSizeException) {
                return Directives.complete(
                    Problems.of(413, "Payload too large", "The body is larger than this route accepts.", null));
              }
              log.error("Unhandled error in route", cause);
              return Directives.complete(
                  Problems.of(500, "Internal error", "Something went wrong on our side.", null));
            })
        .build();
  }

  static RejectionHandler rejections() {
    return RejectionHandler.newBuilder()
        .handleAll(
            MethodRejection.class,
            rs -> Directives.complete(Problems.of(405, "Method not allowed", "This path does not accept this method.", null)))
        .handle(
            UnsupportedRequestContentTypeRejection.class,
            r -> Directives.complete(Problems.of(415, "Unsupported media type", "Send the body as application/json.", null)))
        .handle(
            MalformedQueryParamRejection.class,
            r ->
                Directives.complete(
                    Problems.of(
                        400, "Invalid request", r.parameterName() + ": " + r.errorMsg(),
                        List.of(new ApiException.FieldError(r.parameterName(), r.errorMsg())))))
        .handleNotFound(Directives.complete(Problems.of(404, "Not found", "No such resource.", null)))
        .build()
        .withFallback(RejectionHandler.defaultHandler())
        .mapRejectionResponse(HttpApi::asProblem);
  }

  /** Whatever the default handler answered, the client gets problem+json. */
  private static HttpResponse asProblem(HttpResponse r) {
    if (r.entity().getContentType().equals(Problems.PROBLEM_JSON)) return r;
    int status = r.status().intValue();
    return Problems.of(status, r.status().reason(), r.status().defaultMessage(), null)
        .addHeaders(r.getHeaders());
  }

}
