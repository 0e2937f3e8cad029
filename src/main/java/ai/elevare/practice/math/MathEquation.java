package ai.elevare.practice.math;

import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Seq;
import ai.elevare.practice.math.MathExpr.Sym;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Solves one equation in one unknown with worked steps: linear and quadratic by hand, others by the CAS. */
final class MathEquation {
  private MathEquation() {}

  /** The solutions (real only), how to say them, and the steps. */
  record Solved(String answer, List<MathExpr> roots, List<String> steps) {}

  static Solved solve(Gen gen, MathExpr lhs, MathExpr rhs, String x) throws CasException {
    String diff = "Expand((" + lhs.toSymja() + ")-(" + rhs.toSymja() + "))";
    List<MathExpr> info = gen.eval(diff, "PolynomialQ(" + diff + "," + x + ")", "Exponent(" + diff + "," + x + ")");
    MathExpr poly = info.get(0);
    boolean polynomial = info.get(1) instanceof Sym s && s.name().equals("true");
    Rational degree = info.get(2).rational();
    MathExpr eq = new Eq(lhs, rhs);
    List<String> steps = new ArrayList<>();
    Sym var = new Sym(x);
    if (polynomial && degree != null && degree.equals(Rational.ONE)) {
      List<MathExpr> co = gen.eval("Coefficient(" + poly.toSymja() + "," + x + ",1)", "Coefficient(" + poly.toSymja() + "," + x + ",0)");
      Rational k = co.get(0).rational();
      Rational m = co.get(1).rational();
      if (k == null || m == null) {
        return null;
      }
      Rational root = m.negate().divide(k);
      MathExpr collected = new Eq(Build.term(k, var), m.negate().toExpr());
      if (!collected.equals(eq)) {
        steps.add("Collect the " + x + " terms on the left and the numbers on the right: " + collected.pretty() + ".");
      }
      if (!k.equals(Rational.ONE)) {
        steps.add("Divide both sides by " + paren(k.toExpr().pretty()) + ": " + x + " = " + root.toExpr().pretty() + ".");
      }
      steps.add("Check: substituting " + x + " = " + root.toExpr().pretty() + " makes both sides equal.");
      return finish(x, List.of(root.toExpr()), steps);
    }
    if (polynomial && degree != null && degree.equals(Rational.of(2))) {
      List<MathExpr> co = gen.eval("Coefficient(" + poly.toSymja() + "," + x + ",2)", "Coefficient(" + poly.toSymja() + "," + x + ",1)",
          "Coefficient(" + poly.toSymja() + "," + x + ",0)");
      Rational a = co.get(0).rational();
      Rational b = co.get(1).rational();
      Rational c = co.get(2).rational();
      if (a == null || b == null || c == null) {
        return null;
      }
      MathExpr standard = new Eq(poly, Num.of(0));
      if (!standard.equals(eq)) {
        steps.add("Bring everything to one side: " + standard.pretty() + ".");
      }
      Rational disc = b.multiply(b).subtract(Rational.of(4).multiply(a).multiply(c));
      steps.add("Discriminant: b^2 - 4ac = " + disc.toExpr().pretty() + ".");
      if (disc.signum() < 0) {
        steps.add("The discriminant is negative, so there is no real solution.");
        return new Solved("no real solution", List.of(), steps);
      }
      List<MathExpr> roots = new ArrayList<>();
      MathExpr factored = gen.eval("Factor(" + poly.toSymja() + ")");
      if (AlgebraTopics.nonConstantFactors(factored) == 2) {
        steps.add("Factor: " + new Eq(factored, Num.of(0)).pretty() + ".");
        List<MathExpr> rs = gen.eval("Together((-(" + b.toExpr().toSymja() + ")-Sqrt(" + disc.toExpr().toSymja() + "))/(2*(" + a.toExpr().toSymja() + ")))",
            "Together((-(" + b.toExpr().toSymja() + ")+Sqrt(" + disc.toExpr().toSymja() + "))/(2*(" + a.toExpr().toSymja() + ")))");
        roots.addAll(rs);
        steps.add("A product is zero when a factor is zero.");
      } else {
        List<MathExpr> rs = gen.eval("Sqrt(" + disc.toExpr().toSymja() + ")",
            "Together((-(" + b.toExpr().toSymja() + ")-Sqrt(" + disc.toExpr().toSymja() + "))/(2*(" + a.toExpr().toSymja() + ")))",
            "Together((-(" + b.toExpr().toSymja() + ")+Sqrt(" + disc.toExpr().toSymja() + "))/(2*(" + a.toExpr().toSymja() + ")))");
        steps.add("Quadratic formula: " + x + " = (-b ± sqrt(b^2 - 4ac))/(2a) = (" + b.negate().toExpr().pretty() + " ± " + rs.get(0).pretty() + ")/"
            + paren(a.multiply(Rational.of(2)).toExpr().pretty()) + ".");
        roots.add(rs.get(1));
        roots.add(rs.get(2));
      }
      if (disc.signum() == 0) {
        roots = List.of(roots.get(0));
        steps.add("The discriminant is zero: one (double) solution.");
      }
      return finish(x, roots, steps);
    }
    // anything else: the CAS solves, and every solution is checked by substitution
    MathExpr solved = gen.eval("Solve((" + lhs.toSymja() + ")==(" + rhs.toSymja() + ")," + x + ")");
    if (!(solved instanceof Seq list)) {
      return null;
    }
    List<MathExpr> roots = new ArrayList<>();
    for (MathExpr sol : list.items()) {
      if (!(sol instanceof Seq rule) || rule.items().size() != 1 || !(rule.items().get(0) instanceof Eq r)) {
        return null;
      }
      MathExpr v = r.rhs();
      if (!v.isConstant() || !Double.isFinite(v.eval()) || containsI(v) || MathSolver.containsUnknownFunction(v)) {
        continue;
      }
      MathExpr check = gen.eval("Simplify(ReplaceAll((" + lhs.toSymja() + ")-(" + rhs.toSymja() + ")," + x + "->(" + v.toSymja() + ")))");
      if (check instanceof Num z && z.value().signum() == 0) {
        roots.add(v);
      }
    }
    if (roots.isEmpty()) {
      return null;
    }
    steps.add("Solve " + eq.pretty() + " for " + x + ".");
    steps.add("Each solution was checked by substituting it back into the equation.");
    return finish(x, roots, steps);
  }

  private static boolean containsI(MathExpr e) {
    if (e == MathExpr.Const.I) {
      return true;
    }
    for (MathExpr c : MathExprSupport.children(e)) {
      if (containsI(c)) {
        return true;
      }
    }
    return false;
  }

  private static Solved finish(String x, List<MathExpr> roots, List<String> steps) {
    List<MathExpr> sorted = new ArrayList<>(roots);
    sorted.sort(Comparator.comparingDouble(MathExpr::eval));
    StringBuilder answer = new StringBuilder();
    for (int i = 0; i < sorted.size(); i++) {
      answer.append(i == 0 ? "" : " or ").append(x).append(" = ").append(sorted.get(i).canonical());
    }
    List<String> all = new ArrayList<>(steps);
    all.add("So " + answer + ".");
    return new Solved(answer.toString(), sorted, all);
  }

  private static String paren(String s) {
    return s.startsWith("-") ? "(" + s + ")" : s;
  }
}
