package ai.elevare.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.ai.FakeOpenAiServer.Reply;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real openai-java client against the fake server: wire format, parsing, error mapping. */
class OpenAiProviderTest {

  private static FakeOpenAiServer server;
  private static ExecutorService executor;
  private static OpenAiProvider provider;

  @BeforeAll
  static void start() {
    server = FakeOpenAiServer.start();
    executor = Executors.newFixedThreadPool(4);
    provider =
        new OpenAiProvider(
            AiSettings.defaults().withProvider("openai", server.baseUrl(), "test-key"), executor);
  }

  @AfterAll
  static void stop() {
    provider.close();
    executor.shutdownNow();
    server.close();
  }

  @BeforeEach
  void clear() {
    server.reset().byDefault(Reply.answer("default answer", 0.9, 0.9));
  }

  private static AiFailure failureOf(java.util.concurrent.CompletionStage<?> stage) {
    CompletionException e =
        assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
    return assertInstanceOf(AiFailure.class, e.getCause());
  }

  @Test
  void answersFromStructuredJsonAndSendsContextSummariesAndSchema() {
    server.then(Reply.answer("Photosynthesis turns light into sugar.", 0.8, 0.7));
    QaPrompt prompt =
        new QaPrompt(
            "and where does it happen?",
            "biology",
            List.of(new Turn("what is photosynthesis?", "It makes sugar from light.", "biology")),
            true,
            List.of("We reviewed cell organelles and chloroplasts."));

    AiAnswer a = provider.answer(prompt, Duration.ofSeconds(5)).toCompletableFuture().join();

    assertEquals("Photosynthesis turns light into sugar.", a.answer());
    assertEquals(0.8, a.selfAssessment(), 1e-9);
    assertEquals(0.7, a.completeness(), 1e-9);
    assertEquals("openai", a.provider());
    assertFalse(a.fallback());

    JsonNode req = server.requests().get(0).body();
    assertEquals("gpt-4o", req.path("model").asText());
    assertEquals(0.3, req.path("temperature").asDouble(), 1e-9);
    assertEquals(AiTask.QA.maxOutputTokens(), req.path("max_completion_tokens").asInt());
    assertEquals("json_schema", req.path("response_format").path("type").asText());
    assertTrue(
        req.path("response_format")
            .path("json_schema")
            .path("schema")
            .path("required")
            .toString()
            .contains("self_assessment"));
    JsonNode messages = req.path("messages");
    assertEquals(4, messages.size(), "system, previous question, previous answer, question");
    assertEquals("system", messages.get(0).path("role").asText());
    assertTrue(messages.get(0).path("content").asText().contains("chloroplasts"));
    assertTrue(messages.get(0).path("content").asText().contains("follows up"));
    assertEquals("what is photosynthesis?", messages.get(1).path("content").asText());
    assertEquals("assistant", messages.get(2).path("role").asText());
    assertEquals("and where does it happen?", messages.get(3).path("content").asText());
  }

  @Test
  void jsonObjectModeForServersWithoutSchemas() {
    OpenAiProvider plain =
        new OpenAiProvider(
            AiSettings.defaults()
                .withProvider("openai", server.baseUrl(), "")
                .withJsonSchema(false),
            executor);
    try {
      plain.answer(QaPrompt.of("what is a noun?", "english")).toCompletableFuture().join();
      JsonNode req = server.requests().get(0).body();
      assertEquals("json_object", req.path("response_format").path("type").asText());
    } finally {
      plain.close();
    }
  }

  @Test
  void completionUsesTheTaskModelAndTemperature() {
    server.then(Reply.content("Keep going, you are close to your goal!"));
    String text =
        provider
            .complete(AiTask.NUDGE, "Write a short nudge.", "Student: Ana", Duration.ofSeconds(5))
            .toCompletableFuture()
            .join();
    assertEquals("Keep going, you are close to your goal!", text);
    JsonNode req = server.requests().get(0).body();
    assertEquals("gpt-4o-mini", req.path("model").asText());
    assertEquals(0.7, req.path("temperature").asDouble(), 1e-9);
    assertTrue(req.path("response_format").isMissingNode());
  }

  @Test
  void rateLimitCarriesRetryAfter() {
    server.then(Reply.rateLimited(Duration.ofMillis(1500)));
    AiFailure f =
        failureOf(provider.answer(QaPrompt.of("what is 2+2", "math"), Duration.ofSeconds(5)));
    assertEquals(AiFailure.Kind.RATE_LIMITED, f.kind());
    assertEquals(429, f.status());
    assertEquals(Duration.ofMillis(1500), f.retryAfter().orElseThrow());
    assertTrue(f.retryable());
  }

  @Test
  void serverErrorIsRetryable() {
    server.then(Reply.serverError());
    AiFailure f = failureOf(provider.answer(QaPrompt.of("q", null), Duration.ofSeconds(5)));
    assertEquals(AiFailure.Kind.SERVER_ERROR, f.kind());
    assertEquals(500, f.status());
    assertTrue(f.retryable());
  }

  @Test
  void cutConnectionIsAnIoFailure() {
    server.byDefault(Reply.cut());
    AiFailure f = failureOf(provider.answer(QaPrompt.of("q", null), Duration.ofSeconds(5)));
    assertEquals(AiFailure.Kind.IO, f.kind());
    assertTrue(f.retryable());
  }

  @Test
  void bodyThatIsNotJsonIsMalformed() {
    server.then(Reply.malformedBody());
    AiFailure f = failureOf(provider.answer(QaPrompt.of("q", null), Duration.ofSeconds(5)));
    assertEquals(AiFailure.Kind.MALFORMED, f.kind());
    assertFalse(f.retryable());
  }

  @Test
  void contentThatIsNotTheAskedJsonIsMalformed() {
    server.then(Reply.content("Sure! The answer is 4."));
    AiFailure f = failureOf(provider.answer(QaPrompt.of("q", null), Duration.ofSeconds(5)));
    assertEquals(AiFailure.Kind.MALFORMED, f.kind());
  }

  @Test
  void slowAnswerTimesOutAtTheGivenTimeout() {
    server.then(Reply.after(Duration.ofSeconds(3), Reply.answer("late", 0.9, 0.9)));
    long t0 = System.nanoTime();
    AiFailure f = failureOf(provider.answer(QaPrompt.of("q", null), Duration.ofMillis(300)));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(AiFailure.Kind.IO, f.kind());
    assertTrue(ms < 2000, "gave up after " + ms + " ms");
  }
}
