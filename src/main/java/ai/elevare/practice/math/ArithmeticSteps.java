package ai.elevare.practice.math;

import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Dec;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Mul;
import ai.elevare.practice.math.MathExpr.Neg;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Pow;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a numeric expression one operation at a time in the order a teacher would: innermost brackets first,
 * then powers, then multiplication and division, then addition and subtraction, each left to right. Exact rational
 * arithmetic; the generators confirm the final value with the CAS.
 */
final class ArithmeticSteps {
  private ArithmeticSteps() {}

  private static final int MAX_STEPS = 40;

  record Step(MathExpr after, String text) {}

  /** The sequence of single operations; empty when the expression is already a number or not plain arithmetic. */
  static List<Step> steps(MathExpr e) {
    List<Step> out = new ArrayList<>();
    MathExpr cur = e;
    for (int i = 0; i < MAX_STEPS && !isLiteral(cur); i++) {
      Candidate best = find(cur, 0, new int[] {0}, null);
      if (best == null) {
        return List.of();
      }
      Reduced r = reduce(best.node());
      if (r == null) {
        return List.of();
      }
      cur = replace(cur, best.node(), r.value());
      out.add(new Step(cur, r.text()));
    }
    return isLiteral(cur) ? out : List.of();
  }

  /** Human-readable steps: "Multiply: 3 * 4 = 12, so the expression becomes 2 + 12." */
  static List<String> describe(MathExpr e) {
    List<String> out = new ArrayList<>();
    for (Step s : steps(e)) {
      out.add(isLiteral(s.after()) ? s.text() + "." : s.text() + ", so the expression becomes " + s.after().pretty() + ".");
    }
    return out;
  }

  /** Exact value of a plain arithmetic expression, or null. */
  static Rational value(MathExpr e) {
    return e.rational();
  }

  static boolean isLiteral(MathExpr e) {
    if (e instanceof Num || e instanceof Dec) {
      return true;
    }
    if (e instanceof Neg n) {
      return n.arg() instanceof Num || n.arg() instanceof Dec || isFraction(n.arg());
    }
    return isFraction(e);
  }

  /** A fraction in lowest terms p/q with q > 1 counts as a number, not as a division still to do. */
  private static boolean isFraction(MathExpr e) {
    if (e instanceof Div d && d.num() instanceof Num p && d.den() instanceof Num q) {
      return p.value().signum() >= 0
          && q.value().compareTo(BigInteger.ONE) > 0
          && p.value().gcd(q.value()).equals(BigInteger.ONE);
    }
    return false;
  }

  private record Candidate(MathExpr node, int brackets, int priority, int order) {
    boolean beats(Candidate o) {
      if (o == null) {
        return true;
      }
      if (brackets != o.brackets) {
        return brackets > o.brackets;
      }
      if (priority != o.priority) {
        return priority > o.priority;
      }
      return order < o.order;
    }
  }

  private static Candidate find(MathExpr e, int brackets, int[] counter, Candidate best) {
    int order = counter[0]++;
    if (isLiteral(e)) {
      return best;
    }
    int priority = priority(e);
    if (priority > 0 && ready(e)) {
      Candidate c = new Candidate(e, brackets, priority, order);
      if (c.beats(best)) {
        best = c;
      }
    }
    List<MathExpr> kids = MathExprSupport.children(e);
    for (MathExpr k : kids) {
      boolean bracketed = k instanceof Add && !(e instanceof Add) || e instanceof Pow && !isLiteral(k);
      best = find(k, brackets + (bracketed ? 1 : 0), counter, best);
    }
    return best;
  }

  private static int priority(MathExpr e) {
    if (e instanceof Pow) {
      return 3;
    } else if (e instanceof Mul || e instanceof Div || e instanceof Neg) {
      return 2;
    } else if (e instanceof Add) {
      return 1;
    }
    return 0;
  }

  /** Whether the next operation of this node can be done now (its operands are numbers). */
  private static boolean ready(MathExpr e) {
    if (e instanceof Add a) {
      return isLiteral(a.terms().get(0)) && isLiteral(a.terms().get(1));
    } else if (e instanceof Mul m) {
      return isLiteral(m.factors().get(0)) && isLiteral(m.factors().get(1));
    } else if (e instanceof Div d) {
      return isLiteral(d.num()) && isLiteral(d.den());
    } else if (e instanceof Pow p) {
      return isLiteral(p.base()) && p.exp() instanceof Num;
    } else if (e instanceof Neg n) {
      return isLiteral(n.arg());
    }
    return false;
  }

  private record Reduced(MathExpr value, String text) {}

  private static Reduced reduce(MathExpr e) {
    if (e instanceof Add a) {
      MathExpr x = a.terms().get(0);
      MathExpr y = a.terms().get(1);
      Rational r = x.rational().add(y.rational());
      boolean minus = y.rational().signum() < 0;
      MathExpr shown = minus ? Build.neg(y) : y;
      String text =
          (minus ? "Subtract: " : "Add: ")
              + x.pretty()
              + (minus ? " - " : " + ")
              + paren(shown)
              + " = "
              + lit(r, x, y).pretty();
      return new Reduced(rebuildAdd(a, lit(r, x, y)), text);
    } else if (e instanceof Mul m) {
      MathExpr x = m.factors().get(0);
      MathExpr y = m.factors().get(1);
      Rational r = x.rational().multiply(y.rational());
      String text = "Multiply: " + x.pretty() + " * " + paren(y) + " = " + lit(r, x, y).pretty();
      return new Reduced(rebuildMul(m, lit(r, x, y)), text);
    } else if (e instanceof Div d) {
      Rational b = d.den().rational();
      if (b.signum() == 0) {
        return null;
      }
      Rational r = d.num().rational().divide(b);
      String verb = d.num() instanceof Num && d.den() instanceof Num && !r.isInteger() ? "Simplify the fraction: " : "Divide: ";
      return new Reduced(lit(r, d.num(), d.den()), verb + d.num().pretty() + " / " + paren(d.den()) + " = " + lit(r, d.num(), d.den()).pretty());
    } else if (e instanceof Pow p) {
      int k = ((Num) p.exp()).value().intValueExact();
      if (Math.abs(k) > 64) {
        return null;
      }
      Rational r = p.base().rational().pow(k);
      return new Reduced(lit(r, p.base(), p.base()), "Evaluate the power: " + p.pretty() + " = " + lit(r, p.base(), p.base()).pretty());
    } else if (e instanceof Neg n) {
      Rational r = n.arg().rational().negate();
      return new Reduced(lit(r, n.arg(), n.arg()), "Take the opposite: " + n.pretty() + " = " + lit(r, n.arg(), n.arg()).pretty());
    }
    return null;
  }

  private static String paren(MathExpr e) {
    String s = e.pretty();
    return s.startsWith("-") ? "(" + s + ")" : s;
  }

  /** A result is written as a decimal when an operand was, otherwise as an integer or fraction. */
  private static MathExpr lit(Rational r, MathExpr a, MathExpr b) {
    boolean decimal = a instanceof Dec || b instanceof Dec || a instanceof Neg na && na.arg() instanceof Dec
        || b instanceof Neg nb && nb.arg() instanceof Dec;
    return decimal ? r.toDecimalExpr() : r.toExpr();
  }

  private static MathExpr rebuildAdd(Add a, MathExpr first) {
    List<MathExpr> rest = new ArrayList<>();
    rest.add(first);
    rest.addAll(a.terms().subList(2, a.terms().size()));
    return rest.size() == 1 ? first : new Add(rest);
  }

  private static MathExpr rebuildMul(Mul m, MathExpr first) {
    List<MathExpr> rest = new ArrayList<>();
    rest.add(first);
    rest.addAll(m.factors().subList(2, m.factors().size()));
    return rest.size() == 1 ? first : new Mul(rest);
  }

  /** Replaces the node (by identity) in the tree. */
  private static MathExpr replace(MathExpr e, MathExpr target, MathExpr with) {
    if (e == target) {
      return with;
    }
    if (e instanceof Add a) {
      return new Add(replaceAll(a.terms(), target, with));
    } else if (e instanceof Mul m) {
      return new Mul(replaceAll(m.factors(), target, with));
    } else if (e instanceof Div d) {
      return new Div(replace(d.num(), target, with), replace(d.den(), target, with));
    } else if (e instanceof Pow p) {
      return new Pow(replace(p.base(), target, with), replace(p.exp(), target, with));
    } else if (e instanceof Neg n) {
      MathExpr inner = replace(n.arg(), target, with);
      return inner instanceof Num num ? new Num(num.value().negate()) : new Neg(inner);
    }
    return e;
  }

  private static List<MathExpr> replaceAll(List<MathExpr> xs, MathExpr target, MathExpr with) {
    List<MathExpr> out = new ArrayList<>(xs.size());
    for (MathExpr x : xs) {
      out.add(replace(x, target, with));
    }
    return out;
  }
}
