package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.FakeOpenAiServer;
import ai.elevare.ai.FakeOpenAiServer.Reply;
import ai.elevare.telemetry.Scrape;
import ai.elevare.telemetry.Telemetry;
import ai.elevare.testing.Eventually;
import ai.elevare.testing.LogCapture;
import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Observability on a real node: one access line per request with the route template, status,
 * latency, user and request id and nothing secret; the request id echoed and carried into the
 * student entity's and its AI call's log lines; and the elevare_* series after some traffic.
 */
class ObservabilityIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> send(TestApp app, String method, String path, String token, String body, String requestId)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.app().port() + path)).timeout(Duration.ofSeconds(20));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (requestId != null) b.header("X-Request-Id", requestId);
    if (body != null) b.header("Content-Type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<LogCapture.Line> access(LogCapture logs, String requestId) {
    return logs.lines().stream()
        .filter(l -> l.logger().equals("elevare.access") && requestId.equals(l.mdc().get("requestId")))
        .toList();
  }

  @Test
  void accessLinesRequestIdsAndMetrics() throws Exception {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start();
        TestApp app = new TestApp(Map.of(
            "elevare.ai.provider", "openai",
            "elevare.ai.base-url", fake.baseUrl(),
            "elevare.ai.api-key", "test-key",
            "elevare.ai.retry.max-retries", 0));
        LogCapture logs = new LogCapture("elevare.access", "INFO", "ai.elevare", "DEBUG")) {
      String student = app.login("student@demo.elevare");
      String tutor = app.login("tutor@demo.elevare");
      String studentId = app.userId(student);
      String tutorId = app.userId(tutor);

      // A route with an id in its path: the line names the template, never the raw path or the id.
      HttpResponse<String> progress = send(app, "GET", "/progress/" + studentId, tutor, null, "obs-progress-1");
      assertEquals(200, progress.statusCode(), progress.body());
      assertEquals("obs-progress-1", progress.headers().firstValue("X-Request-Id").orElse(null));
      List<LogCapture.Line> lines = access(logs, "obs-progress-1");
      assertEquals(1, lines.size(), lines.toString());
      LogCapture.Line line = lines.get(0);
      assertEquals("GET", line.mdc().get("method"));
      assertEquals("/progress/{student_id}", line.mdc().get("route"));
      assertEquals("200", line.mdc().get("status"));
      assertEquals(tutorId, line.mdc().get("userId"));
      assertTrue(Double.parseDouble(line.mdc().get("latencyMs")) >= 0);
      assertTrue(line.message().startsWith("GET /progress/{student_id} 200 "), line.message());
      assertTrue(line.message().contains("user=" + tutorId) && line.message().contains("req=obs-progress-1"));
      assertFalse(line.message().contains(studentId), "no raw path: " + line.message());
      assertFalse(line.message().contains(tutor) || line.mdc().containsValue(tutor), "no token");

      // A login: the body (with its password) and the issued token stay out of the line.
      String loginBody = "{\"email\":\"student@demo.elevare\",\"password\":\"" + ai.elevare.platform.App.DEMO_PASSWORD + "\"}";
      HttpResponse<String> login = send(app, "POST", "/auth/login", null, loginBody, "obs-login-1");
      assertEquals(200, login.statusCode());
      String issued = JSON.readTree(login.body()).get("access_token").asText();
      LogCapture.Line loginLine = access(logs, "obs-login-1").get(0);
      assertEquals("/auth/login", loginLine.mdc().get("route"));
      assertNull(loginLine.mdc().get("userId"), "not signed in yet");
      for (String secret : List.of(issued, ai.elevare.platform.App.DEMO_PASSWORD, "student@demo.elevare")) {
        assertFalse(loginLine.message().contains(secret) || loginLine.mdc().containsValue(secret), secret);
      }

      // A refused request is logged too; an unknown path is one bounded label.
      HttpResponse<String> unknown = send(app, "GET", "/no/such/" + studentId, student, null, "obs-404");
      assertEquals(404, unknown.statusCode());
      assertEquals("unmatched", access(logs, "obs-404").get(0).mdc().get("route"));
      HttpResponse<String> noToken = send(app, "GET", "/goals", null, null, "obs-401");
      assertEquals(401, noToken.statusCode());
      assertEquals("401", access(logs, "obs-401").get(0).mdc().get("status"));

      // An id that is too long or carries unsafe characters is replaced by a new one.
      for (String bad : List.of("x".repeat(65), "two words", "a\"b")) {
        HttpResponse<String> r = send(app, "GET", "/subjects", student, null, bad);
        String given = r.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(given.matches("[0-9a-f]{16}"), given);
        assertEquals(1, access(logs, given).size());
      }
      String generated = send(app, "GET", "/subjects", student, null, null).headers().firstValue("X-Request-Id").orElseThrow();
      assertTrue(generated.matches("[0-9a-f]{16}"), generated);

      // Probes are counted, not logged.
      assertEquals(200, send(app, "GET", "/health", null, null, "obs-health").statusCode());
      assertEquals(List.of(), access(logs, "obs-health"));

      // A question whose provider fails: the entity's line and the AI call's fallback line carry the id.
      fake.byDefault(Reply.serverError());
      HttpResponse<String> qa =
          send(app, "POST", "/qa/query", student, "{\"question\":\"What is 6*7?\"}", "obs-qa-1");
      assertEquals(200, qa.statusCode(), qa.body());
      assertTrue(JSON.readTree(qa.body()).get("fallback").asBoolean(), qa.body());
      assertTrue(Eventually.await(Duration.ofSeconds(5), () -> access(logs, "obs-qa-1").size() == 1));
      List<LogCapture.Line> traced =
          logs.lines().stream().filter(l -> "obs-qa-1".equals(l.mdc().get("requestId"))).toList();
      assertTrue(traced.stream().anyMatch(l -> l.message().contains("goes to the AI")), "entity line: " + traced);
      assertTrue(traced.stream().anyMatch(l -> l.message().contains("falls back to local")), "AI call line: " + traced);
      assertFalse(traced.stream().anyMatch(l -> l.message().contains("What is 6*7?") && l.logger().equals("elevare.access")));
      // Lines of other requests do not pick the id up.
      assertTrue(logs.lines().stream()
          .filter(l -> l.message().contains("falls back to local"))
          .allMatch(l -> l.mdc().get("requestId") != null));

      // Practice: an answer goes through the entity and, later, the projections.
      JsonNode assign = app.get("/practice/assign?subject=math", student).body();
      String assignment = assign.get("assignment_id").asText();
      assertEquals(200, app.post("/practice/complete", student,
          Map.of("assignment_id", assignment, "answer", "1", "time_ms", 5000)).status());

      Scrape[] scrape = new Scrape[1];
      assertTrue(Eventually.await(Duration.ofSeconds(20), () -> {
        scrape[0] = new Scrape(Telemetry.get(app.app().system()).registry().scrape());
        return scrape[0].sum("elevare_projection_event_delay_seconds_count", "projection", "dashboards") >= 1;
      }), "the dashboards projection reports its delay");
      Scrape s = scrape[0];

      // HTTP by method, route template and status class, with a few fixed buckets.
      assertEquals(1.0, s.sum("elevare_http_server_requests_seconds_count",
          "method", "GET", "route", "/progress/{student_id}", "status", "2xx"));
      assertTrue(s.sum("elevare_http_server_requests_seconds_sum", "route", "/progress/{student_id}") > 0);
      assertEquals(1.0, s.sum("elevare_http_server_requests_seconds_count", "route", "/qa/query", "status", "2xx"));
      assertEquals(1.0, s.sum("elevare_http_server_requests_seconds_count", "route", "unmatched", "status", "4xx"));
      assertTrue(s.sum("elevare_http_server_requests_seconds_count", "route", "/goals", "status", "4xx") >= 1);
      assertTrue(s.sum("elevare_http_server_requests_seconds_count", "route", "/health") >= 1);
      assertEquals(1.0, s.sum("elevare_http_server_requests_seconds_bucket",
          "route", "/progress/{student_id}", "status", "2xx", "le", "+Inf"));
      assertTrue(s.find("elevare_http_server_requests_seconds_bucket", "route", "/progress/{student_id}").size() <= 12,
          "a dozen buckets, not Micrometer's seventy");
      // Bounded labels: no id anywhere in our series.
      for (Scrape.Sample sample : s.all()) {
        if (!sample.name().startsWith("elevare_")) continue;
        for (String v : sample.labels().values()) {
          assertFalse(v.contains(studentId) || v.contains(tutorId) || v.startsWith("obs-"), sample.toString());
        }
      }

      // Entities: the student and the tutor's view started one student actor at least; each recovered.
      assertTrue(s.sum("elevare_entities_active", "type", "student") >= 1);
      assertTrue(s.sum("elevare_entity_recoveries_total", "type", "student") >= 1);
      assertTrue(s.sum("elevare_entity_recovery_seconds_count", "type", "student") >= 1);
      assertFalse(s.find("elevare_entity_passivations_total", "type", "student").isEmpty());

      // AI: the failed primary, the fallback that answered, the breaker still closed after one failure.
      assertEquals(1.0, s.sum("elevare_ai_calls_seconds_count", "task", "qa", "outcome", "fallback"));
      assertTrue(s.sum("elevare_ai_calls_seconds_sum", "task", "qa") > 0);
      assertEquals(1.0, s.sum("elevare_ai_failures_total", "provider", "openai", "kind", "server_error"));
      assertEquals(1.0, s.sum("elevare_ai_fallbacks_total", "task", "qa"));
      assertEquals(0.0, s.sum("elevare_ai_circuit_state", "provider", "openai"));
      assertEquals(1, s.find("elevare_ai_circuit_state", "provider", "openai").size());

      // Projections: the delay was measured and the stored offset's event time is recent.
      double delaySum = s.sum("elevare_projection_event_delay_seconds_sum", "projection", "dashboards");
      assertTrue(delaySum >= 0 && delaySum < 60, "delay " + delaySum);
      assertTrue(Eventually.await(Duration.ofSeconds(20), () -> {
        Scrape later = new Scrape(Telemetry.get(app.app().system()).registry().scrape());
        return later.find("elevare_projection_offset_timestamp_seconds", "projection", "dashboards").stream()
            .anyMatch(x -> Math.abs(x.value() - System.currentTimeMillis() / 1000.0) < 120);
      }), "the stored offset's event time is now-ish");

      // The series are served where /metrics is.
      HttpResponse<String> metrics = send(app, "GET", "/metrics", null, null, null);
      if (metrics.statusCode() == 200) assertTrue(metrics.body().contains("elevare_http_server_requests_seconds_count"));
    }
  }
}
