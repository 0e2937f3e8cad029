package ai.elevare.practice.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hand-over of a whole piece of CAS work to one worker, under one deadline. */
class CasWorkTest {

  private static final Duration LONG = Duration.ofSeconds(30);
  // one worker that is never written off: when it answers again, the previous work really ended
  private static Cas own;

  @BeforeAll
  static void start() {
    Cas.Limits neverReplaced = new Cas.Limits(20_000, 120, 4_000, 20_000, 1_000, 2_000, 50_000, 16, Duration.ofSeconds(1), 0);
    own = Cas.create(1, Duration.ofSeconds(2), neverReplaced);
  }

  @AfterAll
  static void stop() {
    own.close();
  }

  private static CasException failure(CompletionException e) {
    return (CasException) e.getCause();
  }

  @Test
  void severalCallsAreOneHandOver() {
    long before = own.stats().completed();
    // the second call uses the first one's result, on the same worker
    MathExpr derivative =
        own.run(
                cas -> {
                  MathExpr square = cas.evaluate("Expand((x+1)^2)");
                  return cas.evaluate("D(" + square.toSymja() + ",x)");
                },
                Deadline.after(LONG))
            .join();
    assertEquals("2*x+2", derivative.canonical());
    assertEquals(before + 1, own.stats().completed());
  }

  @Test
  void workPastItsDeadlineFailsWithTimeoutAndStopsAtItsNextCall() throws CasException {
    AtomicInteger calls = new AtomicInteger();
    // each call is quick; together they run for ever: only the shared deadline ends them
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () ->
                own.run(
                        cas -> {
                          while (true) {
                            cas.evaluate("Expand((x+" + calls.incrementAndGet() + ")^3)");
                          }
                        },
                        Deadline.after(Duration.ofMillis(200)))
                    .join());
    assertEquals(CasException.Kind.TIMEOUT, failure(e).kind());
    // the single worker serves again, so the endless work stopped at its next call
    assertEquals("2", own.evaluate("1+1", LONG));
    assertTrue(calls.get() >= 1);
  }

  @Test
  void workWhoseDeadlineHasPassedNeverStarts() {
    AtomicBoolean ran = new AtomicBoolean();
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () ->
                own.run(
                        cas -> {
                          ran.set(true);
                          return cas.evaluate("1+1");
                        },
                        Deadline.after(Duration.ZERO))
                    .join());
    assertEquals(CasException.Kind.TIMEOUT, failure(e).kind());
    assertFalse(ran.get());
  }

  @Test
  void inputsFromWorkAreScreenedLikeAnyOther() {
    CompletionException e =
        assertThrows(
            CompletionException.class,
            () -> own.run(cas -> cas.evaluate("ReadString(\"/etc/passwd\")"), Deadline.after(LONG)).join());
    assertEquals(CasException.Kind.INVALID_INPUT, failure(e).kind());
    CompletionException big =
        assertThrows(CompletionException.class, () -> own.run(cas -> cas.evaluate("9^9^9^9^9"), Deadline.after(LONG)).join());
    assertEquals(CasException.Kind.TOO_LARGE, failure(big).kind());
  }

  @Test
  void workWithoutASessionMustNotCallTheCas() {
    assertThrows(IllegalStateException.class, () -> Cas.Session.NONE.evaluate("1+1"));
  }
}
