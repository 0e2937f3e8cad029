package ai.elevare.practice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.practice.math.Cas;
import ai.elevare.practice.math.CasHold;
import ai.elevare.practice.math.MathAnswerChecker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Answer checks through the engine: no thread of the blocking pool waits while the CAS works. */
class PracticeEngineTest {

  private static Cas cas;

  @BeforeAll
  static void start() {
    cas = Cas.create(1);
  }

  @AfterAll
  static void stop() {
    cas.close();
  }

  private static Question question(String checkAs, List<String> answers) {
    return new Question(
        "q1", "math", "algebra", "Simplify 2(x+2)", "expression", checkAs, List.of(), answers, List.of(), "",
        List.of(), 30_000, 1);
  }

  @Test
  void aCheckWaitingForTheCasLeavesTheBlockingPoolFree() throws Exception {
    // the blocking pool has one thread: if the check parked it, the probe below could not run
    ExecutorService blocking = Executors.newSingleThreadExecutor();
    try {
      PracticeEngine engine =
          new PracticeEngine(null, new AnswerChecker(new MathAnswerChecker(cas, Duration.ofSeconds(30))), blocking);
      CompletableFuture<AnswerChecker.Check> check;
      try (CasHold busy = CasHold.hold(cas)) {
        check = engine.check(question("expression", List.of("2*x+4")), "2(x+2)").toCompletableFuture();
        assertEquals("free", blocking.submit(() -> "free").get(30, TimeUnit.SECONDS));
        assertFalse(check.isDone());
      }
      AnswerChecker.Check result = check.get(30, TimeUnit.SECONDS);
      assertTrue(result.correct(), result.feedback());
    } finally {
      blocking.shutdownNow();
    }
  }

  @Test
  void theNextAcceptedAnswerIsTriedUnderTheSameDeadline() throws Exception {
    AnswerChecker checker = new AnswerChecker(new MathAnswerChecker(cas, Duration.ofSeconds(30)));
    AnswerChecker.Check second =
        checker.check(question("expression", List.of("3*x", "2*x+4")), "2(x+2)").toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertTrue(second.correct(), second.feedback());
    AnswerChecker.Check none =
        checker.check(question("expression", List.of("3*x", "5*x")), "2(x+2)").toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertFalse(none.correct());
  }

  @Test
  void choicesAndTextsNeedNoCas() {
    AnswerChecker checker = new AnswerChecker(new MathAnswerChecker(cas, Duration.ZERO));
    Question text = question("text", List.of("Photosynthesis"));
    assertTrue(checker.check(text, " photosynthesis. ").toCompletableFuture().join().correct());
    assertFalse(checker.check(text, "").toCompletableFuture().join().correct());
  }

  @Test
  void choiceAndTextAnswersAreJudgedOnTheCallersThreadMathOnThePool() throws Exception {
    AtomicInteger pooled = new AtomicInteger();
    ExecutorService blocking = Executors.newSingleThreadExecutor();
    Executor counting = r -> {
      pooled.incrementAndGet();
      blocking.execute(r);
    };
    try {
      PracticeEngine engine =
          new PracticeEngine(null, new AnswerChecker(new MathAnswerChecker(cas, Duration.ofSeconds(30))), counting);
      var text = engine.check(question("text", List.of("Photosynthesis")), "photosynthesis").toCompletableFuture();
      var blank = engine.check(question("expression", List.of("2*x+4")), " ").toCompletableFuture();
      assertTrue(text.isDone() && text.join().correct());
      assertTrue(blank.isDone() && !blank.join().correct());
      assertEquals(0, pooled.get(), "no hand-off for what needs no CAS");
      var math = engine.check(question("expression", List.of("2*x+4")), "2(x+2)").toCompletableFuture();
      assertTrue(math.get(30, TimeUnit.SECONDS).correct());
      assertEquals(1, pooled.get(), "the math check starts on the pool");
    } finally {
      blocking.shutdownNow();
    }
  }
}
