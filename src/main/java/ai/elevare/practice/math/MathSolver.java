package ai.elevare.practice.math;

import static ai.elevare.practice.math.Build.n;

import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Bracket;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Fn;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Seq;
import ai.elevare.practice.math.MathExpr.Sym;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers math questions for the local Q&A model: "solve 2x+3=7", "what is the derivative of x^3*sin(x)",
 * "integrate x^2", "simplify (x^2-1)/(x-1)", "factor x^2-5x+6", "expand (x+1)^3", "what is 15% of 80", "2+3*4".
 *
 * <p>Returns empty when the text is not math this solver can do (or the CAS gives up within its bound). The math
 * part of the question goes through {@link MathParser}, so nothing in the question can reach the CAS unchecked.
 * Blocking (uses the CAS).
 */
public final class MathSolver {

  /**
   * A solved question.
   *
   * @param kind arithmetic, percent, equation, system, derivative, integral, simplify, factor or expand
   * @param answer the result in the product's notation ({@code x = 2 or x = 3}, {@code 3*x^2}, {@code 12})
   * @param steps worked steps whose intermediate results come from the CAS
   */
  public record Solution(String kind, String answer, List<String> steps) {
    public Solution {
      Objects.requireNonNull(kind);
      Objects.requireNonNull(answer);
      steps = List.copyOf(steps);
    }
  }

  private static final int MAX_QUESTION_CHARS = 600;
  private static final String LEAD = "(?:please\\s+)?(?:can you\\s+|could you\\s+)?(?:what(?:'s| is)\\s+|find\\s+|compute\\s+|calculate\\s+|determine\\s+|give me\\s+|evaluate\\s+|work out\\s+)?(?:the\\s+)?";
  private static final Pattern PERCENT =
      Pattern.compile(LEAD + "(\\d+(?:\\.\\d+)?)\\s*(?:%|percent)\\s+of\\s+(\\d+(?:\\.\\d+)?)");
  private static final Pattern DERIVATIVE = Pattern.compile(
      LEAD + "(?:first\\s+)?derivative\\s+of\\s+(.+?)(?:\\s+with respect to\\s+([a-z]))?"
          + "|(?:please\\s+)?differentiate\\s+(.+?)(?:\\s+with respect to\\s+([a-z]))?"
          + "|d/d([a-z])\\s*(.+)");
  private static final Pattern INTEGRAL = Pattern.compile(
      LEAD + "(?:indefinite\\s+|definite\\s+)?(?:integral|antiderivative)\\s+of\\s+(.+?)(?:\\s+from\\s+(.+?)\\s+to\\s+(.+?))?"
          + "|(?:please\\s+)?integrate\\s+(.+?)(?:\\s+from\\s+(.+?)\\s+to\\s+(.+?))?");
  private static final Pattern SOLVE_FOR = Pattern.compile("(?:please\\s+)?solve\\s+for\\s+([a-z])\\s*[:,]?\\s*(.+)");
  private static final Pattern COMMAND =
      Pattern.compile("(?:please\\s+)?(?:can you\\s+)?(simplify|factori[sz]e|factor|expand|solve)\\s+(.+?)(?:\\s+for\\s+([a-z]))?");
  private static final Pattern EVALUATE = Pattern.compile(LEAD + "(?:value of\\s+)?(.+)");

  private static final Pattern WORD = Pattern.compile("[a-z]{2,}");
  private static final String KNOWN_WORDS =
      "arcsin|arccos|arctan|asin|acos|atan|sinh|cosh|tanh|sqrt|cbrt|sin|cos|tan|cot|sec|csc|exp|log|ln|abs|pi";
  private static final String VARIABLE_LETTERS = "abcdkmnpqrstuvwxyz";

  private final Cas cas;
  private final Gen gen;

  public MathSolver(Cas cas) {
    this.cas = Objects.requireNonNull(cas);
    this.gen = new Gen(cas);
  }

  public Optional<Solution> solve(String naturalLanguageOrMath) {
    if (naturalLanguageOrMath == null || naturalLanguageOrMath.isBlank() || naturalLanguageOrMath.length() > MAX_QUESTION_CHARS) {
      return Optional.empty();
    }
    String q = clean(naturalLanguageOrMath);
    try {
      Matcher m;
      if ((m = PERCENT.matcher(q)).matches()) {
        return Optional.of(percent(m.group(1), m.group(2)));
      }
      if ((m = DERIVATIVE.matcher(q)).matches()) {
        String body = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(6);
        String var = m.group(2) != null ? m.group(2) : m.group(4) != null ? m.group(4) : m.group(5);
        return derivative(stripDx(body), var);
      }
      if ((m = INTEGRAL.matcher(q)).matches()) {
        boolean first = m.group(1) != null;
        return integral(stripDx(first ? m.group(1) : m.group(4)), first ? m.group(2) : m.group(5), first ? m.group(3) : m.group(6));
      }
      if ((m = SOLVE_FOR.matcher(q)).matches()) {
        return equation(m.group(2), m.group(1));
      }
      if ((m = COMMAND.matcher(q)).matches()) {
        String verb = m.group(1).startsWith("factor") ? "factor" : m.group(1);
        return switch (verb) {
          case "simplify" -> simplify(m.group(2));
          case "factor" -> factor(m.group(2));
          case "expand" -> expand(m.group(2));
          default -> equation(m.group(2), m.group(3));
        };
      }
      if ((m = EVALUATE.matcher(q)).matches()) {
        return evaluate(m.group(1));
      }
    } catch (CasException | IllegalArgumentException e) {
      // the CAS refused or gave up, or produced something outside the product's notation (a special function)
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String clean(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    while (!t.isEmpty() && "?.!".indexOf(t.charAt(t.length() - 1)) >= 0) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t;
  }

  private static String stripDx(String s) {
    return s.replaceAll("\\s*\\bd[a-z]$", "").strip();
  }

  /**
   * Reads the math part of a question. Beyond the parser's own rules, every run of letters must be a known function
   * or constant or a few single-letter variables, so ordinary words ("tell me a joke") are not taken for products.
   */
  private static Optional<MathExpr> parse(String s) {
    Matcher words = WORD.matcher(s);
    while (words.find()) {
      String w = words.group();
      if (w.equals("and") || w.equals("or")) {
        continue; // separators of equations and roots
      }
      if (w.endsWith("e") && words.end() < s.length() && s.charAt(words.end()) == '^') {
        w = w.substring(0, w.length() - 1); // xe^x
      }
      w = w.replaceAll(KNOWN_WORDS, "");
      // xy is a product, but a longer unknown word (run, essay) is prose, not variables
      if (w.length() > 2 || !w.chars().allMatch(c -> VARIABLE_LETTERS.indexOf(c) >= 0)) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(MathParser.parse(s));
    } catch (CasException e) {
      return Optional.empty();
    }
  }

  // ------------------------------------------------------------------ arithmetic and percent

  private Optional<Solution> evaluate(String body) throws CasException {
    Optional<MathExpr> parsed = parse(body);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    MathExpr e = parsed.get();
    if (e instanceof Eq || e instanceof Seq && ((Seq) e).items().stream().anyMatch(i -> i instanceof Eq)) {
      return equation(body, null);
    }
    if (e instanceof Seq || e instanceof MathExpr.Pm) {
      return Optional.empty();
    }
    if (!e.isConstant()) {
      // "what is 2x + 3x": simplifying is the only reading that makes sense
      return simplify(body);
    }
    if (e instanceof Num || e instanceof MathExpr.Dec) {
      return Optional.empty();
    }
    MathExpr value = gen.eval(e.toSymja());
    List<String> steps = new ArrayList<>(ArithmeticSteps.describe(e));
    String answer = value.canonical();
    Rational r = value.rational();
    if (r == null) {
      double approx = value.eval();
      if (!Double.isFinite(approx)) {
        return Optional.empty();
      }
      String dec = new BigDecimal(approx).round(new MathContext(8)).stripTrailingZeros().toPlainString();
      steps.add(e.pretty() + " = " + value.pretty() + " ≈ " + dec + ".");
    } else if (steps.isEmpty()) {
      steps.add(e.pretty() + " = " + value.pretty() + ".");
    } else if (!r.isInteger() && r.isTerminatingDecimal()) {
      steps.add("As a decimal: " + r.toDecimalExpr().pretty() + ".");
    }
    return Optional.of(new Solution("arithmetic", answer, steps));
  }

  private Solution percent(String p, String whole) throws CasException {
    MathExpr pe = MathParser.parse(p);
    MathExpr we = MathParser.parse(whole);
    List<MathExpr> cas = gen.eval("(" + pe.toSymja() + ")/100", "(" + pe.toSymja() + ")/100*(" + we.toSymja() + ")");
    Rational fraction = cas.get(0).rational();
    Rational value = cas.get(1).rational();
    String answer = value == null ? cas.get(1).canonical() : value.toDecimalExpr().canonical();
    return new Solution("percent", answer, List.of(
        p + "% means " + p + "/100 = " + (fraction == null ? cas.get(0).pretty() : fraction.toDecimalExpr().pretty()) + ".",
        "Multiply by " + whole + ": " + (fraction == null ? cas.get(0).pretty() : fraction.toDecimalExpr().pretty()) + " * " + whole + " = " + answer + "."));
  }

  // ------------------------------------------------------------------ calculus

  private Optional<Solution> derivative(String body, String var) throws CasException {
    Optional<MathExpr> parsed = parse(body);
    if (parsed.isEmpty() || parsed.get() instanceof Seq || parsed.get() instanceof Eq) {
      return Optional.empty();
    }
    MathExpr f = parsed.get();
    String x = var != null ? var : f.variables().isEmpty() ? "x" : f.variables().contains("x") ? "x" : f.variables().iterator().next();
    MathExpr d = gen.eval("D(" + f.toSymja() + "," + x + ")");
    if (containsUnknownFunction(d)) {
      return Optional.empty();
    }
    List<String> steps = new ArrayList<>(MathSolutions.derivativeSteps(gen, f, x));
    steps.add("So d/d" + x + " [" + f.pretty() + "] = " + d.pretty() + ".");
    return Optional.of(new Solution("derivative", d.canonical(), steps));
  }

  private Optional<Solution> integral(String body, String from, String to) throws CasException {
    Optional<MathExpr> parsed = parse(body);
    if (parsed.isEmpty() || parsed.get() instanceof Seq || parsed.get() instanceof Eq) {
      return Optional.empty();
    }
    MathExpr f = parsed.get();
    String x = f.variables().contains("x") || f.variables().isEmpty() ? "x" : f.variables().iterator().next();
    List<MathExpr> terms = f instanceof Add a ? a.terms() : List.of(f);
    List<String> inputs = new ArrayList<>();
    for (MathExpr t : terms) {
      inputs.add("Integrate(" + t.toSymja() + "," + x + ")");
    }
    List<MathExpr> parts = cas.evaluateExprs(inputs, Cas.DEFAULT_TIMEOUT);
    for (MathExpr p : parts) {
      if (containsUnknownFunction(p)) {
        return Optional.empty();
      }
    }
    MathExpr big = Build.sum(parts);
    MathExpr check = gen.eval("Together(Expand(D(" + big.toSymja() + "," + x + ")-(" + f.toSymja() + ")))");
    boolean verified = check instanceof Num z && z.value().signum() == 0
        || gen.eval("Simplify(D(" + big.toSymja() + "," + x + ")-(" + f.toSymja() + "))") instanceof Num z2 && z2.value().signum() == 0;
    if (!verified) {
      return Optional.empty();
    }
    List<String> steps = new ArrayList<>();
    if (terms.size() > 1) {
      StringBuilder sb = new StringBuilder("Integrate term by term: ");
      for (int i = 0; i < terms.size(); i++) {
        sb.append(i == 0 ? "" : "; ").append("the integral of ").append(terms.get(i).pretty()).append(" is ").append(parts.get(i).pretty());
      }
      steps.add(sb + ".");
    } else {
      steps.add("An antiderivative of " + f.pretty() + " is " + big.pretty() + ".");
    }
    steps.add("Check: differentiating " + big.pretty() + " gives back " + f.pretty() + ".");
    if (from != null && to != null) {
      Optional<MathExpr> a = parse(from);
      Optional<MathExpr> b = parse(to);
      if (a.isEmpty() || b.isEmpty() || !a.get().isConstant() || !b.get().isConstant()) {
        return Optional.empty();
      }
      List<MathExpr> vals = gen.eval(
          "ReplaceAll(" + big.toSymja() + "," + x + "->(" + b.get().toSymja() + "))",
          "ReplaceAll(" + big.toSymja() + "," + x + "->(" + a.get().toSymja() + "))",
          "Together(ReplaceAll(" + big.toSymja() + "," + x + "->(" + b.get().toSymja() + "))-ReplaceAll(" + big.toSymja() + "," + x + "->(" + a.get().toSymja() + ")))");
      steps.add("F(" + b.get().pretty() + ") = " + vals.get(0).pretty() + " and F(" + a.get().pretty() + ") = " + vals.get(1).pretty() + ".");
      steps.add("The definite integral is F(" + b.get().pretty() + ") - F(" + a.get().pretty() + ") = " + vals.get(2).pretty() + ".");
      return Optional.of(new Solution("integral", vals.get(2).canonical(), steps));
    }
    MathExpr withC = Build.plus(big, new Sym("c"));
    steps.add("Add the constant of integration: " + withC.pretty() + ".");
    return Optional.of(new Solution("integral", withC.canonical(), steps));
  }

  /** A CAS result with a function we cannot print back (an unevaluated integral, a special function). */
  static boolean containsUnknownFunction(MathExpr e) {
    if (e instanceof Fn f && !MathExpr.FUNCTIONS.containsKey(f.name())) {
      return true;
    }
    if (e instanceof Sym s && s.name().length() > 1) {
      return true;
    }
    for (MathExpr c : MathExprSupport.children(e)) {
      if (containsUnknownFunction(c)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ algebra

  private Optional<Solution> simplify(String body) throws CasException {
    Optional<MathExpr> parsed = parse(body);
    if (parsed.isEmpty() || parsed.get() instanceof Seq || parsed.get() instanceof Eq) {
      return Optional.empty();
    }
    MathExpr e = parsed.get();
    List<String> steps = new ArrayList<>();
    MathExpr result;
    if (e instanceof Div d && !d.den().isConstant()) {
      List<MathExpr> cas = gen.eval("Factor(" + d.num().toSymja() + ")", "Factor(" + d.den().toSymja() + ")", "Cancel(" + e.toSymja() + ")");
      result = cas.get(2);
      steps.add("Factor the numerator and the denominator: (" + cas.get(0).pretty() + ")/(" + cas.get(1).pretty() + ").");
      steps.add("Cancel the common factors: " + result.pretty() + (result.equals(e) ? " (nothing cancels)." : "."));
      if (!result.equals(e)) {
        steps.add("This holds wherever the original denominator " + d.den().pretty() + " is not zero.");
      }
    } else {
      result = gen.eval("Simplify(" + e.toSymja() + ")");
      if (result.nodeCount() > e.nodeCount()) {
        result = gen.eval("Together(Expand(" + e.toSymja() + "))");
      }
      steps.add("Combine like terms and apply the algebra rules: " + e.pretty() + " = " + result.pretty() + ".");
    }
    if (containsUnknownFunction(result)) {
      return Optional.empty();
    }
    return Optional.of(new Solution("simplify", result.canonical(), steps));
  }

  private Optional<Solution> factor(String body) throws CasException {
    Optional<MathExpr> parsed = parse(body);
    if (parsed.isEmpty() || parsed.get() instanceof Seq || parsed.get() instanceof Eq || parsed.get().isConstant()) {
      return Optional.empty();
    }
    MathExpr e = parsed.get();
    List<MathExpr> cas = gen.eval("Expand(" + e.toSymja() + ")", "Factor(" + e.toSymja() + ")");
    MathExpr expanded = cas.get(0);
    MathExpr factored = cas.get(1);
    List<String> steps = new ArrayList<>();
    if (!expanded.equals(e)) {
      steps.add("Write it out in full first: " + expanded.pretty() + ".");
    }
    int count = AlgebraTopics.nonConstantFactors(factored);
    if (count <= 1) {
      steps.add(expanded.pretty() + " cannot be factored further over the rational numbers.");
    } else {
      steps.add("Factor: " + expanded.pretty() + " = " + factored.pretty() + ".");
      steps.add("Check by expanding: the product multiplies back to " + expanded.pretty() + ".");
    }
    return Optional.of(new Solution("factor", factored.canonical(), steps));
  }

  private Optional<Solution> expand(String body) throws CasException {
    Optional<MathExpr> parsed = parse(body);
    if (parsed.isEmpty() || parsed.get() instanceof Seq || parsed.get() instanceof Eq) {
      return Optional.empty();
    }
    MathExpr e = parsed.get();
    List<String> steps = new ArrayList<>(MathSolutions.expansionSteps(gen, e));
    MathExpr result = gen.eval("Expand(" + e.toSymja() + ")");
    if (steps.isEmpty()) {
      steps.add("Multiply out: " + e.pretty() + " = " + result.pretty() + ".");
    }
    return Optional.of(new Solution("expand", result.canonical(), steps));
  }

  // ------------------------------------------------------------------ equations

  private Optional<Solution> equation(String body, String var) throws CasException {
    Optional<MathExpr> parsed = parse(body);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    MathExpr e = parsed.get();
    if (e instanceof Seq s && s.items().size() == 2 && s.items().stream().allMatch(i -> i instanceof Eq)) {
      return system((Eq) s.items().get(0), (Eq) s.items().get(1));
    }
    Eq eq;
    if (e instanceof Eq given) {
      eq = given;
    } else {
      // "solve x^2 - 4" means "= 0"
      if (e instanceof Seq || e.isConstant()) {
        return Optional.empty();
      }
      eq = new Eq(e, n(0));
    }
    String x = var != null ? var : eq.variables().contains("x") ? "x" : eq.variables().isEmpty() ? null : eq.variables().iterator().next();
    if (x == null || eq.variables().size() > 1 && var == null) {
      return Optional.empty();
    }
    MathEquation.Solved solved = MathEquation.solve(gen, eq.lhs(), eq.rhs(), x);
    if (solved == null) {
      return Optional.empty();
    }
    return Optional.of(new Solution("equation", solved.answer(), solved.steps()));
  }

  private Optional<Solution> system(Eq e1, Eq e2) throws CasException {
    List<String> vars = new ArrayList<>(new java.util.TreeSet<>(Build.sum(e1.lhs(), e1.rhs(), e2.lhs(), e2.rhs()).variables()));
    if (vars.size() != 2) {
      return Optional.empty();
    }
    String a = vars.get(0);
    String b = vars.get(1);
    String d1 = "Expand((" + e1.lhs().toSymja() + ")-(" + e1.rhs().toSymja() + "))";
    String d2 = "Expand((" + e2.lhs().toSymja() + ")-(" + e2.rhs().toSymja() + "))";
    List<MathExpr> co = gen.eval(
        "Coefficient(" + d1 + "," + a + ",1)", "Coefficient(" + d1 + "," + b + ",1)", "ReplaceAll(" + d1 + ",{" + a + "->0," + b + "->0})",
        "Coefficient(" + d2 + "," + a + ",1)", "Coefficient(" + d2 + "," + b + ",1)", "ReplaceAll(" + d2 + ",{" + a + "->0," + b + "->0})",
        "Exponent(" + d1 + "," + a + ")+Exponent(" + d1 + "," + b + ")+Exponent(" + d2 + "," + a + ")+Exponent(" + d2 + "," + b + ")");
    Rational[] c = new Rational[6];
    for (int i = 0; i < 6; i++) {
      c[i] = co.get(i).rational();
      if (c[i] == null) {
        return Optional.empty();
      }
    }
    Rational degrees = co.get(6).rational();
    if (degrees == null || !degrees.equals(Rational.of(4))) {
      return Optional.empty(); // not linear in both unknowns
    }
    // a1 a + b1 b = -k1, a2 a + b2 b = -k2, by Cramer's rule
    Rational det = c[0].multiply(c[4]).subtract(c[3].multiply(c[1]));
    if (det.signum() == 0) {
      return Optional.empty();
    }
    Rational r1 = c[2].negate();
    Rational r2 = c[5].negate();
    Rational va = r1.multiply(c[4]).subtract(r2.multiply(c[1])).divide(det);
    Rational vb = c[0].multiply(r2).subtract(c[3].multiply(r1)).divide(det);
    MathExpr s1 = new Eq(Build.sum(Build.term(c[0], new Sym(a)), Build.term(c[1], new Sym(b))), r1.toExpr());
    MathExpr s2 = new Eq(Build.sum(Build.term(c[3], new Sym(a)), Build.term(c[4], new Sym(b))), r2.toExpr());
    String check = "{" + a + "->(" + va.toExpr().toSymja() + ")," + b + "->(" + vb.toExpr().toSymja() + ")}";
    List<MathExpr> verify = gen.eval("Together(ReplaceAll(" + d1 + "," + check + "))", "Together(ReplaceAll(" + d2 + "," + check + "))");
    if (!(verify.get(0) instanceof Num z1 && z1.value().signum() == 0 && verify.get(1) instanceof Num z2 && z2.value().signum() == 0)) {
      return Optional.empty();
    }
    List<String> steps = List.of(
        "Write both equations as " + a + " and " + b + " terms = number: " + s1.pretty() + " and " + s2.pretty() + ".",
        "Eliminate " + b + ": multiply the first by " + c[4].toExpr().pretty() + " and the second by " + c[1].toExpr().pretty()
            + " and subtract, giving " + Build.term(det, new Sym(a)).pretty() + " = " + r1.multiply(c[4]).subtract(r2.multiply(c[1])).toExpr().pretty() + ".",
        "So " + a + " = " + va.toExpr().pretty() + ".",
        "Substitute into the first equation and solve: " + b + " = " + vb.toExpr().pretty() + ".",
        "Check: both equations hold for " + a + " = " + va.toExpr().pretty() + ", " + b + " = " + vb.toExpr().pretty() + ".");
    MathExpr answer = new Seq(List.of(new Eq(new Sym(a), va.toExpr()), new Eq(new Sym(b), vb.toExpr())), Bracket.BRACES);
    return Optional.of(new Solution("system", answer.canonical(), steps));
  }
}
