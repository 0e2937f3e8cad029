package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.rating.Elo;
import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import ai.elevare.testing.TestApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The dashboards and analytics over real HTTP on PostgreSQL: a scripted history of practice and
 * overrides goes in through the public routes, the projection turns it into read models, and the
 * four views answer with the figures that history implies, each role seeing only its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalyticsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private TestApp app;
  private String student, student2, tutor, tutor2, parent, parent2, admin;
  private String studentId, student2Id, tutorId, tutor2Id, parentId, parent2Id, adminId;

  @BeforeAll
  void start() throws Exception {
    // The polls below are requests too: lift the per-user limits for this test.
    app = new TestApp(Map.of("elevare.rate-limit.per-minute", 100_000, "elevare.rate-limit.per-hour", 1_000_000));
    student = app.login("student@demo.elevare");
    student2 = app.login("student2@demo.elevare");
    tutor = app.login("tutor@demo.elevare");
    parent = app.login("parent@demo.elevare");
    admin = app.login("admin@demo.elevare");
    studentId = app.userId(student);
    student2Id = app.userId(student2);
    tutorId = app.userId(tutor);
    parentId = app.userId(parent);
    adminId = app.userId(admin);
    // A second tutor and a second parent, both of student2 only.
    tutor2Id = createUser("tutor", "tutor2");
    parent2Id = createUser("parent", "parent2");
    tutor2 = login("tutor2");
    parent2 = login("parent2");
    link("tutor", tutor2Id, student2Id);
    link("parent", parent2Id, student2Id);
    script();
  }

  @AfterAll
  void stop() {
    app.close();
  }

  private final Map<String, String> emails = new HashMap<>();

  private String createUser(String role, String key) throws Exception {
    String email = key + "-" + UUID.randomUUID() + "@example.org";
    emails.put(key, email);
    Reply r = app.post("/admin/users", admin, Map.of("email", email, "name", key, "role", role, "password", "long-enough-password"));
    assertEquals(201, r.status(), r.raw().body());
    return r.body().get("id").asText();
  }

  private String login(String key) throws Exception {
    Reply r = app.post("/auth/login", null, Map.of("email", emails.get(key), "password", "long-enough-password"));
    assertEquals(200, r.status(), r.raw().body());
    return r.body().get("access_token").asText();
  }

  private void link(String kind, String from, String to) throws Exception {
    assertEquals(201, app.post("/admin/links", admin, Map.of("kind", kind, "from_user_id", from, "student_id", to)).status());
  }

  // ---- the scripted history ---------------------------------------------------------------

  private void script() throws Exception {
    // student: chemistry, a wrong try then right, then one right first time: 3 answers, 2 right.
    Assigned a = assign(student, "chemistry");
    assertFalse(complete(student, a.id(), "definitely-not-the-answer-" + UUID.randomUUID()).get("correct").asBoolean());
    assertTrue(complete(student, a.id(), answerOf(a.itemId())).get("correct").asBoolean());
    Assigned b = assign(student, "chemistry");
    assertTrue(complete(student, b.id(), answerOf(b.itemId())).get("correct").asBoolean());
    // student: five biology questions given up: the rating falls over the last five answers.
    for (int i = 0; i < 5; i++) giveUp(student, assign(student, "biology").id());
    // student2: one english question given up.
    giveUp(student2, assign(student2, "english").id());

    // Overrides: three by the tutor (student), two by the admin and one by tutor2 (student2).
    override(tutor, Map.of("student_id", studentId, "kind", "rating", "subject", "english", "value", 1500, "reason", "placement test"));
    override(tutor, Map.of("student_id", studentId, "kind", "difficulty", "subject", "physics", "value", 6, "reason", "moved up a set"));
    Reply goal = app.post("/goals", tutor, Map.of("student_id", studentId, "subject", "chemistry", "title", "Ten right", "target", 10));
    assertEquals(201, goal.status(), goal.raw().body());
    override(tutor, Map.of("student_id", studentId, "kind", "goal_progress", "goal_id", goal.body().get("id").asText(), "value", 10, "reason", "done on paper"));
    override(admin, Map.of("student_id", student2Id, "kind", "assignment", "value", bankItem("english"), "reason", "exam review"));
    override(admin, Map.of("student_id", student2Id, "kind", "rating", "subject", "math", "value", 1100, "reason", "placement"));
    override(tutor2, Map.of("student_id", student2Id, "kind", "rating", "subject", "biology", "value", 900, "reason", "struggling"));
  }

  private record Assigned(String id, String itemId) {}

  private Assigned assign(String token, String subject) throws Exception {
    Reply r = app.get("/practice/assign?subject=" + subject, token);
    assertEquals(200, r.status(), r.raw().body());
    return new Assigned(r.body().get("assignment_id").asText(), r.body().get("question").get("id").asText());
  }

  private JsonNode complete(String token, String assignmentId, String answer) throws Exception {
    Reply r = app.post("/practice/complete", token,
        Map.of("assignment_id", assignmentId, "answer", answer, "time_ms", 15000, "hints_used", 0));
    assertEquals(200, r.status(), r.raw().body());
    return r.body();
  }

  private void giveUp(String token, String assignmentId) throws Exception {
    Reply r = app.post("/practice/complete", token, Map.of("assignment_id", assignmentId, "give_up", true));
    assertEquals(200, r.status(), r.raw().body());
    assertTrue(r.body().get("completed").asBoolean());
  }

  private void override(String token, Map<String, Object> body) throws Exception {
    Reply r = app.post("/overrides", token, body);
    assertEquals(200, r.status(), r.raw().body());
  }

  /** A bank item's first accepted answer. */
  private String answerOf(String itemId) throws Exception {
    try (Connection c = DriverManager.getConnection(app.dbUrl(), "postgres", "");
        var ps = c.prepareStatement("SELECT answers FROM items WHERE id = ?")) {
      ps.setString(1, itemId);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the chemistry question comes from the bank");
        return List.of(JSON.readValue(rs.getString(1), String[].class)).get(0);
      }
    }
  }

  private String bankItem(String subject) throws Exception {
    try (Connection c = DriverManager.getConnection(app.dbUrl(), "postgres", "");
        var ps = c.prepareStatement("SELECT id FROM items WHERE subject = ? ORDER BY id LIMIT 1")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getString(1);
      }
    }
  }

  // ---- figures ----------------------------------------------------------------------------

  /** The read models follow the journal: wait until the last events of the script are in. */
  private JsonNode settledAdminAnalytics() throws Exception {
    JsonNode[] last = new JsonNode[1];
    boolean settled =
        Eventually.await(
            Duration.ofSeconds(30),
            () -> {
              Reply r = app.get("/admin/analytics", admin);
              last[0] = r.body();
              return r.status() == 200
                  && r.body().get("practice").get("answers").asLong() == 9
                  && r.body().get("overrides").get("total").asLong() == 6;
            });
    assertTrue(settled, () -> "the projection caught up: " + last[0]);
    return last[0];
  }

  private static Map<String, Long> counts(JsonNode list, String keyField) {
    Map<String, Long> m = new HashMap<>();
    for (JsonNode n : list) m.put(n.get(keyField).asText(), n.get("count").asLong());
    return m;
  }

  private static JsonNode find(JsonNode list, String field, String value) {
    for (JsonNode n : list) {
      if (n.get(field).asText().equals(value)) return n;
    }
    throw new AssertionError("no " + field + " = " + value + " in " + list);
  }

  @Test
  void adminAnalyticsMatchTheScript() throws Exception {
    JsonNode a = settledAdminAnalytics();
    JsonNode today = a.get("active_students").get("by_day").get(27);
    assertEquals(a.get("to").asText(), today.get("day").asText());
    assertEquals(2, today.get("students").asLong(), "student and student2 practised today");
    assertEquals(2, a.get("active_students").get("total").asLong());
    assertEquals(4, a.get("active_students").get("by_week").size());
    assertEquals(2, a.get("active_students").get("by_week").get(3).get("students").asLong());

    JsonNode practice = a.get("practice");
    JsonNode chemistry = find(practice.get("by_subject"), "subject", "chemistry");
    assertEquals(3, chemistry.get("answers").asLong());
    assertEquals(2, chemistry.get("correct").asLong());
    assertEquals(0.667, chemistry.get("accuracy").asDouble());
    JsonNode biology = find(practice.get("by_subject"), "subject", "biology");
    assertEquals(5, biology.get("answers").asLong());
    assertEquals(0, biology.get("correct").asLong());
    assertEquals(5, biology.get("given_up").asLong());
    assertEquals(1, find(practice.get("by_subject"), "subject", "english").get("answers").asLong());
    assertEquals(2, practice.get("correct").asLong());

    assertEquals(0, a.get("qa").get("interactions").asLong());
    assertEquals(0.0, a.get("qa").get("escalation_rate").asDouble());
    assertEquals(1, a.get("goals_completed").asLong());

    JsonNode o = a.get("overrides");
    assertEquals("all", o.get("scope").asText());
    assertEquals(Map.of(tutorId, 3L, adminId, 2L, tutor2Id, 1L), counts(o.get("by_tutor"), "id"));
    assertEquals(Map.of("rating", 3L, "difficulty", 1L, "goal_progress", 1L, "assignment", 1L), counts(o.get("by_kind"), "key"));
    assertEquals(
        Map.of("english", 2L, "physics", 1L, "chemistry", 1L, "math", 1L, "biology", 1L), counts(o.get("by_subject"), "key"));
    long byDifficulty = 0;
    for (JsonNode d : o.get("by_difficulty")) byDifficulty += d.get("count").asLong();
    assertEquals(6, byDifficulty);
  }

  @Test
  void overrideAnalyticsShowATutorOnlyTheirOwn() throws Exception {
    settledAdminAnalytics();
    JsonNode own = app.get("/overrides/analytics", tutor).body();
    assertEquals("tutor", own.get("scope").asText());
    assertEquals(tutorId, own.get("tutor_id").asText());
    assertEquals(3, own.get("total").asLong());
    assertEquals(Map.of(studentId, 3L), counts(own.get("by_student"), "id"));
    assertEquals(Map.of(tutorId, 3L), counts(own.get("by_tutor"), "id"));
    assertEquals(Map.of("rating", 1L, "difficulty", 1L, "goal_progress", 1L), counts(own.get("by_kind"), "key"));
    assertEquals(3, own.get("by_day").get(27).get("count").asLong());
    for (JsonNode r : own.get("recent")) assertEquals(tutorId, r.get("tutor_id").asText());
    JsonNode difficulty = find(own.get("recent"), "kind", "difficulty");
    assertEquals("1000", difficulty.get("before").asText());
    assertEquals(String.valueOf(Math.round(Elo.ratingForDifficulty(6))), difficulty.get("after").asText());
    assertEquals("moved up a set", difficulty.get("reason").asText());

    JsonNode other = app.get("/overrides/analytics", tutor2).body();
    assertEquals(1, other.get("total").asLong());
    assertEquals(Map.of(student2Id, 1L), counts(other.get("by_student"), "id"));

    JsonNode all = app.get("/overrides/analytics", admin).body();
    assertEquals(6, all.get("total").asLong());
    assertEquals(1, app.get("/overrides/analytics?tutor_id=" + tutor2Id, admin).body().get("total").asLong());
    assertEquals(1, app.get("/overrides/analytics?days=1", tutor2).body().get("by_day").size());
  }

  @Test
  void tutorDashboardFlagsTheStudentWhoseRatingFell() throws Exception {
    settledAdminAnalytics();
    Reply r = app.get("/dashboard/tutor", tutor);
    assertEquals(200, r.status(), r.raw().body());
    JsonNode students = r.body().get("students");
    assertEquals(1, students.size(), "the demo tutor has one linked student");
    JsonNode s = students.get(0);
    assertEquals(studentId, s.get("student_id").asText());
    assertEquals("Sam Student", s.get("name").asText());
    assertEquals(8, s.get("answers").asInt());
    assertEquals(2, s.get("correct").asInt());
    assertEquals(1, s.get("streak_days").asInt());
    assertEquals(1, s.get("active_days").asInt());
    assertEquals(1, s.get("goals_completed").asInt());
    assertTrue(s.get("xp").asLong() > 0);
    assertEquals(0, s.get("flags_count").asInt());
    assertEquals(0, s.get("flags").size());

    JsonNode biology = find(s.get("ratings"), "subject", "biology");
    assertEquals(5, biology.get("trend_answers").asInt());
    assertTrue(biology.get("trend").asDouble() < -40, biology.toString());
    assertEquals(1500.0, find(s.get("ratings"), "subject", "english").get("rating").asDouble(), "the override shows");
    assertEquals(Elo.ratingForDifficulty(6), find(s.get("ratings"), "subject", "physics").get("rating").asDouble());
    assertEquals(3, find(s.get("ratings"), "subject", "chemistry").get("answers").asInt());

    assertTrue(s.get("at_risk").asBoolean());
    JsonNode reason = s.get("at_risk_reasons").get(0);
    assertEquals("rating_drop", reason.get("kind").asText());
    assertEquals("biology", reason.get("subject").asText());
    assertTrue(reason.get("message").asText().startsWith("Biology rating fell "), reason.toString());
    assertEquals(1, s.get("at_risk_reasons").size(), "active today: no inactivity reason");

    // An admin may look at any tutor's dashboard; tutor2 sees only student2.
    Reply asAdmin = app.get("/dashboard/tutor?tutor_id=" + tutorId, admin);
    assertEquals(200, asAdmin.status());
    assertEquals(studentId, asAdmin.body().get("students").get(0).get("student_id").asText());
    JsonNode other = app.get("/dashboard/tutor", tutor2).body().get("students");
    assertEquals(1, other.size());
    assertEquals(student2Id, other.get(0).get("student_id").asText());
  }

  @Test
  void parentsSeeOnlyTheirChildrenWithoutFlagDetail() throws Exception {
    settledAdminAnalytics();
    Reply r = app.get("/dashboard/parent", parent);
    assertEquals(200, r.status(), r.raw().body());
    JsonNode children = r.body().get("children");
    assertEquals(1, children.size());
    assertEquals(studentId, children.get(0).get("student_id").asText());
    assertFalse(children.get(0).has("flags"), "read-only view without the questions");
    assertTrue(children.get(0).has("flags_count"));
    assertTrue(children.get(0).get("at_risk").asBoolean());
    JsonNode other = app.get("/dashboard/parent", parent2).body().get("children");
    assertEquals(1, other.size());
    assertEquals(student2Id, other.get(0).get("student_id").asText());
    assertEquals(parentId, app.get("/dashboard/parent?parent_id=" + parentId, admin).body().get("parent_id").asText());
  }

  private static void assertProblem(Reply r, int status) {
    assertEquals(status, r.status(), () -> r.raw().body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
  }

  @Test
  void roleMatrixHolds() throws Exception {
    for (String path : List.of("/overrides/analytics", "/admin/analytics", "/dashboard/tutor", "/dashboard/parent")) {
      assertProblem(app.get(path, null), 401);
      assertProblem(app.get(path, student), 403);
    }
    assertProblem(app.get("/overrides/analytics", parent), 403);
    assertProblem(app.get("/admin/analytics", parent), 403);
    assertProblem(app.get("/admin/analytics", tutor), 403);
    assertProblem(app.get("/dashboard/tutor", parent), 403);
    assertProblem(app.get("/dashboard/parent", tutor), 403);
    assertEquals(200, app.get("/overrides/analytics", tutor).status());
    assertEquals(200, app.get("/admin/analytics", admin).status());

    // Naming someone else is refused; admins must name whom they look at.
    assertProblem(app.get("/overrides/analytics?tutor_id=" + tutor2Id, tutor), 403);
    assertProblem(app.get("/dashboard/tutor?tutor_id=" + tutor2Id, tutor), 403);
    assertProblem(app.get("/dashboard/parent?parent_id=" + parent2Id, parent), 403);
    assertEquals(200, app.get("/dashboard/tutor?tutor_id=" + tutorId, tutor).status());
    assertProblem(app.get("/dashboard/tutor", admin), 400);
    assertProblem(app.get("/dashboard/parent", admin), 400);
    assertProblem(app.get("/dashboard/tutor?tutor_id=" + studentId, admin), 404);
    assertProblem(app.get("/dashboard/tutor?tutor_id=not-a-uuid", admin), 400);
    Reply days = app.get("/admin/analytics?days=0", admin);
    assertProblem(days, 400);
    assertEquals("days", days.body().get("errors").get(0).get("field").asText());
    assertProblem(app.get("/overrides/analytics?days=many", tutor), 400);
    assertProblem(app.call("POST", "/admin/analytics", admin, "{}"), 405);
  }
}
