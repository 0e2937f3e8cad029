package ai.elevare.practice.math;

import ai.elevare.practice.math.MathExpr.Add;
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
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Shape questions and rewrites of {@link MathExpr} trees that the answer checks share; pure and stateless. */
final class MathTrees {
  private MathTrees() {}

  /** The items of a list, or the tree itself. */
  static List<MathExpr> items(MathExpr e) {
    return e instanceof Seq s ? s.items() : List.of(e);
  }

  /** {@code x = 3} as 3; anything else unchanged. */
  static MathExpr unwrapAssignment(MathExpr e) {
    if (e instanceof Eq q && q.lhs() instanceof Sym && q.rhs().isConstant()) {
      return q.rhs();
    }
    return e;
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

  static MathExpr substitute(MathExpr e, Map<String, MathExpr> values) {
    if (e instanceof Sym s && values.containsKey(s.name())) {
      return values.get(s.name());
    }
    return rebuild(e, c -> substitute(c, values));
  }

  /** The same node with {@code f} applied to each child. */
  static MathExpr rebuild(MathExpr e, UnaryOperator<MathExpr> f) {
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

  static boolean isZero(MathExpr e) {
    return e instanceof Num n && n.value().signum() == 0 || e instanceof Dec d && d.value().signum() == 0;
  }

  static boolean hasDecimal(MathExpr e) {
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

  /** The fewest decimal places among the decimals in the tree, 0 when there are none. */
  static int decimalPlaces(MathExpr e) {
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

  /** Whether the tree holds a function, a constant or a fractional power: a value that may stay symbolic. */
  static boolean containsIrrational(MathExpr g) {
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

  /** Whether the tree has ln, log or a non-integer power, whose rules need positive arguments. */
  static boolean hasBranches(MathExpr e) {
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

  static boolean hasDivisionByVariable(MathExpr e) {
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
}
