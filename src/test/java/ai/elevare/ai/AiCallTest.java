package ai.elevare.ai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.ai.FakeOpenAiServer.Reply;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.CircuitBreaker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AiCall} with the real openai-java provider against the fake server, inside an actor test
 * kit: every fault still gets one reply within the deadline plus 200 ms, marked as fallback;
 * retries are bounded and honour Retry-After; the circuit opens and recovers.
 */
class AiCallTest {

  private static final Duration DEADLINE = Duration.ofMillis(600);
  // How long past the deadline a reply may take to arrive: generous, since a loaded CI machine (and a
  // cold JIT on the first call) can add seconds; a missing reply still fails, only later.
  private static final Duration SLACK = Duration.ofSeconds(5);

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
            "AiCallTest",
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
    openai =
        new OpenAiProvider(
            AiSettings.defaults().withProvider("openai", server.baseUrl(), "test-key"), executor);
    local =
        new LocalProvider(
            MathEngine.none(),
            KnowledgeIndex.build(
                List.of(
                    new KnowledgeDoc(
                        "bio-1",
                        "biology",
                        "photosynthesis",
                        "Photosynthesis is how plants turn light, water and carbon dioxide into "
                            + "glucose and oxygen. It happens in the chloroplasts."))),
            executor);
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
    server.reset().byDefault(Reply.answer("from openai", 0.9, 0.8));
    settings =
        AiSettings.defaults()
            .withDeadline(DEADLINE)
            .withRetry(new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(100), 0.2))
            .withBreaker(
                new AiSettings.BreakerSettings(
                    50, Duration.ofSeconds(5), Duration.ofMillis(400), Duration.ofMillis(400)));
  }

  private AiRuntime runtime() {
    return AiRuntime.of(
        settings, openai, local, AiBreakers.create(kit.system(), settings.breaker()));
  }

  private record Timed(AiCall.Result result, long millis) {}

  private Timed ask(AiRuntime rt, String question) {
    TestProbe<AiCall.Result> probe = kit.createTestProbe();
    long t0 = System.nanoTime();
    kit.spawn(AiCall.answer(rt, "call-1", QaPrompt.of(question, "biology"), probe.ref()));
    AiCall.Result r = probe.receiveMessage(rt.settings().deadline(AiTask.QA).plus(SLACK));
    long ms = (System.nanoTime() - t0) / 1_000_000;
    probe.expectNoMessage(Duration.ofMillis(50)); // exactly one reply
    return new Timed(r, ms);
  }

  @Test
  void healthyProviderAnswersWithoutFallback() {
    Timed t = ask(runtime(), "what is photosynthesis?");
    assertEquals("call-1", t.result().callId());
    assertEquals("from openai", t.result().answer().answer());
    assertEquals("openai", t.result().answer().provider());
    assertFalse(t.result().answer().fallback());
  }

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of("slow answer", Reply.after(Duration.ofSeconds(3), Reply.answer("late", 1, 1))),
        Arguments.of("HTTP 500", Reply.serverError()),
        Arguments.of(
            "HTTP 429 with a Retry-After past the deadline",
            Reply.rateLimited(Duration.ofSeconds(5))),
        Arguments.of("cut connection", Reply.cut()),
        Arguments.of("body is not JSON", Reply.malformedBody()),
        Arguments.of(
            "content is not the asked JSON", Reply.content("Sure, photosynthesis is cool.")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void everyFaultGetsAFallbackReplyWithinTheDeadline(String name, Reply fault) {
    server.byDefault(fault);
    Timed t = ask(runtime(), "what is photosynthesis?");
    AiAnswer a = t.result().answer();
    assertTrue(a.fallback(), name + " must be marked as fallback");
    assertEquals("local", a.provider());
    assertTrue(a.answer().contains("glucose"), "the local provider answered: " + a.answer());
    assertTrue(
        t.millis() <= DEADLINE.plus(SLACK).toMillis(),
        name + " replied after " + t.millis() + " ms");
  }

  @Test
  void retriesAServerErrorAndThenAnswers() {
    server.then(Reply.serverError(), Reply.cut());
    Timed t = ask(runtime(), "what is photosynthesis?");
    assertEquals("openai", t.result().answer().provider());
    assertFalse(t.result().answer().fallback());
    assertEquals(3, server.requestCount());
  }

  @Test
  void retriesAreBounded() {
    settings = settings.withDeadline(Duration.ofSeconds(3));
    server.byDefault(Reply.serverError());
    Timed t = ask(runtime(), "what is photosynthesis?");
    assertTrue(t.result().answer().fallback());
    assertEquals(3, server.requestCount(), "one attempt and two retries");
    assertTrue(t.millis() < 1500, "fell back once the retries were spent, not at the deadline");
  }

  @Test
  void malformedOutputIsNotRetried() {
    server.byDefault(Reply.content("not json"));
    Timed t = ask(runtime(), "what is photosynthesis?");
    assertTrue(t.result().answer().fallback());
    assertEquals(1, server.requestCount());
  }

  @Test
  void honoursRetryAfterOn429() {
    settings = settings.withDeadline(Duration.ofSeconds(3));
    server.then(Reply.rateLimited(Duration.ofMillis(400)));
    Timed t = ask(runtime(), "what is photosynthesis?");
    assertEquals("openai", t.result().answer().provider());
    List<FakeOpenAiServer.Received> got = server.requests();
    assertEquals(2, got.size());
    long gapMs = (got.get(1).atNanos() - got.get(0).atNanos()) / 1_000_000;
    // our own backoff would be 20 ms: only the Retry-After explains the gap
    assertTrue(gapMs >= 400, "retried after " + gapMs + " ms");
    assertTrue(gapMs < 1000, "retried after " + gapMs + " ms");
  }

  @Test
  void retryAfterPastTheDeadlineFallsBackAtOnce() {
    server.byDefault(Reply.rateLimited(Duration.ofSeconds(30)));
    Timed t = ask(runtime(), "what is photosynthesis?");
    assertTrue(t.result().answer().fallback());
    assertEquals(1, server.requestCount());
    assertTrue(t.millis() < DEADLINE.toMillis(), "waited " + t.millis() + " ms for nothing");
  }

  @Test
  void unparseableAnswersDoNotOpenTheCircuit() {
    // A prompt-injected question can make the model answer garbage; that is not the provider being
    // down, so it must not open the breaker for every other student on the node.
    // A long deadline: here a timeout on a loaded machine would be a fault that rightly counts.
    settings =
        settings
            .withDeadline(Duration.ofSeconds(10))
            .withRetry(RetryPolicy.none())
            .withBreaker(
                new AiSettings.BreakerSettings(
                    3, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30)));
    AiRuntime rt = runtime();
    CircuitBreaker breaker = rt.primaryBreaker();
    server.byDefault(Reply.content("<answer>I have been told to ignore the format</answer>"));
    for (int i = 0; i < 6; i++) {
      assertTrue(ask(rt, "what is photosynthesis?").result().answer().fallback());
    }
    assertTrue(breaker.isClosed(), "six unparseable answers left the breaker closed");
    assertEquals(0, breaker.currentFailureCount());
    server.byDefault(Reply.status(400));
    for (int i = 0; i < 4; i++) ask(rt, "what is photosynthesis?");
    assertTrue(breaker.isClosed(), "a 400 is our request's fault, not the provider's");
    assertEquals(10, server.requestCount(), "every call reached the provider");
    server.byDefault(Reply.serverError());
    for (int i = 0; i < 3; i++) ask(rt, "what is photosynthesis?");
    assertTrue(breaker.isOpen(), "5xx still count");
  }

  @Test
  void circuitOpensAfterRepeatedFailuresAndRecovers() {
    settings =
        settings
            .withRetry(RetryPolicy.none())
            .withBreaker(
                new AiSettings.BreakerSettings(
                    3, Duration.ofSeconds(5), Duration.ofMillis(500), Duration.ofMillis(500)));
    AiRuntime rt = runtime();
    CircuitBreaker breaker = rt.primaryBreaker();
    server.byDefault(Reply.serverError());
    for (int i = 0; i < 3; i++) {
      assertTrue(ask(rt, "what is photosynthesis?").result().answer().fallback());
    }
    assertTrue(breaker.isOpen());
    assertEquals(3, server.requestCount());

    // open: the provider is not called at all, the fallback answers at once
    Timed fast = ask(rt, "what is photosynthesis?");
    assertTrue(fast.result().answer().fallback());
    assertEquals(3, server.requestCount());
    assertTrue(
        fast.millis() < DEADLINE.toMillis() / 2, "open circuit took " + fast.millis() + " ms");

    // after the reset timeout one trial call goes through; it succeeds and closes the circuit
    server.byDefault(Reply.answer("back again", 0.9, 0.9));
    kit.createTestProbe()
        .awaitAssert(
            Duration.ofSeconds(2),
            () -> {
              assertTrue(breaker.isHalfOpen());
              return null;
            });
    Timed back = ask(rt, "what is photosynthesis?");
    assertEquals("back again", back.result().answer().answer());
    assertFalse(back.result().answer().fallback());
    assertTrue(breaker.isClosed());
  }

  @Test
  void failingFallbackStillRepliesUnavailable() {
    ExecutorService dead = Executors.newSingleThreadExecutor();
    dead.shutdownNow();
    LocalProvider broken = new LocalProvider(MathEngine.none(), KnowledgeIndex.empty(), dead);
    server.byDefault(Reply.serverError());
    AiRuntime rt =
        AiRuntime.of(settings, openai, broken, AiBreakers.create(kit.system(), settings.breaker()));
    Timed t = ask(rt, "what is photosynthesis?");
    assertEquals("none", t.result().answer().provider());
    assertTrue(t.result().answer().fallback());
    assertEquals(0.0, t.result().answer().selfAssessment());
  }

  @Test
  void aGatewayThatThrowsNeverCrashesTheCall() {
    AiGateway throwing =
        new AiGateway() {
          @Override
          public CompletionStage<AiAnswer> answer(QaPrompt prompt, Duration timeout) {
            throw new IllegalStateException("bug in a provider");
          }

          @Override
          public CompletionStage<String> complete(AiTask t, String s, String u, Duration d) {
            throw new IllegalStateException("bug in a provider");
          }

          @Override
          public String providerName() {
            return "throwing";
          }
        };
    AiRuntime rt =
        AiRuntime.of(
            settings, throwing, local, AiBreakers.create(kit.system(), settings.breaker()));
    TestProbe<AiCall.Result> probe = kit.createTestProbe();
    ActorRef<AiCall.Command> call =
        kit.spawn(
            AiCall.answer(rt, "c", QaPrompt.of("what is photosynthesis?", null), probe.ref()));
    AiCall.Result r = probe.receiveMessage(DEADLINE.plus(SLACK));
    assertTrue(r.answer().fallback());
    assertEquals("local", r.answer().provider());
    probe.expectTerminated(call, Duration.ofSeconds(1));
  }

  @Test
  void completionFallsBackToLocalSummaryOrReportsNoText() {
    server.byDefault(Reply.serverError());
    AiRuntime rt = runtime();
    TestProbe<AiCall.TextResult> probe = kit.createTestProbe();
    String transcript =
        "Tutor: Today we balanced chemical equations with coefficients. "
            + "Student: I kept changing the subscripts of the formulas. "
            + "Tutor: Balancing changes only coefficients, never subscripts of formulas. "
            + "Tutor: Next time we practice balancing combustion equations.";
    kit.spawn(AiCall.complete(rt, "s-1", AiTask.SUMMARY, "Summarize.", transcript, probe.ref()));
    AiCall.TextResult summary = probe.receiveMessage(DEADLINE.plus(SLACK));
    assertTrue(summary.available());
    assertTrue(summary.fallback());
    assertEquals("local", summary.provider());
    assertTrue(summary.text().contains("coefficients"), summary.text());

    kit.spawn(AiCall.complete(rt, "n-1", AiTask.NUDGE, "Write a nudge.", "Ana", probe.ref()));
    AiCall.TextResult nudge = probe.receiveMessage(DEADLINE.plus(SLACK));
    assertFalse(
        nudge.available(), "the local provider writes no nudges: the caller's template does");
    assertNull(nudge.text());
    assertEquals("none", nudge.provider());
  }

  @Test
  void localOnlyRuntimeAnswersWithoutFallbackFlag() {
    AiRuntime rt =
        AiRuntime.of(settings, local, local, AiBreakers.create(kit.system(), settings.breaker()));
    Timed t = ask(rt, "where does photosynthesis happen?");
    assertEquals("local", t.result().answer().provider());
    assertFalse(t.result().answer().fallback());
  }

  @Test
  void repliesSurviveCborSerialization() {
    AiCall.Result r = new AiCall.Result("id-1", new AiAnswer("a", "o", 0.5, 0.25, "openai", true));
    assertEquals(r, kit.serializationTestKit().verifySerialization(r, true));
    AiCall.TextResult t = new AiCall.TextResult("id-2", null, "none", true);
    assertEquals(t, kit.serializationTestKit().verifySerialization(t, true));
    QaPrompt p = new QaPrompt("q", null, List.of(new Turn("a", "b", "math")), true, List.of("s"));
    assertEquals(p, kit.serializationTestKit().verifySerialization(p, true));
  }
}
