package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.FakeOpenAiServer;
import ai.elevare.ai.FakeOpenAiServer.Reply;
import ai.elevare.testing.TestApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Abuse that worked before issue 15, each written as the attack first: every one must now get a
 * clear 4xx problem and change nothing, on PostgreSQL.
 */
class HardeningIT {
  private static FakeOpenAiServer fake;
  private static TestApp app;
  private static String student, tutor, admin, studentId;

  @BeforeAll
  static void start() throws Exception {
    fake = FakeOpenAiServer.start();
    app = new TestApp(Map.of(
        "elevare.ai.provider", "openai",
        "elevare.ai.base-url", fake.baseUrl(),
        "elevare.ai.api-key", "test-key",
        // held provider answers below must not reach the deadline, however slow the machine
        "elevare.ai.deadlines.qa", "120s"));
    student = app.login("student@demo.elevare");
    tutor = app.login("tutor@demo.elevare");
    admin = app.login("admin@demo.elevare");
    studentId = app.userId(student);
  }

  @AfterAll
  static void stop() {
    app.close();
    fake.close();
  }

  @Test
  void anOverrideValueThatWouldWrapIsRefusedAndTheActorKeepsServing() throws Exception {
    String before = app.get("/progress/" + studentId, tutor).raw().body();
    for (String value : List.of("4294967297", "-4294967295", "1e300", "10.5", "\"7\"")) {
      TestApp.Reply r = app.call("POST", "/overrides", tutor,
          "{\"student_id\":\"" + studentId + "\",\"kind\":\"difficulty\",\"subject\":\"math\",\"value\":" + value
              + ",\"reason\":\"try\"}");
      assertEquals(400, r.status(), value + ": " + r.raw().body());
      assertEquals("application/problem+json", r.contentType());
      assertEquals("value", r.body().get("errors").get(0).get("field").asText());
    }
    TestApp.Reply goal = app.call("POST", "/overrides", tutor,
        "{\"student_id\":\"" + studentId + "\",\"kind\":\"goal_progress\",\"goal_id\":\"" + java.util.UUID.randomUUID()
            + "\",\"value\":4294967296,\"reason\":\"try\"}");
    assertEquals(400, goal.status(), goal.raw().body());
    assertEquals(before, app.get("/progress/" + studentId, tutor).raw().body(), "nothing changed");
    TestApp.Reply ok = app.post("/overrides", tutor,
        Map.of("student_id", studentId, "kind", "difficulty", "subject", "math", "value", 4, "reason", "fine"));
    assertEquals(200, ok.status(), "the actor still serves at once: " + ok.raw().body());
  }

  @Test
  void textThatNoColumnCanHoldIsA400() throws Exception {
    List<String> tenLong = new ArrayList<>();
    for (int i = 0; i < 10; i++) tenLong.add(("answer " + i + " ").repeat(60).substring(0, 500));
    Map<String, Object> item = new java.util.HashMap<>(Map.of(
        "subject", "chemistry", "topic", "acids", "prompt", "Name an acid.", "answer_format", "text",
        "answers", tenLong, "hint", "Think of vinegar.", "explanation", "Acids donate protons.",
        "expected_time_ms", 30000, "difficulty", 3));
    TestApp.Reply items = app.post("/items", tutor, item);
    assertEquals(400, items.status(), items.raw().body());
    assertTrue(items.body().get("detail").asText().contains("answers"), items.raw().body());

    String goal = "{\"student_id\":\"" + studentId + "\",\"subject\":\"math\",\"target\":3,\"title\":";
    for (String title : List.of("\"nul\\u0000byte\"", "\"lone \\ud800 surrogate\"")) {
      TestApp.Reply r = app.call("POST", "/goals", tutor, goal + title + "}");
      assertEquals(400, r.status(), title + ": " + r.raw().body());
      assertEquals("title", r.body().get("errors").get(0).get("field").asText());
    }
    TestApp.Reply emoji = app.call("POST", "/goals", tutor, goal + "\"Ten 🧪 answers\"}");
    assertEquals(201, emoji.status(), "paired surrogates are fine: " + emoji.raw().body());
  }

  @Test
  void passwordsLongerThanBcryptTakesAreRefusedNot500() throws Exception {
    String seventyFourBytes = "é".repeat(37); // 37 characters, 74 bytes in UTF-8
    TestApp.Reply r = app.post("/admin/users", admin,
        Map.of("email", "long@demo.elevare", "name", "Long", "role", "student", "password", seventyFourBytes));
    assertEquals(400, r.status(), r.raw().body());
    assertTrue(r.body().get("detail").asText().contains("72 bytes"), r.raw().body());
    TestApp.Reply login = app.call("POST", "/auth/login", null,
        "{\"email\":\"student@demo.elevare\",\"password\":\"" + "x".repeat(100) + "\"}");
    assertEquals(400, login.status(), login.raw().body());
    TestApp.Reply exact = app.post("/admin/users", admin,
        Map.of("email", "exact@demo.elevare", "name", "Exact", "role", "student", "password", "é".repeat(36)));
    assertEquals(201, exact.status(), "72 bytes is fine: " + exact.raw().body());
  }

  @Test
  void aStudentCannotRewriteTheGoalTheirTutorSet() throws Exception {
    TestApp.Reply set = app.post("/goals", tutor,
        Map.of("student_id", studentId, "subject", "physics", "title", "Twenty physics answers", "target", 20));
    assertEquals(201, set.status(), set.raw().body());
    String goalId = set.body().get("id").asText();
    TestApp.Reply rewrite = app.call("PATCH", "/goals/" + goalId, student, "{\"target\":1,\"title\":\"Easy\"}");
    assertEquals(403, rewrite.status(), rewrite.raw().body());
    assertEquals("application/problem+json", rewrite.contentType());
    TestApp.Reply byTutor = app.call("PATCH", "/goals/" + goalId, tutor, "{\"target\":15}");
    assertEquals(200, byTutor.status(), byTutor.raw().body());
    assertEquals(15, byTutor.body().get("target").asInt());
    assertEquals("Twenty physics answers", byTutor.body().get("title").asText(), "the student's try changed nothing");

    TestApp.Reply own = app.post("/goals", student,
        Map.of("student_id", studentId, "subject", "biology", "title", "Five biology answers", "target", 5));
    assertEquals(201, own.status(), own.raw().body());
    TestApp.Reply mine = app.call("PATCH", "/goals/" + own.body().get("id").asText(), student, "{\"target\":6}");
    assertEquals(200, mine.status(), "their own goal: " + mine.raw().body());
  }

  @Test
  void aStudentMayHaveThreeAiCallsPendingNotMore() throws Exception {
    String other = app.login("student2@demo.elevare");
    CompletableFuture<Void> release = new CompletableFuture<>();
    // Students' questions are held; the practice item writer's calls are answered at once (with
    // nothing usable), so its deadlines never open the provider's circuit under the questions.
    fake.route("a study assistant", Reply.heldUntil(release, Reply.answer("Slowly: light becomes sugar.", 0.9, 0.9)))
        .byDefault(Reply.content("{}"));
    List<CompletableFuture<TestApp.Reply>> slow = new ArrayList<>();
    var threads = java.util.concurrent.Executors.newFixedThreadPool(4); // the common pool may have one thread
    List<String> questions = List.of(
        "What does photosynthesis produce in plants?",
        "Why do plants need sunlight to make their food?",
        "What does the heart pump around the human body?");
    for (String q : questions) slow.add(CompletableFuture.supplyAsync(() -> ask(student, q), threads));
    // (the practice item writer may call the provider too: wait for the questions themselves)
    for (String q : questions) fake.awaitRequests(q, 1, Duration.ofSeconds(30));
    TestApp.Reply fourth = ask(student, "What do the roots of a plant do for it?");
    assertEquals(429, fourth.status(), fourth.raw().body());
    assertNotNull(fourth.header("Retry-After"));
    assertEquals(0, fake.countRequests("roots of a plant"), "the refused question cost no provider call");
    CompletableFuture<TestApp.Reply> otherStudent =
        CompletableFuture.supplyAsync(() -> ask(other, "What does chlorophyll absorb in a plant?"), threads);
    fake.awaitRequests("chlorophyll", 1, Duration.ofSeconds(30)); // another student's question reaches the provider
    release.complete(null);
    assertEquals(200, otherStudent.get().status(), "another student is not limited");
    for (CompletableFuture<TestApp.Reply> f : slow) assertEquals(200, f.get().status());
    threads.shutdown();
    fake.byDefault(Reply.answer("Roots take up water and minerals.", 0.9, 0.9));
    assertEquals(200, ask(student, "What do the roots of a plant do for it?").status(), "free again");
  }

  private static TestApp.Reply ask(String token, String question) {
    try {
      return app.post("/qa/query", token, Map.of("question", question, "subject", "biology"));
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
