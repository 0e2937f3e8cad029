package ai.elevare.summary;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.ai.AiBreakers;
import ai.elevare.ai.AiRuntime;
import ai.elevare.ai.AiSettings;
import ai.elevare.ai.BankCorpus;
import ai.elevare.summary.SessionSummaryEntity.Command;
import ai.elevare.summary.SessionSummaryEntity.Event;
import ai.elevare.summary.SessionSummaryEntity.State;
import ai.elevare.testing.Eventually;
import com.typesafe.config.ConfigFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The summary entity on the in-memory journal, with a real worker and the local summarizer: the
 * testkit round-trips every command, event and state through Jackson CBOR, and restart() replays
 * the journal. The listener records its calls and fails when told to.
 */
class SessionSummaryEntityTest {
  static final ActorTestKit testKit =
      ActorTestKit.create(
          EventSourcedBehaviorTestKit.config()
              .withFallback(ConfigFactory.parseResources("serialization.conf"))
              .withFallback(ConfigFactory.defaultReference())
              .resolve());
  static final TranscriptSummarizer SUMMARIZER = new TranscriptSummarizer(DomainVocabulary.build(BankCorpus.load()));
  static final Executor BLOCKING = ForkJoinPool.commonPool();

  static final SummarySettings SETTINGS =
      new SummarySettings(
          "secret", Duration.ofMinutes(5), List.of(), 65536, Duration.ofSeconds(5), 3, false, 3,
          Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(200),
          Duration.ofSeconds(30), 2, 100);

  @AfterAll
  static void stop() {
    testKit.shutdownTestKit();
  }

  /** Records every hand-over; fails the first {@code failFirst} (or all while {@code failing}). */
  static final class RecordingListener implements SummaryListener {
    final List<SummaryFacts> calls = new CopyOnWriteArrayList<>();
    volatile int failFirst;
    volatile boolean failing;

    @Override
    public java.util.concurrent.CompletionStage<Done> summaryReady(SummaryFacts facts) {
      calls.add(facts);
      if (failing || calls.size() <= failFirst) {
        return CompletableFuture.failedFuture(new IllegalStateException("student actor unavailable"));
      }
      return CompletableFuture.completedFuture(Done.getInstance());
    }
  }

  private static AiRuntime localRuntime() {
    SummaryGateways.Local local = new SummaryGateways.Local(SUMMARIZER, "math", "", BLOCKING);
    AiSettings settings = AiSettings.defaults();
    return AiRuntime.of(settings, local, local, AiBreakers.create(testKit.system(), settings.breaker()));
  }

  private static EventSourcedBehaviorTestKit<Command, Event, State> kit(
      String sessionId, TranscriptSource source, SummaryListener listener) {
    SessionSummaryEntity.Deps deps =
        new SessionSummaryEntity.Deps(
            new SummaryWorker.Generation(source, SUMMARIZER, localRuntime(), BLOCKING),
            listener, SETTINGS, Clock.systemUTC());
    return EventSourcedBehaviorTestKit.create(testKit.system(), SessionSummaryEntity.create(sessionId, deps));
  }

  private static SessionSummaryEntity.Request request(String sessionId, String studentId, String subject) {
    return new SessionSummaryEntity.Request(
        sessionId, SummaryIds.forSession(sessionId), studentId, "tutor-1", subject, null,
        Instant.parse("2026-12-01T16:00:00Z"), Instant.parse("2026-12-01T16:55:00Z"));
  }

  private static State awaitState(
      EventSourcedBehaviorTestKit<Command, Event, State> kit, java.util.function.Predicate<State> p) throws Exception {
    java.util.concurrent.atomic.AtomicReference<State> last = new java.util.concurrent.atomic.AtomicReference<>();
    assertTrue(Eventually.await(Duration.ofSeconds(10), () -> {
      last.set(kit.getState());
      return p.test(last.get());
    }), "state never matched: " + last.get());
    return last.get();
  }

  private static SessionSummaryEntity.ReceiveReply receive(
      EventSourcedBehaviorTestKit<Command, Event, State> kit, SessionSummaryEntity.Request r) {
    return kit.<SessionSummaryEntity.ReceiveReply>runCommand(replyTo -> new SessionSummaryEntity.Receive(r, replyTo)).reply();
  }

  @Test
  void aDeliveryBecomesReadyAndReachesTheStudentOnceAcknowledged() throws Exception {
    RecordingListener listener = new RecordingListener();
    listener.failFirst = 2;
    var kit = kit("s-ready", (id, url) -> TranscriptSummarizerTest.fixture("chemistry-limiting-reactant.txt"), listener);
    var first = receive(kit, request("s-ready", "student-1", "chemistry"));
    assertEquals(new SessionSummaryEntity.Accepted(SummaryIds.forSession("s-ready"), "pending", true), first);

    State s = awaitState(kit, st -> st.status() == SessionSummaryEntity.Status.READY && st.delivered());
    assertTrue(s.content().keyTopics().contains("limiting reactant"), s.content().keyTopics().toString());
    assertEquals("local", s.provider());
    assertEquals(3, listener.calls.size(), "failed twice, acknowledged the third time");
    SummaryFacts facts = listener.calls.get(2);
    assertEquals("student-1", facts.studentId());
    assertEquals("s-ready", facts.sessionId());
    assertEquals(SummaryIds.forSession("s-ready"), facts.summaryId());
    assertEquals("chemistry", facts.subject());
    assertEquals(s.content().nextSteps(), facts.nextSteps());
    assertEquals(s.content().narrative(), facts.narrative());

    // a retried delivery: same id, nothing persisted
    var again = kit.<SessionSummaryEntity.ReceiveReply>runCommand(
        replyTo -> new SessionSummaryEntity.Receive(request("s-ready", "student-1", "chemistry"), replyTo));
    assertEquals(new SessionSummaryEntity.Accepted(SummaryIds.forSession("s-ready"), "ready", false), again.reply());
    assertTrue(again.events().isEmpty());
    var other = receive(kit, request("s-ready", "student-2", "chemistry"));
    assertInstanceOf(SessionSummaryEntity.Conflict.class, other);

    // after a restart nothing is handed over twice
    kit.restart();
    assertEquals(3, listener.calls.size());
  }

  @Test
  void anUnacknowledgedSummaryIsHandedOverAgainAfterRecovery() throws Exception {
    RecordingListener listener = new RecordingListener();
    listener.failing = true;
    var kit = kit("s-redeliver", (id, url) -> TranscriptSummarizerTest.fixture("math-quadratics.txt"), listener);
    receive(kit, request("s-redeliver", "student-1", "math"));
    awaitState(kit, st -> st.status() == SessionSummaryEntity.Status.READY);
    assertTrue(Eventually.await(Duration.ofSeconds(5), () -> listener.calls.size() >= 2), "retried while failing");
    assertFalse(kit.getState().delivered());

    listener.failing = false;
    int before = listener.calls.size();
    kit.restart(); // recovery finds a ready summary not yet acknowledged
    State s = awaitState(kit, State::delivered);
    assertTrue(listener.calls.size() > before);
    assertEquals(SessionSummaryEntity.Status.READY, s.status());
  }

  @Test
  void transientFailuresAreRetriedWithBackoffThenSucceed() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    TranscriptSource flaky = (id, url) -> {
      if (loads.incrementAndGet() <= 2) throw new TranscriptFetcher.FetchException("the transcript URL answered HTTP 503", true);
      return TranscriptSummarizerTest.fixture("english-thesis-statements.txt");
    };
    var kit = kit("s-flaky", flaky, new RecordingListener());
    receive(kit, request("s-flaky", "student-1", "english"));
    State s = awaitState(kit, st -> st.status() == SessionSummaryEntity.Status.READY);
    assertEquals(3, s.attempts());
    assertEquals(3, loads.get());
  }

  @Test
  void persistentFailuresEndFailedWithTheReasonAfterBoundedAttempts() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    TranscriptSource down = (id, url) -> {
      loads.incrementAndGet();
      throw new TranscriptFetcher.FetchException("the transcript URL did not answer in time", true);
    };
    var kit = kit("s-down", down, new RecordingListener());
    receive(kit, request("s-down", "student-1", "math"));
    State s = awaitState(kit, st -> st.status() == SessionSummaryEntity.Status.FAILED);
    assertEquals(3, loads.get());
    assertEquals("gave up after 3 attempts: the transcript URL did not answer in time", s.reason());

    var refused = kit("s-refused", (id, url) -> {
      throw new TranscriptFetcher.FetchException("host 10.0.0.5 is not on the transcript allow-list", false);
    }, new RecordingListener());
    receive(refused, request("s-refused", "student-1", "math"));
    State r = awaitState(refused, st -> st.status() == SessionSummaryEntity.Status.FAILED);
    assertEquals(1, r.attempts(), "a refusal is not retried");
    assertEquals("host 10.0.0.5 is not on the transcript allow-list", r.reason());
    assertEquals("failed", receive(refused, request("s-refused", "student-1", "math")) instanceof SessionSummaryEntity.Accepted a ? a.status() : null);
  }

  @Test
  void aGenerationInterruptedByARestartRunsAgain() throws Exception {
    java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    TranscriptSource slow = (id, url) -> {
      if (loads.incrementAndGet() == 1) {
        try {
          hold.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return TranscriptSummarizerTest.fixture("math-quadratics.txt");
    };
    var kit = kit("s-restart", slow, new RecordingListener());
    receive(kit, request("s-restart", "student-1", "math"));
    awaitState(kit, st -> st.status() == SessionSummaryEntity.Status.GENERATING);
    kit.restart();
    State s = awaitState(kit, st -> st.status() == SessionSummaryEntity.Status.READY);
    assertEquals(1, s.attempts(), "the interrupted attempt ran again, it did not count as a failure");
    assertEquals(2, loads.get());
    hold.countDown();
  }
}
