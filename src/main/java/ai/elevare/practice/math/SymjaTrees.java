package ai.elevare.practice.math;

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
import ai.elevare.practice.math.MathExpr.Pow;
import ai.elevare.practice.math.MathExpr.Seq;
import ai.elevare.practice.math.MathExpr.Sym;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.matheclipse.core.expression.S;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IComplex;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.IInteger;
import org.matheclipse.core.interfaces.IRational;
import org.matheclipse.core.interfaces.IReal;
import org.matheclipse.core.interfaces.ISymbol;

/** Conversion of Symja results into the product's {@link MathExpr} trees; pure, used by the {@link Cas} workers. */
final class SymjaTrees {
  private SymjaTrees() {}

  /** Symja function names mapped back to ours (log, sqrt and exp have their own shapes below). */
  private static final Map<String, String> FROM_SYMJA = new HashMap<>();

  static {
    MathExpr.FUNCTIONS.forEach(
        (ours, theirs) -> {
          if (!ours.equals("log") && !ours.equals("sqrt") && !ours.equals("exp")) {
            FROM_SYMJA.put(theirs, ours);
          }
        });
  }

  /** Converts a Symja result into a display-oriented tree (fractions as divisions, sums highest degree first). */
  static MathExpr toTree(IExpr e) {
    if (e instanceof IInteger i) {
      return new Num(i.toBigNumerator());
    }
    if (e instanceof IRational r) {
      return MathExpr.fraction(r.toBigNumerator(), r.toBigDenominator());
    }
    if (e instanceof IReal r) {
      double d = r.doubleValue();
      if (!Double.isFinite(d)) {
        return d > 0 ? Const.INFINITY : new Neg(Const.INFINITY);
      }
      BigDecimal v = new BigDecimal(d).round(new MathContext(12)).stripTrailingZeros();
      return new Dec(v.scale() < 0 ? v.setScale(0) : v);
    }
    if (e instanceof IComplex c) {
      MathExpr re = toTree(c.re());
      MathExpr im = toTree(c.im());
      MathExpr imPart = MathExpr.mul(im, Const.I);
      return c.re().isZero() ? imPart : MathExpr.add(re, imPart);
    }
    if (e.isNumber()) {
      // inexact complex numbers: printed as Symja does, they are rare in school math
      return new Sym(e.toString());
    }
    if (e instanceof ISymbol s) {
      if (s == S.Pi) {
        return Const.PI;
      } else if (s == S.E) {
        return Const.E;
      } else if (s == S.I) {
        return Const.I;
      } else if (s == S.Infinity) {
        return Const.INFINITY;
      }
      return new Sym(s.isBuiltInSymbol() ? s.getSymbolName().toLowerCase(Locale.ROOT) : s.getSymbolName());
    }
    if (!(e instanceof IAST ast)) {
      return new Sym(e.toString());
    }
    if (ast.isPlus()) {
      List<MathExpr> terms = new ArrayList<>();
      for (int i = 1; i < ast.size(); i++) {
        terms.add(toTree(ast.get(i)));
      }
      return new MathExpr.Add(MathExpr.sortedForDisplay(terms));
    }
    if (ast.isTimes()) {
      return timesTree(ast);
    }
    if (ast.isPower()) {
      return powerTree(ast.arg1(), ast.arg2());
    }
    if (ast.isList()) {
      List<MathExpr> items = new ArrayList<>();
      for (int i = 1; i < ast.size(); i++) {
        items.add(toTree(ast.get(i)));
      }
      return new Seq(items, Bracket.BRACES);
    }
    if ((ast.isRuleAST() || ast.isAST(S.Equal, 3)) && ast.size() == 3) {
      return new Eq(toTree(ast.arg1()), toTree(ast.arg2()));
    }
    if (ast.isAST(S.Factorial, 2)) {
      return new Fact(toTree(ast.arg1()));
    }
    if (ast.isAST(S.DirectedInfinity, 2)) {
      return ast.arg1().isNegative() ? new Neg(Const.INFINITY) : Const.INFINITY;
    }
    if (ast.isAST(S.Log, 2)) {
      return new Fn("ln", List.of(toTree(ast.arg1())));
    }
    if (ast.isAST(S.Log, 3)) {
      return new Fn("log", List.of(toTree(ast.arg1()), toTree(ast.arg2())));
    }
    if (ast.isAST(S.Exp, 2)) {
      return new Pow(Const.E, toTree(ast.arg1()));
    }
    if (ast.isAST(S.Sqrt, 2)) {
      return new Fn("sqrt", List.of(toTree(ast.arg1())));
    }
    String head = ast.head().toString();
    String ours = FROM_SYMJA.get(head);
    List<MathExpr> args = new ArrayList<>();
    for (int i = 1; i < ast.size(); i++) {
      args.add(toTree(ast.get(i)));
    }
    return new Fn(ours != null ? ours : head.toLowerCase(Locale.ROOT), args);
  }

  private static MathExpr timesTree(IAST ast) {
    BigInteger p = BigInteger.ONE;
    BigInteger q = BigInteger.ONE;
    List<MathExpr> num = new ArrayList<>();
    List<MathExpr> den = new ArrayList<>();
    List<MathExpr> later = new ArrayList<>();
    for (int i = 1; i < ast.size(); i++) {
      IExpr f = ast.get(i);
      if (f instanceof IRational r) {
        p = p.multiply(r.toBigNumerator());
        q = q.multiply(r.toBigDenominator());
      } else if (f.isPower() && f.exponent() instanceof IRational x && x.isNegative()) {
        den.add(powerTree(f.base(), x.negate()));
      } else {
        MathExpr t = toTree(f);
        // polynomial factors first: x^2*e^x rather than e^x*x^2
        boolean polynomial = t instanceof Sym || t instanceof Pow pw && pw.base() instanceof Sym;
        (polynomial ? num : later).add(t);
      }
    }
    num.addAll(later);
    boolean negative = p.signum() < 0;
    p = p.abs();
    if (!p.equals(BigInteger.ONE) || num.isEmpty()) {
      num.add(0, new Num(p));
    }
    if (!q.equals(BigInteger.ONE)) {
      den.add(0, new Num(q));
    }
    MathExpr n = num.size() == 1 ? num.get(0) : new Mul(num);
    MathExpr out = den.isEmpty() ? n : new Div(n, den.size() == 1 ? den.get(0) : new Mul(den));
    return negative ? new Neg(out) : out;
  }

  private static MathExpr powerTree(IExpr base, IExpr exp) {
    if (exp instanceof IRational x) {
      if (x.isNegative()) {
        return new Div(new Num(BigInteger.ONE), powerTree(base, x.negate()));
      }
      if (x.isOne()) {
        return toTree(base);
      }
      if (x.toBigNumerator().equals(BigInteger.ONE) && x.toBigDenominator().equals(BigInteger.TWO)) {
        return new Fn("sqrt", List.of(toTree(base)));
      }
    }
    MathExpr b = base == S.E ? Const.E : toTree(base);
    return new Pow(b, toTree(exp));
  }
}
