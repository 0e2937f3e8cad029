package ai.elevare.practice.math;

import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Pm;
import ai.elevare.practice.math.MathExpr.Seq;
import ai.elevare.practice.math.MathExpr.Sym;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks answers by meaning, never by spelling.
 *
 * <ul>
 *   <li><b>number</b> ({@link NumberAnswers}): exact rational equality ({@code 0.5} is {@code 1/2}). A decimal is
 *       also accepted when it is within {@link #RELATIVE_TOLERANCE} (1e-9, relative) of the exact value, or, when the
 *       exact value has no finite decimal expansion (1/3, sqrt(2)), when it is that value rounded or truncated to 2
 *       or more decimal places. The final value must be worked out: {@code 19-7} for 12 is refused.
 *   <li><b>expression</b> ({@link ExpressionAnswers}, {@link AnswerForms}): symbolic equivalence proved by the CAS,
 *       with variables assumed positive where that matters (ln, sqrt); a numeric probe rejects non-equivalent answers
 *       without the CAS and stands in when the CAS cannot decide in time; {@code +C} answers are antiderivatives.
 *   <li><b>roots</b> ({@link RootAnswers}): the same set in any order, with or without {@code x=} prefixes, braces,
 *       "or", ±; a system's solution {@code {x=2,y=-1}} is matched by name, or in (x, y) order for a bare pair.
 * </ul>
 *
 * <p>A check first does its plain-Java part on the caller's thread; whatever needs the CAS then runs as one
 * hand-over on a CAS worker, under one {@link Deadline} for the whole check ({@link #DEADLINE}), and {@link
 * #checkAsync} completes when the worker does: no caller's thread waits. Malformed or hostile input is an incorrect
 * result with feedback, never an exception.
 */
public final class MathAnswerChecker {

  /** The outcome of a check; {@code normalizedGiven} is the answer as understood, in canonical notation. */
  public record CheckResult(boolean correct, String feedback, String normalizedGiven) {}

  /** A required written form, for exercises whose point is the form itself. */
  public enum Form {
    ANY,
    /** multiplied out with like terms collected (expanding exercises) */
    EXPANDED,
    /** written as a product that cannot be factored further (factoring exercises) */
    FACTORED,
    /** no more occurrences of the variable than the expected answer (exponent and logarithm rules) */
    SIMPLIFIED
  }

  /** Relative tolerance for a decimal that should equal the exact value. */
  public static final double RELATIVE_TOLERANCE = 1e-9;
  /** Fewest decimal places for a rounded answer to a value without a finite decimal expansion. */
  public static final int MIN_ROUNDED_PLACES = 2;
  /** The one deadline of a whole answer check, all its CAS calls and their queueing included. */
  public static final Duration DEADLINE = Duration.ofSeconds(2);

  private static final String TRY_AGAIN = "Your answer could not be checked right now; please try again.";

  private final Cas cas;
  private final Duration deadline;

  public MathAnswerChecker(Cas cas) {
    this(cas, DEADLINE);
  }

  /** With another deadline per check (tests use a tiny one to see the timeout fallback). */
  public MathAnswerChecker(Cas cas, Duration deadline) {
    this.cas = Objects.requireNonNull(cas);
    this.deadline = Objects.requireNonNull(deadline);
  }

  /** A fresh deadline for one check; pass it to every {@link #checkAsync} call that belongs to that check. */
  public Deadline newDeadline() {
    return Deadline.after(deadline);
  }

  /** Checks an answer for a generated problem, including the form its topic asks for. Blocking. */
  public CheckResult check(MathProblem problem, String given) {
    return check(problem.answer(), problem.answerFormat(), given, formFor(problem));
  }

  static Form formFor(MathProblem p) {
    return formFor(p.topic(), p.answerFormat());
  }

  /**
   * The form a generated problem's topic asks for: expanding, factoring and exponent-rule exercises want their
   * answer in that form; everything else accepts any equivalent form. Pass it to {@link #check(String, String,
   * String, Form)} when only the stored topic and format are at hand.
   */
  public static Form formFor(String topic, String answerFormat) {
    return AnswerForms.formFor(topic, answerFormat);
  }

  /** Blocking check; for tools, tests and work already on a thread that may block (never a CAS worker). */
  public CheckResult check(String expectedAnswer, String answerFormat, String given) {
    return check(expectedAnswer, answerFormat, given, Form.ANY);
  }

  /** Blocking check; see {@link #check(String, String, String)}. */
  public CheckResult check(String expectedAnswer, String answerFormat, String given, Form form) {
    Deadline d = newDeadline();
    CompletableFuture<CheckResult> f = checkAsync(expectedAnswer, answerFormat, given, form, d).toCompletableFuture();
    try {
      // the CAS watchdog completes the stage at the deadline; the extra second only guards against a lost wake-up
      return f.get(Math.max(0, d.remainingNanos()) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return new CheckResult(false, TRY_AGAIN, given == null ? "" : shorten(given.strip()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new CheckResult(false, TRY_AGAIN, given == null ? "" : shorten(given.strip()));
    }
  }

  /**
   * Checks without blocking: the stage completes on a CAS worker (or at {@code deadline}, on the CAS watchdog) and
   * never fails; a check the CAS could not finish in time gets its numeric verdict or a "try again" result.
   */
  public CompletionStage<CheckResult> checkAsync(
      String expectedAnswer, String answerFormat, String given, Form form, Deadline deadline) {
    Prepared p = prepare(expectedAnswer, answerFormat, given, form == null ? Form.ANY : form);
    if (p.step() instanceof CheckStep.Decided d) {
      return CompletableFuture.completedFuture(d.result());
    }
    CheckStep.NeedsCas pending = (CheckStep.NeedsCas) p.step();
    return cas.run(pending.work(), deadline)
        .exceptionally(failure -> onCasFailure(unwrap(failure), pending.onCasFailure(), p.shown()));
  }

  /** A prepared check and the given answer as results show it. */
  private record Prepared(CheckStep step, String shown) {
    static Prepared decided(boolean correct, String feedback, String shown) {
      return new Prepared(CheckStep.decided(correct, feedback, shown), shown);
    }
  }

  /** The plain-Java part of a check: parsing, shape checks, numeric probes; CAS work is only described. */
  private static Prepared prepare(String expectedAnswer, String answerFormat, String given, Form form) {
    String raw = given == null ? "" : given.strip();
    if (raw.isEmpty()) {
      return Prepared.decided(false, "Please enter an answer.", "");
    }
    MathExpr expected;
    try {
      expected = MathParser.parse(expectedAnswer);
    } catch (CasException e) {
      return Prepared.decided(false, "This question's answer key cannot be read, so the answer cannot be checked.", raw);
    }
    String format = answerFormat == null ? "" : answerFormat.toLowerCase(Locale.ROOT);
    if (format.equals(MathProblem.NUMBER)) {
      raw = NumberAnswers.stripUnits(raw);
    }
    MathExpr g;
    try {
      g = MathParser.parse(raw);
    } catch (CasException e) {
      return Prepared.decided(false, "I could not read your answer: " + e.getMessage(), shorten(raw));
    }
    String shown = g.canonical();
    try {
      CheckStep step = switch (format) {
        case MathProblem.NUMBER -> NumberAnswers.check(expected, g);
        case MathProblem.EXPRESSION -> ExpressionAnswers.check(expected, g, form);
        case MathProblem.ROOTS -> RootAnswers.check(expected, g);
        default -> CheckStep.decided(false, "Unknown answer format '" + answerFormat + "'.", shown);
      };
      return new Prepared(step, shown);
    } catch (CasException e) {
      return new Prepared(new CheckStep.Decided(onCasFailure(e, null, shown)), shown);
    }
  }

  private static CheckResult onCasFailure(CasException e, CheckResult fallback, String shown) {
    if (e.isInputProblem()) {
      return new CheckResult(false, "I could not work with your answer: " + e.getMessage(), shown);
    }
    return fallback != null ? fallback : new CheckResult(false, TRY_AGAIN, shown);
  }

  private static CasException unwrap(Throwable t) {
    Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    return cause instanceof CasException ce
        ? ce
        : new CasException(CasException.Kind.FAILED, "The math engine failed.", cause);
  }

  /** Empty when the answer parses and fits the format; otherwise why it does not (for tutor-authored items). */
  public Optional<String> validateAnswer(String answerFormat, String answer) {
    if (answer == null || answer.isBlank()) {
      return Optional.of("The answer is empty.");
    }
    MathExpr e;
    try {
      e = MathParser.parse(answer);
    } catch (CasException ex) {
      return Optional.of("The answer does not parse: " + ex.getMessage());
    }
    String format = answerFormat == null ? "" : answerFormat.toLowerCase(Locale.ROOT);
    switch (format) {
      case MathProblem.NUMBER -> {
        MathExpr v = MathTrees.unwrapAssignment(e);
        if (v instanceof Seq || v instanceof Eq || v instanceof Pm) {
          return Optional.of("A number answer must be a single value.");
        }
        if (!v.isConstant()) {
          return Optional.of("A number answer cannot contain variables.");
        }
        if (!Double.isFinite(v.eval())) {
          return Optional.of("The answer is not a real number.");
        }
      }
      case MathProblem.EXPRESSION -> {
        if (e instanceof Seq || e instanceof Pm || e instanceof Eq q && !(q.lhs() instanceof Sym)) {
          return Optional.of("An expression answer must be a single expression.");
        }
      }
      case MathProblem.ROOTS -> {
        for (MathExpr item : MathTrees.items(e)) {
          MathExpr v = item instanceof Eq q && q.lhs() instanceof Sym ? q.rhs() : item;
          for (MathExpr x : MathTrees.expandPm(v)) {
            if (!x.isConstant() || x instanceof Seq || x instanceof Eq) {
              return Optional.of("Each root must be a number, optionally written x = number.");
            }
          }
        }
      }
      default -> {
        return Optional.of("Unknown answer format '" + answerFormat + "'; use number, expression or roots.");
      }
    }
    return Optional.empty();
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
