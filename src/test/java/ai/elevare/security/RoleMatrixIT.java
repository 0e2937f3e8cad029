package ai.elevare.security;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.security.OpenApiDoc.Operation;
import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Four roles x every operation in docs/openapi.yaml x the caller's own student (the demo student
 * linked to the demo tutor and parent) and another student (linked to nobody), against the table
 * in src/test/resources/security/role-matrix.md. An operation missing from the table fails the
 * test: a new route needs a decision about who may call it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixIT {
  static final Path TABLE = Path.of("src/test/resources/security/role-matrix.md");
  static final List<String> ROLES = List.of("student", "tutor", "parent", "admin");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger unique = new AtomicInteger();
  private TestApp app;
  private final Map<String, String> tokens = new HashMap<>();
  private final Map<String, String> userIds = new HashMap<>();
  /** Per target student ("own", "other"): the ids of things of theirs. */
  private final Map<String, Map<String, String>> of = new HashMap<>();

  /** A request for one cell: path (with query) and JSON body or null. */
  record Call(String path, Object body) {}

  @BeforeAll
  void start() throws Exception {
    app = new TestApp(Map.of("elevare.rate-limit.per-minute", 1_000_000, "elevare.rate-limit.per-hour", 1_000_000,
        "elevare.ai.provider", "local"));
    for (String role : List.of("student", "student2", "tutor", "parent", "admin")) {
      tokens.put(role, app.login(role + "@demo.elevare"));
      userIds.put(role, app.userId(tokens.get(role)));
    }
    of.put("own", fixtures("student"));
    of.put("other", fixtures("student2"));
  }

  @AfterAll
  void stop() {
    if (app != null) app.close();
  }

  /** A goal the student set, an answered question, its escalation thread. */
  private Map<String, String> fixtures(String who) throws Exception {
    String token = tokens.get(who);
    Map<String, String> ids = new HashMap<>();
    ids.put("student_id", userIds.get(who));
    TestApp.Reply goal = app.post("/goals", token,
        Map.of("student_id", userIds.get(who), "subject", "math", "title", "Ten answers", "target", 10));
    assertEquals(201, goal.status(), goal.raw().body());
    ids.put("goal_id", goal.body().get("id").asText());
    TestApp.Reply qa = app.post("/qa/query", token, Map.of("question", "What is 2 + 2?", "subject", "math"));
    assertEquals(200, qa.status(), qa.raw().body());
    ids.put("interaction_id", qa.body().get("interaction_id").asText());
    TestApp.Reply thread = app.post("/qa/" + ids.get("interaction_id") + "/escalate", token, "");
    assertEquals(201, thread.status(), thread.raw().body());
    ids.put("thread_id", thread.body().get("thread_id").asText());
    return ids;
  }

  /** The student's open math assignment, fresh for each cell (answering one closes it). */
  private String assignment(String target) throws Exception {
    String who = target.equals("own") ? "student" : "student2";
    TestApp.Reply r = app.get("/practice/assign?subject=math", tokens.get(who));
    assertEquals(200, r.status(), r.raw().body());
    return r.body().get("assignment_id").asText();
  }

  /**
   * How each operation is called so that only who calls decides the answer: a valid request about
   * the target student. A new operation needs an entry here and a row in the table.
   */
  private final Map<String, Function<String, Call>> calls = Map.ofEntries(
      Map.entry("GET /health", t -> new Call("/health", null)),
      Map.entry("POST /auth/login", t -> new Call("/auth/login", Map.of("email", "student@demo.elevare", "password",
          ai.elevare.platform.App.DEMO_PASSWORD))),
      Map.entry("GET /me", t -> new Call("/me", null)),
      Map.entry("GET /subjects", t -> new Call("/subjects", null)),
      Map.entry("GET /practice/assign", t -> new Call("/practice/assign?subject=physics", null)),
      Map.entry("POST /practice/complete", t -> new Call("/practice/complete",
          Map.of("assignment_id", unchecked(() -> assignment(t)), "answer", "4", "time_ms", 5000, "hints_used", 0))),
      Map.entry("POST /practice/hint", t -> new Call("/practice/hint",
          Map.of("assignment_id", unchecked(() -> assignment(t))))),
      Map.entry("GET /progress/{student_id}", t -> new Call("/progress/" + id(t, "student_id"), null)),
      Map.entry("GET /progress/{student_id}/stream", t -> new Call("/progress/" + id(t, "student_id") + "/stream", null)),
      Map.entry("POST /goals", t -> new Call("/goals",
          Map.of("student_id", id(t, "student_id"), "subject", "physics", "title", "Five answers", "target", 5))),
      Map.entry("GET /goals", t -> new Call("/goals?student_id=" + id(t, "student_id"), null)),
      Map.entry("PATCH /goals/{goal_id}", t -> new Call("/goals/" + id(t, "goal_id"), Map.of("target", 12))),
      Map.entry("GET /threads", t -> new Call("/threads", null)),
      Map.entry("GET /threads/{thread_id}", t -> new Call("/threads/" + id(t, "thread_id"), null)),
      Map.entry("POST /threads/{thread_id}/messages", t -> new Call("/threads/" + id(t, "thread_id") + "/messages",
          Map.of("body", "A note."))),
      Map.entry("GET /dashboard/tutor", t -> new Call("/dashboard/tutor?tutor_id=" + userIds.get("tutor"), null)),
      Map.entry("GET /dashboard/parent", t -> new Call("/dashboard/parent?parent_id=" + userIds.get("parent"), null)),
      Map.entry("GET /overrides/analytics", t -> new Call("/overrides/analytics", null)),
      Map.entry("GET /admin/analytics", t -> new Call("/admin/analytics", null)),
      Map.entry("GET /nudges", t -> new Call("/nudges", null)),
      Map.entry("POST /nudges/{nudge_id}/opened", t -> new Call("/nudges/" + UUID.randomUUID() + "/opened", "")),
      Map.entry("GET /nudges/email", t -> new Call("/nudges/email?student_id=" + id(t, "student_id"), null)),
      Map.entry("PUT /nudges/email", t -> new Call("/nudges/email",
          Map.of("student_id", id(t, "student_id"), "enabled", true))),
      Map.entry("GET /n/{token}", t -> new Call("/n/" + "A".repeat(22), null)),
      Map.entry("GET /unsubscribe/{token}", t -> new Call("/unsubscribe/" + "A".repeat(22), null)),
      Map.entry("POST /unsubscribe/{token}", t -> new Call("/unsubscribe/" + "A".repeat(22), "")),
      Map.entry("POST /qa/query", t -> new Call("/qa/query", Map.of("question", "What is 3 + 3?", "subject", "math"))),
      Map.entry("POST /qa/{interaction_id}/escalate", t -> new Call("/qa/" + id(t, "interaction_id") + "/escalate", "")),
      Map.entry("POST /items", t -> new Call("/items", item())),
      Map.entry("POST /admin/users", t -> new Call("/admin/users", Map.of("email",
          "matrix" + unique.incrementAndGet() + "@example.org", "name", "Matrix", "role", "student"))),
      Map.entry("POST /admin/links", t -> new Call("/admin/links",
          // a new tutor each time: linking the demo tutor to the other student would change later cells
          Map.of("kind", "tutor", "from_user_id", unchecked(this::newTutor), "student_id", id(t, "student_id")))),
      Map.entry("POST /overrides", t -> new Call("/overrides", Map.of("student_id", id(t, "student_id"), "kind",
          "rating", "subject", "math", "value", 1100, "reason", "matrix"))),
      Map.entry("POST /summaries", t -> new Call("/summaries", Map.of("session_id", "s-" + unique.incrementAndGet(),
          "student_id", id(t, "student_id"), "tutor_id", userIds.get("tutor"), "subject", "math", "transcript",
          "Tutor: hi", "started_at", "2026-01-01T10:00:00Z", "ended_at", "2026-01-01T11:00:00Z"))),
      Map.entry("GET /summaries/{student_id}", t -> new Call("/summaries/" + id(t, "student_id"), null)),
      // signs the caller out: the loop signs them in again afterwards
      Map.entry("POST /auth/logout", t -> new Call("/auth/logout", "")),
      Map.entry("GET /items/review", t -> new Call("/items/review", null)),
      // ids no item has: who may review (and a student flagging) gets 404, others 403
      Map.entry("POST /items/review/{id}/approve", t -> new Call("/items/review/g-" + UUID.randomUUID() + "/approve", "")),
      Map.entry("POST /items/review/{id}/reject", t -> new Call("/items/review/g-" + UUID.randomUUID() + "/reject", "")),
      Map.entry("POST /items/review/{id}/clear", t -> new Call("/items/review/" + UUID.randomUUID() + "/clear", "")),
      Map.entry("POST /items/review/{id}/retire", t -> new Call("/items/review/" + UUID.randomUUID() + "/retire", "")),
      Map.entry("POST /items/{id}/flag", t -> new Call("/items/g-" + UUID.randomUUID() + "/flag", Map.of("reason", "wrong answer"))),
      // a fresh tutor each time, so that no cell changes what another cell sees
      Map.entry("PATCH /admin/users/{user_id}", t -> new Call("/admin/users/" + unchecked(this::newTutor), Map.of("disabled", false))),
      Map.entry("DELETE /admin/links/{kind}/{from_user_id}/{student_id}", t -> new Call(
          "/admin/links/tutor/" + unchecked(() -> linkedTutor(id(t, "student_id"))) + "/" + id(t, "student_id"), null)),
      Map.entry("GET /students/{student_id}/export", t -> new Call("/students/" + id(t, "student_id") + "/export", null)),
      // erasure is tried on a fresh student each time: the demo students must live on for the other cells
      Map.entry("DELETE /students/{student_id}", t -> new Call("/students/" + unchecked(this::newStudent), null)));

  private String newStudent() throws Exception {
    TestApp.Reply r = app.post("/admin/users", tokens.get("admin"), Map.of(
        "email", "student" + unique.incrementAndGet() + "@example.org", "name", "Student", "role", "student"));
    assertEquals(201, r.status(), r.raw().body());
    return r.body().get("id").asText();
  }

  /** A fresh tutor linked to the student, whose link the call then removes. */
  private String linkedTutor(String studentId) throws Exception {
    String tutor = newTutor();
    TestApp.Reply r = app.post("/admin/links", tokens.get("admin"),
        Map.of("kind", "tutor", "from_user_id", tutor, "student_id", studentId));
    assertEquals(true, r.status() == 200 || r.status() == 201 || r.status() == 204, r.raw().body());
    return tutor;
  }

  private String newTutor() throws Exception {
    TestApp.Reply r = app.post("/admin/users", tokens.get("admin"), Map.of(
        "email", "tutor" + unique.incrementAndGet() + "@example.org", "name", "Tutor", "role", "tutor"));
    assertEquals(201, r.status(), r.raw().body());
    return r.body().get("id").asText();
  }

  private static Map<String, Object> item() {
    Map<String, Object> item = new HashMap<>();
    item.putAll(Map.of("subject", "chemistry", "topic", "acids", "prompt", "Name an acid.", "answer_format", "text",
        "answers", List.of("vinegar"), "hint", "Kitchen.", "explanation", "Acetic acid.", "expected_time_ms", 30000,
        "difficulty", 3));
    return item;
  }

  private String id(String target, String name) {
    return of.get(target).get(name);
  }

  interface Io<T> {
    T get() throws Exception;
  }

  private static <T> T unchecked(Io<T> f) {
    try {
      return f.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyRoleGetsWhatTheTableSays() throws Exception {
    OpenApiDoc api = OpenApiDoc.load();
    Map<String, Map<String, String>> table = readTable();
    TreeSet<String> documented = new TreeSet<>();
    for (Operation op : api.operations()) documented.add(op.key());
    assertEquals(new TreeSet<String>(), minus(documented, calls.keySet()), "operations without a call in calls");
    assertAll("the table, the calls and docs/openapi.yaml name the same operations",
        () -> assertEquals(new TreeSet<String>(), minus(table.keySet(), documented),
            "rows in " + TABLE + " for operations docs/openapi.yaml no longer has"),
        () -> assertEquals(new TreeSet<String>(), minus(documented, calls.keySet()),
            "operations without a call in RoleMatrixIT.calls"));

    List<String> wrong = new ArrayList<>();
    StringBuilder actual = new StringBuilder();
    for (Operation op : api.operations()) {
      Map<String, String> expected = table.getOrDefault(op.key(), Map.of());
      actual.append("| ").append(op.key());
      for (String role : ROLES) {
        for (String target : List.of("own", "other")) {
          Call call = calls.get(op.key()).apply(target);
          int status = send(op, call, tokens.get(role));
          if (op.key().equals("POST /auth/logout")) tokens.put(role, app.login(role + "@demo.elevare"));
          actual.append(" | ").append(status);
          String want = expected.getOrDefault(role + " " + target, "(no row)");
          if (!want.equals(String.valueOf(status))) {
            wrong.add(op.key() + " as " + role + " on " + target + " student: " + status + ", table says " + want);
          }
        }
      }
      actual.append(" |\n");
    }
    assertEquals(List.of(), wrong, "observed matrix:\n" + actual);
    assertEquals(new TreeSet<String>(), minus(documented, table.keySet()), "operations without a row in " + TABLE);
  }

  private int send(Operation op, Call call, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.app().port() + call.path()))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token);
    if (call.body() == null) {
      b.method(op.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      String body = call.body() instanceof String s ? s : JSON.writeValueAsString(call.body());
      b.header("Content-Type", "application/json").method(op.method(), HttpRequest.BodyPublishers.ofString(body));
    }
    // a stream that is allowed never ends: its status is all this test reads
    HttpResponse<java.io.InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    r.body().close();
    return r.statusCode();
  }

  /** Rows of the markdown table: operation -> "role own|other" -> expected status. */
  static Map<String, Map<String, String>> readTable() throws Exception {
    Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(TABLE)) {
      if (!line.startsWith("| ") || line.startsWith("| operation") || line.startsWith("|--")) continue;
      String[] cells = line.substring(1, line.length() - 1).split("\\|");
      assertEquals(9, cells.length, "operation and 8 cells: " + line);
      Map<String, String> row = new HashMap<>();
      int i = 1;
      for (String role : ROLES) {
        for (String target : List.of("own", "other")) row.put(role + " " + target, cells[i++].trim().split(" ")[0]);
      }
      assertNull(rows.put(cells[0].trim().replace("`", ""), row), "one row per operation: " + line);
    }
    return rows;
  }

  private static TreeSet<String> minus(java.util.Set<String> a, java.util.Set<String> b) {
    TreeSet<String> out = new TreeSet<>(a);
    out.removeAll(b);
    return out;
  }
}
