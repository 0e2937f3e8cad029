package ai.elevare.practice.math;

import ai.elevare.practice.math.MathExpr.Add;
import ai.elevare.practice.math.MathExpr.Dec;
import ai.elevare.practice.math.MathExpr.Div;
import ai.elevare.practice.math.MathExpr.Eq;
import ai.elevare.practice.math.MathExpr.Mul;
import ai.elevare.practice.math.MathExpr.Neg;
import ai.elevare.practice.math.MathExpr.Num;
import ai.elevare.practice.math.MathExpr.Pow;
import ai.elevare.practice.math.MathExpr.Sym;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Builds expression trees the way a textbook writes them (1x is x, +(-3) is - 3, zero terms dropped). */
final class Build {
  private Build() {}

  static final MathExpr X = new Sym("x");
  static final MathExpr Y = new Sym("y");

  static MathExpr n(long v) {
    return Num.of(v);
  }

  /** coef * v; v == null means the constant coef. */
  static MathExpr term(Rational coef, MathExpr v) {
    if (v == null) {
      return coef.toExpr();
    }
    if (coef.signum() < 0) {
      return new Neg(term(coef.negate(), v));
    }
    if (coef.equals(Rational.ONE)) {
      return v;
    }
    if (coef.isInteger()) {
      return new Mul(List.of(new Num(coef.num()), v));
    }
    // (3/4)x is written 3x/4
    MathExpr top = coef.num().equals(BigInteger.ONE) ? v : new Mul(List.of(new Num(coef.num()), v));
    return new Div(top, new Num(coef.den()));
  }

  static MathExpr term(long coef, MathExpr v) {
    return term(Rational.of(coef), v);
  }

  static MathExpr power(MathExpr base, int k) {
    return k == 1 ? base : new Pow(base, Num.of(k));
  }

  static MathExpr mono(Rational coef, MathExpr v, int k) {
    return term(coef, k == 0 ? null : power(v, k));
  }

  static MathExpr mono(long coef, MathExpr v, int k) {
    return mono(Rational.of(coef), v, k);
  }

  /** Sum of terms, zero terms dropped; a single term stands alone, no term is 0. */
  static MathExpr sum(List<MathExpr> terms) {
    List<MathExpr> kept = new ArrayList<>();
    for (MathExpr t : terms) {
      if (!isZero(t)) {
        kept.add(t);
      }
    }
    if (kept.isEmpty()) {
      return Num.of(0);
    }
    return kept.size() == 1 ? kept.get(0) : new Add(kept);
  }

  static MathExpr sum(MathExpr... terms) {
    return sum(List.of(terms));
  }

  private static boolean isZero(MathExpr t) {
    return t instanceof Num n && n.value().signum() == 0
        || t instanceof Dec d && d.value().signum() == 0
        || t instanceof Neg g && isZero(g.arg());
  }

  /** a + b with sums flattened: (x^2 + x) + C is x^2 + x + C. */
  static MathExpr plus(MathExpr a, MathExpr b) {
    List<MathExpr> terms = new ArrayList<>();
    for (MathExpr e : List.of(a, b)) {
      if (e instanceof Add s) {
        terms.addAll(s.terms());
      } else {
        terms.add(e);
      }
    }
    return sum(terms);
  }

  /** Polynomial in v from coefficients, highest power first. */
  static MathExpr poly(MathExpr v, long... coeffs) {
    List<MathExpr> terms = new ArrayList<>();
    for (int i = 0; i < coeffs.length; i++) {
      terms.add(mono(coeffs[i], v, coeffs.length - 1 - i));
    }
    return sum(terms);
  }

  static MathExpr poly(MathExpr v, Rational... coeffs) {
    List<MathExpr> terms = new ArrayList<>();
    for (int i = 0; i < coeffs.length; i++) {
      terms.add(mono(coeffs[i], v, coeffs.length - 1 - i));
    }
    return sum(terms);
  }

  /** Product as written, nested products flattened: 3*4 stays 3*4 (arithmetic prompts need that). */
  static MathExpr times(MathExpr... factors) {
    List<MathExpr> fs = new ArrayList<>();
    for (MathExpr f : factors) {
      if (f instanceof Mul m) {
        fs.addAll(m.factors());
      } else {
        fs.add(f);
      }
    }
    return fs.size() == 1 ? fs.get(0) : new Mul(fs);
  }

  /** Product with numeric factors gathered in front and factors of 1 dropped: x*2*e^x is 2x*e^x. */
  static MathExpr product(MathExpr... factors) {
    List<MathExpr> fs = new ArrayList<>();
    BigInteger coefficient = BigInteger.ONE;
    for (MathExpr f : factors) {
      for (MathExpr g : f instanceof Mul m ? m.factors() : List.of(f)) {
        if (g instanceof Num n) {
          coefficient = coefficient.multiply(n.value());
        } else {
          fs.add(g);
        }
      }
    }
    if (fs.isEmpty() || coefficient.signum() == 0) {
      return new Num(coefficient);
    }
    if (!coefficient.abs().equals(BigInteger.ONE)) {
      fs.add(0, new Num(coefficient.abs()));
    }
    MathExpr product = fs.size() == 1 ? fs.get(0) : new Mul(fs);
    return coefficient.signum() < 0 ? neg(product) : product;
  }

  static MathExpr eq(MathExpr lhs, MathExpr rhs) {
    return new Eq(lhs, rhs);
  }

  static MathExpr neg(MathExpr e) {
    if (e instanceof Num n) {
      return new Num(n.value().negate());
    }
    if (e instanceof Neg g) {
      return g.arg();
    }
    return new Neg(e);
  }

  static MathExpr div(MathExpr a, MathExpr b) {
    return new Div(a, b);
  }
}
