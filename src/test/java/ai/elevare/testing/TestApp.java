package ai.elevare.testing;

import ai.elevare.platform.App;
import ai.elevare.platform.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The whole product on a fresh PostgreSQL database and free ports, driven over real HTTP. */
public final class TestApp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The summaries webhook secret every test node uses unless a test overrides it. */
  public static final String WEBHOOK_SECRET = "test-webhook-secret";
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String dbUrl;
  private App app;
  private final Map<String, Object> overrides;
  private final Clock clock;

  public TestApp(Map<String, Object> extra) throws Exception {
    this(TestDatabases.create(), extra);
  }

  /** The product on {@code clock}: a test moves time for the student actors without sleeping. */
  public TestApp(Map<String, Object> extra, Clock clock) throws Exception {
    this(TestDatabases.create(), extra, clock);
  }

  public TestApp(String dbUrl, Map<String, Object> extra) throws Exception {
    this(dbUrl, extra, Clock.systemUTC());
  }

  public TestApp(String dbUrl, Map<String, Object> extra, Clock clock) throws Exception {
    this.dbUrl = dbUrl;
    this.clock = clock;
    overrides = new HashMap<>();
    overrides.put("elevare.db.url", dbUrl);
    overrides.put("elevare.db.user", "postgres");
    overrides.put("elevare.db.password", "");
    overrides.put("elevare.http.host", "127.0.0.1");
    overrides.put("elevare.http.port", 0);
    overrides.put("elevare.auth.demo-accounts", "true");
    overrides.put("elevare.data-dir", "target/test-data");
    overrides.put("pekko.remote.artery.canonical.port", 0);
    overrides.put("pekko.loglevel", "WARNING");
    // on PostgreSQL the node refuses to start without its own webhook secret
    overrides.put("elevare.summaries.webhook-secret", WEBHOOK_SECRET);
    overrides.putAll(extra);
    app = App.start(Settings.load("application", overrides), clock);
  }

  public App app() {
    return app;
  }

  public String dbUrl() {
    return dbUrl;
  }

  /** Stops the node and starts a new one on the same database: what a restart does. */
  public void restart() throws Exception {
    app.close();
    app = App.start(Settings.load("application", overrides), clock);
  }

  public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String contentType() {
      return header("Content-Type");
    }
  }

  /** GET on the management port (/ready, /alive, /metrics, /cluster/members). */
  public Reply management(String path) throws Exception {
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.managementPort() + path))
            .timeout(Duration.ofSeconds(20))
            .build();
    return reply(client.send(req, HttpResponse.BodyHandlers.ofString()));
  }

  public Reply call(String method, String path, String token, String body) throws Exception {
    return call(method, path, token, body, "application/json");
  }

  public Reply call(String method, String path, String token, String body, String contentType)
      throws Exception {
    return call(method, path, token, body, contentType, Map.of());
  }

  /** @param headers extra request headers (X-Forwarded-For, Origin, ...) */
  public Reply call(
      String method, String path, String token, String body, String contentType, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .timeout(Duration.ofSeconds(20));
    headers.forEach(b::header);
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (body != null) {
      b.header("Content-Type", contentType);
      b.method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return reply(client.send(b.build(), HttpResponse.BodyHandlers.ofString()));
  }

  private static Reply reply(HttpResponse<String> r) {
    JsonNode node = null;
    if (!r.body().isEmpty()) {
      try {
        node = JSON.readTree(r.body());
      } catch (Exception e) {
        node = null; // not JSON (metrics, HTML)
      }
    }
    return new Reply(r.statusCode(), node, r);
  }

  public Reply get(String path, String token) throws Exception {
    return call("GET", path, token, null);
  }

  public Reply post(String path, String token, Object body) throws Exception {
    return call("POST", path, token, body instanceof String s ? s : JSON.writeValueAsString(body));
  }

  public String login(String email) throws Exception {
    Reply r = post("/auth/login", null, Map.of("email", email, "password", App.DEMO_PASSWORD));
    if (r.status() != 200) throw new IllegalStateException("login failed: " + r.raw().body());
    return r.body().get("access_token").asText();
  }

  public String userId(String token) throws Exception {
    return get("/me", token).body().get("id").asText();
  }

  @Override
  public void close() {
    if (app != null) app.close();
    TestDatabases.drop(dbUrl);
  }
}
