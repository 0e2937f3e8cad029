package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import ai.elevare.testing.TestApp.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The product over real HTTP on PostgreSQL: practice end to end, roles, refusals, restart. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private TestApp app;
  private String student, student2, tutor, parent, admin;
  private String studentId, student2Id;

  @BeforeAll
  void start() throws Exception {
    app = new TestApp(Map.of());
    student = app.login("student@demo.elevare");
    student2 = app.login("student2@demo.elevare");
    tutor = app.login("tutor@demo.elevare");
    parent = app.login("parent@demo.elevare");
    admin = app.login("admin@demo.elevare");
    studentId = app.userId(student);
    student2Id = app.userId(student2);
  }

  @AfterAll
  void stop() {
    app.close();
  }

  private List<String> answersOf(String itemId) throws Exception {
    try (Connection c = DriverManager.getConnection(app.dbUrl(), "postgres", "");
        var ps = c.prepareStatement("SELECT answers FROM items WHERE id = ?")) {
      ps.setString(1, itemId);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "item " + itemId + " is in the bank");
        return List.of(JSON.readValue(rs.getString(1), String[].class));
      }
    }
  }

  private Reply complete(String token, String assignmentId, String answer) throws Exception {
    return app.post(
        "/practice/complete", token,
        Map.of("assignment_id", assignmentId, "answer", answer, "time_ms", 15000, "hints_used", 0));
  }

  private JsonNode rating(String token, String id, String subject) throws Exception {
    for (JsonNode r : app.get("/progress/" + id, token).body().get("ratings")) {
      if (r.get("subject").asText().equals(subject)) return r;
    }
    throw new AssertionError("no rating for " + subject);
  }

  private static void assertProblem(Reply r, int status) {
    assertEquals(status, r.status(), () -> r.raw().body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertEquals(status, r.body().get("status").asInt());
    assertFalse(r.raw().body().contains("Exception"), "no stack trace reaches a client");
  }

  @Test
  void operationsRoutesAnswer() throws Exception {
    assertEquals("ok", app.get("/health", null).body().get("status").asText());
    // readiness and metrics are on the management port only: unknown here, as any other path
    assertProblem(app.get("/ready", student), 404);
    assertProblem(app.get("/metrics", student), 404);
    Reply ready = app.management("/ready");
    assertEquals(200, ready.status());
    assertEquals("ready", ready.body().get("status").asText());
    assertEquals(200, app.management("/alive").status());
    Reply metrics = app.management("/metrics");
    assertEquals(200, metrics.status());
    assertTrue(metrics.raw().body().contains("jvm_memory_used_bytes"));
  }

  @Test
  void subjectsListAllFiveWithRelations() throws Exception {
    JsonNode subjects = app.get("/subjects", student).body();
    assertEquals(5, subjects.size());
    assertEquals("math", subjects.get(0).get("id").asText());
    assertTrue(subjects.get(0).get("related").toString().contains("physics"));
  }

  @Test
  void practiceMovesTheRatingAndRetriesEarnLess() throws Exception {
    Reply a = app.get("/practice/assign?subject=chemistry", student);
    assertEquals(200, a.status(), a.raw().body());
    JsonNode q = a.body().get("question");
    assertEquals("bank", a.body().get("source").asText());
    assertFalse(a.raw().body().contains("\"answers\""), "the answer is never sent to the client");
    String id = a.body().get("assignment_id").asText();
    // Asking again while one is open gives the same assignment: no skipping a hard question.
    assertEquals(id, app.get("/practice/assign?subject=chemistry", student).body().get("assignment_id").asText());

    double before = rating(student, studentId, "chemistry").get("rating").asDouble();
    Reply wrong = complete(student, id, "definitely-not-the-answer-" + UUID.randomUUID());
    assertEquals(200, wrong.status(), wrong.raw().body());
    assertFalse(wrong.body().get("correct").asBoolean());
    assertTrue(wrong.body().get("retry_allowed").asBoolean());
    assertFalse(wrong.body().get("completed").asBoolean());
    assertTrue(wrong.body().get("rating_after").asDouble() < before);

    String answer = answersOf(q.get("id").asText()).get(0);
    Reply right = complete(student, id, answer);
    assertTrue(right.body().get("correct").asBoolean(), right.raw().body());
    assertTrue(right.body().get("completed").asBoolean());
    assertTrue(right.body().get("score").asDouble() < 0.7, "a retry does not earn full credit");
    assertTrue(right.body().get("xp_awarded").asInt() > 0);
    assertEquals(1, right.body().get("streak_days").asInt());

    JsonNode r = rating(student, studentId, "chemistry");
    assertEquals(2, r.get("attempts").asInt());
    assertEquals(right.body().get("rating_after").asDouble(), r.get("rating").asDouble(), 0.05);
    assertProblem(complete(student, id, answer), 409);
  }

  @Test
  void giveUpClosesWithTheSolutionAndHintsGrow() throws Exception {
    String id = app.get("/practice/assign?subject=biology", student).body().get("assignment_id").asText();
    Reply h1 = app.post("/practice/hint", student, Map.of("assignment_id", id));
    assertEquals(200, h1.status(), h1.raw().body());
    assertEquals(1, h1.body().get("hints_used").asInt());
    Reply h2 = app.post("/practice/hint", student, Map.of("assignment_id", id));
    assertEquals(2, h2.body().get("hints_used").asInt());
    assertNotEquals(h1.body().get("hint").asText(), h2.body().get("hint").asText());
    Reply g = app.post("/practice/complete", student, Map.of("assignment_id", id, "give_up", true));
    assertEquals(200, g.status(), g.raw().body());
    assertFalse(g.body().get("correct").asBoolean());
    assertTrue(g.body().get("completed").asBoolean());
    assertTrue(g.body().get("solution").asText().contains("Answer:"));
    assertProblem(app.post("/practice/hint", student, Map.of("assignment_id", id)), 409);
  }

  @Test
  void refusedRequestsChangeNothing() throws Exception {
    String id = app.get("/practice/assign?subject=physics", student).body().get("assignment_id").asText();
    String before = app.get("/progress/" + studentId, student).raw().body();

    assertProblem(app.get("/practice/assign?subject=astrology", student), 400);
    Reply missing = app.get("/practice/assign", student);
    assertProblem(missing, 400);
    assertEquals("subject", missing.body().get("errors").get(0).get("field").asText());
    assertProblem(app.post("/practice/complete", student, "{\"assignment_id\": "), 400);
    Reply typed = app.post("/practice/complete", student, Map.of("assignment_id", id, "answer", 5, "time_ms", "fast"));
    assertProblem(typed, 400);
    assertTrue(typed.raw().body().contains("\"answer\"") && typed.raw().body().contains("\"time_ms\""));
    Reply negative = app.post("/practice/complete", student, Map.of("assignment_id", id, "answer", "x", "time_ms", -5));
    assertProblem(negative, 400);
    assertEquals("time_ms", negative.body().get("errors").get(0).get("field").asText());
    assertProblem(app.post("/practice/complete", student,
        Map.of("assignment_id", id, "answer", "x", "time_ms", 5, "hints_used", -1)), 400);
    assertProblem(app.post("/practice/complete", student,
        Map.of("assignment_id", "not-a-uuid", "answer", "x", "time_ms", 5)), 400);
    assertProblem(complete(student, UUID.randomUUID().toString(), "x"), 404);
    // Another student's assignment is unknown to this student.
    assertProblem(complete(student2, id, "x"), 404);
    assertProblem(app.call("POST", "/practice/complete", student, "{}", "text/plain"), 415);
    String big = "{\"answer\":\"" + "a".repeat(1_100_000) + "\"}";
    assertProblem(app.post("/practice/complete", student, big), 413);

    assertEquals(before, app.get("/progress/" + studentId, student).raw().body());
  }

  @Test
  void tokensAreCheckedStrictly() throws Exception {
    Reply none = app.get("/me", null);
    assertProblem(none, 401);
    assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"));
    String[] parts = student.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
    assertProblem(app.get("/me", tampered), 401);
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer("elevare-local").audience("elevare").subject(studentId)
        .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)));
    assertProblem(app.get("/me", new PlainJWT(claims.build()).serialize()), 401);
    // HS256 signed with a guessable secret: the pinned algorithm refuses it.
    SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
    hs.sign(new MACSigner("0123456789abcdef0123456789abcdef"));
    assertProblem(app.get("/me", hs.serialize()), 401);
    // Signed with the real key but expired, or for another audience, or without exp.
    ECKey key = signingKey();
    assertEquals(200, app.get("/me", sign(key, claims.build())).status(), "the control token passes");
    assertProblem(app.get("/me", sign(key, claims.expirationTime(Date.from(Instant.now().minusSeconds(120))).build())), 401);
    assertProblem(app.get("/me", sign(key, claims.expirationTime(Date.from(Instant.now().plusSeconds(600))).audience("other").build())), 401);
    assertProblem(app.get("/me", sign(key, claims.audience("elevare").expirationTime(null).build())), 401);

    Reply bad = app.post("/auth/login", null, Map.of("email", "student@demo.elevare", "password", "wrong-password"));
    Reply unknown = app.post("/auth/login", null, Map.of("email", "nobody@demo.elevare", "password", "wrong-password"));
    assertProblem(bad, 401);
    assertEquals(bad.raw().body(), unknown.raw().body(), "same answer whether the email exists or not");
    assertProblem(app.post("/auth/login", null, Map.of("email", "student@demo.elevare")), 400);
  }

  private ECKey signingKey() throws Exception {
    try (Connection c = DriverManager.getConnection(app.dbUrl(), "postgres", "");
        ResultSet rs = c.createStatement().executeQuery("SELECT jwk FROM signing_keys ORDER BY created_at LIMIT 1")) {
      assertTrue(rs.next());
      return JWK.parse(rs.getString(1)).toECKey();
    }
  }

  private static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  @Test
  void roleMatrixHolds() throws Exception {
    String progress = "/progress/" + studentId;
    assertEquals(200, app.get(progress, student).status());
    assertEquals(200, app.get(progress, tutor).status());
    assertEquals(200, app.get(progress, parent).status());
    assertEquals(200, app.get(progress, admin).status());
    assertProblem(app.get(progress, student2), 403);
    assertProblem(app.get("/progress/" + student2Id, tutor), 403);
    assertProblem(app.get("/progress/" + student2Id, parent), 403);
    assertProblem(app.get("/progress/not-a-uuid", admin), 400);
    assertProblem(app.get("/progress/" + UUID.randomUUID(), admin), 404);

    for (String t : List.of(tutor, parent, admin)) {
      assertProblem(app.get("/practice/assign?subject=math", t), 403);
    }
    Map<String, Object> override = Map.of("student_id", studentId, "kind", "rating", "subject", "english",
        "value", 1500, "reason", "placement test");
    assertProblem(app.post("/overrides", student, override), 403);
    assertProblem(app.post("/overrides", parent, override), 403);
    assertProblem(app.post("/overrides", tutor, Map.of("student_id", student2Id, "kind", "rating",
        "subject", "english", "value", 1500, "reason", "not my student")), 403);
    assertProblem(app.post("/admin/users", tutor, Map.of("email", "x@y.z", "name", "X", "role", "student")), 403);
    assertProblem(app.post("/admin/links", student, Map.of("kind", "tutor", "from_user_id", studentId, "student_id", studentId)), 403);
    assertProblem(app.post("/items", student, Map.of()), 403);
    assertProblem(app.post("/items", parent, Map.of()), 403);
    assertProblem(app.call("DELETE", "/subjects", admin, null), 405);
  }

  @Test
  void overridesShowInTheVeryNextRead() throws Exception {
    Reply o = app.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "rating",
        "subject", "english", "value", 1500, "reason", "placement test"));
    assertEquals(200, o.status(), o.raw().body());
    assertTrue(o.body().get("applied").asBoolean());
    JsonNode english = rating(parent, studentId, "english");
    assertEquals(1500.0, english.get("rating").asDouble(), 0.01);
    assertEquals(7, english.get("difficulty").asInt());
    JsonNode overrides = app.get("/progress/" + studentId, student).body().get("overrides");
    assertEquals(o.body().get("override_id").asText(), overrides.get(0).get("override_id").asText());

    assertProblem(app.post("/overrides", admin, Map.of("student_id", studentId, "kind", "rating",
        "subject", "english", "value", 5000, "reason", "x")), 400);
    assertProblem(app.post("/overrides", admin, Map.of("student_id", studentId, "kind", "rating",
        "value", 1200, "reason", "x")), 400);
    assertProblem(app.post("/overrides", admin, Map.of("student_id", studentId, "kind", "assignment",
        "value", UUID.randomUUID().toString(), "reason", "x")), 400);
  }

  @Test
  void tutorAssignedItemComesNext() throws Exception {
    String itemId;
    try (Connection c = DriverManager.getConnection(app.dbUrl(), "postgres", "");
        ResultSet rs = c.createStatement().executeQuery("SELECT id FROM items WHERE subject = 'english' AND difficulty = 9 LIMIT 1")) {
      assertTrue(rs.next());
      itemId = rs.getString(1);
    }
    // Finish any open english assignment so the queued one is next.
    Reply open = app.get("/practice/assign?subject=english", student2);
    app.post("/practice/complete", student2, Map.of("assignment_id", open.body().get("assignment_id").asText(), "give_up", true));
    Reply o = app.post("/overrides", admin, Map.of("student_id", student2Id, "kind", "assignment",
        "value", itemId, "reason", "review for the exam"));
    assertEquals(200, o.status(), o.raw().body());
    Reply next = app.get("/practice/assign?subject=english", student2);
    assertEquals(itemId, next.body().get("question").get("id").asText());
    assertEquals("tutor", next.body().get("source").asText());
  }

  @Test
  void itemsAreValidatedBeforeTheyEnterTheBank() throws Exception {
    Map<String, Object> item = new java.util.HashMap<>(Map.of(
        "subject", "chemistry", "topic", "acids", "prompt", "Which is a strong acid?",
        "answer_format", "choice", "choices", List.of("HCl", "CH3COOH", "H2CO3"), "answers", List.of("HCl"),
        "hint", "Think of complete dissociation.", "explanation", "HCl dissociates completely in water.",
        "expected_time_ms", 20000, "difficulty", 3));
    Reply created = app.post("/items", tutor, item);
    assertEquals(201, created.status(), created.raw().body());
    assertNotNull(UUID.fromString(created.body().get("id").asText()));

    item.put("answers", List.of("HF"));
    Reply notAChoice = app.post("/items", tutor, item);
    assertProblem(notAChoice, 400);
    assertEquals("answers", notAChoice.body().get("errors").get(0).get("field").asText());
    item.put("subject", "alchemy");
    item.put("difficulty", 11);
    Reply many = app.post("/items", admin, item);
    assertProblem(many, 400);
    assertTrue(many.raw().body().contains("\"subject\"") && many.raw().body().contains("\"difficulty\""));
  }

  @Test
  void adminsCreateUsersAndLinks() throws Exception {
    String email = "new-" + UUID.randomUUID() + "@example.org";
    Reply u = app.post("/admin/users", admin, Map.of("email", email, "name", "New Student", "role", "student",
        "password", "long-enough-password"));
    assertEquals(201, u.status(), u.raw().body());
    String newId = u.body().get("id").asText();
    assertProblem(app.post("/admin/users", admin, Map.of("email", email, "name", "Again", "role", "student")), 409);
    assertProblem(app.post("/admin/users", admin, Map.of("email", "not-an-email", "name", "X", "role", "wizard")), 400);
    Reply zoned = app.post("/admin/users", admin, Map.of("email", "z-" + email, "name", "Zoe", "role", "student",
        "time_zone", "Asia/Tokyo"));
    assertEquals("Asia/Tokyo", zoned.body().get("time_zone").asText());
    Reply badZone = app.post("/admin/users", admin, Map.of("email", "y-" + email, "name", "Y", "role", "student",
        "time_zone", "Mars/Olympus"));
    assertProblem(badZone, 400);
    assertEquals("time_zone", badZone.body().get("errors").get(0).get("field").asText());

    assertProblem(app.get("/progress/" + newId, tutor), 403);
    String tutorId = app.userId(tutor);
    assertEquals(201, app.post("/admin/links", admin, Map.of("kind", "tutor", "from_user_id", tutorId, "student_id", newId)).status());
    assertEquals(200, app.get("/progress/" + newId, tutor).status());
    assertProblem(app.post("/admin/links", admin, Map.of("kind", "parent", "from_user_id", tutorId, "student_id", newId)), 400);
  }

  @Test
  void itemRatingsMoveThroughTheProjection() throws Exception {
    Reply a = app.get("/practice/assign?subject=english", student);
    String itemId = a.body().get("question").get("id").asText();
    double start = itemRating(itemId);
    app.post("/practice/complete", student, Map.of("assignment_id", a.body().get("assignment_id").asText(), "give_up", true));
    // The student failed, so the item's rating rises; poll with a deadline (no fixed sleep).
    assertTrue(
        Eventually.await(Duration.ofSeconds(15), () -> itemRating(itemId) > start),
        "item rating rose after a failed attempt");
  }

  private double itemRating(String itemId) throws Exception {
    try (Connection c = DriverManager.getConnection(app.dbUrl(), "postgres", "");
        var ps = c.prepareStatement("SELECT rating FROM item_ratings WHERE item_id = ?")) {
      ps.setString(1, itemId);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        return rs.getDouble(1);
      }
    }
  }

  @Test
  void anOverrideCanOpenAThreadWithTheStudent() throws Exception {
    Reply o = app.post("/overrides", tutor, Map.of("student_id", studentId, "kind", "rating", "subject", "math",
        "value", 1100, "reason", "Let's revisit fractions first.", "open_thread", true));
    assertEquals(200, o.status(), o.raw().body());
    String threadId = o.body().get("thread_id").asText();
    assertTrue(app.get("/threads", student).raw().body().contains(threadId));
    Reply t = app.get("/threads/" + threadId, student);
    assertEquals(200, t.status());
    assertEquals("Let's revisit fractions first.", t.body().get("messages").get(0).get("body").asText());
    assertEquals(201, app.post("/threads/" + threadId + "/messages", student, Map.of("body", "Thanks!")).status());
    assertEquals(2, app.get("/threads/" + threadId, tutor).body().get("messages").size());
    assertEquals(2, app.get("/threads/" + threadId, admin).body().get("messages").size());
    assertProblem(app.get("/threads/" + threadId, student2), 404);
    assertProblem(app.post("/threads/" + threadId + "/messages", parent, Map.of("body", "hi")), 404);
    assertEquals("[]", app.get("/threads", parent).raw().body());
    assertFalse(app.get("/threads", student2).raw().body().contains(threadId));
    assertProblem(app.post("/threads/" + threadId + "/messages", student, Map.of("body", " ")), 400);
  }
}
