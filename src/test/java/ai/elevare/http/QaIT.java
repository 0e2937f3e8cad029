package ai.elevare.http;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.FakeOpenAiServer;
import ai.elevare.ai.FakeOpenAiServer.Reply;
import ai.elevare.testing.Eventually;
import ai.elevare.testing.TestApp;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Q&A as a student uses it: the built-in local model with no key (CAS for math, honest "low" for
 * off-topic), follow-ups, escalation into a thread the tutor answers; and the same flow through
 * openai-java against a fake OpenAI-compatible server, including a slow call that does not hold up
 * the student's practice.
 */
class QaIT {
  private static TestApp.Reply ask(TestApp app, String token, String question) throws Exception {
    TestApp.Reply r = app.post("/qa/query", token, Map.of("question", question));
    assertEquals(200, r.status(), r.raw().body());
    return r;
  }

  private static String label(TestApp.Reply r) {
    return r.body().get("confidence").get("label").asText();
  }

  @Test
  void localModelAnswersHonestlyAndEscalatesToTheTutor() throws Exception {
    try (TestApp app = new TestApp(Map.of("elevare.ai.provider", "local"))) {
      String student = app.login("student@demo.elevare");
      String tutor = app.login("tutor@demo.elevare");

      TestApp.Reply math = ask(app, student, "Solve 2x + 3 = 7");
      assertNotEquals("low", label(math), math.raw().body());
      assertTrue(math.body().get("answer").asText().contains("2"), math.raw().body());
      assertEquals("local", math.body().get("provider").asText());
      assertFalse(math.body().get("fallback").asBoolean());
      JsonNode factors = math.body().get("confidence").get("factors");
      double score = 0.4 * factors.get("self_assessment").asDouble() + 0.3 * factors.get("context_relevance").asDouble()
          + 0.2 * factors.get("query_clarity").asDouble() + 0.1 * factors.get("completeness").asDouble();
      assertEquals(score, math.body().get("confidence").get("score").asDouble(), 0.01);

      TestApp.Reply pct = ask(app, student, "What is 20% of 80?");
      assertTrue(pct.body().get("answer").asText().contains("16"), pct.raw().body());
      TestApp.Reply follow = ask(app, student, "and what if it were 15%?");
      assertTrue(follow.body().get("follow_up").asBoolean(), follow.raw().body());
      assertTrue(follow.body().get("answer").asText().contains("12"), follow.raw().body());

      TestApp.Reply offTopic = ask(app, student, "Who will win the football league next season?");
      assertEquals("low", label(offTopic));
      assertTrue(offTopic.body().get("escalation").get("required").asBoolean());

      // The low answer shows up as a flag on the tutor's view of the student.
      String studentId = app.userId(student);
      assertTrue(app.get("/progress/" + studentId, tutor).raw().body()
          .contains(offTopic.body().get("interaction_id").asText()));

      String interaction = math.body().get("interaction_id").asText();
      TestApp.Reply esc = app.post("/qa/" + interaction + "/escalate", student, "{}");
      assertEquals(201, esc.status(), esc.raw().body());
      String threadId = esc.body().get("thread_id").asText();
      assertEquals(threadId, app.post("/qa/" + interaction + "/escalate", student, "{}").body().get("thread_id").asText(),
          "escalating twice gives the same thread");
      TestApp.Reply thread = app.get("/threads/" + threadId, tutor);
      assertEquals(200, thread.status());
      assertTrue(thread.body().get("messages").get(0).get("body").asText().contains("Solve 2x + 3 = 7"));
      assertEquals(201, app.post("/threads/" + threadId + "/messages", tutor, Map.of("body", "Good, x = 2. Check by substituting.")).status());
      assertEquals(2, app.get("/threads/" + threadId, student).body().get("messages").size());

      String student2 = app.login("student2@demo.elevare");
      assertEquals(404, app.post("/qa/" + interaction + "/escalate", student2, "{}").status(), "not their answer");
      // student2 has no tutor: the required escalation goes to the admins, and no tutor sees it.
      TestApp.Reply toAdmins = app.post("/qa/" + ask(app, student2, "What is 3*7?").body().get("interaction_id").asText()
          + "/escalate", student2, "{}");
      assertEquals(201, toAdmins.status(), toAdmins.raw().body());
      String adminThread = toAdmins.body().get("thread_id").asText();
      TestApp.Reply seenByAdmin = app.get("/threads/" + adminThread, app.login("admin@demo.elevare"));
      assertEquals(200, seenByAdmin.status());
      assertTrue(seenByAdmin.body().get("messages").get(0).get("body").asText().contains("sent to the admins"));
      assertEquals(404, app.get("/threads/" + adminThread, tutor).status(), "not the tutor's student");
      assertEquals(403, app.post("/qa/query", tutor, Map.of("question", "What is 2+2?")).status());
      assertEquals(400, app.post("/qa/query", student, Map.of("question", "")).status());
      assertEquals(400, app.post("/qa/query", student, Map.of("question", "x".repeat(2001))).status());
      assertEquals(400, app.post("/qa/query", student, Map.of("question", "What is 2+2?", "subject", "astrology")).status());
    }
  }

  @Test
  void openAiCompatibleProviderRunsThroughTheSameFlow() throws Exception {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start();
        TestApp app = new TestApp(Map.of(
            "elevare.ai.provider", "openai",
            "elevare.ai.base-url", fake.baseUrl(),
            "elevare.ai.api-key", "test-key"))) {
      String student = app.login("student@demo.elevare");
      fake.byDefault(Reply.answer("Photosynthesis turns light energy into chemical energy stored in glucose.", 0.95, 0.9));
      TestApp.Reply r = ask(app, student, "What does photosynthesis produce in plants?");
      assertEquals("openai", r.body().get("provider").asText(), r.raw().body());
      assertFalse(r.body().get("fallback").asBoolean());
      assertTrue(r.body().get("answer").asText().startsWith("Photosynthesis turns light"));
      assertTrue(fake.requestCount() >= 1);
      // (the practice item writer may call the provider too: look for the question among the requests)
      assertTrue(fake.requests().stream().anyMatch(q -> q.body().toString().contains("What does photosynthesis produce")));

      // A failing provider: the local model answers, marked as a fallback.
      fake.byDefault(Reply.serverError());
      TestApp.Reply fb = ask(app, student, "What is 6*7?");
      assertTrue(fb.body().get("fallback").asBoolean(), fb.raw().body());
      assertEquals("local", fb.body().get("provider").asText());
      assertTrue(fb.body().get("answer").asText().contains("42"));

      // A slow provider does not hold up the student's practice: the entity keeps serving.
      fake.byDefault(Reply.after(Duration.ofSeconds(3), Reply.answer("Slow but sure.", 0.9, 0.9)));
      int before = fake.requestCount();
      CompletableFuture<TestApp.Reply> slow = CompletableFuture.supplyAsync(() -> {
        try {
          return ask(app, student, "Explain how enzymes speed up reactions in cells.");
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      // Once the call is in flight, practice answers while the question is still pending.
      assertTrue(Eventually.await(Duration.ofSeconds(5), () -> fake.requestCount() > before));
      TestApp.Reply assign = app.get("/practice/assign?subject=biology", student);
      assertEquals(200, assign.status());
      assertFalse(slow.isDone(), "the question is still waiting for the slow provider");
      assertEquals("Slow but sure.", slow.get(10, TimeUnit.SECONDS).body().get("answer").asText().split("\n")[0]);
    }
  }
}
