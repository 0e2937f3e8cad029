package ai.elevare.practice.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.practice.math.MathAnswerChecker.CheckResult;
import ai.elevare.practice.math.MathAnswerChecker.Form;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An answer check has one deadline for all its CAS work and never blocks its caller. A check whose deadline has
 * already passed shows what each kind of answer falls back to, without timing anything.
 */
class AnswerCheckDeadlineTest {

  private static final String TRY_AGAIN = "Your answer could not be checked right now; please try again.";

  private final Cas cas = SharedCas.get();
  private final MathAnswerChecker expired = new MathAnswerChecker(cas, Duration.ZERO);

  @Test
  void anEquivalentExpressionFallsBackToTheNumericProbe() {
    CheckResult r = expired.check("2*x+4", "expression", "2(x+2)");
    assertTrue(r.correct(), r.feedback());
    assertEquals("Correct: equivalent to 2x + 4.", r.feedback());
  }

  @Test
  void theFallbackStillAppliesTheRequiredForm() {
    CheckResult r = expired.check("x^2+5*x+6", "expression", "(x+2)(x+3)", Form.EXPANDED);
    assertFalse(r.correct());
    assertTrue(r.feedback().startsWith("Equivalent, but not expanded"), r.feedback());
  }

  @Test
  void answersDecidedWithoutTheCasAreUnaffected() {
    assertTrue(expired.check("1/2", "number", "0.5").correct());
    assertTrue(expired.check("{2,3}", "roots", "x=3 or x=2").correct());
    CheckResult wrong = expired.check("2*x+4", "expression", "2x+5");
    assertFalse(wrong.correct());
    assertTrue(wrong.feedback().startsWith("Off by a constant"), wrong.feedback());
  }

  @Test
  void aCheckThatNeedsTheCasAndHasNoStandInSaysTryAgain() {
    // two irrational numbers that agree numerically: only the CAS can say they are equal
    CheckResult number = expired.check("2*sqrt(2)", "number", "sqrt(8)");
    assertFalse(number.correct());
    assertEquals(TRY_AGAIN, number.feedback());
    CheckResult antiderivative = expired.check("x^3/3+C", "expression", "(x^3+1)/3 + C");
    assertEquals(TRY_AGAIN, antiderivative.feedback());
    // with time to spare the same answers are proved
    MathAnswerChecker checker = new MathAnswerChecker(cas);
    assertTrue(checker.check("2*sqrt(2)", "number", "sqrt(8)").correct());
    assertTrue(checker.check("x^3/3+C", "expression", "(x^3+1)/3 + C").correct());
  }

  @Test
  void allTheCasCallsOfACheckAreOneHandOver() {
    Cas.Limits limits = Cas.Limits.defaults();
    try (Cas own = Cas.create(1, Duration.ofSeconds(2), limits)) {
      MathAnswerChecker checker = new MathAnswerChecker(own, Duration.ofSeconds(30));
      long before = own.stats().completed();
      // proved by the second step (PowerExpand) after the first fails: two CAS calls, one hand-over
      CheckResult r = checker.check("2*ln(x)", "expression", "ln(x^2)");
      assertTrue(r.correct(), r.feedback());
      assertTrue(r.feedback().contains("x > 0"), r.feedback());
      assertEquals(before + 1, own.stats().completed());
    }
  }

  @Test
  void theCheckReturnsAtOnceWhileTheCasIsBusy() throws Exception {
    try (Cas own = Cas.create(1)) {
      MathAnswerChecker checker = new MathAnswerChecker(own, Duration.ofSeconds(30));
      CompletableFuture<CheckResult> pending;
      try (CasHold busy = CasHold.hold(own)) {
        // the only worker is held: a blocking check could not return here
        pending = checker.checkAsync("2*x+4", "expression", "2(x+2)", Form.ANY, checker.newDeadline()).toCompletableFuture();
        assertFalse(pending.isDone());
      }
      assertTrue(pending.join().correct());
    }
  }
}
