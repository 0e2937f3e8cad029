package ai.elevare.summary;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The summaries webhook, generation and read side end to end: one node on PostgreSQL, the local
 * provider, Rails played by {@link Webhook}, transcripts served by a loopback HTTP server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SummaryIT {
  private TestApp app;
  private Webhook rails;
  private HttpServer files;
  private Jdbc jdbc;
  private String admin;
  private String studentId;
  private String tutorId;
  private final AtomicReference<CountDownLatch> slow = new AtomicReference<>(new CountDownLatch(0));

  static Map<String, Object> settings(int filesPort) {
    Map<String, Object> s = new HashMap<>();
    s.put("elevare.ai.provider", "local");
    // the files server listens on 127.0.0.2, listed; "localhost" (127.0.0.1) is listed by name only
    s.put("elevare.summaries.transcript-hosts", "127.0.0.2,localhost,*.example.org");
    s.put("elevare.rate-limit.per-minute", 1_000_000);
    s.put("elevare.rate-limit.per-hour", 1_000_000);
    s.put("elevare.summaries.allow-plain-http-loopback", true);
    s.put("elevare.summaries.transcript-max-bytes", "64k");
    s.put("elevare.summaries.retry-min-backoff", "100ms");
    s.put("elevare.summaries.resume-interval", "1s");
    return s;
  }

  @BeforeAll
  void start() throws Exception {
    files = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 0);
    files.setExecutor(Executors.newFixedThreadPool(4));
    serve("/chemistry.txt", 200, TranscriptSummarizerTest.fixture("chemistry-limiting-reactant.txt"), null);
    serve("/redirect-private", 302, "", "http://169.254.169.254/latest/meta-data/");
    serve("/redirect-ok", 302, "", "/math.txt");
    serve("/math.txt", 200, TranscriptSummarizerTest.fixture("math-quadratics.txt"), null);
    serve("/missing", 404, "no such file", null);
    serve("/big", 200, "Tutor: word. ".repeat(8000), null);
    files.createContext(
        "/slow",
        ex -> {
          try {
            slow.get().await(30, TimeUnit.SECONDS);
            byte[] b = TranscriptSummarizerTest.fixture("english-thesis-statements.txt").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
          } catch (Exception e) {
            // the fetching node went away
          } finally {
            ex.close();
          }
        });
    files.start();
    app = new TestApp(settings(files.getAddress().getPort()));
    rails = new Webhook(app.app().port(), TestApp.WEBHOOK_SECRET);
    jdbc = new Jdbc(app.app().database().dataSource());
    admin = app.login("admin@demo.elevare");
    studentId = app.userId(app.login("student@demo.elevare"));
    tutorId = app.userId(app.login("tutor@demo.elevare"));
  }

  private void serve(String path, int status, String body, String location) {
    files.createContext(
        path,
        ex -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
          if (location != null) ex.getResponseHeaders().add("Location", location);
          ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
          if (b.length > 0) ex.getResponseBody().write(b);
          ex.close();
        });
  }

  @AfterAll
  void stop() {
    if (app != null) app.close();
    if (files != null) files.stop(0);
  }

  private Map<String, Object> session(String subject) {
    return Webhook.session("rails-" + UUID.randomUUID(), studentId, tutorId, subject);
  }

  private Map<String, Object> inline(String subject, String fixture) {
    Map<String, Object> s = session(subject);
    s.put("transcript", TranscriptSummarizerTest.fixture(fixture));
    return s;
  }

  /** The summary of a session as GET /summaries/{student} shows it, or null while not listed. */
  private JsonNode listed(String sessionId, String token) throws Exception {
    TestApp.Reply r = app.get("/summaries/" + studentId, token);
    assertEquals(200, r.status(), String.valueOf(r.body()));
    for (JsonNode s : r.body()) if (s.get("session_id").asText().equals(sessionId)) return s;
    return null;
  }

  private JsonNode awaitStatus(String sessionId, Duration timeout, String... statuses) throws Exception {
    Set<String> wanted = Set.of(statuses);
    AtomicReference<JsonNode> last = new AtomicReference<>();
    boolean ok =
        Eventually.await(
            timeout,
            () -> {
              JsonNode s = listed(sessionId, admin);
              last.set(s);
              return s != null && wanted.contains(s.get("status").asText());
            });
    assertTrue(ok, "summary of " + sessionId + " never reached " + wanted + ": " + last.get());
    return last.get();
  }

  private int deliveriesOf(String sessionId) {
    return jdbc.queryOne("SELECT count(*) FROM summary_deliveries WHERE session_id = ?", rs -> rs.getInt(1), sessionId).orElse(0);
  }

  private int journalEvents(String sessionId, String eventType) {
    return jdbc.queryOne(
            "SELECT count(*) FROM event_journal WHERE persistence_id = ? AND event_ser_manifest LIKE ?",
            rs -> rs.getInt(1), "SessionSummary|" + sessionId, "%" + eventType)
        .orElse(0);
  }

  // ---- signature -----------------------------------------------------------------------------

  @Test
  void signatureMatrix() throws Exception {
    Map<String, Object> s = inline("chemistry", "chemistry-limiting-reactant.txt");
    String sessionId = (String) s.get("session_id");
    byte[] body = Webhook.json(s);
    String now = String.valueOf(Instant.now().getEpochSecond());
    String stale = String.valueOf(Instant.now().minusSeconds(301).getEpochSecond());
    String future = String.valueOf(Instant.now().plusSeconds(301).getEpochSecond());
    byte[] flipped = body.clone();
    flipped[flipped.length / 2] ^= 0x01;

    List<Webhook.Reply> refused = new ArrayList<>();
    refused.add(rails.send(body, null, null, "application/json"));
    refused.add(rails.send(body, now, null, "application/json"));
    refused.add(rails.send(body, null, Webhook.hmac(TestApp.WEBHOOK_SECRET, now, body), "application/json"));
    refused.add(rails.send(body, now, Webhook.hmac("another-secret", now, body), "application/json"));
    refused.add(rails.send(flipped, now, Webhook.hmac(TestApp.WEBHOOK_SECRET, now, body), "application/json"));
    refused.add(rails.send(body, stale, Webhook.hmac(TestApp.WEBHOOK_SECRET, stale, body), "application/json"));
    refused.add(rails.send(body, future, Webhook.hmac(TestApp.WEBHOOK_SECRET, future, body), "application/json"));
    refused.add(rails.send(body, now, "sha256=zz", "application/json"));
    refused.add(rails.send(body, "yesterday", Webhook.hmac(TestApp.WEBHOOK_SECRET, "yesterday", body), "application/json"));
    for (Webhook.Reply r : refused) {
      assertEquals(401, r.status(), String.valueOf(r.body()));
      assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
      assertEquals(401, r.body().get("status").asInt());
    }
    assertEquals(0, deliveriesOf(sessionId), "a refused delivery stores nothing");
    assertEquals(0, journalEvents(sessionId, "SummaryReceived"));

    // within the window both ways, and correctly signed: accepted
    String nearlyStale = String.valueOf(Instant.now().minusSeconds(280).getEpochSecond());
    Webhook.Reply ok = rails.send(body, nearlyStale, Webhook.hmac(TestApp.WEBHOOK_SECRET, nearlyStale, body), "application/json");
    assertEquals(202, ok.status(), String.valueOf(ok.body()));
    assertEquals(SummaryIds.forSession(sessionId), ok.body().get("summary_id").asText());
  }

  @Test
  void bodiesOverFiveMebibytesAre413() throws Exception {
    Map<String, Object> s = session("math");
    s.put("transcript", "Tutor: ".repeat(5 * 1024 * 1024 / 7 + 10));
    Webhook.Reply r = rails.post(s);
    assertEquals(413, r.status(), String.valueOf(r.body()));
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertEquals(0, deliveriesOf((String) s.get("session_id")));
  }

  // ---- idempotency ---------------------------------------------------------------------------

  @Test
  void fourConcurrentDuplicatesGiveOneSummaryAndOneId() throws Exception {
    Map<String, Object> s = inline("math", "math-quadratics.txt");
    String sessionId = (String) s.get("session_id");
    Set<String> ids = new HashSet<>();
    for (Webhook.Reply r : Webhook.concurrently(List.of(rails), s, 4)) {
      assertEquals(202, r.status(), String.valueOf(r.body()));
      ids.add(r.body().get("summary_id").asText());
    }
    assertEquals(Set.of(SummaryIds.forSession(sessionId)), ids);
    awaitStatus(sessionId, Duration.ofSeconds(10), "ready");
    assertEquals(1, deliveriesOf(sessionId));
    assertEquals(1, journalEvents(sessionId, "SummaryReceived"));
    assertEquals(1, journalEvents(sessionId, "SummaryReady"));
    int rows = jdbc.queryOne("SELECT count(*) FROM session_summary WHERE session_id = ?", rs -> rs.getInt(1), sessionId).orElse(0);
    assertEquals(1, rows);

    // a later retry of Rails: same id, now ready, nothing new
    Webhook.Reply again = rails.post(s);
    assertEquals(202, again.status());
    assertEquals(SummaryIds.forSession(sessionId), again.body().get("summary_id").asText());
    assertEquals("ready", again.body().get("status").asText());
    assertEquals(1, journalEvents(sessionId, "SummaryReceived"));
  }

  @Test
  void theSameSessionIdForAnotherStudentIsAConflict() throws Exception {
    Map<String, Object> s = inline("math", "math-quadratics.txt");
    assertEquals(202, rails.post(s).status());
    String other = app.userId(app.login("student2@demo.elevare"));
    Map<String, Object> taken = new HashMap<>(s);
    taken.put("student_id", other);
    Webhook.Reply r = rails.post(taken);
    assertEquals(409, r.status(), String.valueOf(r.body()));
  }

  // ---- bad input -----------------------------------------------------------------------------

  @Test
  void malformedOrIllTypedJsonIs400NamingTheField() throws Exception {
    Webhook.Reply r = rails.post("{\"session_id\": \"x\", ".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.status(), String.valueOf(r.body()));
    assertEquals("body", r.body().get("errors").get(0).get("field").asText());

    Map<String, Object> s = inline("math", "math-quadratics.txt");
    s.put("student_id", 42);
    s.put("started_at", "last tuesday");
    r = rails.post(s);
    assertEquals(400, r.status());
    Set<String> fields = new HashSet<>();
    r.body().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertEquals(Set.of("student_id", "started_at"), fields);

    s = inline("astrology", "math-quadratics.txt");
    s.put("subject", "astrology");
    assertEquals("subject", rails.post(s).body().get("errors").get(0).get("field").asText());
    assertEquals(0, deliveriesOf((String) s.get("session_id")));
  }

  @Test
  void bothOrNeitherTranscriptAndUrlIs400() throws Exception {
    Map<String, Object> both = inline("math", "math-quadratics.txt");
    both.put("transcript_url", "https://files.example.org/t.txt");
    Webhook.Reply r = rails.post(both);
    assertEquals(400, r.status(), String.valueOf(r.body()));
    assertEquals("transcript", r.body().get("errors").get(0).get("field").asText());
    assertEquals(0, deliveriesOf((String) both.get("session_id")));

    Map<String, Object> neither = session("math");
    r = rails.post(neither);
    assertEquals(400, r.status());
    assertEquals("transcript", r.body().get("errors").get(0).get("field").asText());
  }

  @Test
  void unknownStudentOrTutorIs422AndStoresNothing() throws Exception {
    Map<String, Object> s = inline("math", "math-quadratics.txt");
    s.put("student_id", UUID.randomUUID().toString());
    Webhook.Reply r = rails.post(s);
    assertEquals(422, r.status(), String.valueOf(r.body()));
    assertEquals("student_id", r.body().get("errors").get(0).get("field").asText());
    String sessionId = (String) s.get("session_id");
    assertEquals(0, deliveriesOf(sessionId));
    assertEquals(0, journalEvents(sessionId, "SummaryReceived"));

    Map<String, Object> t = inline("math", "math-quadratics.txt");
    t.put("tutor_id", studentId); // a user, but not a tutor
    r = rails.post(t);
    assertEquals(422, r.status());
    assertEquals("tutor_id", r.body().get("errors").get(0).get("field").asText());
    assertEquals(0, deliveriesOf((String) t.get("session_id")));
  }

  // ---- transcript by URL -----------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "https://localhost:9/t.txt, loopback address",
    "http://127.0.0.3:9/t.txt, loopback address 127.0.0.3 is not on the transcript allow-list",
    "https://169.254.169.254/latest/meta-data/, link-local address 169.254.169.254",
    "https://10.0.0.5/t.txt, private address 10.0.0.5",
    "https://192.168.1.20/t.txt, private address 192.168.1.20",
    "https://172.16.3.4/t.txt, private address 172.16.3.4",
    "https://[fd00::1]/t.txt, private address",
    "file:///etc/passwd, scheme \"file\"",
    "ftp://files.example.org/t.txt, scheme \"ftp\"",
    "https://transcripts.example.com/t.txt, not on the transcript allow-list",
    "http://files.example.org/t.txt, https only",
    "REDIRECT_PRIVATE, link-local address 169.254.169.254",
    "BIG, larger than",
    "MISSING, HTTP 404"
  })
  void refusedUrlsFailWithTheReasonVisible(String url, String reason) throws Exception {
    String base = "http://127.0.0.2:" + files.getAddress().getPort();
    String u =
        switch (url) {
          case "REDIRECT_PRIVATE" -> base + "/redirect-private";
          case "BIG" -> base + "/big";
          case "MISSING" -> base + "/missing";
          default -> url;
        };
    Map<String, Object> s = session("chemistry");
    s.put("transcript_url", u);
    Webhook.Reply r = rails.post(s);
    assertEquals(202, r.status(), String.valueOf(r.body()));
    JsonNode summary = awaitStatus((String) s.get("session_id"), Duration.ofSeconds(10), "failed");
    assertTrue(
        summary.get("failure_reason").asText().contains(reason),
        "reason for " + u + ": " + summary.get("failure_reason"));
    assertTrue(summary.get("narrative").isNull());
  }

  @Test
  void anAllowedUrlIsFetchedAlsoThroughARedirect() throws Exception {
    String base = "http://127.0.0.2:" + files.getAddress().getPort();
    for (String[] c : new String[][] {{"/chemistry.txt", "chemistry", "limiting reactant"}, {"/redirect-ok", "math", "factoring"}}) {
      Map<String, Object> s = session(c[1]);
      s.put("transcript_url", base + c[0]);
      assertEquals(202, rails.post(s).status());
      JsonNode summary = awaitStatus((String) s.get("session_id"), Duration.ofSeconds(10), "ready", "failed");
      assertEquals("ready", summary.get("status").asText(), summary.toString());
      assertTrue(summary.get("key_topics").toString().toLowerCase(Locale.ROOT).contains(c[2]), summary.toString());
    }
  }

  // ---- content -------------------------------------------------------------------------------

  @ParameterizedTest
  @CsvSource({
    "chemistry, chemistry-limiting-reactant.txt, limiting reactant",
    "math, math-quadratics.txt, factoring",
    "english, english-thesis-statements.txt, thesis"
  })
  void eachFixtureIsReadyWithinFiveSecondsWithTopicsProseAndSteps(String subject, String fixture, String topic)
      throws Exception {
    Map<String, Object> s = inline(subject, fixture);
    long t0 = System.nanoTime();
    Webhook.Reply r = rails.post(s);
    assertEquals(202, r.status(), String.valueOf(r.body()));
    assertEquals("pending", r.body().get("status").asText());
    JsonNode summary = awaitStatus((String) s.get("session_id"), Duration.ofSeconds(5), "ready");
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 5000, "ready after " + ms + " ms");
    assertEquals(r.body().get("summary_id").asText(), summary.get("summary_id").asText());
    assertEquals(subject, summary.get("subject").asText());
    assertTrue(summary.get("key_topics").toString().toLowerCase(Locale.ROOT).contains(topic), summary.toString());
    TranscriptSummarizerTest.assertProse(summary.get("narrative").asText());
    assertTrue(summary.get("next_steps").size() >= 1, summary.toString());
    assertNotNull(summary.get("created_at").asText());
  }

  @Test
  void aReadySummaryReachesTheStudentsActor() throws Exception {
    Map<String, Object> s = inline("chemistry", "chemistry-limiting-reactant.txt");
    String summaryId = rails.post(s).body().get("summary_id").asText();
    String student = app.login("student@demo.elevare");
    AtomicReference<JsonNode> progress = new AtomicReference<>();
    assertTrue(Eventually.await(Duration.ofSeconds(10), () -> {
      progress.set(app.get("/progress/" + studentId, student).body());
      for (JsonNode n : progress.get().get("summaries")) if (n.get("summary_id").asText().equals(summaryId)) return true;
      return false;
    }), "the student's progress lists the session: " + progress.get());
    String sessionId = (String) s.get("session_id");
    assertTrue(Eventually.await(Duration.ofSeconds(10), () ->
        jdbc.queryOne("SELECT delivered FROM session_summary WHERE session_id = ?", rs -> rs.getBoolean(1), sessionId).orElse(false)),
        "the hand-over is acknowledged and recorded");
    assertEquals(1, journalEvents(sessionId, "DeliveredToStudent"));
  }

  @Test
  void questionsAboutTheSessionUseItAsContext() throws Exception {
    // student2 has no tutoring session; the demo student gets one on limiting reactants.
    String student = app.login("student@demo.elevare");
    String other = app.login("student2@demo.elevare");
    Map<String, Object> s = inline("chemistry", "chemistry-limiting-reactant.txt");
    String summaryId = rails.post(s).body().get("summary_id").asText();
    assertTrue(Eventually.await(Duration.ofSeconds(10), () -> {
      for (JsonNode n : app.get("/progress/" + studentId, student).body().get("summaries")) {
        if (n.get("summary_id").asText().equals(summaryId)) return true;
      }
      return false;
    }), "the session reached the student's actor");
    Map<String, Object> question =
        Map.of("question", "How do I find the limiting reactant when I am given the mole ratio?", "subject", "chemistry");
    JsonNode withSession = app.post("/qa/query", student, question).body();
    JsonNode without = app.post("/qa/query", other, question).body();
    double relevanceWith = withSession.get("confidence").get("factors").get("context_relevance").asDouble();
    double relevanceWithout = without.get("confidence").get("factors").get("context_relevance").asDouble();
    assertTrue(relevanceWith > relevanceWithout,
        "the session counts as context: " + relevanceWith + " vs " + relevanceWithout);
  }

  // ---- who may read --------------------------------------------------------------------------

  @Test
  void roleMatrixForReading() throws Exception {
    Map<String, Object> s = inline("english", "english-thesis-statements.txt");
    assertEquals(202, rails.post(s).status());
    String sessionId = (String) s.get("session_id");
    awaitStatus(sessionId, Duration.ofSeconds(10), "ready");

    assertEquals(201, app.post("/admin/users", admin, Map.of(
        "email", "other-tutor@demo.elevare", "name", "Other Tutor", "role", "tutor", "password", "other-tutor-pw")).status());
    String otherTutor = login("other-tutor@demo.elevare", "other-tutor-pw");

    for (String email : List.of("student@demo.elevare", "tutor@demo.elevare", "parent@demo.elevare", "admin@demo.elevare")) {
      assertNotNull(listed(sessionId, app.login(email)), email + " reads the summary");
    }
    for (String token : List.of(app.login("student2@demo.elevare"), otherTutor)) {
      TestApp.Reply r = app.get("/summaries/" + studentId, token);
      assertEquals(403, r.status(), String.valueOf(r.body()));
      assertTrue(r.contentType().startsWith("application/problem+json"));
    }
    assertEquals(401, app.get("/summaries/" + studentId, null).status());
    assertEquals(400, app.get("/summaries/not-a-uuid", admin).status());
  }

  private String login(String email, String password) throws Exception {
    TestApp.Reply r = app.post("/auth/login", null, Map.of("email", email, "password", password));
    assertEquals(200, r.status());
    return r.body().get("access_token").asText();
  }

  // ---- restart -------------------------------------------------------------------------------

  @Test
  void generationCutShortByARestartFinishesAfterIt() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    slow.set(held);
    Map<String, Object> s = session("english");
    s.put("transcript_url", "http://127.0.0.2:" + files.getAddress().getPort() + "/slow");
    String sessionId = (String) s.get("session_id");
    assertEquals(202, rails.post(s).status());
    awaitStatus(sessionId, Duration.ofSeconds(10), "generating");

    app.restart(); // the fetch in flight dies with the node
    held.countDown();
    jdbc = new Jdbc(app.app().database().dataSource());
    rails = new Webhook(app.app().port(), TestApp.WEBHOOK_SECRET);
    admin = app.login("admin@demo.elevare");
    JsonNode summary = awaitStatus(sessionId, Duration.ofSeconds(20), "ready", "failed");
    assertEquals("ready", summary.get("status").asText(), summary.toString());
    assertTrue(summary.get("key_topics").toString().contains("thesis"), summary.toString());
    assertEquals(1, journalEvents(sessionId, "SummaryReceived"));
    assertEquals(1, journalEvents(sessionId, "SummaryReady"));
  }
}
