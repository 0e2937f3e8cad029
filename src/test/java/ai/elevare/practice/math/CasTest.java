package ai.elevare.practice.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CasTest {

  private final Cas cas = SharedCas.get();
  private static final Duration T = Duration.ofSeconds(2);

  @Test
  void evaluatesInSymjaAndUserNotation() throws CasException {
    assertEquals("x^3*Cos(x)+3*x^2*Sin(x)", cas.evaluate("D(x^3*Sin(x),x)", T));
    assertEquals("x^3*cos(x)+3*x^2*sin(x)", cas.evaluate("D(x^3*Sin(x),x)", T, Cas.Notation.USER));
    assertEquals("x^2-2", cas.evaluate("-2+x^2", T, Cas.Notation.USER));
    assertEquals("(x-3)*(x-2)", cas.evaluate("Factor(x^2-5*x+6)", T, Cas.Notation.USER));
    assertEquals(List.of("5/6", "2*sqrt(2)"), cas.evaluateAll(List.of("1/2+1/3", "Sqrt(8)"), T, Cas.Notation.USER));
  }

  @Test
  void asyncEvaluationCompletesOffTheCaller() {
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      futures.add(cas.evaluateAsync("Expand((x+" + i + ")^2)", T));
    }
    for (int i = 1; i <= 20; i++) {
      assertEquals(i * i + "+" + 2 * i + "*x+x^2", futures.get(i - 1).join());
    }
  }

  @ParameterizedTest(name = "{0} evaluates to {1}")
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
      2x+4        | 2*x+4
      x² − 1x     | x^2-x
      x**2 * x    | x^3
      √(8)        | 2*sqrt(2)
      2(x+2)/2    | x+2
      0.5 + 1/4   | 3/4
      3 × 4 ÷ 6   | 2
      ln(e^2)     | 2
      log_2(8)    | 3
      x=3, x=2    | {x=3,x=2}
      """)
  void toInputNormalisesUserNotation(String user, String result) throws CasException {
    assertEquals(result, cas.evaluate(Cas.toInput(user), T, Cas.Notation.USER));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ReadString(\"/etc/passwd\")", "Run(\"ls\")", "SystemDialogInput()", "Export(\"/tmp/x.txt\",1)",
      "Import(\"/etc/passwd\")", "FileNames()", "x:=5", "Set(x,5)", "SystemExecute(\"ls\")", "Get(\"/etc/passwd\")",
      "FactorInteger(2^256+1)", "Table(i,{i,1,10^9})", "Nest(f,x,100000)", "JavaNew(\"java.io.File\",\"/\")"})
  void refusesFunctionsOutsideTheWhitelist(String input) {
    CasException e = assertThrows(CasException.class, () -> cas.evaluate(input, T));
    assertEquals(CasException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"9^9^9^9^9", "x^(10^10)", "1000000!", "(10^10)!", "Expand((x+1)^100000)", "2^(10^8)"})
  void refusesExplosiveInputBeforeEvaluating(String input) {
    CasException e = assertThrows(CasException.class, () -> cas.evaluate(input, T));
    assertEquals(CasException.Kind.TOO_LARGE, e.kind(), e.getMessage());
  }

  @Test
  void refusesOverlongInput() {
    assertEquals(CasException.Kind.TOO_LARGE,
        assertThrows(CasException.class, () -> cas.evaluate("x+".repeat(20_000) + "x", T)).kind());
    assertEquals(CasException.Kind.TOO_LARGE,
        assertThrows(CasException.class, () -> cas.evaluate("(".repeat(200) + "x" + ")".repeat(200), T)).kind());
  }

  @Test
  void stopsARunawayEvaluationAndKeepsServing() throws CasException {
    CasException e = assertThrows(CasException.class,
        () -> cas.evaluate("Integrate(Sin(x)^15*Cos(x)^17*Exp(x),x)", Duration.ofMillis(300)));
    assertEquals(CasException.Kind.TIMEOUT, e.kind());
    // other requests are still served
    assertEquals("2", cas.evaluate("1+1", T));
    assertEquals("2", cas.evaluate("1+1", T));
    assertTrue(cas.stats().timeouts() >= 1);
  }

  @Test
  void aWorkerThatIgnoresItsStopRequestIsReplaced() throws CasException {
    // some Symja routines never look at the stop flag; this one runs about a second past its deadline
    Cas.Limits quickWriteOff = new Cas.Limits(20_000, 120, 4_000, 20_000, 1_000, 2_000, 50_000, 16, Duration.ofMillis(100), 2);
    try (Cas own = Cas.create(1, T, quickWriteOff)) {
      assertEquals("2", own.evaluate("1+1", Duration.ofSeconds(30)));
      CasException e = assertThrows(CasException.class,
          () -> own.evaluate("Simplify(Sin(x)^16*Cos(x)^16+Tan(x)^12)", Duration.ofMillis(100)));
      assertEquals(CasException.Kind.TIMEOUT, e.kind());
      // the single-thread gateway still answers: either the worker stopped or a replacement took over
      assertEquals("2", own.evaluate("1+1", Duration.ofSeconds(30)));
    }
  }

  @Test
  void asyncFailureCarriesTheKind() {
    CompletionException e = assertThrows(CompletionException.class, () -> cas.evaluateAsync("ReadString(\"/etc/passwd\")", T).join());
    assertTrue(e.getCause() instanceof CasException ce && ce.kind() == CasException.Kind.INVALID_INPUT);
  }

  @Test
  void closedGatewayRefuses() {
    Cas own = Cas.create(1);
    own.close();
    assertEquals(CasException.Kind.CLOSED, assertThrows(CasException.class, () -> own.evaluate("1+1", T)).kind());
  }
}
