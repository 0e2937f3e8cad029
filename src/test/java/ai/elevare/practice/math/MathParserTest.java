package ai.elevare.practice.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MathParserTest {

  @ParameterizedTest(name = "{0} reads as {1}")
  @CsvSource(delimiterString = "=>", textBlock = """
      x^2            => x^2
      x**2           => x^2
      x²             => x^2
      x⁻¹            => x^(-1)
      2x             => 2*x
      2(x+2)         => 2*(x+2)
      (x+1)(x-1)     => (x+1)*(x-1)
      x(x+1)         => x*(x+1)
      sqrt(8)        => sqrt(8)
      √2x            => sqrt(2)*x
      ln x           => ln(x)
      log(x)         => ln(x)
      log_2(8)       => log_2(8)
      log10(100)     => log_10(100)
      e^x            => e^x
      exp(2x)        => e^(2*x)
      πr²            => pi*r^2
      sinx           => sin(x)
      3x sin x       => 3*x*sin(x)
      sin^2 x        => sin(x)^2
      |x - 1|        => abs(x-1)
      1/2            => 1/2
      0.5            => 0.5
      −3/4           => -3/4
      6×7÷2          => 6*7/2
      12÷4×3         => 12/4*3
      -x^2           => -x^2
      2^-1           => 2^(-1)
      ½x             => 1/2*x
      X + Y          => x+y
      x=3, x=2       => x=3,x=2
      x = 2 or x = 3 => x=2,x=3
      {2,3}          => {2,3}
      (2, -1)        => (2,-1)
      3 ± sqrt(2)    => 3±sqrt(2)
      x^3/3 + C      => x^3/3+C
      """)
  void readsCommonNotations(String input, String canonical) throws CasException {
    assertEquals(canonical, MathParser.parse(input).canonical());
  }

  @Test
  void decimalsReachTheCasAsExactRationals() throws CasException {
    assertEquals("(1/2)", MathParser.parse("0.5").toSymja());
    assertEquals(Rational.of(-3, 4), MathParser.parse("-0.75").rational());
  }

  @Test
  void canonicalNotationRoundTrips() throws CasException {
    for (String s : new String[] {"x^2-12*x+36", "(x-3)*(4*x+3)", "-3*x/4", "{(5-sqrt(13))/2,(5+sqrt(13))/2}", "x^2*e^x+C",
        "4*ln(x)", "2/x^2", "{x=2,y=-1}", "(x^2-7)^6+C", "-(x+1)"}) {
      MathExpr e = MathParser.parse(s);
      assertEquals(s, e.canonical());
      assertEquals(e, MathParser.parse(e.pretty()), "pretty form reads back: " + e.pretty());
    }
  }

  @Test
  void evaluatesNumerically() throws CasException {
    assertEquals(8.0, MathParser.parse("2x^2").eval(Map.of("x", 2.0)), 1e-12);
    assertEquals(-2.0, MathParser.parse("(-8)^(1/3)").eval(), 1e-12);
    assertTrue(Double.isNaN(MathParser.parse("ln(-1)").eval()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"((x+1)", "x+1)", "x+", "2 3", "", "   ", "sin(x,y)", "log(2, 8)", "x == = 2", "ReadString[\"/etc/passwd\"]",
      "systemdialoginput()", "x @ y", "x # 2", "a'", "$x", "x = 1 = 2"})
  void refusesMalformedInputWithAMessage(String input) {
    CasException e = assertThrows(CasException.class, () -> MathParser.parse(input));
    assertEquals(CasException.Kind.INVALID_INPUT, e.kind());
    assertTrue(e.getMessage().length() > 5);
  }

  @ParameterizedTest
  @ValueSource(strings = {"9^9^9^9^9", "x^(10^10)", "1000000!", "(10^10)!", "2^(2^(2^(2^2)))", "((x^200)^200)", "x^201", "10^9999"})
  void refusesExplosiveInputBeforeEvaluation(String input) {
    assertEquals(CasException.Kind.TOO_LARGE, assertThrows(CasException.class, () -> MathParser.parse(input)).kind());
  }

  @Test
  void refusesHugeAndDeepInput() {
    assertThrows(CasException.class, () -> MathParser.parse("x+".repeat(600) + "x"));
    assertThrows(CasException.class, () -> MathParser.parse("(".repeat(60) + "x" + ")".repeat(60)));
    assertThrows(CasException.class, () -> MathParser.parse("1".repeat(60)));
  }
}
