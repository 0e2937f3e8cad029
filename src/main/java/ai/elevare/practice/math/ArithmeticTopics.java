package ai.elevare.practice.math;

import static ai.elevare.practice.math.Build.n;

import ai.elevare.practice.math.Gen.Draft;
import ai.elevare.practice.math.Gen.Reject;
import ai.elevare.practice.math.Gen.Topic;
import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Pow;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Integer and fraction arithmetic, order of operations, percentages. */
final class ArithmeticTopics {
  private ArithmeticTopics() {}

  static List<Topic> all() {
    return List.of(
        new Topic("integer-arithmetic", "Integer arithmetic", 1, 4, 20, ArithmeticTopics::integers),
        new Topic("fraction-arithmetic", "Fraction arithmetic", 2, 6, 35, ArithmeticTopics::fractions),
        new Topic("order-of-operations", "Order of operations", 1, 5, 30, ArithmeticTopics::orderOfOperations),
        new Topic("percentages", "Percentages", 2, 6, 35, ArithmeticTopics::percentages));
  }

  // ------------------------------------------------------------------ integers

  static Draft integers(Rng r, int d, Gen gen) throws CasException, Reject {
    MathExpr e;
    String rule;
    switch (d) {
      case 1 -> {
        int a = r.between(1, 20);
        int b = r.between(1, 20);
        boolean minus = r.chance(0.5);
        if (minus && a < b) {
          int t = a;
          a = b;
          b = t;
        }
        e = Build.sum(n(a), minus ? n(-b) : n(b));
        rule = minus ? "Count back from the first number." : "Count on from the first number.";
      }
      case 2 -> {
        if (r.chance(0.5)) {
          int a = r.nonZero(-30, 30);
          int b = r.between(2, 30);
          int form = r.between(0, 2);
          // a + b, a - b, or a - (-b): at least one negative number is involved
          e = switch (form) {
            case 0 -> Build.sum(n(-Math.abs(a)), n(b));
            case 1 -> Build.sum(n(a), n(-b));
            default -> Build.sum(n(a), Build.neg(n(-b)));
          };
          rule = "Subtracting a number is adding its opposite; a - (-b) is a + b.";
        } else {
          e = Build.times(n(r.between(2, 12)), n(r.between(2, 12)));
          rule = "Use the times table.";
        }
      }
      case 3 -> {
        if (r.chance(0.5)) {
          int a = r.notUnit(-15, 15);
          int b = r.notUnit(-15, 15);
          Gen.require(a < 0 || b < 0, "needs a negative factor");
          e = Build.times(n(a), n(b));
        } else {
          int q = r.notUnit(-12, 12);
          int b = r.notUnit(-12, 12);
          Gen.require(q < 0 || b < 0, "needs a negative number");
          e = new Div(n((long) q * b), n(b));
        }
        rule = "Same signs give a positive result, different signs a negative one.";
      }
      default -> {
        int form = r.between(0, 2);
        if (form == 0) {
          e = Build.times(n(r.between(12, 99) * r.sign()), n(r.between(11, 39)));
        } else if (form == 1) {
          int b = r.between(11, 25);
          e = new Div(n((long) r.between(12, 40) * b * r.sign()), n(b));
        } else {
          e = Build.sum(n(r.nonZero(-500, 500)), n(-r.between(100, 500)), n(r.between(100, 500)));
        }
        rule = "Work out the size of the result first, then its sign.";
      }
    }
    return numeric(gen, e, "Compute: " + e.pretty(), rule);
  }

  /** A numeric draft whose steps come from {@link ArithmeticSteps} and whose value the CAS confirms. */
  private static Draft numeric(Gen gen, MathExpr e, String prompt, String rule) throws CasException, Reject {
    Rational expected = ArithmeticSteps.value(e);
    Gen.require(expected != null, "not plain arithmetic");
    Rational cas = Gen.value(gen.eval(e.toSymja()));
    Gen.require(cas.equals(expected), "CAS disagrees");
    List<String> steps = ArithmeticSteps.describe(e);
    Gen.require(!steps.isEmpty(), "no steps");
    List<String> hints = new ArrayList<>();
    hints.add(rule);
    String sign = "Check the sign of your result: it should be " + (cas.signum() < 0 ? "negative." : cas.signum() > 0 ? "positive." : "zero.");
    if (steps.size() == 1) {
      // a one-step problem: its only step is the answer, so hint at the method instead
      hints.add("Work with the sizes of the numbers first and decide the sign afterwards.");
      hints.add(sign);
    } else {
      hints.add("First step: " + steps.get(0));
      hints.add(steps.size() > 2 ? "Next: " + steps.get(1) : sign);
    }
    return new Draft(prompt, MathProblem.NUMBER, cas.toExpr(), hints, steps);
  }

  // ------------------------------------------------------------------ fractions

  private static MathExpr frac(Rational q) {
    return q.toExpr();
  }

  private static Rational properFraction(Rng r, int maxDen, boolean negative) {
    int den = r.between(2, maxDen);
    int num = r.between(1, den - 1);
    Rational q = Rational.of(num, den);
    return negative && r.chance(0.5) ? q.negate() : q;
  }

  static Draft fractions(Rng r, int d, Gen gen) throws CasException, Reject {
    int maxDen = 4 + 2 * d;
    Rational a = properFraction(r, maxDen, d >= 5);
    Rational b = properFraction(r, maxDen, d >= 5);
    Gen.require(!a.isInteger() && !b.isInteger() && !a.equals(b), "two different fractions");
    MathExpr e;
    char op;
    switch (d) {
      case 2 -> {
        b = Rational.of(r.between(1, a.den().intValueExact() - 1), a.den().longValueExact());
        Gen.require(b.den().equals(a.den()), "same denominator");
        op = r.chance(0.5) ? '+' : '-';
      }
      case 3 -> op = r.chance(0.5) ? '+' : '-';
      case 4 -> op = r.chance(0.5) ? '*' : r.chance(0.5) ? '+' : '-';
      case 5 -> op = r.chance(0.5) ? '/' : '*';
      default -> op = '3';
    }
    List<String> steps = new ArrayList<>();
    String rule;
    if (op == '+' || op == '-') {
      Gen.require(d == 2 || !a.den().equals(b.den()), "different denominators");
      e = op == '+' ? Build.sum(frac(a), frac(b)) : Build.sum(frac(a), Build.neg(frac(b)));
      List<MathExpr> cas = gen.eval("LCM(" + a.den() + "," + b.den() + ")", e.toSymja());
      BigInteger lcm = Gen.value(cas.get(0)).num();
      Rational result = Gen.value(cas.get(1));
      BigInteger na = a.num().multiply(lcm.divide(a.den()));
      BigInteger nb = b.num().multiply(lcm.divide(b.den()));
      BigInteger top = op == '+' ? na.add(nb) : na.subtract(nb);
      if (!a.den().equals(b.den())) {
        steps.add("Find a common denominator: the least common multiple of " + a.den() + " and " + b.den() + " is " + lcm + ".");
        steps.add("Rewrite each fraction over " + lcm + ": " + a.toExpr().pretty() + " = " + na + "/" + lcm + " and "
            + b.toExpr().pretty() + " = " + nb + "/" + lcm + ".");
      } else {
        steps.add("The denominators are already equal (" + lcm + "), so work with the numerators.");
      }
      steps.add((op == '+' ? "Add" : "Subtract") + " the numerators: " + na + (op == '+' ? " + " : " - ")
          + (nb.signum() < 0 ? "(" + nb + ")" : nb) + " = " + top + ", giving " + top + "/" + lcm + ".");
      Gen.require(result.equals(new Rational(top, lcm)), "steps disagree with CAS");
      if (!result.den().equals(lcm) || result.isInteger()) {
        steps.add("Simplify: " + top + "/" + lcm + " = " + result + ".");
      }
      rule = a.den().equals(b.den())
          ? "With equal denominators, add or subtract the numerators and keep the denominator."
          : "Rewrite both fractions with a common denominator first.";
      return finish(e, result, steps, rule, "The common denominator is " + lcm + ".");
    }
    if (op == '*' || op == '/') {
      Gen.require(!(op == '/' && b.signum() == 0), "division by zero");
      e = op == '*' ? Build.times(frac(a), frac(b)) : new Div(frac(a), frac(b));
      Rational result = Gen.value(gen.eval(e.toSymja()));
      Rational right = b;
      if (op == '/') {
        right = Rational.ONE.divide(b);
        steps.add("Dividing by a fraction is multiplying by its reciprocal: " + e.pretty() + " = " + a + " * "
            + paren(right.toExpr().pretty()) + ".");
      }
      BigInteger top = a.num().multiply(right.num());
      BigInteger bottom = a.den().multiply(right.den());
      steps.add("Multiply the numerators and the denominators: (" + a.num() + " * " + paren(right.num().toString()) + ")/("
          + a.den() + " * " + right.den() + ") = " + top + "/" + bottom + ".");
      Gen.require(result.equals(new Rational(top, bottom)), "steps disagree with CAS");
      if (!result.den().equals(bottom) || result.isInteger()) {
        steps.add("Simplify by dividing top and bottom by " + top.gcd(bottom) + ": " + result + ".");
      }
      rule = op == '*'
          ? "Multiply numerator by numerator and denominator by denominator, then simplify."
          : "To divide by a fraction, multiply by its reciprocal (flip it).";
      return finish(e, result, steps, rule, op == '/' ? "The reciprocal of " + b + " is " + Rational.ONE.divide(b) + "." : "Cancel common factors before or after multiplying.");
    }
    // three fractions with mixed operations: order of operations on fractions
    Rational c = properFraction(r, maxDen, true);
    Gen.require(!c.isInteger(), "fractions only");
    e = r.chance(0.5)
        ? Build.sum(frac(a), Build.times(frac(b), frac(c)))
        : new Div(new Add(List.of(frac(a), Build.neg(frac(b)))), frac(c));
    Rational result = Gen.value(gen.eval(e.toSymja()));
    Gen.require(result.equals(ArithmeticSteps.value(e)), "CAS disagrees");
    steps.addAll(ArithmeticSteps.describe(e));
    Gen.require(!steps.isEmpty(), "no steps");
    return finish(e, result, steps, "Multiplication and division come before addition and subtraction; brackets first.",
        "First step: " + steps.get(0));
  }

  private static String paren(String s) {
    return s.startsWith("-") ? "(" + s + ")" : s;
  }

  private static Draft finish(MathExpr e, Rational result, List<String> steps, String rule, String second)
      throws Reject {
    Gen.require(result.signum() != 0, "zero result is trivial");
    Gen.require(!result.isInteger() || steps.size() > 3, "a whole-number result is too easy here");
    Gen.require(result.den().compareTo(BigInteger.valueOf(400)) <= 0, "too messy");
    List<String> hints = List.of(rule, second, "Simplify your final fraction completely (divide top and bottom by their greatest common divisor).");
    return new Draft("Compute and give the result as a fraction in lowest terms: " + e.pretty(), MathProblem.NUMBER,
        result.toExpr(), hints, steps);
  }

  // ------------------------------------------------------------------ order of operations

  static Draft orderOfOperations(Rng r, int d, Gen gen) throws CasException, Reject {
    int a = r.between(2, 9);
    int b = r.between(2, 9);
    int c = r.between(2, 9);
    int e4 = r.between(2, 9);
    MathExpr e;
    switch (d) {
      case 1 -> e = r.chance(0.5)
          ? Build.sum(n(a), Build.times(n(b), n(c)))
          : Build.sum(Build.times(n(a), n(b)), n(-c));
      case 2 -> {
        if (r.chance(0.5)) {
          e = Build.sum(Build.times(new Add(List.of(n(a), n(b))), n(c)), n(-e4));
        } else {
          e = Build.sum(n(a * 3 + 10), Build.neg(new Div(n((long) b * c), n(c))), n(e4));
        }
      }
      case 3 -> {
        int k = r.between(2, 6);
        e = Build.sum(Build.times(n(a), new Add(List.of(n(b), n(-(b + r.between(1, 8)))))), new Div(n((long) k * e4), n(k)));
      }
      case 4 -> {
        if (r.chance(0.5)) {
          e = Build.sum(n(a), Build.times(new Pow(n(b), n(2)), n(c)));
        } else {
          int diff = r.notUnit(-6, 6);
          int sq = diff * diff;
          int k = divisorOf(r, sq);
          e = Build.sum(new Div(new Pow(new Add(List.of(n(a + diff), n(-a))), n(2)), n(k)), n(-r.between(1, 20)));
        }
      }
      default -> {
        int diff = r.notUnit(-4, 4);
        int inner = b * diff * diff;
        int k = divisorOf(r, inner);
        MathExpr bracket = Build.times(n(b), new Pow(new Add(List.of(n(c), n(-(c - diff)))), n(2)));
        e = r.chance(0.5)
            ? Build.sum(n(r.between(-20, 40)), Build.neg(new Div(bracket, n(k))))
            : Build.sum(new Pow(new Add(List.of(n(a), Build.times(n(-b), n(c)))), n(2)), n(-r.between(10, 99)));
      }
    }
    return numeric(gen, e, "Evaluate: " + e.pretty(),
        "Brackets first, then powers, then multiplication and division (left to right), then addition and subtraction.");
  }

  private static int divisorOf(Rng r, int value) throws Reject {
    List<Integer> ds = new ArrayList<>();
    for (int k = 2; k <= 12; k++) {
      if (value % k == 0) {
        ds.add(k);
      }
    }
    Gen.require(!ds.isEmpty(), "no small divisor");
    return r.pick(ds);
  }

  // ------------------------------------------------------------------ percentages

  static Draft percentages(Rng r, int d, Gen gen) throws CasException, Reject {
    String prompt;
    Rational answer;
    List<String> steps = new ArrayList<>();
    List<String> hints = new ArrayList<>();
    switch (d) {
      case 2, 3 -> {
        int p = d == 2 ? r.pick(10, 20, 25, 50, 75) : r.between(1, 99);
        int unit = 100 / BigInteger.valueOf(p).gcd(BigInteger.valueOf(100)).intValueExact();
        int whole = unit * r.between(1, Math.max(1, (d == 2 ? 200 : 1000) / unit));
        Gen.require(whole > 1, "trivial base");
        List<MathExpr> cas = gen.eval(p + "/100", p + "/100*" + whole);
        answer = Gen.value(cas.get(1));
        prompt = "What is " + p + "% of " + whole + "?";
        steps.add(p + "% means " + p + "/100 = " + Gen.value(cas.get(0)).toDecimalExpr().pretty() + ".");
        steps.add("Multiply: " + Gen.value(cas.get(0)).toDecimalExpr().pretty() + " * " + whole + " = " + answer.toDecimalExpr().pretty() + ".");
        hints.add("\"Percent\" means \"per hundred\": " + p + "% is " + p + "/100.");
        hints.add("Find 1% of " + whole + " first (divide by 100), then multiply by " + p + ".");
        hints.add("1% of " + whole + " is " + Rational.of(whole, 100).toDecimalExpr().pretty() + ".");
      }
      case 4 -> {
        int p = r.between(1, 19) * 5;
        int unit = 100 / BigInteger.valueOf(p).gcd(BigInteger.valueOf(100)).intValueExact();
        int whole = unit * r.between(1, Math.max(1, 400 / unit));
        Gen.require(whole > 1 && p != 100, "trivial");
        int part = p * whole / 100;
        answer = Gen.value(gen.eval(part + "/" + whole + "*100"));
        Gen.require(answer.equals(Rational.of(p)), "CAS disagrees");
        prompt = "What percent of " + whole + " is " + part + "? (Give the number of percent.)";
        steps.add("Write the part as a fraction of the whole: " + part + "/" + whole + " = " + Rational.of(part, whole) + ".");
        steps.add("Multiply by 100 to get percent: " + Rational.of(part, whole) + " * 100 = " + answer.toDecimalExpr().pretty() + ", so it is " + answer.toDecimalExpr().pretty() + "%.");
        hints.add("Percent = part / whole * 100.");
        hints.add("The part is " + part + " and the whole is " + whole + ".");
        hints.add(part + "/" + whole + " simplifies to " + Rational.of(part, whole) + ".");
      }
      case 5 -> {
        int p = r.between(1, 12) * 5;
        boolean up = r.chance(0.5);
        int unit = 20 / BigInteger.valueOf(p).gcd(BigInteger.valueOf(20)).intValueExact();
        int price = unit * r.between(2, Math.max(2, 400 / unit));
        List<MathExpr> cas = gen.eval(price + "*" + p + "/100", price + "*(1" + (up ? "+" : "-") + p + "/100)");
        Rational change = Gen.value(cas.get(0));
        answer = Gen.value(cas.get(1));
        Gen.require(answer.signum() > 0, "positive price");
        prompt = "A price of " + price + " is " + (up ? "increased" : "decreased") + " by " + p + "%. What is the new price?";
        steps.add("Find " + p + "% of " + price + ": " + p + "/100 * " + price + " = " + change.toDecimalExpr().pretty() + ".");
        steps.add((up ? "Add it to" : "Subtract it from") + " the price: " + price + (up ? " + " : " - ") + change.toDecimalExpr().pretty()
            + " = " + answer.toDecimalExpr().pretty() + ".");
        hints.add("First work out how much " + p + "% of " + price + " is.");
        hints.add("Then " + (up ? "add it to" : "subtract it from") + " the original price.");
        hints.add("Or in one step: multiply " + price + " by " + Rational.of(100 + (up ? p : -p), 100).toDecimalExpr().pretty() + ".");
      }
      default -> {
        int p = r.between(1, 16) * 5;
        int unit = 20 / BigInteger.valueOf(p).gcd(BigInteger.valueOf(20)).intValueExact();
        int original = unit * r.between(2, Math.max(2, 300 / unit));
        Rational factor = Rational.of(100 - p, 100);
        Rational now = Rational.of(original).multiply(factor);
        answer = Gen.value(gen.eval(now.toExpr().toSymja() + "/(" + (100 - p) + "/100)"));
        Gen.require(answer.equals(Rational.of(original)), "CAS disagrees");
        prompt = "After a " + p + "% discount an item costs " + now.toDecimalExpr().pretty() + ". What was the original price?";
        steps.add("After a " + p + "% discount you pay " + (100 - p) + "% of the original price, that is " + factor.toDecimalExpr().pretty() + " times it.");
        steps.add("So original * " + factor.toDecimalExpr().pretty() + " = " + now.toDecimalExpr().pretty() + ".");
        steps.add("Divide: original = " + now.toDecimalExpr().pretty() + " / " + factor.toDecimalExpr().pretty() + " = " + answer.toDecimalExpr().pretty() + ".");
        hints.add("The sale price is " + (100 - p) + "% of the original price, not the original minus " + p + "% of the sale price.");
        hints.add("Write original * " + factor.toDecimalExpr().pretty() + " = " + now.toDecimalExpr().pretty() + ".");
        hints.add("Divide the sale price by " + factor.toDecimalExpr().pretty() + ".");
      }
    }
    return new Draft(prompt, MathProblem.NUMBER, answer.toDecimalExpr(), hints, steps);
  }
}
