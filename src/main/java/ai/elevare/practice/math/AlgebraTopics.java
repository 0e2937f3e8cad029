package ai.elevare.practice.math;

import static ai.elevare.practice.math.Build.X;
import static ai.elevare.practice.math.Build.Y;
import static ai.elevare.practice.math.Build.n;

import ai.elevare.practice.math.Gen.Draft;
import ai.elevare.practice.math.Gen.Reject;
import ai.elevare.practice.math.Gen.Topic;
import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Bracket;
import ai.elevare.practice.math.MathExpr.Const;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Fn;
import ai.elevare.practice.math.MathExpr.Mul;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Pow;
import ai.elevare.practice.math.MathExpr.Seq;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Linear equations and systems, expanding and factoring, quadratic equations, exponent and logarithm rules. */
final class AlgebraTopics {
  private AlgebraTopics() {}

  static List<Topic> all() {
    return List.of(
        new Topic("linear-equations", "Linear equations", 2, 7, 40, AlgebraTopics::linear),
        new Topic("linear-systems", "Systems of two linear equations", 4, 8, 60, AlgebraTopics::system),
        new Topic("expanding-polynomials", "Expanding polynomials", 4, 8, 45, AlgebraTopics::expand),
        new Topic("factoring-polynomials", "Factoring polynomials", 5, 9, 50, AlgebraTopics::factor),
        new Topic("quadratic-equations", "Quadratic equations", 5, 9, 55, AlgebraTopics::quadratic),
        new Topic("exponents-and-logarithms", "Exponent and logarithm rules", 5, 9, 40, AlgebraTopics::expLog));
  }

  // ------------------------------------------------------------------ linear equations

  static Draft linear(Rng r, int d, Gen gen) throws CasException, Reject {
    int x0 = r.between(-10, 10);
    MathExpr lhs;
    MathExpr rhs;
    switch (d) {
      case 2 -> {
        if (r.chance(0.5)) {
          int b = r.nonZero(-20, 20);
          lhs = Build.sum(X, n(b));
          rhs = n(x0 + b);
        } else {
          int a = r.notUnit(-9, 9);
          lhs = Build.term(a, X);
          rhs = n((long) a * x0);
        }
      }
      case 3 -> {
        int a = r.notUnit(-9, 9);
        int b = r.nonZero(-20, 20);
        lhs = Build.sum(Build.term(a, X), n(b));
        rhs = n((long) a * x0 + b);
      }
      case 4 -> {
        int a = r.nonZero(-9, 9);
        int c = r.nonZero(-9, 9);
        Gen.require(a != c, "x must not cancel");
        int b = r.nonZero(-20, 20);
        lhs = Build.sum(Build.term(a, X), n(b));
        rhs = Build.sum(Build.term(c, X), n((long) (a - c) * x0 + b));
      }
      case 5 -> {
        int a = r.notUnit(-6, 6);
        int b = r.nonZero(-9, 9);
        int c = r.nonZero(-9, 9);
        Gen.require(a != c, "x must not cancel");
        lhs = Build.times(n(a), Build.sum(X, n(b)));
        rhs = Build.sum(Build.term(c, X), n((long) a * (x0 + b) - (long) c * x0));
      }
      case 6 -> {
        int a = r.between(2, 6);
        int b = r.nonZero(-9, 9);
        int c = r.between(2, 5);
        int e = r.nonZero(-9, 9);
        Gen.require(a != c, "x must not cancel");
        lhs = Build.sum(Build.times(n(a), Build.sum(X, n(b))), Build.neg(Build.times(n(c), Build.sum(X, n(-e)))));
        rhs = n(r.between(-20, 20));
      }
      default -> {
        int b = r.between(2, 6);
        int e = r.between(2, 6);
        Gen.require(b != e, "x must not cancel");
        lhs = new Div(Build.sum(X, n(r.nonZero(-9, 9))), n(b));
        rhs = Build.sum(new Div(Build.sum(X, n(r.nonZero(-9, 9))), n(e)), n(r.nonZero(-5, 5)));
      }
    }
    String L = lhs.toSymja();
    String R = rhs.toSymja();
    // with fractions the work happens on the equation multiplied by the common denominator
    int lcd = d == 7
        ? lcm(((Num) ((Div) lhs).den()).value().intValueExact(), ((Num) ((Div) ((Add) rhs).terms().get(0)).den()).value().intValueExact())
        : 1;
    String scaledL = lcd == 1 ? L : lcd + "*(" + L + ")";
    String scaledR = lcd == 1 ? R : lcd + "*(" + R + ")";
    List<String> inputs = new ArrayList<>(List.of(
        "Coefficient(Expand((" + scaledL + ")-(" + scaledR + ")),x,1)",
        "Coefficient(Expand((" + scaledL + ")-(" + scaledR + ")),x,0)",
        "Expand(" + scaledL + ")",
        "Expand(" + scaledR + ")"));
    if (d <= 5) {
      // the planted solution is known: verify it by substitution in the same round trip
      inputs.add("ReplaceAll(" + L + ",x->" + x0 + ")");
      inputs.add("ReplaceAll(" + R + ",x->" + x0 + ")");
    }
    List<MathExpr> cas = gen.eval(inputs);
    Rational k = Gen.value(cas.get(0));
    Gen.require(k.signum() != 0, "degenerate: no x term");
    Rational m = Gen.value(cas.get(1)).negate();
    Rational sol = m.divide(k);
    if (d <= 5) {
      Gen.require(sol.equals(Rational.of(x0)), "CAS disagrees with the planted solution");
    } else {
      Gen.require(sol.den().intValueExact() <= 12 && sol.signum() != 0, "messy or trivial solution");
    }
    // verification by substitution: both sides agree at the solution
    List<MathExpr> check = d <= 5 ? cas.subList(4, 6) : gen.eval("ReplaceAll(" + L + ",x->" + sol.toExpr().toSymja() + ")",
        "ReplaceAll(" + R + ",x->" + sol.toExpr().toSymja() + ")");
    Gen.require(Gen.value(check.get(0)).equals(Gen.value(check.get(1))), "substitution check failed");

    List<String> steps = new ArrayList<>();
    MathExpr eq = Build.eq(lhs, rhs);
    if (lcd != 1) {
      steps.add("Multiply both sides by " + lcd + " to clear the fractions: " + cas.get(2).pretty() + " = " + cas.get(3).pretty() + ".");
    } else if (!cas.get(2).equals(lhs) || !cas.get(3).equals(rhs)) {
      steps.add("Expand the brackets: " + cas.get(2).pretty() + " = " + cas.get(3).pretty() + ".");
    }
    MathExpr collected = Build.eq(Build.term(k, X), m.toExpr());
    boolean alreadyCollected = collected.equals(eq);
    if (!alreadyCollected) {
      steps.add("Collect the x terms on the left and the numbers on the right: " + collected.pretty() + ".");
    }
    if (!k.equals(Rational.ONE)) {
      steps.add("Divide both sides by " + paren(k.toExpr().pretty()) + ": x = " + sol.toExpr().pretty() + ".");
    }
    steps.add("Check: with x = " + sol.toExpr().pretty() + " both sides equal " + Gen.value(check.get(0)).toExpr().pretty() + ".");
    String second = lcd != 1 ? "Multiply both sides by " + lcd + " first to clear the fractions."
        : steps.get(0).startsWith("Expand") ? "Start by multiplying out the brackets."
        : alreadyCollected ? "The equation already has the form (number) * x = (number)."
        : "Move the x terms with the opposite operation, e.g. subtract the same term from both sides.";
    String third = k.equals(Rational.ONE)
        ? "Once x is alone on one side, the other side is the answer."
        : "You should reach " + collected.pretty() + "; divide both sides by " + paren(k.toExpr().pretty()) + ".";
    List<String> hints = List.of(
        "Get all the x terms on one side and the plain numbers on the other; do the same to both sides.", second, third);
    return new Draft("Solve for x: " + eq.pretty(), MathProblem.NUMBER, sol.toExpr(), hints, steps);
  }

  private static String paren(String s) {
    return s.startsWith("-") ? "(" + s + ")" : s;
  }

  private static int lcm(int a, int b) {
    return a / BigInteger.valueOf(a).gcd(BigInteger.valueOf(b)).intValueExact() * b;
  }

  // ------------------------------------------------------------------ systems

  static Draft system(Rng r, int d, Gen gen) throws CasException, Reject {
    int range = d <= 6 ? 9 : 12;
    int x0 = r.between(-range, range);
    int y0 = r.between(-range, range);
    int a1;
    int b1;
    int a2;
    int b2;
    switch (d) {
      case 4 -> {
        a1 = 1;
        b1 = 1;
        a2 = 1;
        b2 = -1;
      }
      case 5 -> {
        a1 = r.notUnit(-6, 6);
        b1 = 1;
        a2 = r.nonZero(-6, 6);
        b2 = r.nonZero(-4, 4);
      }
      case 6 -> {
        a1 = r.nonZero(-6, 6);
        b1 = r.nonZero(-6, 6);
        a2 = r.nonZero(-6, 6);
        b2 = r.nonZero(-6, 6);
      }
      default -> {
        a1 = r.nonZero(-12, 12);
        b1 = r.notUnit(-9, 9);
        a2 = r.nonZero(-12, 12);
        b2 = r.notUnit(-9, 9);
      }
    }
    long det = (long) a1 * b2 - (long) a2 * b1;
    Gen.require(det != 0, "degenerate: parallel lines");
    Gen.require(!(a1 == a2 && b1 == b2), "same left-hand sides");
    long c1 = (long) a1 * x0 + (long) b1 * y0;
    long c2 = (long) a2 * x0 + (long) b2 * y0;
    MathExpr e1 = Build.eq(Build.sum(Build.term(a1, X), Build.term(b1, Y)), n(c1));
    MathExpr e2 = Build.eq(Build.sum(Build.term(a2, X), Build.term(b2, Y)), n(c2));
    MathExpr shown1 = e1;
    MathExpr shown2 = e2;
    if (d == 8) {
      // written with the y term moved across, as word problems produce it
      shown1 = Build.eq(Build.term(a1, X), Build.sum(n(c1), Build.term(-b1, Y)));
    }
    String sub = "{x->" + x0 + ",y->" + y0 + "}";
    // elimination of y: m1 * (1) - m2 * (2)
    int g = BigInteger.valueOf(b1).gcd(BigInteger.valueOf(b2)).intValueExact();
    int m1 = b2 / g;
    int m2 = b1 / g;
    String lhs1 = Gen.s(((Eq) e1).lhs());
    String lhs2 = Gen.s(((Eq) e2).lhs());
    // one round trip: the substitution check, the determinant and every elimination step
    List<MathExpr> all = gen.eval(
        "ReplaceAll((" + Gen.s(((Eq) shown1).lhs()) + ")-(" + Gen.s(((Eq) shown1).rhs()) + ")," + sub + ")",
        "ReplaceAll((" + Gen.s(((Eq) e2).lhs()) + ")-(" + Gen.s(((Eq) e2).rhs()) + ")," + sub + ")",
        "Together(" + a1 + "*" + b2 + "-(" + a2 + ")*(" + b1 + "))",
        "Expand(" + m1 + "*(" + lhs1 + "))", String.valueOf((long) m1 * c1),
        "Expand(" + m2 + "*(" + lhs2 + "))", String.valueOf((long) m2 * c2),
        "Expand(" + m1 + "*(" + lhs1 + ")-(" + m2 + ")*(" + lhs2 + "))",
        String.valueOf((long) m1 * c1 - (long) m2 * c2),
        "Coefficient(Expand(" + m1 + "*(" + lhs1 + ")-(" + m2 + ")*(" + lhs2 + ")),x,1)");
    Gen.require(Gen.value(all.get(0)).signum() == 0 && Gen.value(all.get(1)).signum() == 0, "solution check failed");
    Gen.require(Gen.value(all.get(2)).signum() != 0, "determinant is zero");
    List<MathExpr> comb = all.subList(3, 9);
    List<String> steps = new ArrayList<>();
    if (d == 8) {
      steps.add("Rewrite the first equation in the form ax + by = c: " + e1.pretty() + ".");
    }
    if (m1 != 1) {
      steps.add("Multiply the first equation by " + m1 + ": " + comb.get(0).pretty() + " = " + comb.get(1).pretty() + ".");
    }
    if (m2 != 1) {
      steps.add("Multiply the second equation by " + m2 + ": " + comb.get(2).pretty() + " = " + comb.get(3).pretty() + ".");
    }
    steps.add("Subtract the second equation from the first to eliminate y: " + comb.get(4).pretty() + " = " + comb.get(5).pretty() + ".");
    Rational kx = Gen.value(all.get(9));
    Gen.require(Rational.of(x0).multiply(kx).equals(Gen.value(comb.get(5))), "elimination disagrees");
    if (!kx.equals(Rational.ONE)) {
      steps.add("Divide by " + kx.toExpr().pretty() + ": x = " + x0 + ".");
    }
    steps.add("Substitute x = " + x0 + " into the first equation: " + Build.term(b1, Y).pretty() + " = " + c1 + " - ("
        + (long) a1 * x0 + ") = " + (c1 - (long) a1 * x0) + ", so y = " + y0 + ".");
    steps.add("Check in the second equation: " + a2 + "*(" + x0 + ") + (" + b2 + ")*(" + y0 + ") = " + c2 + ".");
    MathExpr answer = new Seq(List.of(Build.eq(X, n(x0)), Build.eq(Y, n(y0))), Bracket.BRACES);
    List<String> hints = List.of(
        "Eliminate one variable: make the y coefficients match, then subtract the equations.",
        steps.get(0),
        "Once you know x, put it into either equation to find y.");
    String prompt = "Solve the system of equations: " + shown1.pretty() + " and " + shown2.pretty() + ". Give x and y.";
    return new Draft(prompt, MathProblem.ROOTS, answer, hints, steps);
  }

  // ------------------------------------------------------------------ expanding

  static Draft expand(Rng r, int d, Gen gen) throws CasException, Reject {
    List<MathExpr> factors = new ArrayList<>();
    MathExpr shown;
    switch (d) {
      case 4 -> {
        int a = r.nonZero(-9, 9);
        int b = r.nonZero(-9, 9);
        Gen.require(a != b, "a square is written as a power");
        factors.add(Build.sum(X, n(a)));
        factors.add(Build.sum(X, n(b)));
        shown = Build.times(factors.get(0), factors.get(1));
      }
      case 5 -> {
        factors.add(Build.sum(Build.term(r.between(2, 5), X), n(r.nonZero(-9, 9))));
        factors.add(Build.sum(Build.term(r.between(1, 5), X), n(r.nonZero(-9, 9))));
        shown = Build.times(factors.get(0), factors.get(1));
      }
      case 6 -> {
        int a = r.between(1, 5);
        int b = r.nonZero(-9, 9);
        int form = r.between(0, 2);
        if (form == 0) {
          MathExpr f = Build.sum(Build.term(a, X), n(b));
          factors.add(f);
          factors.add(f);
          shown = new Pow(f, n(2));
        } else if (form == 1) {
          factors.add(Build.sum(Build.term(a, X), n(b)));
          factors.add(Build.sum(Build.term(a, X), n(-b)));
          shown = Build.times(factors.get(0), factors.get(1));
        } else {
          factors.add(X);
          factors.add(Build.sum(X, n(b)));
          factors.add(Build.sum(X, n(r.nonZero(-9, 9))));
          shown = Build.times(factors.get(0), factors.get(1), factors.get(2));
        }
      }
      case 7 -> {
        if (r.chance(0.5)) {
          MathExpr f = Build.sum(X, n(r.nonZero(-5, 5)));
          factors.add(f);
          factors.add(f);
          factors.add(f);
          shown = new Pow(f, n(3));
        } else {
          factors.add(Build.sum(Build.term(r.between(1, 4), X), n(r.nonZero(-6, 6))));
          factors.add(Build.poly(X, 1, r.nonZero(-6, 6), r.nonZero(-9, 9)));
          shown = Build.times(factors.get(0), factors.get(1));
        }
      }
      default -> {
        int form = r.between(0, 2);
        if (form == 0) {
          MathExpr f = Build.sum(Build.term(r.between(2, 3), X), n(r.nonZero(-4, 4)));
          factors.add(f);
          factors.add(f);
          factors.add(f);
          shown = new Pow(f, n(3));
        } else if (form == 1) {
          factors.add(Build.sum(Build.term(r.between(1, 3), X), n(r.nonZero(-5, 5))));
          factors.add(Build.sum(Build.term(r.between(1, 3), X), n(r.nonZero(-5, 5))));
          factors.add(Build.sum(X, n(r.nonZero(-5, 5))));
          shown = Build.times(factors.get(0), factors.get(1), factors.get(2));
        } else {
          MathExpr f = Build.sum(Build.term(r.between(1, 4), X), Build.term(r.nonZero(-5, 5), Y));
          factors.add(f);
          factors.add(f);
          shown = new Pow(f, n(2));
        }
      }
    }
    MathSolutions.Expansion expansion = MathSolutions.expand(gen, factors);
    List<String> steps = expansion.steps();
    MathExpr acc = expansion.result();
    Gen.require(acc instanceof Add, "the expansion must be a sum");
    Gen.require(Gen.agrees(acc, shown), "the expansion does not match the product");
    List<String> hints = List.of(
        "Multiply every term in one bracket by every term in the other, then collect like terms."
            + (shown instanceof Pow ? " A power means the bracket multiplied by itself." : ""),
        steps.get(0),
        "Your answer should have " + ((Add) acc).terms().size() + " terms once like terms are combined.");
    return new Draft("Expand and simplify: " + shown.pretty(), MathProblem.EXPRESSION, acc, hints, steps);
  }

  // ------------------------------------------------------------------ factoring

  static Draft factor(Rng r, int d, Gen gen) throws CasException, Reject {
    MathExpr product;
    int expectedFactors;
    List<String> steps = new ArrayList<>();
    String strategy;
    switch (d) {
      case 5, 6 -> {
        int a = d == 5 ? r.between(1, 9) : r.nonZero(-9, 9);
        int b = d == 5 ? r.between(1, 9) : r.nonZero(-9, 9);
        Gen.require(a != b && a != -b, "distinct, not a difference of squares");
        product = Build.times(Build.sum(X, n(a)), Build.sum(X, n(b)));
        expectedFactors = 2;
        strategy = "Look for two numbers that multiply to the constant term and add to the coefficient of x.";
        steps.add("Find two numbers whose product is " + (a * b) + " and whose sum is " + (a + b) + ": " + a + " and " + b + ".");
      }
      case 7 -> {
        int p = r.between(2, 5);
        int q = r.nonZero(-7, 7);
        int s = r.between(1, 3);
        int t = r.nonZero(-7, 7);
        Gen.require(gcd(p, q) == 1 && gcd(s, t) == 1, "primitive factors");
        Gen.require((long) p * t != (long) q * s, "distinct factors");
        product = Build.times(Build.sum(Build.term(p, X), n(q)), Build.sum(Build.term(s, X), n(t)));
        expectedFactors = 2;
        long aa = (long) p * s;
        long cc = (long) q * t;
        long m = (long) p * t;
        long k = (long) q * s;
        strategy = "Multiply the leading coefficient by the constant term and look for two numbers with that product "
            + "that add to the coefficient of x (the \"ac method\").";
        steps.add("Multiply the leading coefficient and the constant: " + aa + " * " + paren(cc) + " = " + (aa * cc) + ".");
        steps.add("Find two numbers with product " + (aa * cc) + " and sum " + (m + k) + ": " + m + " and " + k + ".");
        steps.add("Split the middle term: " + Build.sum(Build.mono(aa, X, 2), Build.term(m, X), Build.term(k, X), n(cc)).pretty() + ".");
        MathExpr grouped = Build.sum(
            Build.times(Build.term(p, X), Build.sum(Build.term(s, X), n(t))),
            Build.times(n(q), Build.sum(Build.term(s, X), n(t))));
        steps.add("Factor each pair: " + grouped.pretty().replace("+ -", "- ") + ".");
      }
      case 8 -> {
        int form = r.between(0, 2);
        if (form == 0) {
          int k = r.between(2, 6);
          int a = r.nonZero(-9, 9);
          int b = r.nonZero(-9, 9);
          Gen.require(a != b && a != -b, "distinct");
          product = Build.times(n(k), Build.sum(X, n(a)), Build.sum(X, n(b)));
          expectedFactors = 2;
          strategy = "First take out the common factor of all the coefficients.";
          steps.add("Take out the common factor " + k + ": " + k + "(" + Build.poly(X, 1, a + b, (long) a * b).pretty() + ").");
          steps.add("Factor the trinomial: two numbers with product " + (a * b) + " and sum " + (a + b) + " are " + a + " and " + b + ".");
        } else if (form == 1) {
          int p = r.between(1, 7);
          int q = r.between(1, 9);
          Gen.require(gcd(p, q) == 1 && (p > 1 || q > 1), "primitive");
          product = Build.times(Build.sum(Build.term(p, X), n(-q)), Build.sum(Build.term(p, X), n(q)));
          expectedFactors = 2;
          strategy = "A difference of two squares: a^2 - b^2 = (a - b)(a + b).";
          steps.add("Write it as a difference of squares: (" + Build.term(p, X).pretty() + ")^2 - " + q + "^2.");
        } else {
          int p = r.between(1, 5);
          int q = r.nonZero(-9, 9);
          Gen.require(gcd(p, Math.abs(q)) == 1, "primitive");
          product = new Pow(Build.sum(Build.term(p, X), n(q)), n(2));
          expectedFactors = 2;
          strategy = "Check for a perfect square: a^2 + 2ab + b^2 = (a + b)^2.";
          steps.add("The first and last terms are squares, (" + Build.term(p, X).pretty() + ")^2 and " + paren(q) + "^2, and the middle term is 2 * "
              + Build.term(p, X).pretty() + " * " + paren(q) + ": a perfect square.");
        }
      }
      default -> {
        int form = r.between(0, 2);
        if (form == 0) {
          int a = r.nonZero(-6, 6);
          int b = r.nonZero(-6, 6);
          int c = r.nonZero(-6, 6);
          Gen.require(a != b && b != c && a != c, "distinct roots");
          product = Build.times(Build.sum(X, n(a)), Build.sum(X, n(b)), Build.sum(X, n(c)));
          expectedFactors = 3;
          strategy = "Try small whole numbers (divisors of the constant term) for x: a value that gives 0 gives a factor.";
          steps.add("Try x = " + (-a) + ": the polynomial is 0 there, so (" + Build.sum(X, n(a)).pretty() + ") is a factor.");
        } else if (form == 1) {
          int a = r.nonZero(-9, 9);
          int b = r.nonZero(-9, 9);
          Gen.require(a != b && a != -b, "distinct");
          product = Build.times(X, Build.sum(X, n(a)), Build.sum(X, n(b)));
          expectedFactors = 3;
          strategy = "Every term contains x: take it out first.";
          steps.add("Take out x: x(" + Build.poly(X, 1, a + b, (long) a * b).pretty() + ").");
          steps.add("Factor the trinomial: two numbers with product " + (a * b) + " and sum " + (a + b) + " are " + a + " and " + b + ".");
        } else {
          int a = r.between(1, 5);
          int sign = r.sign();
          product = Build.times(Build.sum(X, n((long) sign * a)), Build.poly(X, 1, -(long) sign * a, (long) a * a));
          expectedFactors = 2;
          strategy = sign < 0 ? "A difference of cubes: a^3 - b^3 = (a - b)(a^2 + ab + b^2)." : "A sum of cubes: a^3 + b^3 = (a + b)(a^2 - ab + b^2).";
          steps.add("Write it as " + (sign < 0 ? "a difference" : "a sum") + " of cubes with a = x and b = " + a + ".");
        }
      }
    }
    String expanded = "Expand(" + product.toSymja() + ")";
    boolean divide = d == 9 && steps.size() == 1 && product instanceof Mul m3 && m3.factors().size() == 3;
    MathExpr first = product instanceof Mul m ? m.factors().get(0) : product;
    List<String> inputs = new ArrayList<>(List.of(expanded, "Factor(" + expanded + ")"));
    if (divide) {
      String quotient = "Expand(Cancel((" + expanded + ")/(" + first.toSymja() + ")))";
      inputs.add(quotient);
      inputs.add("Factor(" + quotient + ")");
    }
    List<MathExpr> cas = gen.eval(inputs);
    MathExpr poly = cas.get(0);
    MathExpr factored = cas.get(1);
    Gen.require(poly instanceof Add, "the expanded form must be a sum");
    Gen.require(Gen.agrees(factored, product), "Factor disagrees");
    Gen.require(nonConstantFactors(factored) == expectedFactors, "CAS factors further or less than intended");
    if (divide) {
      steps.add("Divide by (" + first.pretty() + "): " + poly.pretty() + " = (" + first.pretty() + ")(" + cas.get(2).pretty() + ").");
      steps.add("Factor the quadratic: " + cas.get(2).pretty() + " = " + cas.get(3).pretty() + ".");
    }
    steps.add("So " + poly.pretty() + " = " + factored.pretty() + ".");
    List<String> hints = List.of(strategy,
        "You should end with " + expectedFactors + " factors that cannot be factored further; check by expanding.",
        steps.get(0));
    return new Draft("Factor completely: " + poly.pretty(), MathProblem.EXPRESSION, factored, hints, steps);
  }

  /** Non-constant factors counted with multiplicity: (x-1)^2*(x+3) has 3. */
  static int nonConstantFactors(MathExpr e) {
    if (e instanceof MathExpr.Neg n) {
      return nonConstantFactors(n.arg());
    }
    if (e instanceof Mul m) {
      int c = 0;
      for (MathExpr f : m.factors()) {
        c += nonConstantFactors(f);
      }
      return c;
    }
    if (e instanceof Pow p && p.exp() instanceof Num k && !p.base().isConstant()) {
      return nonConstantFactors(p.base()) * k.value().intValueExact();
    }
    return e.isConstant() ? 0 : 1;
  }

  private static int gcd(int a, int b) {
    return BigInteger.valueOf(a).gcd(BigInteger.valueOf(b)).intValueExact();
  }

  private static String paren(long v) {
    return v < 0 ? "(" + v + ")" : String.valueOf(v);
  }

  // ------------------------------------------------------------------ quadratics

  static Draft quadratic(Rng r, int d, Gen gen) throws CasException, Reject {
    List<String> steps = new ArrayList<>();
    MathExpr lhs;
    MathExpr rhs = n(0);
    List<MathExpr> roots = new ArrayList<>();
    String method;
    if (d <= 7) {
      int p = 1;
      int s = 1;
      int q = r.nonZero(-9, 9);
      int t = r.nonZero(-9, 9);
      if (d == 6) {
        p = r.between(2, 4);
        s = r.between(1, 3);
        q = r.nonZero(-7, 7);
        t = r.nonZero(-7, 7);
        Gen.require(gcd(p, Math.abs(q)) == 1 && gcd(s, Math.abs(t)) == 1, "primitive");
      }
      Rational r1 = Rational.of(q, p);
      Rational r2 = Rational.of(t, s);
      Gen.require(!r1.equals(r2), "duplicate root");
      MathExpr f1 = Build.sum(Build.term(p, X), n(-q));
      MathExpr f2 = Build.sum(Build.term(s, X), n(-t));
      String product = "(" + f1.toSymja() + ")*(" + f2.toSymja() + ")";
      List<MathExpr> cas = gen.eval("Expand(" + product + ")", "CoefficientList(Expand(" + product + "),x)",
          "Expand(ReplaceAll(" + product + ",x->(" + r1.toExpr().toSymja() + ")))",
          "Expand(ReplaceAll(" + product + ",x->(" + r2.toExpr().toSymja() + ")))");
      Gen.require(isZero(cas.get(2)) && isZero(cas.get(3)), "a root does not satisfy the equation");
      MathExpr standard = cas.get(0);
      lhs = standard;
      if (d == 7) {
        // presented rearranged: x(x + b) = c
        List<MathExpr> cl = ((Seq) cas.get(1)).items();
        Rational c0 = Gen.value(cl.get(0));
        Rational c1 = Gen.value(cl.get(1));
        Gen.require(c1.signum() != 0, "needs an x term");
        lhs = Build.times(X, Build.sum(X, c1.toExpr()));
        rhs = c0.negate().toExpr();
        steps.add("Expand and bring everything to one side: " + Build.eq(standard, n(0)).pretty() + ".");
      }
      steps.add("Factor: (" + f1.pretty() + ")(" + f2.pretty() + ") = 0.");
      steps.add("A product is zero when one of its factors is zero: " + f1.pretty() + " = 0 or " + f2.pretty() + " = 0.");
      steps.add("So x = " + r1.toExpr().pretty() + " or x = " + r2.toExpr().pretty() + ".");
      roots.add(r1.toExpr());
      roots.add(r2.toExpr());
      method = "Bring everything to one side and factor the quadratic.";
    } else {
      int a = d == 8 ? 1 : r.between(2, 4);
      int b = r.nonZero(-9, 9);
      int c = r.nonZero(-9, 9);
      long disc = (long) b * b - 4L * a * c;
      Gen.require(disc > 0, "two real roots");
      long sq = (long) Math.sqrt((double) disc);
      Gen.require(sq * sq != disc, "irrational roots wanted");
      Gen.require(disc <= 200, "keep the surd small");
      lhs = Build.poly(X, a, b, c);
      String root1 = "(-(" + b + ")-Sqrt(" + disc + "))/(2*" + a + ")";
      String root2 = "(-(" + b + ")+Sqrt(" + disc + "))/(2*" + a + ")";
      List<MathExpr> cas = gen.eval("Together(" + root1 + ")", "Together(" + root2 + ")", "Sqrt(" + disc + ")",
          "Expand(ReplaceAll(" + lhs.toSymja() + ",x->(" + root1 + ")))", "Expand(ReplaceAll(" + lhs.toSymja() + ",x->(" + root2 + ")))");
      Gen.require(isZero(cas.get(3)) && isZero(cas.get(4)), "a root does not satisfy the equation");
      roots.add(cas.get(0));
      roots.add(cas.get(1));
      steps.add("Read off a = " + a + ", b = " + b + ", c = " + c + ".");
      steps.add("Discriminant: b^2 - 4ac = " + paren(b) + "^2 - 4*" + a + "*" + paren(c) + " = " + disc + ", positive, so there are two real roots.");
      steps.add("Quadratic formula: x = (-b ± sqrt(b^2 - 4ac))/(2a) = (" + (-b) + " ± " + cas.get(2).pretty() + ")/" + (2 * a) + ".");
      steps.add("So x = " + roots.get(0).pretty() + " or x = " + roots.get(1).pretty() + ".");
      method = "The quadratic does not factor nicely: use the quadratic formula.";
    }
    // the displayed equation and the displayed roots are consistent with what the CAS verified above
    for (MathExpr root : roots) {
      double at = root.eval();
      double residual = lhs.eval(java.util.Map.of("x", at)) - rhs.eval(java.util.Map.of("x", at));
      Gen.require(Math.abs(residual) < 1e-9 * Math.max(1, Math.abs(at) * Math.abs(at)), "displayed root does not satisfy the equation");
    }
    Gen.require(Math.abs(roots.get(0).eval() - roots.get(1).eval()) > 1e-9, "duplicate roots");
    roots.sort(Comparator.comparingDouble(MathExpr::eval));
    MathExpr eq = Build.eq(lhs, rhs);
    List<String> hints = List.of(method, "There are two different solutions; check each one in the original equation.",
        d <= 7 ? steps.get(steps.size() - 3) : steps.get(1));
    return new Draft("Solve for x: " + eq.pretty() + ". Give all solutions.", MathProblem.ROOTS,
        new Seq(roots, Bracket.BRACES), hints, steps);
  }

  private static boolean isZero(MathExpr e) {
    return e instanceof Num n && n.value().signum() == 0;
  }

  // ------------------------------------------------------------------ exponents and logarithms

  static Draft expLog(Rng r, int d, Gen gen) throws CasException, Reject {
    List<String> steps = new ArrayList<>();
    List<String> hints = new ArrayList<>();
    MathExpr shown;
    MathExpr answer;
    String prompt;
    String format;
    switch (d) {
      case 5 -> {
        int a = r.between(2, 9);
        int b = r.between(2, 9);
        int form = r.between(0, 2);
        if (form == 0) {
          shown = Build.times(new Pow(X, n(a)), new Pow(X, n(b)));
          steps.add("Multiplying powers of the same base adds the exponents: x^" + a + " * x^" + b + " = x^(" + a + " + " + b + ").");
          hints.add("x^a * x^b = x^(a + b).");
        } else if (form == 1) {
          Gen.require(a != b + 1, "result x^1 is too easy");
          shown = new Div(new Pow(X, n(a)), new Pow(X, n(b)));
          Gen.require(a != b, "x^0");
          steps.add("Dividing powers of the same base subtracts the exponents: x^" + a + " / x^" + b + " = x^(" + a + " - " + b + ").");
          hints.add("x^a / x^b = x^(a - b).");
        } else {
          shown = new Pow(new Pow(X, n(a)), n(b));
          steps.add("A power of a power multiplies the exponents: (x^" + a + ")^" + b + " = x^(" + a + " * " + b + ").");
          hints.add("(x^a)^b = x^(a * b).");
        }
        answer = gen.eval(shown.toSymja());
        Gen.require(answer.variableOccurrences() == 1 && !answer.equals(X), "must simplify to a single power");
        steps.add("So the result is " + answer.pretty() + ".");
        hints.add("Work out the new exponent carefully; the base stays x.");
        hints.add(steps.get(0).substring(0, steps.get(0).lastIndexOf('=')).trim() + " = ?");
        prompt = "Simplify to a single power of x: " + shown.pretty();
        format = MathProblem.EXPRESSION;
      }
      case 6 -> {
        int base = r.pick(2, 3, 5, 10);
        int a = r.between(2, 6);
        int b = r.between(2, 5);
        int c = r.between(2, 9);
        int k = a + b - c;
        Gen.require(k >= -3 && k != 0 && k != 1 && Math.pow(base, k) <= 100_000, "keep the value small");
        shown = new Div(Build.times(new Pow(n(base), n(a)), new Pow(n(base), n(b))), new Pow(n(base), n(c)));
        answer = gen.eval(shown.toSymja());
        Rational v = Gen.value(answer);
        Gen.require(v.equals(Rational.of(base).pow(k)), "CAS disagrees");
        steps.add("Same base: add the exponents on top, subtract the one below: " + base + "^(" + a + " + " + b + " - " + c + ") = " + base + "^" + (k < 0 ? "(" + k + ")" : k) + ".");
        if (k < 0) {
          steps.add("A negative exponent means the reciprocal: " + base + "^(" + k + ") = 1/" + base + (k == -1 ? "" : "^" + (-k)) + ".");
        }
        steps.add("Evaluate: " + v.toExpr().pretty() + ".");
        hints.add("Combine everything into a single power of " + base + " before computing anything.");
        hints.add("a^m * a^n = a^(m + n) and a^m / a^n = a^(m - n).");
        hints.add("The exponent works out to " + k + (k < 0 ? "; a^(-n) = 1/a^n." : "."));
        prompt = "Evaluate: " + shown.pretty();
        format = MathProblem.NUMBER;
      }
      case 7 -> {
        int base = r.pick(2, 3, 5, 10);
        int form = r.between(0, 2);
        if (form == 0) {
          int m = r.between(1, 4);
          int k = r.between(1, 4);
          Gen.require(Math.pow(base, m + k) <= 1_000_000, "small");
          shown = Build.sum(new Fn("log", List.of(n(base), n((long) Math.pow(base, m)))),
              new Fn("log", List.of(n(base), n((long) Math.pow(base, k)))));
          steps.add("log_b(m) + log_b(n) = log_b(m*n): log_" + base + "(" + (long) Math.pow(base, m) + " * " + (long) Math.pow(base, k) + ") = log_" + base + "(" + (long) Math.pow(base, m + k) + ").");
          steps.add(base + "^" + (m + k) + " = " + (long) Math.pow(base, m + k) + ", so the value is " + (m + k) + ".");
          hints.add("Use log_b(m) + log_b(n) = log_b(m*n).");
        } else if (form == 1) {
          int k = r.between(-3, 5);
          Gen.require(k != 0 && k != 1, "not trivial");
          MathExpr arg = Rational.of(base).pow(k).toExpr();
          shown = new Fn("log", List.of(n(base), arg));
          steps.add("Write " + arg.pretty() + " as a power of " + base + ": " + arg.pretty() + " = " + base + "^" + (k < 0 ? "(" + k + ")" : k) + ".");
          steps.add("log_" + base + "(" + base + "^k) = k, so the value is " + k + ".");
          hints.add("log_" + base + "(y) asks: to which power must " + base + " be raised to give y?");
        } else {
          int k = r.between(2, 9);
          shown = new Fn("ln", List.of(new Pow(Const.E, n(k))));
          steps.add("ln is the logarithm with base e, and ln(e^k) = k, so the value is " + k + ".");
          hints.add("ln and e^ undo each other.");
        }
        answer = gen.eval(shown.toSymja());
        Gen.value(answer);
        hints.add(steps.get(0));
        hints.add("Write the number inside the logarithm as a power of the base.");
        prompt = "Evaluate: " + shown.pretty();
        format = MathProblem.NUMBER;
      }
      case 8 -> {
        int base = r.pick(2, 3, 5);
        int a = r.nonZero(-5, 5);
        int m = r.between(1, 3);
        int k = r.between(2, base == 2 ? 8 : 5);
        Gen.require((k - a) % m == 0, "whole-number solution");
        int x0 = (k - a) / m;
        Gen.require(x0 != 0, "not trivial");
        long value = (long) Math.pow(base, k);
        MathExpr exponent = Build.sum(Build.term(m, X), n(a));
        shown = Build.eq(new Pow(n(base), exponent), n(value));
        MathExpr check = gen.eval("ReplaceAll(" + base + "^(" + exponent.toSymja() + "),x->" + x0 + ")");
        Gen.require(Gen.value(check).equals(Rational.of(value)), "substitution check failed");
        answer = n(x0);
        steps.add("Write " + value + " as a power of " + base + ": " + value + " = " + base + "^" + k + ".");
        steps.add("Equal powers of the same base have equal exponents: " + Build.eq(exponent, n(k)).pretty() + ".");
        steps.add("Solve: x = " + x0 + ".");
        hints.add("Write both sides as powers of " + base + ".");
        hints.add(steps.get(0));
        hints.add("Then set the exponents equal: " + Build.eq(exponent, n(k)).pretty() + ".");
        prompt = "Solve for x: " + shown.pretty();
        format = MathProblem.NUMBER;
      }
      default -> {
        int a = r.between(2, 7);
        int b = r.between(2, 7);
        int c = r.between(1, 6);
        Gen.require(a + b - c > 1, "positive multiple");
        shown = Build.sum(new Fn("ln", List.of(new Pow(X, n(a)))), new Fn("ln", List.of(new Pow(X, n(b)))),
            Build.neg(new Fn("ln", List.of(c == 1 ? X : new Pow(X, n(c))))));
        answer = gen.eval("PowerExpand(" + shown.toSymja() + ")");
        MathExpr expected = Build.times(n(a + b - c), new Fn("ln", List.of(X)));
        Gen.require(Gen.agrees(answer, expected), "CAS disagrees");
        answer = expected;
        steps.add("ln(x^n) = n ln(x) for x > 0: " + a + "ln(x) + " + b + "ln(x) - " + (c == 1 ? "" : c) + "ln(x).");
        steps.add("Collect: (" + a + " + " + b + " - " + c + ") ln(x) = " + answer.pretty() + ".");
        hints.add("Assume x > 0 and use ln(x^n) = n ln(x).");
        hints.add(steps.get(0));
        hints.add("Add and subtract the coefficients of ln(x).");
        prompt = "Simplify (x > 0) to a multiple of ln(x): " + shown.pretty();
        format = MathProblem.EXPRESSION;
      }
    }
    return new Draft(prompt, format, answer, hints, steps);
  }
}
