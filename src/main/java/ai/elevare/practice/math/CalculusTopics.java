package ai.elevare.practice.math;

import static ai.elevare.practice.math.Build.X;
import static ai.elevare.practice.math.Build.n;

import ai.elevare.practice.math.Gen.Draft;
import ai.elevare.practice.math.Gen.Reject;
import ai.elevare.practice.math.Gen.Topic;
import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Const;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Fn;
import ai.elevare.practice.math.MathExpr.Pow;
import ai.elevare.practice.math.MathExpr.Sym;
import java.util.ArrayList;
import java.util.List;

/** Derivatives (power, product and chain rule) and basic integrals (power rule, standard functions, substitution). */
final class CalculusTopics {
  private CalculusTopics() {}

  static List<Topic> all() {
    return List.of(
        new Topic("derivatives", "Derivatives", 6, 10, 50, CalculusTopics::derivative),
        new Topic("integrals", "Basic integrals", 7, 10, 60, CalculusTopics::integral));
  }

  private static final MathExpr U = new Sym("u");

  /** Outer functions for chain-rule problems. */
  private enum Outer {
    POWER,
    SIN,
    COS,
    EXP,
    LN,
    SQRT;

    MathExpr apply(MathExpr inner, int n) {
      return switch (this) {
        case POWER -> new Pow(inner, Build.n(n));
        case SIN -> new Fn("sin", List.of(inner));
        case COS -> new Fn("cos", List.of(inner));
        case EXP -> new Pow(Const.E, inner);
        case LN -> new Fn("ln", List.of(inner));
        case SQRT -> new Fn("sqrt", List.of(inner));
      };
    }
  }

  // ------------------------------------------------------------------ derivatives

  static Draft derivative(Rng r, int d, Gen gen) throws CasException, Reject {
    MathExpr f;
    List<String> steps = new ArrayList<>();
    String rule;
    String secondHint;
    String thirdHint;
    MathExpr derivative;
    switch (d) {
      case 6, 7 -> {
        List<MathExpr> terms = new ArrayList<>();
        if (d == 6) {
          int deg = r.between(3, 4);
          terms.add(Build.mono(r.notUnit(-9, 9), X, deg));
          for (int k = deg - 1; k >= 0; k--) {
            terms.add(Build.mono(r.between(-9, 9), X, k));
          }
          rule = "Differentiate term by term with the power rule: d/dx x^n = n x^(n-1); constants vanish.";
        } else {
          terms.add(Build.mono(r.notUnit(-6, 6), X, r.between(2, 5)));
          int k = r.between(1, 3);
          terms.add(new Div(n(r.nonZero(-9, 9)), Build.power(X, k)));
          terms.add(Build.term(r.between(1, 8), new Fn("sqrt", List.of(X))));
          rule = "Rewrite roots and fractions as powers (1/x^k = x^(-k), sqrt(x) = x^(1/2)), then use the power rule.";
          steps.add("Rewrite with exponents: " + (k == 1 ? "1/x" : "1/x^" + k) + " = x^(-" + k + ") and sqrt(x) = x^(1/2).");
        }
        f = Build.sum(terms);
        List<String> inputs = new ArrayList<>();
        List<MathExpr> kept = f instanceof Add a ? a.terms() : List.of(f);
        for (MathExpr t : kept) {
          inputs.add("D(" + t.toSymja() + ",x)");
        }
        inputs.add("D(" + f.toSymja() + ",x)");
        List<MathExpr> cas = gen.eval(inputs);
        StringBuilder termwise = new StringBuilder("Term by term: ");
        for (int i = 0; i < kept.size(); i++) {
          termwise.append(i == 0 ? "" : "; ").append("d/dx(").append(kept.get(i).pretty()).append(") = ").append(cas.get(i).pretty());
        }
        steps.add(termwise + ".");
        derivative = cas.get(cas.size() - 1);
        steps.add("Add the results: f'(x) = " + derivative.pretty() + ".");
        secondHint = "For example d/dx(" + kept.get(0).pretty() + ") = " + cas.get(0).pretty() + ".";
        thirdHint = "Do the same for every other term" + (d == 7 ? " after rewriting it as a power of x." : "; a constant term gives 0.");
      }
      case 8 -> {
        MathExpr u = r.chance(0.5)
            ? Build.mono(r.between(1, 5), X, r.between(1, 4))
            : Build.sum(Build.mono(r.between(1, 5), X, r.between(1, 3)), n(r.nonZero(-9, 9)));
        MathExpr v = r.pick(List.of(new Fn("sin", List.of(X)), new Fn("cos", List.of(X)), new Pow(Const.E, X), new Fn("ln", List.of(X))));
        f = Build.times(u, v);
        rule = "Product rule: (u v)' = u' v + u v'.";
        Worked product = productSteps(gen, u, v);
        steps.addAll(product.steps());
        derivative = product.derivative();
        secondHint = steps.get(0);
        thirdHint = steps.get(1);
      }
      case 9 -> {
        Outer outer = r.pick(List.of(Outer.values()));
        MathExpr inner = r.chance(0.5)
            ? Build.sum(Build.term(r.notUnit(-5, 5), X), n(r.nonZero(-9, 9)))
            : Build.sum(Build.mono(r.between(1, 4), X, 2), n(r.between(1, 9)));
        int power = r.between(3, 6);
        f = outer.apply(inner, power);
        rule = "Chain rule: d/dx g(u(x)) = g'(u) * u'(x); differentiate the outer function, keep the inside, multiply by the inside's derivative.";
        Worked chain = chainSteps(gen, outer, inner, power);
        steps.addAll(chain.steps());
        derivative = chain.derivative();
        secondHint = steps.get(0);
        thirdHint = steps.get(1);
      }
      default -> {
        Outer outer = r.pick(List.of(Outer.EXP, Outer.SIN, Outer.COS, Outer.LN));
        MathExpr inner = outer == Outer.LN
            ? Build.sum(Build.mono(r.between(1, 3), X, 2), n(r.between(1, 9)))
            : r.chance(0.5) ? Build.term(r.notUnit(-4, 4), X) : Build.mono(r.between(1, 3), X, 2);
        MathExpr u = Build.power(X, r.between(1, 3));
        MathExpr v = outer.apply(inner, 1);
        f = Build.times(u, v);
        rule = "Product rule for the two factors, and the chain rule for the derivative of " + v.pretty() + ".";
        Worked chain = chainSteps(gen, outer, inner, 1);
        Worked product = productSteps(gen, u, v);
        steps.addAll(product.steps());
        steps.add(1, "For v' use the chain rule: " + chain.steps().get(1));
        derivative = product.derivative();
        secondHint = steps.get(0);
        thirdHint = steps.get(1);
      }
    }
    MathExpr answer = derivative;
    Gen.require(!answer.isConstant() || !(answer instanceof MathExpr.Num z && z.value().signum() == 0), "zero derivative");
    Gen.require(!f.isConstant(), "constant function");
    List<String> hints = List.of(rule, secondHint, thirdHint);
    return new Draft("Find the derivative f'(x) of f(x) = " + f.pretty(), MathProblem.EXPRESSION, answer, hints, steps);
  }

  /** Steps of a rule application and the derivative the CAS computed. */
  private record Worked(List<String> steps, MathExpr derivative) {}

  private static Worked productSteps(Gen gen, MathExpr u, MathExpr v) throws CasException, Reject {
    List<MathExpr> cas = gen.eval("D(" + u.toSymja() + ",x)", "D(" + v.toSymja() + ",x)",
        "D((" + u.toSymja() + ")*(" + v.toSymja() + "),x)");
    MathExpr du = cas.get(0);
    MathExpr dv = cas.get(1);
    MathExpr combined = Build.sum(Build.product(du, v), Build.product(u, dv));
    Gen.require(Gen.agrees(combined, cas.get(2)), "product rule disagrees with the CAS");
    return new Worked(List.of(
        "Let u = " + u.pretty() + " and v = " + v.pretty() + ".",
        "Then u' = " + du.pretty() + " and v' = " + dv.pretty() + ".",
        "Product rule: f'(x) = u'v + uv' = " + combined.pretty() + ".",
        "Simplified: f'(x) = " + cas.get(2).pretty() + "."), cas.get(2));
  }

  private static Worked chainSteps(Gen gen, Outer outer, MathExpr inner, int power) throws CasException, Reject {
    MathExpr g = outer.apply(U, power);
    MathExpr f = outer.apply(inner, power);
    List<MathExpr> cas = gen.eval("D(" + g.toSymja() + ",u)", "D(" + inner.toSymja() + ",x)",
        "ReplaceAll(D(" + g.toSymja() + ",u),u->(" + inner.toSymja() + "))", "D(" + f.toSymja() + ",x)");
    MathExpr chained = Build.product(cas.get(2), cas.get(1));
    Gen.require(Gen.agrees(chained, cas.get(3)), "chain rule disagrees with the CAS");
    return new Worked(List.of(
        "Outer function g(u) = " + g.pretty() + " with inner function u = " + inner.pretty() + ".",
        "g'(u) = " + cas.get(0).pretty() + " and u' = " + cas.get(1).pretty() + ".",
        "Chain rule: f'(x) = g'(u) * u' = (" + cas.get(2).pretty() + ")(" + cas.get(1).pretty() + ").",
        "Simplified: f'(x) = " + cas.get(3).pretty() + "."), cas.get(3));
  }

  // ------------------------------------------------------------------ integrals

  static Draft integral(Rng r, int d, Gen gen) throws CasException, Reject {
    List<MathExpr> integrand = new ArrayList<>();
    List<MathExpr> anti = new ArrayList<>();
    List<String> steps = new ArrayList<>();
    String rule;
    boolean positiveX = false;
    switch (d) {
      case 7, 9 -> {
        int deg = d == 7 ? r.between(2, 3) : r.between(1, 2);
        for (int k = deg; k >= 0; k--) {
          int c = (k == deg ? r.nonZero(-4, 4) : r.between(-4, 4)) * (k + 1);
          if (c == 0) {
            continue;
          }
          integrand.add(Build.mono(c, X, k));
          anti.add(Build.mono(Rational.of(c, k + 1), X, k + 1));
        }
        rule = "Power rule for integrals: the integral of x^n is x^(n+1)/(n+1); integrate term by term.";
      }
      case 8 -> {
        int kinds = 0;
        List<Integer> pool = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        while (kinds < 2) {
          int kind = pool.remove(r.between(0, pool.size() - 1));
          int m = r.between(1, 4);
          int c = r.nonZero(-4, 4) * m;
          switch (kind) {
            case 0 -> {
              integrand.add(Build.term(c, new Pow(Const.E, Build.term(m, X))));
              anti.add(Build.term(Rational.of(c, m), new Pow(Const.E, Build.term(m, X))));
            }
            case 1 -> {
              integrand.add(Build.term(c, new Fn("sin", List.of(Build.term(m, X)))));
              anti.add(Build.term(Rational.of(-c, m), new Fn("cos", List.of(Build.term(m, X)))));
            }
            case 2 -> {
              integrand.add(Build.term(c, new Fn("cos", List.of(Build.term(m, X)))));
              anti.add(Build.term(Rational.of(c, m), new Fn("sin", List.of(Build.term(m, X)))));
            }
            case 3 -> {
              integrand.add(new Div(n(c), X));
              anti.add(Build.term(c, new Fn("ln", List.of(X))));
              positiveX = true;
            }
            default -> {
              int k = r.between(1, 3) * 3;
              integrand.add(Build.term(k, new Fn("sqrt", List.of(X))));
              anti.add(Build.term(Rational.of(2L * k, 3), new Pow(X, new Div(n(3), n(2)))));
              positiveX = true;
            }
          }
          kinds++;
        }
        rule = "Standard integrals: e^(mx) gives e^(mx)/m, sin(mx) gives -cos(mx)/m, cos(mx) gives sin(mx)/m, 1/x gives ln(x), x^n gives x^(n+1)/(n+1).";
      }
      default -> {
        int form = r.between(0, 3);
        MathExpr f;
        MathExpr big;
        int n = r.between(2, 5);
        switch (form) {
          case 0 -> {
            int a = r.between(1, 3);
            int b = r.nonZero(-9, 9);
            MathExpr inner = Build.sum(Build.mono(a, X, 2), n(b));
            int c = (n + 1) * r.between(1, 2);
            f = Build.times(Build.term(2L * a * c, X), new Pow(inner, n(n)));
            big = Build.term(Rational.of(c, n + 1), new Pow(inner, n(n + 1)));
            steps.add("Substitute u = " + inner.pretty() + "; then du = " + Build.term(2 * a, X).pretty() + " dx.");
            steps.add("The integral becomes the integral of " + Build.term(c, new Pow(U, n(n))).pretty() + " du = "
                + Build.term(Rational.of(c, n + 1), new Pow(U, n(n + 1))).pretty() + " + C.");
          }
          case 1 -> {
            int a = r.between(1, 3);
            int k = 2 * a * r.nonZero(-3, 3);
            MathExpr inner = Build.mono(a, X, 2);
            f = Build.times(Build.term(k, X), new Pow(Const.E, inner));
            big = Build.term(Rational.of(k, 2L * a), new Pow(Const.E, inner));
            steps.add("Substitute u = " + inner.pretty() + "; then du = " + Build.term(2 * a, X).pretty() + " dx.");
            steps.add("The integral becomes the integral of " + Build.term(Rational.of(k, 2L * a), new Pow(Const.E, U)).pretty()
                + " du = " + Build.term(Rational.of(k, 2L * a), new Pow(Const.E, U)).pretty() + " + C.");
          }
          case 2 -> {
            MathExpr s = new Fn("sin", List.of(X));
            f = Build.times(new Fn("cos", List.of(X)), new Pow(s, n(n)));
            big = Build.term(Rational.of(1, n + 1), new Pow(s, n(n + 1)));
            steps.add("Substitute u = sin(x); then du = cos(x) dx.");
            steps.add("The integral becomes the integral of u^" + n + " du = u^" + (n + 1) + "/" + (n + 1) + " + C.");
          }
          default -> {
            int a = r.between(2, 5);
            int b = r.nonZero(-9, 9);
            int c = a * (n + 1) * r.nonZero(-2, 2);
            MathExpr inner = Build.sum(Build.term(a, X), n(b));
            f = Build.term(c, new Pow(inner, n(n)));
            big = Build.term(Rational.of(c, (long) a * (n + 1)), new Pow(inner, n(n + 1)));
            steps.add("Substitute u = " + inner.pretty() + "; then du = " + a + " dx, so dx = du/" + a + ".");
            steps.add("The integral becomes the integral of " + Build.term(Rational.of(c, a), new Pow(U, n(n))).pretty() + " du = "
                + Build.term(Rational.of(c, (long) a * (n + 1)), new Pow(U, n(n + 1))).pretty() + " + C.");
          }
        }
        integrand.add(f);
        anti.add(big);
        rule = "Look for a function and its derivative in the integrand: substitute u for the inner function.";
      }
    }
    MathExpr f = Build.sum(integrand);
    MathExpr big = Build.sum(anti);
    Gen.require(!f.isConstant(), "non-trivial integrand");
    // verification: the planted antiderivative differentiates back to the integrand
    int lo = r.between(-2, 1);
    int hi = lo + r.between(1, 3);
    List<String> inputs = new ArrayList<>();
    inputs.add("Together(Expand(D(" + big.toSymja() + ",x)-(" + f.toSymja() + ")))");
    if (d == 9) {
      inputs.add("ReplaceAll(" + big.toSymja() + ",x->" + hi + ")");
      inputs.add("ReplaceAll(" + big.toSymja() + ",x->" + lo + ")");
      inputs.add("ReplaceAll(" + big.toSymja() + ",x->" + hi + ")-ReplaceAll(" + big.toSymja() + ",x->" + lo + ")");
    }
    List<MathExpr> cas = gen.eval(inputs);
    Gen.require(cas.get(0) instanceof MathExpr.Num z && z.value().signum() == 0, "antiderivative check failed");
    // the planted form ((x^2 - 7)^6, 3x^3 + x) reads better than the CAS's normal form, and it is verified above
    MathExpr antiderivative = big;
    if (d == 7 || d == 8) {
      StringBuilder termwise = new StringBuilder("Term by term: ");
      List<MathExpr> fs = f instanceof Add a ? a.terms() : List.of(f);
      List<MathExpr> as = big instanceof Add a ? a.terms() : List.of(big);
      for (int i = 0; i < fs.size(); i++) {
        termwise.append(i == 0 ? "" : "; ").append("the integral of ").append(fs.get(i).pretty()).append(" is ").append(as.get(i).pretty());
      }
      steps.add(termwise + ".");
    }
    if (d == 9) {
      List<MathExpr> vals = cas.subList(1, 4);
      Rational value = Gen.value(vals.get(2));
      Gen.require(value.signum() != 0, "zero area is a poor question");
      steps.add("An antiderivative is F(x) = " + antiderivative.pretty() + ".");
      steps.add("F(" + hi + ") = " + vals.get(0).pretty() + " and F(" + lo + ") = " + vals.get(1).pretty() + ".");
      steps.add("The integral is F(" + hi + ") - F(" + lo + ") = " + value.toExpr().pretty() + ".");
      List<String> hints = List.of(rule, "Find an antiderivative F(x) first, then compute F(" + hi + ") - F(" + lo + ").",
          steps.get(0));
      return new Draft("Evaluate the definite integral of f(x) = " + f.pretty() + " from x = " + lo + " to x = " + hi + ".",
          MathProblem.NUMBER, value.toExpr(), hints, steps);
    }
    MathExpr withC = Build.plus(antiderivative, new Sym("c"));
    steps.add("Add the constant of integration: " + withC.pretty() + ".");
    List<MathExpr> firstTerms = f instanceof Add a ? a.terms() : List.of(f);
    List<MathExpr> firstAnti = big instanceof Add a ? a.terms() : List.of(big);
    String second = d == 10 ? steps.get(0)
        : firstTerms.size() > 1 ? "For example, the integral of " + firstTerms.get(0).pretty() + " is " + firstAnti.get(0).pretty() + "."
        : "Use the rule on the single term and keep its coefficient.";
    List<String> hints = List.of(rule, second, "Check your answer by differentiating it: you should get back " + f.pretty() + ".");
    String domain = positiveX ? " (for x > 0)" : "";
    return new Draft("Find the indefinite integral (antiderivative) of f(x) = " + f.pretty() + domain + ". Include + C.",
        MathProblem.EXPRESSION, withC, hints, steps);
  }
}
