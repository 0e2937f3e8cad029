package ai.elevare.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.core.Jdbc;
import ai.elevare.summary.Webhook;
import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import ai.elevare.testing.TestApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Export and erasure end to end on PostgreSQL. The check after erasure is driven by the catalogue:
 * every character column of every table (so tables added later are covered without a change here)
 * must hold neither the student's id nor one of their persistence ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrivacyIT {
  private TestApp app;
  private Jdbc jdbc;
  private String admin, student, student2, tutor, parent;
  private String studentId, student2Id, tutorId;
  private String sessionId;

  @BeforeAll
  void start() throws Exception {
    app = new TestApp(Map.of(
        "elevare.ai.provider", "local",
        // snapshots early, so the erasure has some to delete
        "elevare.student.snapshot-every", 2,
        "elevare.rate-limit.per-minute", 1_000_000,
        "elevare.rate-limit.per-hour", 1_000_000));
    jdbc = new Jdbc(app.app().database().dataSource());
    admin = app.login("admin@demo.elevare");
    student = app.login("student@demo.elevare");
    student2 = app.login("student2@demo.elevare");
    tutor = app.login("tutor@demo.elevare");
    parent = app.login("parent@demo.elevare");
    studentId = app.userId(student);
    student2Id = app.userId(student2);
    tutorId = app.userId(tutor);

    // Some of everything the product keeps about a student.
    practise(student, "math");
    practise(student2, "math");
    Reply q = app.post("/qa/query", student, Map.of("question", "What is 2+2?"));
    assertEquals(200, q.status(), q.raw().body());
    Reply esc = app.post("/qa/" + q.body().get("interaction_id").asText() + "/escalate", student, "{}");
    assertEquals(201, esc.status(), esc.raw().body());
    assertEquals(201, app.post("/threads/" + esc.body().get("thread_id").asText() + "/messages", tutor,
        Map.of("body", "Let us look at it on Friday.")).status());
    assertEquals(201, app.post("/goals", student,
        Map.of("student_id", studentId, "subject", "math", "title", "Algebra", "target", 5)).status());
    assertEquals(200, app.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "rating",
        "subject", "math", "value", 1300, "reason", "placement test")).status());
    assertEquals(200, app.call("PUT", "/nudges/email", student, "{\"enabled\": false}").status());
    sessionId = "rails-" + UUID.randomUUID();
    Map<String, Object> session = Webhook.session(sessionId, studentId, tutorId, "math");
    session.put("transcript", fixture("math-quadratics.txt"));
    assertEquals(202, new Webhook(app.app().port(), TestApp.WEBHOOK_SECRET).post(session).status());
    assertTrue(Eventually.await(Duration.ofSeconds(60), () -> count(
        "SELECT COUNT(*) FROM session_summary WHERE session_id = ? AND status = 'ready' AND delivered", sessionId) == 1),
        "the summary is written and delivered");
    // the projections have caught up with the student's events
    assertTrue(Eventually.await(Duration.ofSeconds(30), () ->
        count("SELECT COUNT(*) FROM qa_interaction_log WHERE student_id = ?", studentId) == 1
            && count("SELECT COUNT(*) FROM override_log WHERE student_id = ?", studentId) == 1
            && count("SELECT COUNT(*) FROM student_answer_history WHERE student_id = ?", studentId) >= 1
            && count("SELECT COUNT(*) FROM student_answer_history WHERE student_id = ?", student2Id) >= 1));
  }

  @AfterAll
  void stop() {
    if (app != null) app.close();
  }

  @Test
  @Order(1)
  void exportHoldsEverythingAndRefusesOthers() throws Exception {
    Reply own = app.get("/students/" + studentId + "/export", student);
    assertEquals(200, own.status(), own.raw().body());
    JsonNode doc = own.body();
    assertEquals("student@demo.elevare", doc.get("account").get("email").asText());
    JsonNode tables = doc.get("tables");
    for (String t : List.of("users", "user_links", "goal_index", "qa_interaction_log", "override_log",
        "student_summary", "student_answer_history", "practice_daily", "threads", "thread_messages",
        "session_summary", "summary_deliveries", "nudge_email_optout")) {
      assertTrue(tables.has(t) && tables.get(t).size() > 0, "export has " + t + ": " + tables.fieldNames());
    }
    assertTrue(own.raw().body().contains("Let us look at it on Friday."), "the tutor's reply in their thread");
    JsonNode events = doc.get("journal").get("Student|" + studentId);
    assertTrue(events.size() >= 4, "the student's events");
    assertTrue(events.get(0).has("type") && events.get(0).has("event"));
    assertTrue(doc.get("journal").get("SessionSummary|" + sessionId).size() >= 2, "the session's events");
    assertEquals(studentId, doc.get("state").get("student_id").asText());
    assertFalse(own.raw().body().contains("password_hash"), "no secrets");
    assertFalse(own.raw().body().contains("\"token\""), "no nudge link keys");
    assertFalse(own.raw().body().contains(student2Id), "nothing of another student");

    assertEquals(200, app.get("/students/" + studentId + "/export", admin).status());
    assertProblem(app.get("/students/" + studentId + "/export", student2), 403);
    assertProblem(app.get("/students/" + studentId + "/export", tutor), 403);
    assertProblem(app.get("/students/" + studentId + "/export", parent), 403);
    assertProblem(app.get("/students/" + studentId + "/export", null), 401);
    assertProblem(app.get("/students/not-a-uuid/export", admin), 400);
    assertProblem(app.get("/students/" + UUID.randomUUID() + "/export", admin), 404);
    assertProblem(app.get("/students/" + tutorId + "/export", admin), 404);
  }

  @Test
  @Order(2)
  void erasureLeavesNothingOfTheStudentAndOnlyOfThem() throws Exception {
    List<String> pids = List.of("Student|" + studentId, "SessionSummary|" + sessionId);
    Map<String, Long> before = references(studentId, pids);
    for (String t : List.of("users", "user_links", "goal_index", "qa_interaction_log", "override_log",
        "student_summary", "threads", "thread_messages", "session_summary", "summary_deliveries",
        "nudge_email_optout", "event_journal", "snapshot")) {
      assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith(t + ".")), "before: " + t + " in " + before);
    }
    Map<String, Long> other = references(student2Id, List.of("Student|" + student2Id));

    // refusals change nothing
    assertProblem(app.call("DELETE", "/students/" + studentId, student, null), 403);
    assertProblem(app.call("DELETE", "/students/" + studentId, tutor, null), 403);
    assertProblem(app.call("DELETE", "/students/" + studentId, parent, null), 403);
    assertProblem(app.call("DELETE", "/students/" + studentId, null, null), 401);
    assertProblem(app.call("DELETE", "/students/x'%20OR%201=1", admin, null), 400);
    assertProblem(app.call("DELETE", "/students/" + UUID.randomUUID(), admin, null), 404);
    assertProblem(app.call("DELETE", "/students/" + tutorId, admin, null), 404);
    assertEquals(before, references(studentId, pids));
    assertEquals(0, count("SELECT COUNT(*) FROM erasures"));

    Reply erased = app.call("DELETE", "/students/" + studentId, admin, null);
    assertEquals(200, erased.status(), erased.raw().body());
    assertTrue(erased.body().get("row_counts").get("event_journal").asInt() > 0);

    assertEquals(Map.of(), references(studentId, pids), "no row refers to the student");
    assertEquals(other, references(student2Id, List.of("Student|" + student2Id)), "the other student untouched");
    assertProblem(app.get("/progress/" + studentId, admin), 404);
    assertProblem(app.get("/students/" + studentId + "/export", admin), 404);
    assertProblem(app.get("/summaries/" + studentId, admin), 404);
    assertProblem(app.get("/me", student), 401);
    assertProblem(app.get("/progress/" + studentId, tutor), 403);
    assertEquals(200, app.get("/progress/" + student2Id, student2).status());
    assertProblem(app.call("DELETE", "/students/" + studentId, admin, null), 404);
    // A command that reaches the entity anyway (another node's user cache, a message in flight)
    // finds the tombstone: the entity stops before recovering, and writes nothing.
    var ref = org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding.get(app.app().system())
        .entityRefFor(ai.elevare.student.StudentEntity.ENTITY_KEY, studentId);
    ref.tell(new ai.elevare.student.StudentCommand.OverrideRating(UUID.randomUUID().toString(), "rating", "math",
        1500, tutorId, "too late", false, app.app().system().deadLetters()));
    // A Forget that reaches the guard as it stops is dropped, as in StudentPrivacy.stopAll: ask again.
    boolean answered = false;
    for (int i = 0; i < 3 && !answered; i++) {
      try {
        ref.<org.apache.pekko.Done>ask(ai.elevare.student.StudentCommand.Forget::new, Duration.ofSeconds(5))
            .toCompletableFuture().get();
        answered = true;
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof java.util.concurrent.TimeoutException
            || e.getCause() instanceof org.apache.pekko.pattern.AskTimeoutException)) throw e;
      }
    }
    assertTrue(answered, "the erased student's entity answers a Forget");
    assertEquals(0, count("SELECT COUNT(*) FROM event_journal WHERE persistence_id = ?", "Student|" + studentId));

    // The audit: who and when and how many, nothing that names the student.
    List<String> audit = jdbc.query("SELECT * FROM erasures", rs -> {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) b.append(rs.getString(i)).append('|');
      return b.toString();
    });
    assertEquals(1, audit.size());
    assertTrue(audit.get(0).contains(app.userId(admin)), "who asked");
    assertFalse(audit.get(0).contains(studentId) || audit.get(0).contains("student@demo"), audit.get(0));

    // Later activity on the same tag does not bring the erased student's rows back.
    practise(student2, "chemistry");
    assertTrue(Eventually.await(Duration.ofSeconds(30), () ->
        count("SELECT COUNT(*) FROM student_subject_stats WHERE student_id = ? AND subject = 'chemistry'", student2Id) == 1));
    assertEquals(Map.of(), references(studentId, pids));
  }

  /**
   * Rows per table.column that hold the id (any character column) or one of the persistence ids.
   * From the catalogue, so every table any migration adds is checked.
   */
  private Map<String, Long> references(String id, List<String> pids) {
    Map<String, Long> found = new TreeMap<>();
    List<String[]> columns = jdbc.query(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
            + " AND data_type IN ('character varying', 'text', 'character')"
            + " AND table_name IN (SELECT table_name FROM information_schema.tables"
            + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE')",
        rs -> new String[] {rs.getString(1), rs.getString(2)});
    assertTrue(columns.size() > 40, "the catalogue lists the tables");
    for (String[] tc : columns) {
      String sql = "SELECT COUNT(*) FROM " + tc[0] + " WHERE " + tc[1] + " = ?";
      long n = count(sql, id);
      for (String pid : pids) n += count(sql, pid);
      if (n > 0) found.put(tc[0] + "." + tc[1], n);
    }
    // the journal's tags and the snapshots reach the student only through their persistence ids
    long tags = count("SELECT COUNT(*) FROM event_tag t JOIN event_journal j ON j.ordering = t.event_id"
        + " WHERE j.persistence_id = ? OR j.persistence_id = ?", pids.get(0), pids.size() > 1 ? pids.get(1) : "");
    if (tags > 0) found.put("event_tag.event_id", tags);
    return found;
  }

  private void practise(String token, String subject) throws Exception {
    Reply a = app.get("/practice/assign?subject=" + subject, token);
    assertEquals(200, a.status(), a.raw().body());
    Reply done = app.post("/practice/complete", token, Map.of("assignment_id", a.body().get("assignment_id").asText(),
        "answer", "not-it", "time_ms", 15000, "hints_used", 0));
    assertEquals(200, done.status(), done.raw().body());
  }

  private long count(String sql, Object... params) {
    return jdbc.queryOne(sql, rs -> rs.getLong(1), params).orElseThrow();
  }

  private static void assertProblem(Reply r, int status) {
    assertEquals(status, r.status(), r.raw().body());
    assertEquals("application/problem+json", r.contentType());
  }

  private static String fixture(String name) throws Exception {
    try (var in = PrivacyIT.class.getResourceAsStream("/summaries/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
