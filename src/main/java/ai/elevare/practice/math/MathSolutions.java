package ai.elevare.practice.math;

import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Const;
import ai.elevare.practice.math.MathExpr.Fn;
import ai.elevare.practice.math.MathExpr.Mul;
import ai.elevare.practice.math.MathExpr.Neg;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Pow;
import ai.elevare.practice.math.MathExpr.Sym;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Worked solutions and hints: the stored CAS-derived steps of generated problems, steps for bank items whose prompt
 * the {@link MathSolver} understands (confirmed against the item's answer key), and generic hints otherwise.
 * Blocking (uses the CAS).
 */
public final class MathSolutions {

  private final MathGenerators generators;
  private final MathSolver solver;
  private final MathAnswerChecker checker;

  public MathSolutions(Cas cas) {
    Objects.requireNonNull(cas);
    this.generators = new MathGenerators(cas);
    this.solver = new MathSolver(cas);
    this.checker = new MathAnswerChecker(cas);
  }

  /** The worked steps of a generated problem (regenerated from its id when they were not kept). */
  public List<String> steps(MathProblem problem) throws CasException {
    if (!problem.solutionSteps().isEmpty()) {
      return problem.solutionSteps();
    }
    return generators.fromId(problem.id()).map(MathProblem::solutionSteps).orElse(List.of());
  }

  /**
   * Steps for a bank item, when its prompt is a question the solver can work and the solver's result agrees with
   * the item's answer key; empty otherwise (show the answer with {@link #genericHints} instead).
   */
  public Optional<List<String>> stepsForItem(String prompt, String answerFormat, String answer) {
    Optional<MathSolver.Solution> solved = solver.solve(prompt);
    if (solved.isEmpty()) {
      return Optional.empty();
    }
    String candidate = solved.get().answer();
    if (candidate.equals("no real solution")) {
      return Optional.empty();
    }
    MathAnswerChecker.CheckResult agree = checker.check(answer, answerFormat, candidate);
    return agree.correct() ? Optional.of(solved.get().steps()) : Optional.empty();
  }

  /** Three progressively stronger, item-independent hints for a bank item of the given answer format. */
  public static List<String> genericHints(String answerFormat) {
    String f = answerFormat == null ? "" : answerFormat.toLowerCase(Locale.ROOT);
    return switch (f) {
      case MathProblem.ROOTS -> List.of(
          "Bring everything to one side so the equation reads ... = 0.",
          "Factor the expression, or use the quadratic formula x = (-b ± sqrt(b^2 - 4ac))/(2a).",
          "Check every solution by substituting it into the original equation.");
      case MathProblem.EXPRESSION -> List.of(
          "Decide which rule applies: expanding, factoring, a power or logarithm rule, or a derivative rule.",
          "Work one step at a time and keep brackets wherever a whole group is multiplied or raised to a power.",
          "Check your result by putting a simple value such as x = 2 into both the original and your answer.");
      default -> List.of(
          "Write down what is given and what is asked before calculating.",
          "Do one operation at a time and keep exact fractions until the end.",
          "Check that the size and the sign of your result make sense.");
    };
  }

  // ------------------------------------------------------------------ shared step builders

  /** Steps for differentiating f with respect to x: sum, product and chain rules, each confirmed by the CAS. */
  static List<String> derivativeSteps(Gen gen, MathExpr f, String x) throws CasException {
    String d = "D(" + f.toSymja() + "," + x + ")";
    if (f instanceof Add a) {
      List<String> inputs = new ArrayList<>();
      for (MathExpr t : a.terms()) {
        inputs.add("D(" + t.toSymja() + "," + x + ")");
      }
      List<MathExpr> parts = gen.eval(inputs);
      StringBuilder sb = new StringBuilder("Differentiate term by term: ");
      for (int i = 0; i < parts.size(); i++) {
        sb.append(i == 0 ? "" : "; ").append("d/d").append(x).append("(").append(a.terms().get(i).pretty()).append(") = ").append(parts.get(i).pretty());
      }
      return List.of(sb + ".");
    }
    MathExpr body = f instanceof Neg n ? n.arg() : f;
    if (body instanceof Mul m) {
      List<MathExpr> varying = m.factors().stream().filter(t -> t.variables().contains(x)).toList();
      if (varying.size() == 2) {
        MathExpr u = varying.get(0);
        MathExpr v = varying.get(1);
        List<MathExpr> cas = gen.eval("D(" + u.toSymja() + "," + x + ")", "D(" + v.toSymja() + "," + x + ")",
            "Together(Expand(D((" + u.toSymja() + ")*(" + v.toSymja() + ")," + x + ")-(" + d + ")/(" + Build.times(otherFactors(m, varying).toArray(MathExpr[]::new)).toSymja() + ")))");
        if (cas.get(2) instanceof Num z && z.value().signum() == 0) {
          MathExpr combined = Build.sum(Build.product(cas.get(0), v), Build.product(u, cas.get(1)));
          return List.of(
              "Product rule with u = " + u.pretty() + " and v = " + v.pretty() + ": (uv)' = u'v + uv'.",
              "u' = " + cas.get(0).pretty() + " and v' = " + cas.get(1).pretty() + ".",
              "So the derivative of uv is " + combined.pretty() + (varying.size() == m.factors().size() ? "." : ", times the constant factor."));
        }
      }
    }
    MathExpr inner = innerOf(body, x);
    if (inner != null) {
      String u = x.equals("u") ? "w" : "u";
      MathExpr outer = replace(body, inner, new Sym(u));
      List<MathExpr> cas = gen.eval("D(" + outer.toSymja() + "," + u + ")", "D(" + inner.toSymja() + "," + x + ")",
          "Together(Expand(ReplaceAll(D(" + outer.toSymja() + "," + u + ")," + u + "->(" + inner.toSymja() + "))*D(" + inner.toSymja() + "," + x + ")-D("
              + body.toSymja() + "," + x + ")))");
      if (cas.get(2) instanceof Num z && z.value().signum() == 0) {
        return List.of(
            "Chain rule with outer function g(" + u + ") = " + outer.pretty() + " and inner function " + u + " = " + inner.pretty() + ".",
            "g'(" + u + ") = " + cas.get(0).pretty() + " and " + u + "' = " + cas.get(1).pretty() + ".",
            "Multiply g'(" + u + ") by " + u + "', with " + u + " = " + inner.pretty() + " put back.");
      }
    }
    return List.of("Use the standard derivative rules for " + f.pretty() + ".");
  }

  private static List<MathExpr> otherFactors(Mul m, List<MathExpr> varying) {
    List<MathExpr> rest = new ArrayList<>();
    for (MathExpr f : m.factors()) {
      if (!varying.contains(f)) {
        rest.add(f);
      }
    }
    return rest.isEmpty() ? List.of(Num.of(1)) : rest;
  }

  /** The inside of a composition f(g(x)) when g is more than the bare variable, else null. */
  private static MathExpr innerOf(MathExpr e, String x) {
    if (e instanceof Fn f && f.args().size() == 1 && !(f.args().get(0) instanceof Sym) && f.args().get(0).variables().contains(x)) {
      return f.args().get(0);
    }
    if (e instanceof Pow p) {
      if (p.base() == Const.E && !(p.exp() instanceof Sym) && p.exp().variables().contains(x)) {
        return p.exp();
      }
      if (!(p.base() instanceof Sym) && p.base().variables().contains(x) && p.exp().isConstant()) {
        return p.base();
      }
    }
    return null;
  }

  private static MathExpr replace(MathExpr e, MathExpr target, MathExpr with) {
    if (e.equals(target)) {
      return with;
    }
    if (e instanceof Fn f) {
      return new Fn(f.name(), f.args().stream().map(a -> replace(a, target, with)).toList());
    }
    if (e instanceof Pow p) {
      return new Pow(replace(p.base(), target, with), replace(p.exp(), target, with));
    }
    return e;
  }

  /** Result of multiplying out: the steps and the expanded polynomial. */
  record Expansion(List<String> steps, MathExpr result) {}

  /** Steps for multiplying out a product of sums (powers count as repeated factors); empty when nothing to do. */
  static List<String> expansionSteps(Gen gen, MathExpr e) throws CasException {
    List<MathExpr> factors = new ArrayList<>();
    MathExpr body = e instanceof Neg n ? n.arg() : e;
    for (MathExpr f : body instanceof Mul m ? m.factors() : List.of(body)) {
      if (f instanceof Pow p && p.base() instanceof Add && p.exp() instanceof Num k && k.value().intValue() >= 2 && k.value().intValue() <= 4) {
        for (int i = 0; i < k.value().intValue(); i++) {
          factors.add(p.base());
        }
      } else {
        factors.add(f);
      }
    }
    if (factors.size() < 2 || factors.stream().noneMatch(f -> f instanceof Add)) {
      return List.of();
    }
    return expand(gen, factors).steps();
  }

  /** Multiplies the factors out one at a time, showing every product of terms before like terms are combined. */
  static Expansion expand(Gen gen, List<MathExpr> factors) throws CasException {
    List<String> steps = new ArrayList<>();
    MathExpr acc = factors.get(0);
    for (int i = 1; i < factors.size(); i++) {
      MathExpr next = factors.get(i);
      List<MathExpr> accTerms = acc instanceof Add a ? a.terms() : List.of(acc);
      List<MathExpr> nextTerms = next instanceof Add a ? a.terms() : List.of(next);
      List<String> products = new ArrayList<>();
      for (MathExpr t : accTerms) {
        for (MathExpr s : nextTerms) {
          products.add("Expand((" + t.toSymja() + ")*(" + s.toSymja() + "))");
        }
      }
      products.add("Expand((" + acc.toSymja() + ")*(" + next.toSymja() + "))");
      List<MathExpr> cas = gen.eval(products);
      MathExpr combined = cas.get(cas.size() - 1);
      MathExpr raw = Build.sum(cas.subList(0, cas.size() - 1));
      String what = accTerms.size() == 1
          ? "Multiply " + acc.pretty() + " by every term of (" + next.pretty() + ")"
          : "Multiply every term of (" + acc.pretty() + ") by every term of (" + next.pretty() + ")";
      steps.add(what + ": " + raw.pretty() + ".");
      if (!raw.equals(combined)) {
        steps.add("Combine like terms: " + combined.pretty() + ".");
      }
      acc = combined;
    }
    return new Expansion(steps, acc);
  }
}
