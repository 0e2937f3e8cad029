package ai.elevare.practice.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.elevare.practice.math.MathAnswerChecker.CheckResult;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MathAnswerCheckerTest {

  private final MathAnswerChecker checker = new MathAnswerChecker(SharedCas.get());

  @ParameterizedTest(name = "[{index}] expected {0} ({1}), given {2} -> {3}")
  @CsvSource(delimiterString = " | ", textBlock = """
      2*x+4 | expression | 2(x+2) | true
      2*x+4 | expression | 4+2x | true
      2*x+4 | expression | (4x+8)/2 | true
      2*x+4 | expression | y = 2x + 4 | true
      x^2+5*x+6 | expression | (x+2)(x+3) | true
      x^2-1 | expression | (x-1)(x+1) | true
      x^2-2*x+1 | expression | (x-1)^2 | true
      x^3+3*x^2+3*x+1 | expression | (x+1)^3 | true
      3*x^2 | expression | 3x² | true
      3*x^2 | expression | 3*x**2 | true
      x^2*e^x | expression | e^x x^2 | true
      x^(1/2) | expression | sqrt(x) | true
      1/x | expression | x^-1 | true
      x/2 | expression | 0.5x | true
      sin(2*x) | expression | 2sin(x)cos(x) | true
      sin(x)^2 | expression | 1-cos(x)^2 | true
      2*ln(x) | expression | ln(x^2) | true
      ln(x)+ln(y) | expression | ln(xy) | true
      e^(2*x) | expression | (e^x)^2 | true
      (x+1)/(x-1) | expression | (x^2+2x+1)/(x^2-1) | true
      x^3*cos(x)+3*x^2*sin(x) | expression | x^2(x cos x + 3 sin x) | true
      12*x^3-8*x | expression | 4x(3x^2-2) | true
      x^3/3+C | expression | x^3/3 | true
      x^3/3+C | expression | (x^3+1)/3 + C | true
      -cos(x)+C | expression | 5 - cos(x) | true
      2*x+4 | expression | 2x+5 | false
      2*x+4 | expression | 2x-4 | false
      x^2+5*x+6 | expression | (x+2)(x-3) | false
      x^2-1 | expression | (x-1)^2 | false
      3*x^2 | expression | 3x | false
      3*x^2 | expression | 6x | false
      sin(2*x) | expression | 2sin(x) | false
      2*ln(x) | expression | ln(2x) | false
      e^(2*x) | expression | e^(x^2) | false
      x^3/3+C | expression | x^3 | false
      x^3/3+C | expression | 3x^2 | false
      2*x+4 | expression | 2y+4 | false
      2*x+4 | expression | 6 | false
      1/2 | number | 0.5 | true
      1/2 | number | 2/4 | true
      1/2 | number | .5 | true
      -3/4 | number | -0.75 | true
      -3/4 | number | 3/-4 | true
      -3/4 | number | −3/4 | true
      12 | number | 12.0 | true
      12 | number | x = 12 | true
      25 | number | 25% | true
      1/3 | number | 0.33 | true
      1/3 | number | 0.3333 | true
      2*sqrt(2) | number | sqrt(8) | true
      2*sqrt(2) | number | 2.83 | true
      pi | number | 3.14 | true
      70.2 | number | 351/5 | true
      1/2 | number | 0.6 | false
      1/3 | number | 0.3 | false
      3/8 | number | 0.38 | false
      -3/4 | number | 3/4 | false
      12 | number | 19-7 | false
      12 | number | 13 | false
      2*sqrt(2) | number | 2.8 | false
      pi | number | 3.15 | false
      {2,3} | roots | x=3, x=2 | true
      {2,3} | roots | {3,2} | true
      {2,3} | roots | 2 and 3 | true
      {2,3} | roots | x = 2 or x = 3 | true
      {2,3} | roots | 3; 2 | true
      {-3,3} | roots | x = ±3 | true
      {1-sqrt(2),1+sqrt(2)} | roots | 1 ± √2 | true
      {1-sqrt(2),1+sqrt(2)} | roots | x = -0.41, x = 2.41 | true
      {-1/3,2} | roots | x=2, x=-0.333 | true
      {x=2,y=-1} | roots | x=2, y=-1 | true
      {x=2,y=-1} | roots | y = -1, x = 2 | true
      {x=2,y=-1} | roots | (2, -1) | true
      {2,3} | roots | 2 | false
      {2,3} | roots | -2, -3 | false
      {2,3} | roots | 2, 4 | false
      {2,3} | roots | x^2-5x+6 | false
      {x=2,y=-1} | roots | x=-1, y=2 | false
      {x=2,y=-1} | roots | x=2 | false
      {1-sqrt(2),1+sqrt(2)} | roots | -0.4, 2.4 | false
      """)
  void equivalenceTable(String expected, String format, String given, boolean correct) {
    CheckResult r = checker.check(expected, format, given);
    assertEquals(correct, r.correct(), () -> "feedback: " + r.feedback());
    assertFalse(r.feedback().isBlank());
  }

  @ParameterizedTest(name = "{2} -> {3}")
  @CsvSource(delimiterString = " | ", textBlock = """
      2*x+4 | expression | -2x-4 | Sign error
      -3/4 | number | 3/4 | Sign error
      {2,3} | roots | 2, 4 | One root of two correct
      {2,3} | roots | -2, -3 | Sign error
      {2,3} | roots | 2 | you gave 1
      2*x+4 | expression | 4x+8 | factor
      2*x+4 | expression | 2x+7 | constant
      12 | number | x+1 | expression
      100 | number | 1 | factor of 100
      3/4 | number | 4/3 | reciprocal
      {x=2,y=-1} | roots | x=-1, y=2 | swapped
      {x=2,y=-1} | roots | x=2, y=1 | x is correct
      x^3/3+C | expression | x^3 | factor
      1/3 | number | 0.3 | round to at least 2
      12 | number | 19-7 | single number
      {2,3} | roots | x^2 = 4 | equations
      """)
  void feedbackSaysWhatIsOff(String expected, String format, String given, String phrase) {
    CheckResult r = checker.check(expected, format, given);
    assertFalse(r.correct());
    assertTrue(r.feedback().toLowerCase().contains(phrase.toLowerCase()), r.feedback());
  }

  @Test
  void equivalentButDifferentlyWrittenIsCorrectWithANote() {
    CheckResult r = checker.check("2*x+4", "expression", "2(x+2)");
    assertTrue(r.correct());
    assertTrue(r.feedback().contains("equivalent"));
    assertEquals("2*(x+2)", r.normalizedGiven());
    CheckResult noConstant = checker.check("x^3/3+C", "expression", "x^3/3");
    assertTrue(noConstant.correct());
    assertTrue(noConstant.feedback().contains("constant of integration"));
    CheckResult fraction = checker.check("1/2", "number", "4/8");
    assertTrue(fraction.correct());
    assertTrue(fraction.feedback().contains("simplifies to 1/2"));
  }

  @Test
  void exercisesWhoseFormIsThePointRequireThatForm() {
    assertFalse(checker.check("x^2+5*x+6", "expression", "(x+2)(x+3)", MathAnswerChecker.Form.EXPANDED).correct());
    assertTrue(checker.check("x^2+5*x+6", "expression", "6 + 5x + x^2", MathAnswerChecker.Form.EXPANDED).correct());
    assertFalse(checker.check("x^2+5*x+6", "expression", "x^2+2x+3x+6", MathAnswerChecker.Form.EXPANDED).correct());
    assertFalse(checker.check("(x+2)*(x+3)", "expression", "x^2+5x+6", MathAnswerChecker.Form.FACTORED).correct());
    assertTrue(checker.check("(x+2)*(x+3)", "expression", "(x+3)(x+2)", MathAnswerChecker.Form.FACTORED).correct());
    assertFalse(checker.check("2*(x-1)*(x+1)", "expression", "2(x^2-1)", MathAnswerChecker.Form.FACTORED).correct());
    assertTrue(checker.check("2*(x-1)*(x+1)", "expression", "(2x-2)(x+1)", MathAnswerChecker.Form.FACTORED).correct());
    assertFalse(checker.check("x^7", "expression", "x^3*x^4", MathAnswerChecker.Form.SIMPLIFIED).correct());
    assertTrue(checker.check("5*ln(x)", "expression", "ln(x^5)", MathAnswerChecker.Form.SIMPLIFIED).correct());
  }

  @ParameterizedTest
  @ValueSource(strings = {"9^9^9^9^9", "x^(10^10)", "1000000!", "(10^10)!", "((x+1)", "x+1)", ";", "x;y", "2x +* 3",
      "ReadString[\"/etc/passwd\"]", "Run[\"ls\"]", "SystemDialogInput[]", "Export[\"/tmp/a\", 1]", "Import(\"/etc/passwd\")",
      "x := 5", "Set(x, 5)", "readstring(x)", "\u0000", "💥", "<script>", "DROP TABLE items", "1/0", "0/0", "ln(0)", "sqrt(-1)",
      "x^x^x^x^x", "2^(2^(2^(2^2)))", "{{{{{}}}}}", "x==", "e^(10^5)", "10^(10^3)", "|x", "sin()", "log_(x)"})
  void malformedAndHostileInputIsAClearIncorrect(String given) {
    for (String format : List.of("number", "expression", "roots")) {
      CheckResult r = checker.check(format.equals("roots") ? "{2,3}" : format.equals("number") ? "12" : "2*x+4", format, given);
      assertFalse(r.correct(), given);
      assertFalse(r.feedback().isBlank());
      assertNotNull(r.normalizedGiven());
    }
  }

  @Test
  void hugeInputIsRefusedNotProcessed() {
    CheckResult r = checker.check("2*x+4", "expression", "x+".repeat(50_000) + "x");
    assertFalse(r.correct());
    assertTrue(r.feedback().contains("too long"));
    assertTrue(r.normalizedGiven().length() < 100);
  }

  @Test
  void emptyAnswerAsksForOne() {
    assertEquals("Please enter an answer.", checker.check("1", "number", "  ").feedback());
    assertFalse(checker.check("1", "number", null).correct());
  }

  @Test
  void validatesTutorAuthoredAnswers() {
    assertTrue(checker.validateAnswer("number", "-3/4").isEmpty());
    assertTrue(checker.validateAnswer("number", "0.5").isEmpty());
    assertTrue(checker.validateAnswer("expression", "2x+4").isEmpty());
    assertTrue(checker.validateAnswer("roots", "{2,3}").isEmpty());
    assertTrue(checker.validateAnswer("roots", "x = 1 ± sqrt(2)").isEmpty());
    assertTrue(checker.validateAnswer("roots", "{x=2,y=-1}").isEmpty());
    assertTrue(checker.validateAnswer("number", "2x").isPresent());
    assertTrue(checker.validateAnswer("number", "((1)").isPresent());
    assertTrue(checker.validateAnswer("expression", "{1,2}").isPresent());
    assertTrue(checker.validateAnswer("roots", "{x, 2}").isPresent());
    assertTrue(checker.validateAnswer("choice", "2").isPresent());
    assertTrue(checker.validateAnswer("number", "ReadString[\"/etc/passwd\"]").isPresent());
    assertTrue(checker.validateAnswer("number", "9^9^9^9^9").isPresent());
  }
}
