package ai.elevare.nudge;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.AiBreakers;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiSettings;
import ai.elevare.ai.FakeOpenAiServer;
import ai.elevare.ai.FakeOpenAiServer.Reply;
import ai.elevare.ai.KnowledgeIndex;
import ai.elevare.ai.LocalProvider;
import ai.elevare.ai.OpenAiProvider;
import ai.elevare.ai.RetryPolicy;
import ai.elevare.nudge.NudgeFacts.GoalFact;
import ai.elevare.nudge.NudgeFacts.SubjectFact;
import ai.elevare.nudge.NudgeWriter.Request;
import ai.elevare.nudge.NudgeWriter.Written;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nudge text as an AI child, with the real openai-java client against the fake server: a
 * usable answer is used; a down, slow, unsupported or unusable provider gives the template, marked
 * as fallback, within the deadline.
 */
class NudgeWriterTest {
  private static final Duration DEADLINE = Duration.ofMillis(500);
  private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");
  private static ActorTestKit kit;
  private static FakeOpenAiServer server;
  private static ExecutorService executor;
  private static OpenAiProvider openai;
  private static LocalProvider local;
  private AiSettings settings;

  @BeforeAll
  static void start() {
    kit =
        ActorTestKit.create(
            "NudgeWriterTest",
            ConfigFactory.parseString(
                """
                pekko.actor.serialize-messages = on
                pekko.actor.allow-java-serialization = off
                pekko.actor.serialization-bindings {
                  "ai.elevare.core.CborSerializable" = jackson-cbor
                }
                """));
    server = FakeOpenAiServer.start();
    executor = Executors.newCachedThreadPool();
    openai = new OpenAiProvider(AiSettings.defaults().withProvider("openai", server.baseUrl(), "test-key"), executor);
    local = new LocalProvider(q -> Optional.empty(), KnowledgeIndex.empty(), executor);
    // the client's first call loads its classes (OkHttp, Kotlin): pay that outside the deadlines
    server.byDefault(Reply.content("warm-up"));
    openai.complete(ai.elevare.ai.AiTask.NUDGE, "s", "u", Duration.ofSeconds(30)).toCompletableFuture().join();
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
    openai.close();
    server.close();
    executor.shutdownNow();
  }

  @BeforeEach
  void fresh() {
    server.reset();
    settings =
        AiSettings.defaults()
            .withDeadline(DEADLINE)
            .withRetry(new RetryPolicy(1, Duration.ofMillis(20), Duration.ofMillis(50), 0.2));
  }

  private AiRuntime openAi() {
    return AiRuntime.of(settings, openai, local, AiBreakers.create(kit.system(), settings.breaker()));
  }

  private AiRuntime localOnly() {
    return AiRuntime.of(settings, local, local, AiBreakers.create(kit.system(), settings.breaker()));
  }

  private static Request inactivityWithStep() {
    NudgeFacts facts =
        new NudgeFacts(
            ZoneId.of("UTC"),
            NOW.minus(Duration.ofDays(9)),
            null,
            Map.of("physics", new SubjectFact(1100, 12)),
            List.of(new GoalFact("g1", "physics", "Forces", 10, 7, "active", null)),
            List.of("Revise Newton's second law."));
    NudgeDecision.Send send =
        new NudgeDecision.Send(
            NudgeKind.INACTIVITY, new NudgeTarget("physics", null, "g1", "Forces", "Revise Newton's second law."), "");
    return new Request(send, facts, NOW);
  }

  private Written write(AiRuntime rt, Request r) {
    TestProbe<Written> probe = kit.createTestProbe();
    kit.spawn(NudgeWriter.write(rt, "call-1", r, probe.ref()));
    Written w = probe.receiveMessage(DEADLINE.plus(Duration.ofSeconds(2)));
    probe.expectNoMessage(Duration.ofMillis(50)); // exactly one reply
    return w;
  }

  @Test
  void usesTheModelsTextWhenItIsUsable() {
    server.byDefault(Reply.content("\"Newton's second law is waiting for you: ten minutes of physics today!\""));
    Written w = write(openAi(), inactivityWithStep());
    assertEquals("Newton's second law is waiting for you: ten minutes of physics today!", w.message());
    assertFalse(w.fallback());
    assertEquals("openai", w.provider());
    assertEquals("call-1", w.callId());
    // the prompt carries the facts the text should use, and asks the cheap model
    String body = server.requests().get(0).body().toString();
    assertTrue(body.contains("Revise Newton's second law."), body);
    assertTrue(body.contains("9 days"), body);
    assertTrue(body.contains("Forces (Physics, 7/10)"), body);
    assertTrue(body.contains("gpt-4o-mini"), body);
  }

  @Test
  void aiDownGivesTheTemplate() {
    server.byDefault(Reply.serverError());
    Written w = write(openAi(), inactivityWithStep());
    assertTrue(w.fallback());
    assertEquals("template", w.provider());
    assertEquals(
        "It's been 9 days since your last practice. Your tutor's next step for you: Revise Newton's second law."
            + " Ten minutes today is a great start!",
        w.message());
  }

  @Test
  void aiTooSlowGivesTheTemplateWithinTheDeadline() {
    server.byDefault(Reply.after(Duration.ofSeconds(3), Reply.content("Too late to matter, sadly.")));
    long t0 = System.nanoTime();
    Written w = write(openAi(), inactivityWithStep());
    assertTrue(w.fallback());
    assertEquals("template", w.provider());
    assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(DEADLINE.plus(Duration.ofMillis(700))) < 0);
  }

  @Test
  void localProviderWritesNoNudgesSoTheTemplate() {
    Written w = write(localOnly(), inactivityWithStep());
    assertTrue(w.fallback());
    assertEquals("template", w.provider());
    assertEquals(0, server.requestCount());
  }

  @Test
  void unusableTextsGiveTheTemplate() {
    server.byDefault(Reply.content("Click https://evil.example to continue!"));
    assertEquals("template", write(openAi(), inactivityWithStep()).provider());
    server.reset().byDefault(Reply.content("Hi"));
    assertEquals("template", write(openAi(), inactivityWithStep()).provider());
  }

  @Test
  void templatesPerKind() {
    NudgeFacts facts = new NudgeFacts(ZoneId.of("UTC"), NOW.minusSeconds(30), null, null, null, null);
    String goal =
        NudgeWriter.templateText(
            new Request(
                new NudgeDecision.Send(
                    NudgeKind.GOAL_COMPLETED, new NudgeTarget("physics", "math", "g", "Fractions", null), "g"),
                facts,
                NOW));
    assertEquals(
        "Congratulations on reaching your goal \"Fractions\"! Physics builds on what you practised in Math:"
            + " why not try a few questions?",
        goal);
    String cross =
        NudgeWriter.templateText(
            new Request(
                new NudgeDecision.Send(
                    NudgeKind.CROSS_SUBJECT, new NudgeTarget("chemistry", "math", null, null, null), "chemistry"),
                facts,
                NOW));
    assertTrue(cross.startsWith("You're doing really well in Math. Chemistry"), cross);
    String shortSpell =
        NudgeWriter.templateText(
            new Request(
                new NudgeDecision.Send(NudgeKind.INACTIVITY, new NudgeTarget(null, null, null, null, null), ""),
                facts,
                NOW));
    assertEquals(
        "It's been a little while since your last practice. A few questions today will get you back on track.",
        shortSpell);
  }

  @Test
  void longTextsAreCutAtASentenceEnd() {
    String longText = "Keep going with physics today. ".repeat(20);
    String cleaned = NudgeWriter.clean(longText);
    assertNotNull(cleaned);
    assertTrue(cleaned.length() <= NudgeWriter.MAX_CHARS);
    assertTrue(cleaned.endsWith("."));
  }
}
