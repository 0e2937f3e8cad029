package ai.elevare.practice.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MathSolverTest {

  private final MathSolver solver = new MathSolver(SharedCas.get());
  private final MathAnswerChecker checker = new MathAnswerChecker(SharedCas.get());

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " | ", textBlock = """
      solve 2x+3=7 | equation | x = 2 | roots
      Solve for x: 3(x - 2) = 2x + 5 | equation | 11 | roots
      solve x^2 - 5x + 6 = 0 | equation | {2,3} | roots
      solve x^2 = 2 | equation | {-sqrt(2),sqrt(2)} | roots
      solve 2x + y = 5 and x - y = 1 | system | {x=2,y=1} | roots
      What is the derivative of x^3*sin(x)? | derivative | 3x^2 sin(x) + x^3 cos(x) | expression
      differentiate sin(x^2) | derivative | 2x cos(x^2) | expression
      d/dx e^(3x) | derivative | 3e^(3x) | expression
      what is the derivative of ln(x^2+1) | derivative | 2x/(x^2+1) | expression
      integrate x^2 | integral | x^3/3 + C | expression
      What is the integral of 3x^2 + 2x dx? | integral | x^3 + x^2 + C | expression
      integral of 3x^2 + 2x from 0 to 2 | integral | 12 | number
      simplify (x^2-1)/(x-1) | simplify | x + 1 | expression
      simplify 2x + 3x | simplify | 5x | expression
      factor x^2-5x+6 | factor | (x-2)(x-3) | expression
      expand (x+1)^3 | expand | x^3 + 3x^2 + 3x + 1 | expression
      what is 15% of 80 | percent | 12 | number
      2+3*4 | arithmetic | 14 | number
      What is 1/2 + 1/3? | arithmetic | 5/6 | number
      calculate (4 - 6*5)^2 - 36 | arithmetic | 640 | number
      """)
  void solvesCommonQuestions(String question, String kind, String expected, String format) {
    Optional<MathSolver.Solution> s = solver.solve(question);
    assertTrue(s.isPresent(), question);
    assertEquals(kind, s.get().kind());
    assertFalse(s.get().steps().isEmpty());
    MathAnswerChecker.CheckResult r = checker.check(expected, format, s.get().answer());
    assertTrue(r.correct(), s.get().answer() + " vs " + expected + ": " + r.feedback());
  }

  @ParameterizedTest
  @ValueSource(strings = {"what's the capital of France?", "tell me a joke", "", "   ", "who wrote Hamlet", "solve world hunger",
      "ReadString[\"/etc/passwd\"]", "9^9^9^9^9", "integrate ReadString(x)", "what is Run(x)", "simplify the essay"})
  void declinesWhatIsNotMath(String question) {
    assertTrue(solver.solve(question).isEmpty(), question);
  }
}
