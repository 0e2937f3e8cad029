package ai.elevare.nudge;

import static org.junit.jupiter.api.Assertions.*;

import ai.elevare.core.Jdbc;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scanner over the real activity index (H2) with a test clock and a recording wake function:
 * due students are woken, others not; a student still due is not woken on every scan.
 */
class NudgeScannerTest {
  private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
  private static ActorTestKit kit;
  private static ExecutorService blocking;
  private NudgeIndex index;
  private TestClock clock;

  @BeforeAll
  static void start() {
    kit = ActorTestKit.create("NudgeScannerTest");
    blocking = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stop() {
    kit.shutdownTestKit();
    blocking.shutdownNow();
  }

  @BeforeEach
  void fresh() {
    index = new NudgeIndex(new Jdbc(NudgeTestDb.h2()));
    clock = new TestClock(T0);
  }

  @Test
  void indexUpsertsAndAnswersDueStudents() {
    index.upsertDue("a", T0.plusSeconds(10));
    index.upsertDue("b", T0.plusSeconds(5));
    index.upsertDue("c", null);
    assertEquals(List.of(), index.due(T0, 10));
    assertEquals(List.of("b", "a"), index.due(T0.plusSeconds(10), 10));
    index.upsertDue("a", T0.plus(Duration.ofDays(7)));
    assertEquals(List.of("b"), index.due(T0.plusSeconds(10), 10));
    assertEquals(T0.plus(Duration.ofDays(7)), index.dueAt("a").orElseThrow());
    assertTrue(index.dueAt("c").isEmpty());
    assertTrue(index.dueAt("nobody").isEmpty());
  }

  @Test
  void wakesDueStudentsOnceAsTheClockPasses() {
    index.upsertDue("s1", T0.plus(Duration.ofDays(7)));
    index.upsertDue("s2", T0.plus(Duration.ofDays(8)));
    TestProbe<String> woken = kit.createTestProbe();
    // a long interval: the test drives the scans itself with Tick
    ActorRef<NudgeScanner.Command> scanner =
        kit.spawn(
            NudgeScanner.create(
                now -> index.dueWithTimes(now, 100), clock, Duration.ofHours(1), blocking, woken.ref()::tell));

    scanner.tell(NudgeScanner.Tick.INSTANCE);
    woken.expectNoMessage(Duration.ofMillis(200));

    clock.advance(Duration.ofDays(7));
    scanner.tell(NudgeScanner.Tick.INSTANCE);
    assertEquals("s1", woken.receiveMessage(Duration.ofSeconds(3)));
    woken.expectNoMessage(Duration.ofMillis(200));

    // still due (the projection has not caught up): not woken again on the next scan
    scanner.tell(NudgeScanner.Tick.INSTANCE);
    woken.expectNoMessage(Duration.ofMillis(200));

    // the actor set a new due time, which passes too: woken again
    index.upsertDue("s1", T0.plus(Duration.ofDays(7)).plusSeconds(1));
    clock.advance(Duration.ofDays(1));
    scanner.tell(NudgeScanner.Tick.INSTANCE);
    ConcurrentLinkedQueue<String> got = new ConcurrentLinkedQueue<>();
    got.add(woken.receiveMessage(Duration.ofSeconds(3)));
    got.add(woken.receiveMessage(Duration.ofSeconds(3)));
    assertEquals(java.util.Set.of("s1", "s2"), java.util.Set.copyOf(got));
  }

  @Test
  void scansOnItsOwnTimer() {
    index.upsertDue("s1", T0);
    TestProbe<String> woken = kit.createTestProbe();
    kit.spawn(
        NudgeScanner.create(
            now -> index.dueWithTimes(now, 100), clock, Duration.ofMillis(100), blocking, woken.ref()::tell));
    assertEquals("s1", woken.receiveMessage(Duration.ofSeconds(3)));
  }

  @Test
  void aFailingQueryIsTriedAgainNextInterval() {
    TestProbe<String> woken = kit.createTestProbe();
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    kit.spawn(
        NudgeScanner.create(
            now -> {
              if (calls.incrementAndGet() == 1) throw new IllegalStateException("database down");
              return List.of(new NudgeScanner.Due("s9", T0));
            },
            clock,
            Duration.ofMillis(100),
            blocking,
            woken.ref()::tell));
    assertEquals("s9", woken.receiveMessage(Duration.ofSeconds(3)));
    assertTrue(calls.get() >= 2);
  }
}
