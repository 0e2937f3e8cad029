package ai.elevare.http;

import ai.elevare.http.auth.TokenService;
import ai.elevare.account.User;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.http.javadsl.model.AttributeKey;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * What every routes class shares: authentication with rate limiting, JSON bodies and answers, and
 * turning refusals and failed futures into problem responses.
 */
public abstract class ApiSupport extends AllDirectives {
  protected final TokenService tokens;
  protected final RateLimiter limiter;
  /** JDBC, bcrypt and CAS work runs here, never on the dispatcher that serves HTTP. */
  protected final Executor blocking;

  protected ApiSupport(ApiContext ctx) {
    this.tokens = ctx.tokens();
    this.limiter = ctx.limiter();
    this.blocking = ctx.blocking();
  }

  /** What every routes class is built from. */
  public record ApiContext(TokenService tokens, RateLimiter limiter, Executor blocking) {}

  /** The role rules for a student id: from memory when cached, else on the blocking pool. */
  protected CompletionStage<User> requireStudent(
      ai.elevare.http.auth.Access access, User user, String studentId, ai.elevare.http.auth.Access.Mode mode) {
    Optional<User> cached = access.requireStudentCached(user, studentId, mode);
    if (cached.isPresent()) return CompletableFuture.completedFuture(cached.get());
    return offload(() -> access.requireStudent(user, studentId, mode));
  }

  protected <T> CompletionStage<T> offload(Supplier<T> work) {
    return CompletableFuture.supplyAsync(work, blocking);
  }

  /** The signed-in user, put on the request by {@link #authenticated} and read by {@link #user}. */
  static final AttributeKey<User> USER = AttributeKey.create("elevare-user", User.class);

  /**
   * Verifies the bearer token, charges the user's rate limit, then hands the request to {@code
   * secured}, a route tree built once at start. Requests without a valid token are charged to the
   * client address first, so token floods are limited too.
   */
  protected Route authenticated(Route secured) {
    return optionalHeaderValueByName(
        "Authorization",
        header -> {
          Optional<String> token =
              header.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim());
          // A token verified before answers from memory; only a new one costs a trip to the pool.
          Optional<User> known = token.flatMap(tokens::cached);
          if (known.isPresent()) return signedIn(known.get(), secured);
          return onSuccess(
              offload(() -> token.flatMap(tokens::verify)),
              user -> {
                if (user.isEmpty()) {
                  return limitedByAddress(
                      () ->
                          complete(
                              Problems.of(
                                  ApiException.unauthorized("A valid bearer token is required."),
                                  RawHeader.create("WWW-Authenticate", "Bearer realm=\"elevare\""))));
                }
                return signedIn(user.get(), secured);
              });
        });
  }

  private Route signedIn(User user, Route secured) {
    return extractRequest(
        req -> {
          // the access line names the user, a rate-limited one too; no trace only in route tests
          req.getAttribute(AccessLog.TRACE).ifPresent(t -> t.userId = user.id());
          return limited(
              "u:" + user.id(), cost(req), () -> mapRequest(r -> r.addAttribute(USER, user), () -> secured));
        });
  }

  private long cost(HttpRequest req) {
    return limiter.costOf(req.method().value(), req.getUri().path());
  }

  /** The signed-in user of this request (routes under {@link #authenticated} only). */
  protected Route user(Function<User, Route> inner) {
    return attribute(USER, inner);
  }

  /**
   * This request's id (see {@link AccessLog}), for commands whose handling and AI calls log it;
   * null in route tests, which run without the access log.
   */
  protected Route requestId(Function<String, Route> inner) {
    return optionalAttribute(AccessLog.TRACE, t -> inner.apply(t.map(x -> x.requestId).orElse(null)));
  }

  /** Charges the client address (see {@link #clientAddress}), weighted by the route's cost. */
  protected Route limitedByAddress(Supplier<Route> inner) {
    return extractRequest(req -> limited("ip:" + clientAddress(req, limiter.settings().trustedProxies()), cost(req), inner));
  }

  /**
   * The client's address: with {@code trustedProxies} proxies in front of us, the entry that many
   * places from the right of X-Forwarded-For (the rightmost is written by the proxy nearest to us;
   * entries further left are whatever the client sent); with none, or a header shorter than that,
   * the address of the connection itself.
   */
  static String clientAddress(HttpRequest req, int trustedProxies) {
    if (trustedProxies > 0) {
      List<String> entries = new ArrayList<>();
      for (HttpHeader h : req.getHeaders()) {
        if (!h.is("x-forwarded-for")) continue;
        for (String part : h.value().split(",")) {
          if (!part.isBlank()) entries.add(part.trim());
        }
      }
      if (entries.size() >= trustedProxies) {
        String e = entries.get(entries.size() - trustedProxies);
        return e.length() > 64 ? e.substring(0, 64) : e;
      }
    }
    return req.getAttribute(AttributeKeys.remoteAddress)
        .flatMap(RemoteAddress::getAddress)
        .map(java.net.InetAddress::getHostAddress)
        .orElse("unknown");
  }

  private Route limited(String key, long cost, Supplier<Route> inner) {
    RateLimiter.Decision d = limiter.tryAcquire(key, cost);
    if (!d.allowed()) {
      return complete(
          Problems.of(ApiException.tooManyRequests("Rate limit exceeded; retry later.", d.retryAfterSeconds())));
    }
    return respondWithHeader(
        RawHeader.create("RateLimit-Remaining", String.valueOf(d.remaining())), inner);
  }

  /** A JSON object body: 415 for another content type, 400 naming the problem when malformed. */
  protected Route jsonBody(Function<Fields, Route> inner) {
    return extractRequest(
        req -> {
          var mediaType = req.entity().getContentType().mediaType();
          if (!mediaType.equals(MediaTypes.APPLICATION_JSON)) {
            return complete(
                Problems.of(
                    new ApiException(
                        415, "Unsupported media type", "Send the body as application/json.", null)));
          }
          return entity(Unmarshaller.entityToByteArray(), body -> inner.apply(Fields.parse(body)));
        });
  }

  /**
   * One marshaller for every answer (building it per response showed in the profile), writing
   * UTF-8 bytes straight away: pekko-http-jackson's writes a String that is then encoded again.
   */
  private static final org.apache.pekko.http.javadsl.marshalling.Marshaller<Object, org.apache.pekko.http.javadsl.model.RequestEntity>
      JSON_MARSHALLER =
          org.apache.pekko.http.javadsl.marshalling.Marshaller.withFixedContentType(
              ContentTypes.APPLICATION_JSON, body -> HttpEntities.create(ContentTypes.APPLICATION_JSON, Json.bytes(body)));

  protected Route json(StatusCode status, Object body) {
    return complete(status, body, JSON_MARSHALLER);
  }

  protected Route json(Object body) {
    return json(StatusCodes.OK, body);
  }

  /** Completes with the future's value as JSON; failures become problems via the handler. */
  protected <T> Route jsonAsync(CompletionStage<T> future) {
    return onSuccess(future, this::json);
  }

  protected static HttpHeader header(String name, String value) {
    return RawHeader.create(name, value);
  }

  public static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) t = t.getCause();
    return t;
  }
}
