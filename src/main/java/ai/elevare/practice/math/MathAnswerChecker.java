package ai.elevare.practice.math;

import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Bracket;
import ai.elevare.practice.math.MathExpr.Const;
import ai.elevare.practice.math.MathExpr.Dec;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Fact;
import ai.elevare.practice.math.MathExpr.Fn;
import ai.elevare.practice.math.MathExpr.Mul;
import ai.elevare.practice.math.MathExpr.Neg;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Pm;
import ai.elevare.practice.math.MathExpr.Pow;
import ai.elevare.practice.math.MathExpr.Seq;
import ai.elevare.practice.math.MathExpr.Sym;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks answers by meaning, never by spelling.
 *
 * <ul>
 *   <li><b>number</b>: exact rational equality ({@code 0.5} is {@code 1/2}, {@code 4/8} is {@code 1/2}). A decimal
 *       is also accepted when it is within {@link #RELATIVE_TOLERANCE} (1e-9, relative) of the exact value, or, when
 *       the exact value has no finite decimal expansion (1/3, sqrt(2)), when it is that value rounded or truncated
 *       to 2 or more decimal places. The final value must be worked out: {@code 19-7} for 12 is refused.
 *   <li><b>expression</b>: symbolic equivalence proved by the CAS ({@code 2(x+2)} is {@code 2x+4}, {@code
 *       2*sqrt(2)} is {@code sqrt(8)}), with variables assumed positive where that matters (ln, sqrt). A fast
 *       numeric probe at fixed sample points rejects non-equivalent answers without the CAS and drives the feedback.
 *       When the CAS cannot decide within its bound, agreement at every valid sample point (at least 5) to 1e-9
 *       relative is accepted. An expected answer ending in {@code +C} is an antiderivative: any answer with the same
 *       derivative is correct.
 *   <li><b>roots</b>: the same set in any order, with or without {@code x=} prefixes, braces, "or", ±; a system's
 *       solution {@code {x=2,y=-1}} is matched by name, or in (x, y) order for a bare pair.
 * </ul>
 *
 * <p>Malformed or hostile input is an incorrect result with feedback, never an exception. Blocking (uses the CAS).
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

  private static final double[] PROBES = {0.73, 1.41, 2.17, 0.29, 3.07, 1.87, 0.53, 2.61};
  private static final Duration CHECK_TIMEOUT = Duration.ofMillis(1500);

  private final Cas cas;

  public MathAnswerChecker(Cas cas) {
    this.cas = Objects.requireNonNull(cas);
  }

  /** Checks an answer for a generated problem, including the form its topic asks for. */
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
    if (topic == null || !MathProblem.EXPRESSION.equals(answerFormat)) {
      return Form.ANY;
    }
    return switch (topic) {
      case "expanding-polynomials" -> Form.EXPANDED;
      case "factoring-polynomials" -> Form.FACTORED;
      case "exponents-and-logarithms" -> Form.SIMPLIFIED;
      default -> Form.ANY;
    };
  }

  public CheckResult check(String expectedAnswer, String answerFormat, String given) {
    return check(expectedAnswer, answerFormat, given, Form.ANY);
  }

  public CheckResult check(String expectedAnswer, String answerFormat, String given, Form form) {
    String raw = given == null ? "" : given.strip();
    if (raw.isEmpty()) {
      return new CheckResult(false, "Please enter an answer.", "");
    }
    MathExpr expected;
    try {
      expected = MathParser.parse(expectedAnswer);
    } catch (CasException e) {
      return new CheckResult(false, "This question's answer key cannot be read, so the answer cannot be checked.", raw);
    }
    String format = answerFormat == null ? "" : answerFormat.toLowerCase(Locale.ROOT);
    if (format.equals(MathProblem.NUMBER)) {
      raw = stripUnits(raw);
    }
    MathExpr g;
    try {
      g = MathParser.parse(raw);
    } catch (CasException e) {
      return new CheckResult(false, "I could not read your answer: " + e.getMessage(), shorten(raw));
    }
    try {
      return switch (format) {
        case MathProblem.NUMBER -> checkNumber(expected, g);
        case MathProblem.EXPRESSION -> checkExpression(expected, g, form == null ? Form.ANY : form);
        case MathProblem.ROOTS -> checkRoots(expected, g);
        default -> new CheckResult(false, "Unknown answer format '" + answerFormat + "'.", g.canonical());
      };
    } catch (CasException e) {
      return new CheckResult(false, e.isInputProblem()
          ? "I could not work with your answer: " + e.getMessage()
          : "Your answer could not be checked right now; please try again.", g.canonical());
    }
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
        MathExpr v = unwrapAssignment(e);
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
        for (MathExpr item : items(e)) {
          MathExpr v = item instanceof Eq q && q.lhs() instanceof Sym ? q.rhs() : item;
          for (MathExpr x : expandPm(v)) {
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

  // ------------------------------------------------------------------ numbers

  private CheckResult checkNumber(MathExpr expected, MathExpr given) throws CasException {
    MathExpr g = unwrapAssignment(given);
    String shown = g.canonical();
    if (g instanceof Seq) {
      return new CheckResult(false, "Give a single number, not a list.", shown);
    }
    if (g instanceof Eq || g instanceof Pm) {
      return new CheckResult(false, "Give a single number, not an equation.", shown);
    }
    if (!g.isConstant()) {
      return new CheckResult(false, "You gave an expression, but a number is expected.", shown);
    }
    MathExpr e = unwrapAssignment(expected);
    if (!workedOut(g)) {
      return new CheckResult(false, "Work your answer out to a single number.", shown);
    }
    Verdict v = compareNumbers(e, g);
    if (v.equal()) {
      return new CheckResult(true, v.note() == null ? "Correct." : "Correct. " + v.note(), shown);
    }
    return new CheckResult(false, numberFeedback(e.eval(), g.eval(), v.note()), shown);
  }

  private record Verdict(boolean equal, String note) {}

  /** Exact comparison, with the decimal tolerance rules for a given decimal. */
  private Verdict compareNumbers(MathExpr e, MathExpr g) throws CasException {
    Rational re = e.rational();
    Rational rg = g.rational();
    boolean decimal = hasDecimal(g);
    double ev = e.eval();
    double gv = g.eval();
    boolean exact;
    if (re != null && rg != null) {
      exact = re.equals(rg);
    } else if (Double.isFinite(ev) && Double.isFinite(gv) && !close(ev, gv, 1e-7)) {
      exact = false;
    } else {
      String diff = "(" + e.toSymja() + ")-(" + g.toSymja() + ")";
      exact = casZero("Together(Expand(" + diff + "))") || casZero("Simplify(" + diff + ")");
    }
    if (exact) {
      boolean sameWriting = g.canonical().equals(e.canonical()) || decimal;
      return new Verdict(true, sameWriting ? null : "(It simplifies to " + e.pretty() + ".)");
    }
    if (!decimal || !Double.isFinite(ev) || !Double.isFinite(gv)) {
      return new Verdict(false, null);
    }
    if (close(ev, gv, RELATIVE_TOLERANCE)) {
      return new Verdict(true, null);
    }
    boolean terminating = re != null && re.isTerminatingDecimal();
    int places = decimalPlaces(g);
    boolean roundedRight = roundsTo(ev, gv, places);
    if (!terminating && places >= MIN_ROUNDED_PLACES && roundedRight) {
      return new Verdict(true, "(The exact value is " + e.pretty() + ".)");
    }
    if (!terminating && roundedRight) {
      return new Verdict(false, "Close, but round to at least " + MIN_ROUNDED_PLACES + " decimal places (or give the exact value).");
    }
    if (close(ev, gv, 0.01)) {
      return new Verdict(false, terminating
          ? "Close, but not exact: this answer has an exact decimal or fraction form."
          : "Close, but round to at least " + MIN_ROUNDED_PLACES + " decimal places (or give the exact value).");
    }
    return new Verdict(false, null);
  }

  private static String numberFeedback(double e, double g, String note) {
    if (note != null) {
      return note;
    }
    if (!Double.isFinite(e) || !Double.isFinite(g)) {
      return "Not correct.";
    }
    if (e != 0 && close(g, -e, 1e-9)) {
      return "Sign error: the size is right but the sign is wrong.";
    }
    if (e != 0 && g != 0 && close(g, 1 / e, 1e-9) && !close(e, 1, 1e-9) && !close(e, -1, 1e-9)) {
      return "You have the reciprocal of the answer: check which way up the fraction goes.";
    }
    if (e != 0 && g != 0) {
      double ratio = g / e;
      for (int k = 1; k <= 4; k++) {
        double p = Math.pow(10, k);
        if (close(ratio, p, 1e-9) || close(ratio, 1 / p, 1e-9)) {
          return "Off by a factor of " + (long) p + ": check the decimal point or the percent conversion.";
        }
      }
      for (int k = 2; k <= 12; k++) {
        if (close(Math.abs(ratio), k, 1e-9) || close(Math.abs(ratio), 1.0 / k, 1e-9)) {
          return "Off by a factor of " + k + (ratio < 0 ? " and the sign is wrong." : ".");
        }
      }
    }
    if (close(e, g, 0.02)) {
      return "Very close: recheck your arithmetic.";
    }
    return "Not correct.";
  }

  /** A final value: a number, a fraction of numbers, or anything irrational (sqrt, pi, ln) left symbolic. */
  static boolean workedOut(MathExpr g) {
    return isPlainNumber(g) || containsIrrational(g);
  }

  private static boolean isPlainNumber(MathExpr g) {
    if (g instanceof Num || g instanceof Dec) {
      return true;
    }
    if (g instanceof Neg n) {
      return isPlainNumber(n.arg());
    }
    return g instanceof Div d && isPlainNumber(d.num()) && isPlainNumber(d.den())
        && !(d.num() instanceof Div) && !(d.den() instanceof Div);
  }

  private static boolean containsIrrational(MathExpr g) {
    if (g instanceof Fn || g instanceof Const) {
      return true;
    }
    if (g instanceof Pow p && p.exp().rational() != null && !p.exp().rational().isInteger()) {
      return true;
    }
    for (MathExpr c : MathExprSupport.children(g)) {
      if (containsIrrational(c)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ expressions

  private CheckResult checkExpression(MathExpr expected, MathExpr given, Form form) throws CasException {
    MathExpr g = given;
    if (g instanceof Eq q && q.lhs() instanceof Sym s && !q.rhs().variables().contains(s.name())) {
      g = q.rhs(); // "y = 2x + 4"
    }
    String shown = g.canonical();
    if (g instanceof Seq || g instanceof Pm) {
      return new CheckResult(false, "Give a single expression, not a list.", shown);
    }
    if (g instanceof Eq) {
      return new CheckResult(false, "Give an expression, not an equation.", shown);
    }
    MathExpr e = expected instanceof Eq q ? q.rhs() : expected;
    boolean antiderivative = hasIntegrationConstant(e);
    Set<String> expectedVars = new TreeSet<>(e.variables());
    expectedVars.remove("c");
    Set<String> givenVars = new TreeSet<>(g.variables());
    if (antiderivative) {
      givenVars.remove("c");
      givenVars.remove("k");
    }
    if (!expectedVars.isEmpty() && givenVars.isEmpty()) {
      return new CheckResult(false, "You gave a number, but an expression in " + String.join(", ", expectedVars) + " is expected.", shown);
    }
    for (String v : givenVars) {
      if (!expectedVars.contains(v)) {
        return new CheckResult(false, "Your answer uses " + v + ", but the answer is in terms of "
            + (expectedVars.isEmpty() ? "numbers only" : String.join(", ", expectedVars)) + ".", shown);
      }
    }
    if (antiderivative) {
      return checkAntiderivative(withoutConstant(e), g, expectedVars, shown);
    }
    Probe probe = probe(e, g, expectedVars);
    if (probe.differs()) {
      return new CheckResult(false, expressionFeedback(e, g, expectedVars, probe), shown);
    }
    Equivalence eq = equivalent(e, g, probe);
    if (!eq.equal()) {
      return new CheckResult(false, eq.undecided()
          ? "Your answer could not be confirmed as equivalent; try writing it more simply."
          : "Not equivalent to the correct answer.", shown);
    }
    String formProblem = formProblem(form, e, g);
    if (formProblem != null) {
      return new CheckResult(false, formProblem, shown);
    }
    String note = eq.assumedPositive() ? " (This uses x > 0, as the question intends.)" : "";
    boolean sameWriting = g.canonical().equals(e.canonical());
    return new CheckResult(true, sameWriting ? "Correct." + note : "Correct: equivalent to " + e.pretty() + "." + note, shown);
  }

  private CheckResult checkAntiderivative(MathExpr e, MathExpr g, Set<String> vars, String shown) throws CasException {
    String x = vars.isEmpty() ? "x" : vars.iterator().next();
    Map<String, Double> at = new HashMap<>();
    at.put("c", 0.0);
    at.put("k", 0.0);
    // the difference of two antiderivatives is constant: probe it at several points
    List<Double> diffs = new ArrayList<>();
    for (double p : PROBES) {
      at.put(x, p);
      double d = g.eval(at) - e.eval(at);
      if (Double.isFinite(d)) {
        diffs.add(d);
      }
    }
    boolean constant = diffs.size() >= 3 && diffs.stream().allMatch(d -> close(d, diffs.get(0), 1e-9));
    if (diffs.size() >= 3 && !constant) {
      String hint = "Not an antiderivative of the integrand: differentiate your answer to check it.";
      Probe p = probe(e, substituteZero(g), vars);
      if (p.ratio() != null && close(p.ratio(), -1, 1e-9)) {
        hint = "Sign error: your answer is the negative of an antiderivative.";
      } else if (p.ratio() != null) {
        hint = "Off by a constant factor (" + fmt(p.ratio()) + "): check the coefficients, e.g. the 1/(n+1) of the power rule.";
      }
      return new CheckResult(false, hint, shown);
    }
    MathExpr g0 = substituteZero(g);
    MathExpr d = cas.evaluateExprs(List.of("Together(Expand(D((" + g0.toSymja() + ")-(" + e.toSymja() + ")," + x + ")))"), CHECK_TIMEOUT).get(0);
    boolean proved = isZero(d)
        || isZero(cas.evaluateExprs(List.of("Simplify(D((" + g0.toSymja() + ")-(" + e.toSymja() + ")," + x + "))"), CHECK_TIMEOUT).get(0));
    if (!proved && !constant) {
      return new CheckResult(false, "Your answer could not be confirmed as an antiderivative.", shown);
    }
    boolean hasConstant = g.variables().contains("c") || g.variables().contains("k");
    return new CheckResult(true, hasConstant ? "Correct." : "Correct. Remember the constant of integration: + C.", shown);
  }

  private static MathExpr substituteZero(MathExpr g) {
    return substitute(g, Map.of("c", Num.of(0), "k", Num.of(0)));
  }

  private static MathExpr withoutConstant(MathExpr e) {
    Add a = (Add) e;
    List<MathExpr> rest = new ArrayList<>();
    for (MathExpr t : a.terms()) {
      if (!(t instanceof Sym s && s.name().equals("c"))) {
        rest.add(t);
      }
    }
    return Build.sum(rest);
  }

  private static boolean hasIntegrationConstant(MathExpr e) {
    return e instanceof Add a && a.terms().stream().anyMatch(t -> t instanceof Sym s && s.name().equals("c"));
  }

  /** Numeric comparison at fixed sample points: a cheap proof of difference and the raw material for feedback. */
  private record Probe(int valid, boolean differs, Double ratio, Double offset, double[] sample) {}

  private static Probe probe(MathExpr e, MathExpr g, Set<String> vars) {
    int valid = 0;
    boolean differs = false;
    Double ratio = null;
    boolean ratioConstant = true;
    Double offset = null;
    boolean offsetConstant = true;
    double[] sample = null;
    List<String> names = new ArrayList<>(vars);
    for (int k = 0; k < PROBES.length; k++) {
      Map<String, Double> at = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        at.put(names.get(i), PROBES[(k + 3 * i) % PROBES.length] + 0.13 * i);
      }
      double ev = e.eval(at);
      double gv = g.eval(at);
      if (!Double.isFinite(ev) || !Double.isFinite(gv)) {
        continue;
      }
      valid++;
      if (!close(ev, gv, RELATIVE_TOLERANCE)) {
        differs = true;
        if (sample == null) {
          sample = new double[] {names.isEmpty() ? 0 : at.get(names.get(0)), ev, gv};
        }
      }
      if (ev != 0) {
        double r = gv / ev;
        if (ratio == null) {
          ratio = r;
        } else if (!close(ratio, r, 1e-9)) {
          ratioConstant = false;
        }
      }
      double o = gv - ev;
      if (offset == null) {
        offset = o;
      } else if (!close(offset, o, 1e-9)) {
        offsetConstant = false;
      }
    }
    return new Probe(valid, differs, ratioConstant ? ratio : null, offsetConstant ? offset : null, sample);
  }

  private static String expressionFeedback(MathExpr e, MathExpr g, Set<String> vars, Probe p) {
    if (p.ratio() != null && close(p.ratio(), -1, 1e-9)) {
      return "Sign error: your answer is the negative of the correct one.";
    }
    if (p.ratio() != null && !close(p.ratio(), 1, 1e-9)) {
      return "Off by a constant factor: your answer is " + fmt(p.ratio()) + " times the correct one.";
    }
    if (p.offset() != null && !close(p.offset(), 0, 1e-9)) {
      return "Off by a constant: your answer differs from the correct one by " + fmt(p.offset()) + ".";
    }
    if (degreeOf(g) >= 0 && degreeOf(e) >= 0 && degreeOf(g) != degreeOf(e)) {
      return "Not equivalent: your answer has degree " + degreeOf(g) + " but the correct one has degree " + degreeOf(e) + ".";
    }
    if (p.sample() != null && !vars.isEmpty()) {
      return "Not equivalent: for example at " + vars.iterator().next() + " = " + fmt(p.sample()[0]) + " your answer gives "
          + fmt(p.sample()[2]) + " but it should give " + fmt(p.sample()[1]) + ".";
    }
    return "Not equivalent to the correct answer.";
  }

  /** Polynomial degree of a tree with integer powers of one variable, or -1. */
  private static int degreeOf(MathExpr e) {
    if (e.variables().size() != 1) {
      return -1;
    }
    double d = MathParser.Guard.degree(e);
    return containsIrrational(e) || hasDivisionByVariable(e) ? -1 : (int) d;
  }

  private static boolean hasDivisionByVariable(MathExpr e) {
    if (e instanceof Div d && !d.den().isConstant()) {
      return true;
    }
    if (e instanceof Pow p && (!p.exp().isConstant() || p.exp().eval() < 0)) {
      return true;
    }
    for (MathExpr c : MathExprSupport.children(e)) {
      if (hasDivisionByVariable(c)) {
        return true;
      }
    }
    return false;
  }

  private record Equivalence(boolean equal, boolean undecided, boolean assumedPositive) {}

  /** CAS proof of e == g: cheap normal forms first, then Simplify, then with variables taken positive. */
  private Equivalence equivalent(MathExpr e, MathExpr g, Probe probe) throws CasException {
    String diff = "(" + e.toSymja() + ")-(" + g.toSymja() + ")";
    boolean branches = hasBranches(e) || hasBranches(g);
    try {
      if (casZero("Together(Expand(" + diff + "))")) {
        return new Equivalence(true, false, false);
      }
      // logarithm and root rules hold for positive variables, which is how school algebra reads them
      if (branches && casZero("Together(Expand(PowerExpand(" + diff + ")))")) {
        return new Equivalence(true, false, true);
      }
      if (casZero("Simplify(" + diff + ")")) {
        return new Equivalence(true, false, false);
      }
      if (casZero("Simplify(PowerExpand(" + diff + "))")) {
        return new Equivalence(true, false, true);
      }
    } catch (CasException ex) {
      if (ex.isInputProblem() || probe.valid() < 5) {
        throw ex;
      }
      // the CAS could not decide in time: the numeric agreement stands in
      return new Equivalence(true, false, false);
    }
    if (probe.valid() >= 5) {
      return new Equivalence(true, false, false);
    }
    return new Equivalence(false, probe.valid() == 0, false);
  }

  /** Whether the tree has ln, log or a non-integer power, whose rules need positive arguments. */
  private static boolean hasBranches(MathExpr e) {
    if (e instanceof Fn f && (f.name().equals("ln") || f.name().equals("log") || f.name().equals("sqrt"))) {
      return true;
    }
    if (e instanceof Pow p && (p.exp().rational() == null || !p.exp().rational().isInteger())) {
      return true;
    }
    for (MathExpr c : MathExprSupport.children(e)) {
      if (hasBranches(c)) {
        return true;
      }
    }
    return false;
  }

  private boolean casZero(String symja) throws CasException {
    return isZero(cas.evaluateExprs(List.of(symja), CHECK_TIMEOUT).get(0));
  }

  private static boolean isZero(MathExpr e) {
    return e instanceof Num n && n.value().signum() == 0 || e instanceof Dec d && d.value().signum() == 0;
  }

  /** Why an equivalent answer is not in the form the exercise asks for, or null. */
  static String formProblem(Form form, MathExpr e, MathExpr g) {
    return switch (form) {
      case ANY -> null;
      case EXPANDED -> {
        if (!isExpanded(g)) {
          yield "Equivalent, but not expanded: multiply out all the brackets.";
        }
        int want = e instanceof Add a ? a.terms().size() : 1;
        int have = g instanceof Add a ? a.terms().size() : 1;
        yield have > want ? "Equivalent, but collect the like terms." : null;
      }
      case FACTORED -> {
        MathExpr body = g instanceof Neg n ? n.arg() : g;
        if (body instanceof Add || body instanceof Div) {
          yield "Equivalent, but not factored: write it as a product.";
        }
        yield AlgebraTopics.nonConstantFactors(g) < AlgebraTopics.nonConstantFactors(e)
            ? "Equivalent, but not fully factored: one of the factors can be factored further."
            : null;
      }
      case SIMPLIFIED -> g.variableOccurrences() > e.variableOccurrences()
          ? "Equivalent, but simplify further: combine it into a single term."
          : null;
    };
  }

  private static boolean isExpanded(MathExpr g) {
    if (g instanceof Mul m) {
      for (MathExpr f : m.factors()) {
        if (f instanceof Add && !f.isConstant()) {
          return false;
        }
      }
    }
    if (g instanceof Neg n && n.arg() instanceof Add) {
      return false;
    }
    if (g instanceof Pow p && p.base() instanceof Add && !p.base().isConstant()) {
      return false;
    }
    if (g instanceof Div d && d.num() instanceof Add && !d.num().isConstant()) {
      return false;
    }
    for (MathExpr c : MathExprSupport.children(g)) {
      if (!isExpanded(c)) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ roots

  private CheckResult checkRoots(MathExpr expected, MathExpr given) throws CasException {
    List<MathExpr> expectedItems = items(expected);
    boolean named = !expectedItems.isEmpty() && expectedItems.stream().allMatch(i -> i instanceof Eq q && q.lhs() instanceof Sym);
    if (named) {
      return checkNamed(expectedItems, given);
    }
    List<MathExpr> want = new ArrayList<>();
    for (MathExpr i : expectedItems) {
      want.addAll(expandPm(i instanceof Eq q ? q.rhs() : i));
    }
    List<MathExpr> have = new ArrayList<>();
    for (MathExpr i : items(given)) {
      MathExpr v = i instanceof Eq q && q.lhs() instanceof Sym s && q.rhs().isConstant() ? q.rhs() : i;
      if (v instanceof Eq) {
        return new CheckResult(false, "Give the solutions as x = value (or just the values), not as equations.", given.canonical());
      }
      List<MathExpr> values = expandPm(v);
      if (values.isEmpty()) {
        return new CheckResult(false, "Use ± only once in each solution.", given.canonical());
      }
      for (MathExpr x : values) {
        if (!x.isConstant()) {
          return new CheckResult(false, "Each solution should be a number; your answer still contains "
              + String.join(", ", x.variables()) + ".", given.canonical());
        }
        if (!workedOut(x)) {
          return new CheckResult(false, "Work each solution out to a single number.", given.canonical());
        }
        have.add(x);
      }
    }
    have.sort(Comparator.comparingDouble(MathExpr::eval));
    String shown = new Seq(have, Bracket.BRACES).canonical();
    // match each expected root with an equal given root
    List<MathExpr> unmatched = new ArrayList<>(have);
    int found = 0;
    boolean rounded = false;
    String closeNote = null;
    for (MathExpr w : want) {
      MathExpr hit = null;
      for (MathExpr h : unmatched) {
        Verdict v = compareNumbers(w, h);
        if (v.equal()) {
          hit = h;
          rounded |= v.note() != null && v.note().startsWith("(The exact");
          break;
        }
        if (v.note() != null && closeNote == null) {
          closeNote = v.note();
        }
      }
      if (hit != null) {
        found++;
        unmatched.remove(hit);
      }
    }
    // a root listed twice is redundant, not wrong
    List<MathExpr> extra = new ArrayList<>();
    for (MathExpr u : unmatched) {
      boolean duplicate = false;
      for (MathExpr h : have) {
        if (h != u && !unmatched.contains(h) && close(h.eval(), u.eval(), RELATIVE_TOLERANCE)) {
          duplicate = true;
          break;
        }
      }
      if (!duplicate) {
        extra.add(u);
      }
    }
    int n = want.size();
    if (found == n && extra.isEmpty()) {
      String note = have.size() > n ? " (You listed a solution twice.)" : rounded ? " (Rounded values accepted.)" : "";
      return new CheckResult(true, "Correct." + note, shown);
    }
    if (found == 0 && extra.size() == n && allNegated(want, extra)) {
      return new CheckResult(false, "Sign error: your solutions have the opposite signs. From (x - a) = 0 the solution is x = a.", shown);
    }
    if (found == n) {
      return new CheckResult(false, "You found all " + n + " solutions but also gave " + extra.size() + " that "
          + (extra.size() == 1 ? "is" : "are") + " not a solution.", shown);
    }
    if (closeNote != null) {
      return new CheckResult(false, closeNote, shown);
    }
    String count = found + " of " + n;
    if (have.size() < n) {
      return new CheckResult(false, (found > 0 ? count + " solutions correct, " : "") + "the equation has " + n + " solutions; you gave "
          + have.size() + ".", shown);
    }
    return new CheckResult(false, found == 0 ? "None of your solutions satisfies the equation." : (n == 2 && found == 1 ? "One root of two correct." : count + " solutions correct."), shown);
  }

  private boolean allNegated(List<MathExpr> want, List<MathExpr> have) {
    List<Double> w = want.stream().map(MathExpr::eval).sorted().toList();
    List<Double> h = have.stream().map(x -> -x.eval()).sorted().toList();
    for (int i = 0; i < w.size(); i++) {
      if (!close(w.get(i), h.get(i), RELATIVE_TOLERANCE)) {
        return false;
      }
    }
    return true;
  }

  private CheckResult checkNamed(List<MathExpr> expectedItems, MathExpr given) throws CasException {
    Map<String, MathExpr> want = new LinkedHashMap<>();
    for (MathExpr i : expectedItems) {
      Eq q = (Eq) i;
      want.put(((Sym) q.lhs()).name(), q.rhs());
    }
    List<String> names = new ArrayList<>(want.keySet());
    Map<String, MathExpr> have = new LinkedHashMap<>();
    List<MathExpr> givenItems = items(given);
    boolean positional = givenItems.stream().noneMatch(i -> i instanceof Eq);
    if (positional) {
      if (givenItems.size() != names.size()) {
        return new CheckResult(false, "Give a value for each of " + String.join(" and ", names) + ", e.g. "
            + names.get(0) + " = 1, " + names.get(names.size() - 1) + " = 2.", given.canonical());
      }
      for (int i = 0; i < names.size(); i++) {
        have.put(names.get(i), givenItems.get(i));
      }
    } else {
      for (MathExpr i : givenItems) {
        if (!(i instanceof Eq q) || !(q.lhs() instanceof Sym s)) {
          return new CheckResult(false, "Write each value as " + names.get(0) + " = value.", given.canonical());
        }
        if (have.put(s.name(), q.rhs()) != null) {
          return new CheckResult(false, "You gave " + s.name() + " twice.", given.canonical());
        }
      }
    }
    List<MathExpr> shownItems = new ArrayList<>();
    for (Map.Entry<String, MathExpr> h : have.entrySet()) {
      shownItems.add(new Eq(new Sym(h.getKey()), h.getValue()));
    }
    String shown = new Seq(shownItems, Bracket.BRACES).canonical();
    for (String v : have.keySet()) {
      if (!want.containsKey(v)) {
        return new CheckResult(false, "The unknowns are " + String.join(" and ", names) + "; " + v + " is not one of them.", shown);
      }
    }
    List<String> missing = names.stream().filter(v -> !have.containsKey(v)).toList();
    if (!missing.isEmpty()) {
      return new CheckResult(false, "Also give the value of " + String.join(" and ", missing) + ".", shown);
    }
    List<String> right = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    for (String v : names) {
      MathExpr h = have.get(v);
      if (!h.isConstant() || !workedOut(h)) {
        return new CheckResult(false, "Give " + v + " as a single number.", shown);
      }
      (compareNumbers(want.get(v), h).equal() ? right : wrong).add(v);
    }
    if (wrong.isEmpty()) {
      return new CheckResult(true, "Correct.", shown);
    }
    if (names.size() == 2 && right.isEmpty()
        && compareNumbers(want.get(names.get(0)), have.get(names.get(1))).equal()
        && compareNumbers(want.get(names.get(1)), have.get(names.get(0))).equal()) {
      return new CheckResult(false, "You swapped " + names.get(0) + " and " + names.get(1) + ".", shown);
    }
    if (!right.isEmpty()) {
      return new CheckResult(false, String.join(" and ", right) + (right.size() == 1 ? " is" : " are") + " correct but "
          + String.join(" and ", wrong) + (wrong.size() == 1 ? " is" : " are") + " not: substitute back to check.", shown);
    }
    return new CheckResult(false, "Neither value is correct: substitute your values into both equations to check.", shown);
  }

  // ------------------------------------------------------------------ helpers

  private static List<MathExpr> items(MathExpr e) {
    return e instanceof Seq s ? s.items() : List.of(e);
  }

  /** a ± b as its two values; a tree with more than one ± gives an empty list. */
  static List<MathExpr> expandPm(MathExpr e) {
    int count = countPm(e);
    if (count == 0) {
      return List.of(e);
    }
    if (count > 1) {
      return List.of();
    }
    return List.of(replacePm(e, true), replacePm(e, false));
  }

  private static int countPm(MathExpr e) {
    int n = e instanceof Pm ? 1 : 0;
    for (MathExpr c : MathExprSupport.children(e)) {
      n += countPm(c);
    }
    return n;
  }

  private static MathExpr replacePm(MathExpr e, boolean minus) {
    if (e instanceof Pm p) {
      MathExpr d = minus ? Build.neg(p.delta()) : p.delta();
      return p.base() == null ? d : Build.plus(p.base(), d);
    }
    return rebuild(e, c -> replacePm(c, minus));
  }

  private static MathExpr substitute(MathExpr e, Map<String, MathExpr> values) {
    if (e instanceof Sym s && values.containsKey(s.name())) {
      return values.get(s.name());
    }
    return rebuild(e, c -> substitute(c, values));
  }

  private static MathExpr rebuild(MathExpr e, java.util.function.UnaryOperator<MathExpr> f) {
    if (e instanceof Add a) {
      return new Add(a.terms().stream().map(f).toList());
    } else if (e instanceof Mul m) {
      return new Mul(m.factors().stream().map(f).toList());
    } else if (e instanceof Neg n) {
      return new Neg(f.apply(n.arg()));
    } else if (e instanceof Div d) {
      return new Div(f.apply(d.num()), f.apply(d.den()));
    } else if (e instanceof Pow p) {
      return new Pow(f.apply(p.base()), f.apply(p.exp()));
    } else if (e instanceof Fn fn) {
      return new Fn(fn.name(), fn.args().stream().map(f).toList());
    } else if (e instanceof Fact fa) {
      return new Fact(f.apply(fa.arg()));
    } else if (e instanceof Eq q) {
      return new Eq(f.apply(q.lhs()), f.apply(q.rhs()));
    } else if (e instanceof Seq s) {
      return new Seq(s.items().stream().map(f).toList(), s.bracket());
    }
    return e;
  }

  private static MathExpr unwrapAssignment(MathExpr e) {
    if (e instanceof Eq q && q.lhs() instanceof Sym && q.rhs().isConstant()) {
      return q.rhs();
    }
    return e;
  }

  /** Drops a trailing percent sign and a leading currency sign, which number answers often carry. */
  private static String stripUnits(String raw) {
    String s = raw;
    if (s.endsWith("%")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    if (!s.isEmpty() && "$€£".indexOf(s.charAt(0)) >= 0) {
      s = s.substring(1).strip();
    }
    return s;
  }

  private static boolean hasDecimal(MathExpr e) {
    if (e instanceof Dec) {
      return true;
    }
    for (MathExpr c : MathExprSupport.children(e)) {
      if (hasDecimal(c)) {
        return true;
      }
    }
    return false;
  }

  private static int decimalPlaces(MathExpr e) {
    if (e instanceof Dec d) {
      return Math.max(0, d.value().scale());
    }
    int max = Integer.MAX_VALUE;
    boolean any = false;
    for (MathExpr c : MathExprSupport.children(e)) {
      if (hasDecimal(c)) {
        max = Math.min(max, decimalPlaces(c));
        any = true;
      }
    }
    return any ? max : 0;
  }

  /** Whether g is exact rounded (half up) or truncated to the given number of decimal places. */
  private static boolean roundsTo(double exact, double g, int places) {
    BigDecimal value = new BigDecimal(exact);
    BigDecimal given = new BigDecimal(g).setScale(places, java.math.RoundingMode.HALF_EVEN);
    return value.setScale(places, java.math.RoundingMode.HALF_UP).compareTo(given) == 0
        || value.setScale(places, java.math.RoundingMode.DOWN).compareTo(given) == 0
        || value.setScale(places, java.math.RoundingMode.HALF_DOWN).compareTo(given) == 0;
  }

  static boolean close(double a, double b, double relative) {
    if (a == b) {
      return true;
    }
    return Math.abs(a - b) <= relative * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
  }

  private static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.valueOf((long) v);
    }
    BigDecimal b = new BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
    // a simple fraction reads better than its decimal
    for (int q = 2; q <= 12; q++) {
      double p = v * q;
      if (Math.abs(p - Math.rint(p)) < 1e-9) {
        return Rational.of((long) Math.rint(p), q).toString();
      }
    }
    return b.toPlainString();
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
