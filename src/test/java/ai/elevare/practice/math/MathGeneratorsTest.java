package ai.elevare.practice.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.practice.math.MathAnswerChecker.CheckResult;
import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Bracket;
import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Mul;
import ai.elevare.practice.math.MathExpr.Seq;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Property-style checks over many seeds and every difficulty of every topic. */
class MathGeneratorsTest {

  private static final int SEEDS = 10;
  private static final MathGenerators GENERATORS = new MathGenerators(SharedCas.get());
  private final MathAnswerChecker checker = new MathAnswerChecker(SharedCas.get());

  static Stream<Arguments> topicsAndDifficulties() {
    List<Arguments> out = new ArrayList<>();
    for (MathGenerators.TopicInfo t : GENERATORS.topicInfo()) {
      for (int d = t.minDifficulty(); d <= t.maxDifficulty(); d++) {
        out.add(Arguments.of(t.id(), d));
      }
    }
    return out.stream();
  }

  @Test
  void coversTheTopicsOfTheSpec() {
    assertEquals(List.of("integer-arithmetic", "fraction-arithmetic", "order-of-operations", "percentages", "linear-equations",
        "linear-systems", "expanding-polynomials", "factoring-polynomials", "quadratic-equations", "exponents-and-logarithms",
        "derivatives", "integrals"), GENERATORS.topics());
    for (int d = 1; d <= 10; d++) {
      assertFalse(GENERATORS.topicsFor(d).isEmpty(), "difficulty " + d);
    }
  }

  @ParameterizedTest(name = "{0} at difficulty {1}")
  @MethodSource("topicsAndDifficulties")
  void generatedProblemsAreVerifiedAndCheckable(String topic, int difficulty) throws CasException {
    Set<String> prompts = new HashSet<>();
    for (long seed = 0; seed < SEEDS; seed++) {
      MathProblem p = GENERATORS.generate(topic, difficulty, seed * 7_919 + difficulty);
      String where = p.id() + " " + p.prompt() + " -> " + p.answer();
      prompts.add(p.prompt());
      assertEquals("math:" + topic + ":" + difficulty + ":" + (seed * 7_919 + difficulty), p.id());
      assertEquals(topic, p.topic());
      assertEquals(difficulty, p.difficulty());
      assertTrue(p.prompt().chars().allMatch(c -> c < 128), "ASCII prompt: " + where);
      assertTrue(p.hints().size() >= 3, where);
      assertFalse(p.solutionSteps().isEmpty(), where);
      assertTrue(p.expectedTimeMs() > 0);
      assertTrue(checker.validateAnswer(p.answerFormat(), p.answer()).isEmpty(), where);

      CheckResult own = checker.check(p, p.answer());
      assertTrue(own.correct(), where + ": " + own.feedback());
      for (String rewrite : rewrites(p)) {
        CheckResult r = checker.check(p, rewrite);
        assertTrue(r.correct(), where + " rewrite " + rewrite + ": " + r.feedback());
      }
      for (String wrong : perturbations(p)) {
        CheckResult r = checker.check(p, wrong);
        assertFalse(r.correct(), where + " perturbed " + wrong + " was accepted");
      }
      for (String hint : p.hints()) {
        assertFalse(revealsAnswer(hint, p), where + " hint gives the answer away: " + hint);
      }
    }
    assertTrue(prompts.size() >= SEEDS / 2, "seeds should give varied problems: " + prompts);
  }

  @Test
  void sameSeedSameProblem() throws CasException {
    for (String topic : GENERATORS.topics()) {
      MathProblem a = GENERATORS.generate(topic, 7, 42);
      MathProblem b = GENERATORS.generate(topic, 7, 42);
      assertEquals(a, b);
      assertEquals(a, GENERATORS.fromId(a.id()).orElseThrow());
      assertNotEquals(a.prompt(), GENERATORS.generate(topic, 7, 43).prompt() + "x");
    }
  }

  @Test
  void difficultyOutsideATopicsRangeMovesToTheNearestOneInside() throws CasException {
    assertEquals(7, GENERATORS.generate("integrals", 2, 1).difficulty());
    assertEquals(4, GENERATORS.generate("integer-arithmetic", 9, 1).difficulty());
    assertEquals(10, GENERATORS.generate("derivatives", 99, 1).difficulty());
    assertEquals(1, GENERATORS.generate("order-of-operations", -5, 1).difficulty());
  }

  @Test
  void withoutATopicTheSeedPicksOneThatFitsTheDifficulty() throws CasException {
    Set<String> seen = new HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      MathProblem p = GENERATORS.generate(null, 6, seed);
      assertTrue(GENERATORS.topicsFor(6).contains(p.topic()), p.topic());
      assertEquals(p, GENERATORS.generate(null, 6, seed));
      seen.add(p.topic());
    }
    assertTrue(seen.size() >= 5, "topics vary with the seed: " + seen);
  }

  @Test
  void unknownTopicsAndForeignIdsAreRefused() throws CasException {
    assertThrows(IllegalArgumentException.class, () -> GENERATORS.generate("astrology", 3, 1));
    assertTrue(GENERATORS.fromId("bank:123").isEmpty());
    assertTrue(GENERATORS.fromId("math:astrology:3:1").isEmpty());
    assertTrue(GENERATORS.fromId("math:percentages:x:1").isEmpty());
  }

  // ------------------------------------------------------------------ rewrites and perturbations

  /** Correct answers written differently, the way students write them. */
  static List<String> rewrites(MathProblem p) throws CasException {
    MathExpr a = MathParser.parse(p.answer());
    List<String> out = new ArrayList<>();
    switch (p.answerFormat()) {
      case MathProblem.NUMBER -> {
        out.add("x = " + a.pretty());
        Rational r = a.rational();
        if (r != null && !r.isInteger() && r.isTerminatingDecimal()) {
          out.add(r.toDecimalExpr().pretty());
        }
      }
      case MathProblem.ROOTS -> {
        List<MathExpr> items = new ArrayList<>(((Seq) a).items());
        Collections.reverse(items);
        List<String> parts = new ArrayList<>();
        for (MathExpr i : items) {
          parts.add(i instanceof Eq ? i.pretty() : "x = " + i.pretty());
        }
        out.add(String.join(" or ", parts));
        out.add(new Seq(items, Bracket.BRACES).pretty());
      }
      default -> {
        MathAnswerChecker.Form form = MathAnswerChecker.formFor(p);
        if (a instanceof Add s && form != MathAnswerChecker.Form.FACTORED) {
          List<MathExpr> terms = new ArrayList<>(s.terms());
          Collections.reverse(terms);
          out.add(new Add(terms).pretty());
        } else if (a instanceof Mul m) {
          List<MathExpr> fs = new ArrayList<>(m.factors());
          Collections.reverse(fs);
          out.add(new Mul(fs).pretty());
        }
        if (form == MathAnswerChecker.Form.ANY) {
          out.add("2(" + a.pretty().replace("+ C", "+ 7") + ")/2");
        }
        out.add(a.pretty());
      }
    }
    return out;
  }

  /** Plausible wrong answers that must be rejected. */
  static List<String> perturbations(MathProblem p) throws CasException {
    MathExpr a = MathParser.parse(p.answer());
    List<String> out = new ArrayList<>();
    switch (p.answerFormat()) {
      case MathProblem.NUMBER -> {
        Rational r = a.rational();
        out.add(r.add(Rational.ONE).toExpr().pretty());
        if (r.signum() != 0) {
          out.add(r.negate().toExpr().pretty());
          out.add(r.multiply(Rational.of(2)).toExpr().pretty());
        }
      }
      case MathProblem.ROOTS -> {
        List<MathExpr> items = new ArrayList<>(((Seq) a).items());
        MathExpr first = items.get(0);
        items.set(0, first instanceof Eq q ? new Eq(q.lhs(), Build.plus(q.rhs(), Build.n(1))) : Build.plus(first, Build.n(1)));
        out.add(new Seq(items, Bracket.BRACES).pretty());
        out.add(((Seq) a).items().get(0).pretty());
      }
      default -> {
        out.add(a.pretty() + " + x");
        out.add("2(" + a.pretty() + ")");
      }
    }
    return out;
  }

  /** Whether a hint states the final answer, e.g. "x = 4." for the answer 4. */
  private static boolean revealsAnswer(String hint, MathProblem p) throws CasException {
    String answer = MathParser.parse(p.answer()).pretty();
    return hint.endsWith("x = " + answer + ".")
        || p.answerFormat().equals(MathProblem.NUMBER) && hint.endsWith("= " + answer + ".") && !hint.contains("x");
  }
}
